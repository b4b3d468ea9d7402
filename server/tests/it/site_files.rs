//! The bundle under `/pkg` goes out precompressed when the browser accepts it, and
//! plain to a client that does not. Browsers keep a file whose name carries its content
//! hash for a year, and revalidate one with a plain name instead of reusing it blind.

use crate::support::{Backend, spawn_app_with};
use std::fs;

const WASM: &[u8] = b"\0asm\x01\0\0\0 the plain bundle";
const BROTLI: &[u8] = b"brotli bytes";
const GZIP: &[u8] = b"gzip bytes";
/// A name as cargo-leptos's `hash-files` gives it.
const HASHED: &str = "calentify.Xq3_kP0-aBcDeFgHiJkLmN.wasm";

#[tokio::test]
async fn the_bundle_is_sent_in_the_best_encoding_the_browser_accepts() {
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    fs::create_dir_all(&pkg).unwrap();
    fs::write(pkg.join("calentify.wasm"), WASM).unwrap();
    fs::write(pkg.join("calentify.wasm.br"), BROTLI).unwrap();
    fs::write(pkg.join("calentify.wasm.gz"), GZIP).unwrap();
    let root = site.path().to_string_lossy().into_owned();
    let app = spawn_app_with(Backend::Sqlite, &[("LEPTOS_SITE_ROOT", &root)]).await;

    let fetch = |encoding: Option<&'static str>| {
        let mut req = app.client.get(app.at("/pkg/calentify.wasm"));
        if let Some(e) = encoding {
            req = req.header("accept-encoding", e);
        }
        req.send()
    };
    for (accepts, encoding, body) in [
        (Some("gzip, deflate, br"), Some("br"), BROTLI),
        (Some("gzip"), Some("gzip"), GZIP),
        (None, None, WASM),
    ] {
        let res = fetch(accepts).await.unwrap();
        assert_eq!(res.status(), 200, "{accepts:?}");
        let h = res.headers().clone();
        assert_eq!(
            h.get("content-encoding").and_then(|v| v.to_str().ok()),
            encoding,
            "{accepts:?}"
        );
        assert_eq!(h["content-type"], "application/wasm", "{accepts:?}");
        assert_eq!(h["cache-control"], "no-cache");
        assert!(
            h["vary"]
                .to_str()
                .unwrap()
                .to_ascii_lowercase()
                .contains("accept-encoding"),
            "{h:?}"
        );
        assert_eq!(res.bytes().await.unwrap().as_ref(), body, "{accepts:?}");
    }

    // An unchanged file costs a revalidation, not a download.
    let first = fetch(Some("br")).await.unwrap();
    let modified = first.headers()["last-modified"].clone();
    let again = app
        .client
        .get(app.at("/pkg/calentify.wasm"))
        .header("accept-encoding", "br")
        .header("if-modified-since", modified)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);

    // A hashed name is never reused for other contents: no need to ask again.
    fs::write(pkg.join(HASHED), WASM).unwrap();
    fs::write(pkg.join(format!("{HASHED}.br")), BROTLI).unwrap();
    let hashed = app
        .client
        .get(app.at(&format!("/pkg/{HASHED}")))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(hashed.status(), 200);
    assert_eq!(
        hashed.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(hashed.headers()["content-encoding"], "br");
    assert_eq!(hashed.bytes().await.unwrap().as_ref(), BROTLI);

    let missing = app
        .client
        .get(app.at("/pkg/nothing.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    assert!(
        missing
            .headers()
            .get("cache-control")
            .is_none_or(|v| v != "public, max-age=31536000, immutable")
    );
}
