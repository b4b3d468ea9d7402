//! The language preference.

use crate::support::{Backend, spawn_app};

#[tokio::test]
async fn choosing_arabic_sets_a_cookie_that_later_pages_honour() {
    let app = spawn_app(Backend::Sqlite).await;
    let res = app.post_form("/api/set_language", &[("lang", "ar")]).await;
    assert_eq!(res.status(), 200);
    let cookie = res
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("lang=ar"), "{cookie}");
    for attr in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attr), "{cookie} lacks {attr}");
    }
    assert!(
        !cookie.contains("Secure"),
        "plain http keeps the cookie usable locally"
    );
    assert_eq!(res.text().await.unwrap(), r#""ar""#);

    // The browser prefers English, but the saved choice wins.
    let html = app.get_in("/", "en").await.text().await.unwrap();
    assert!(html.contains(r#"dir="rtl""#));
}

#[tokio::test]
async fn an_unknown_language_is_refused_with_a_clear_error_and_no_cookie() {
    let app = spawn_app(Backend::Sqlite).await;
    let res = app.post_form("/api/set_language", &[("lang", "xx")]).await;
    assert_eq!(res.status(), 422);
    assert!(res.headers().get("set-cookie").is_none());
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(
        body,
        serde_json::json!({"error": "invalid", "detail": "language"})
    );
}

#[tokio::test]
async fn without_javascript_the_switch_redirects_back_to_the_page() {
    let app = spawn_app(Backend::Sqlite).await;
    let res = app
        .client
        .post(app.at("/api/set_language"))
        .header("accept", "text/html,application/xhtml+xml")
        .header("referer", app.at("/c/nakheel"))
        .header("sec-fetch-site", "same-origin")
        .form(&[("lang", "ar")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(location, app.at("/c/nakheel"));
    assert!(res.headers().get("set-cookie").is_some());
}

#[tokio::test]
async fn https_deployments_mark_the_cookie_secure() {
    let app = crate::support::spawn_app_with(
        Backend::Sqlite,
        &[("CALENTIFY_PUBLIC_URL", "https://book.example.test")],
    )
    .await;
    let res = app
        .client
        .post(app.at("/api/set_language"))
        .header("origin", "https://book.example.test")
        .form(&[("lang", "en")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.contains("Secure"), "{cookie}");
}
