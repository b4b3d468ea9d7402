//! Headers and the cross-site request check.

use crate::support::{Backend, spawn_app, spawn_app_with};

#[tokio::test]
async fn pages_carry_a_nonce_csp_that_matches_their_scripts() {
    let app = spawn_app(Backend::Sqlite).await;
    let res = app.get("/c/nakheel").await;
    let headers = res.headers().clone();
    let csp = headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("frame-ancestors 'none'"));
    assert!(csp.contains("'wasm-unsafe-eval'"));
    assert!(!csp.contains("unsafe-inline"));
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .unwrap()
        .to_owned();
    let html = res.text().await.unwrap();
    assert!(
        html.contains(&format!(r#"nonce="{nonce}""#)),
        "the hydration script carries the nonce"
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "same-origin");
    assert_eq!(headers["x-frame-options"], "DENY");
    assert!(
        headers.get("strict-transport-security").is_none(),
        "no HSTS over plain http"
    );
    assert!(headers.get("x-request-id").is_some());

    // Each response gets its own nonce.
    let again = app.get("/c/nakheel").await;
    assert_ne!(
        again.headers()["content-security-policy"].to_str().unwrap(),
        csp
    );
}

#[tokio::test]
async fn api_responses_get_a_deny_all_csp() {
    let app = spawn_app(Backend::Sqlite).await;
    let res = app.get("/api/list_clinics").await;
    assert_eq!(
        res.headers()["content-security-policy"],
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
    );
}

#[tokio::test]
async fn https_deployments_send_hsts() {
    let app = spawn_app_with(
        Backend::Sqlite,
        &[("CALENTIFY_PUBLIC_URL", "https://book.example.test")],
    )
    .await;
    let res = app.get("/healthz").await;
    assert!(
        res.headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .starts_with("max-age=")
    );
}

#[tokio::test]
async fn cross_site_posts_are_refused_before_anything_runs() {
    let app = spawn_app(Backend::Sqlite).await;
    for (header, value) in [
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
        ("origin", "https://evil.example"),
    ] {
        let res = app
            .client
            .post(app.at("/api/set_language"))
            .header(header, value)
            .header("accept-language", "ar")
            .form(&[("lang", "ar")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "{header}: {value}");
        assert!(res.headers().get("set-cookie").is_none());
        assert!(
            res.text().await.unwrap().contains("رُفض هذا الطلب"),
            "localised refusal"
        );
    }
    // Our own origin passes.
    let res = app
        .client
        .post(app.at("/api/set_language"))
        .header("origin", &app.url)
        .form(&[("lang", "ar")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}
