//! The installable app: a manifest in the visitor's language, a service worker that
//! lists this build's files, and pages that tell the worker their build and viewer
//! without naming anyone.

use crate::{
    accounts::sign_up_by_phone,
    support::{Backend, spawn_app_with},
};
use std::fs;

#[tokio::test]
async fn the_manifest_speaks_the_visitor_language_and_the_worker_lists_the_build() {
    let site = tempfile::tempdir().unwrap();
    fs::create_dir_all(site.path().join("pkg")).unwrap();
    fs::create_dir_all(site.path().join("icons")).unwrap();
    fs::write(site.path().join("pkg/calentify.wasm"), b"\0asm").unwrap();
    fs::write(site.path().join("pkg/calentify.wasm.br"), b"br").unwrap();
    fs::write(site.path().join("pkg/calentify.js"), b"js").unwrap();
    fs::write(site.path().join("icons/icon-192.png"), b"png").unwrap();
    let root = site.path().to_string_lossy().into_owned();
    let app = spawn_app_with(Backend::Sqlite, &[("LEPTOS_SITE_ROOT", &root)]).await;

    for (lang, dir, description) in [("en", "ltr", "Book"), ("ar", "rtl", "احجز")] {
        let res = app
            .client
            .get(app.at("/manifest.webmanifest"))
            .header("cookie", format!("lang={lang}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "application/manifest+json");
        let m: serde_json::Value = res.json().await.unwrap();
        assert_eq!(m["lang"], lang);
        assert_eq!(m["dir"], dir);
        assert!(
            m["description"].as_str().unwrap().starts_with(description),
            "{m}"
        );
        let purposes: Vec<&str> = m["icons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["purpose"].as_str().unwrap())
            .collect();
        assert!(purposes.contains(&"maskable"), "{m}");
        assert_eq!(m["theme_color"], "#0f766e");
    }

    let res = app.client.get(app.at("/sw.js")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-cache");
    // The worker's own policy lets it fetch the bundle it keeps (the default would not).
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("connect-src 'self'"), "{csp}");
    let script = res.text().await.unwrap();
    let build = script
        .strip_prefix("const BUILD = \"")
        .and_then(|s| s.split_once('"'))
        .map(|(b, _)| b.to_owned())
        .unwrap();
    assert!(
        script.contains(
            r#"["/icons/icon-192.png","/pkg/calentify.js","/pkg/calentify.wasm","/favicon.svg","/pwa.js"]"#
        ),
        "{script}"
    );
    assert!(
        !script.contains(".br\""),
        "compressed copies are not listed"
    );

    // Pages carry the build; a visitor is `public`, a signed-in person an opaque value.
    let page = app.client.get(app.at("/")).send().await.unwrap();
    assert_eq!(page.headers()["x-calentify-build"], build.as_str());
    assert_eq!(page.headers()["x-calentify-viewer"], "public");
    let sara = sign_up_by_phone(&app, "+966501234567", "Sara").await;
    let page = sara
        .client
        .get(sara.at("/appointments"))
        .send()
        .await
        .unwrap();
    let viewer = page.headers()["x-calentify-viewer"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_ne!(viewer, "public");
    assert_eq!(viewer.len(), 24);
    let again = sara.client.get(sara.at("/account")).send().await.unwrap();
    assert_eq!(again.headers()["x-calentify-viewer"], viewer.as_str());
    // Not on what is not a page.
    let api = sara.client.get(sara.at("/sw.js")).send().await.unwrap();
    assert!(api.headers().get("x-calentify-viewer").is_none());
}
