//! Public pages are kept rendered for signed-out visitors: each copy goes out with a
//! nonce of its own, a signed-in visitor always gets a page rendered for them, pages that
//! show free times are never kept, and a change to the catalogue made through another
//! instance ends the kept pages of this one.

use crate::{
    accounts::sign_up_by_phone,
    on_both_backends,
    support::{Backend, TestApp, spawn_app_with},
};
use app::ssr::demo;
use std::time::{Duration, Instant};

on_both_backends!(
    signed_out_visitors_get_kept_pages_each_with_its_own_nonce,
    a_catalogue_change_on_another_instance_ends_the_kept_pages,
);

/// A `GET` as a signed-out browser makes it: no cookies at all.
async fn anonymous(app: &TestApp, path: &str, lang: &str) -> (String, String, String) {
    let res = reqwest::Client::new()
        .get(app.at(path))
        .header("accept-language", lang)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{path}");
    let cache = res.headers()["x-calentify-cache"]
        .to_str()
        .unwrap()
        .to_owned();
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    (cache, csp, res.text().await.unwrap())
}

fn nonce_of(csp: &str) -> String {
    let (_, rest) = csp.split_once("'nonce-").expect("a nonce in the policy");
    rest.split_once('\'').unwrap().0.to_owned()
}

async fn signed_out_visitors_get_kept_pages_each_with_its_own_nonce(backend: Backend) {
    let app = spawn_app_with(backend, &[("CALENTIFY_PAGE_CACHE_SECS", "3600")]).await;
    for path in ["/", "/c/nakheel", "/c/nakheel/book", "/privacy"] {
        let (first, csp1, html1) = anonymous(&app, path, "en").await;
        let (second, csp2, html2) = anonymous(&app, path, "en").await;
        assert_eq!((first.as_str(), second.as_str()), ("miss", "hit"), "{path}");
        let (n1, n2) = (nonce_of(&csp1), nonce_of(&csp2));
        assert_ne!(n1, n2, "{path}: every response has its own nonce");
        assert!(html2.contains(&format!(r#"nonce="{n2}""#)), "{path}");
        assert!(
            !html2.contains(&n1),
            "{path}: nothing of the first nonce is left"
        );
        assert_eq!(
            html1.replace(&n1, &n2),
            html2,
            "{path}: otherwise the same page"
        );
        // The language is part of the key.
        let (arabic, _, html) = anonymous(&app, path, "ar").await;
        assert_eq!(arabic, "miss", "{path}");
        assert!(html.contains(r#"dir="rtl""#), "{path}");
    }

    // A signed-in visitor's page is rendered for them, never kept or replayed.
    let patient = sign_up_by_phone(&app, "+966501110777", "Cache Patient").await;
    for _ in 0..2 {
        let res = patient.get("/c/nakheel").await;
        assert_eq!(res.status(), 200);
        assert!(res.headers().get("x-calentify-cache").is_none());
        assert!(res.text().await.unwrap().contains("Cache Patient"));
    }

    // Steps that show free times change with every booking: never kept.
    let (service, branch, provider) = crate::booking::offer(&app).await;
    let days = format!("/c/nakheel/book?service={service}&branch={branch}&provider={provider}");
    let res = reqwest::get(app.at(&days)).await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers().get("x-calentify-cache").is_none());
}

async fn a_catalogue_change_on_another_instance_ends_the_kept_pages(backend: Backend) {
    // A long lifetime: only the generation can end the kept home page.
    let app = spawn_app_with(backend, &[("CALENTIFY_PAGE_CACHE_SECS", "3600")]).await;
    anonymous(&app, "/", "en").await;
    let (hit, _, html) = anonymous(&app, "/", "en").await;
    assert_eq!(hit, "hit");
    assert!(!html.contains("/c/second-clinic"));

    // The test's own store is another instance on the same database.
    let mut seed = demo::demo_catalog(chrono::Utc::now()).unwrap();
    seed.clinic.slug = app::domain::catalog::Slug::parse("second-clinic").unwrap();
    app.store.insert_catalog(&seed).await.unwrap();

    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (cache, _, html) = anonymous(&app, "/", "en").await;
        if html.contains("/c/second-clinic") {
            assert_eq!(cache, "miss", "rendered anew");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the home page never showed the new clinic"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
