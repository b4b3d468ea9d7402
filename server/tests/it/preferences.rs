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

/// The language the profile shows for the signed-in person.
async fn account_lang(browser: &crate::support::Browser) -> String {
    let (status, profile) = browser.fetch("get_profile", &[]).await;
    assert_eq!(status, 200);
    profile["lang"].as_str().unwrap_or_default().to_owned()
}

/// The language of the booking confirmation queued for `phone`.
async fn confirmation_lang(app: &crate::support::TestApp, phone: &str) -> String {
    let log = app.store.messages_to(phone, 20).await.unwrap();
    let confirmation = log
        .iter()
        .find(|m| m.kind == "appointment_confirmation")
        .expect("a confirmation was queued");
    confirmation.lang.to_string()
}

async fn messages_follow_the_language_a_signed_in_person_switches_to(backend: Backend) {
    let app = spawn_app(backend).await;
    let patient = crate::accounts::sign_up_by_phone(&app, "050 123 4567", "Sara").await;
    assert_eq!(account_lang(&patient).await, "en");
    let res = patient.call("set_language", &[("lang", "ar")]).await;
    assert_eq!(res.status(), 200);
    assert_eq!(account_lang(&patient).await, "ar", "the profile shows it");
    crate::booking::book_later(&app, &patient).await;
    assert_eq!(confirmation_lang(&app, "+966501234567").await, "ar");

    // The profile changes it back (the site language stays as chosen).
    let res = patient
        .call("update_profile", &[("full_name", "Sara"), ("lang", "en")])
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    assert_eq!(account_lang(&patient).await, "en");
}

async fn whoever_starts_in_arabic_gets_arabic_messages(backend: Backend) {
    let app = spawn_app(backend).await;
    let b = app.browser();
    b.call("set_language", &[("lang", "ar")]).await;
    let phone = "+966501234567";
    b.call("request_code", &[("destination", phone)]).await;
    let code = crate::accounts::latest_code(&app, phone).await;
    b.call("verify_code", &[("code", &code)]).await;
    let res = b
        .call(
            "complete_sign_up",
            &[("full_name", "سارة"), ("accept_privacy", "on")],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    assert_eq!(account_lang(&b).await, "ar");
    crate::booking::book_later(&app, &b).await;
    assert_eq!(confirmation_lang(&app, phone).await, "ar");
}

async fn a_visitor_switching_language_changes_no_account(backend: Backend) {
    let app = spawn_app(backend).await;
    let patient = crate::accounts::sign_up_by_phone(&app, "050 123 4567", "Sara").await;
    let visitor = app.browser();
    let res = visitor.call("set_language", &[("lang", "ar")]).await;
    assert_eq!(res.status(), 200);
    assert_eq!(account_lang(&patient).await, "en");
}

crate::on_both_backends!(
    messages_follow_the_language_a_signed_in_person_switches_to,
    whoever_starts_in_arabic_gets_arabic_messages,
    a_visitor_switching_language_changes_no_account,
);
