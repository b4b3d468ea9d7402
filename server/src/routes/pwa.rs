//! The installable app: its manifest in the visitor's language, the service worker with
//! this build's file list, and the two headers on every page the worker reads.
//!
//! The worker (`pwa/service_worker.js`) keeps this build's bundle and icons for use
//! offline and a copy of the pages a person opened, apart for each signed-in session.
//! It learns from each page which build served it (`x-calentify-build`, so a page never
//! runs with another build's files) and whose it is (`x-calentify-viewer`, an opaque
//! value derived from the session cookie, or `public`; it names nobody).

use app::{
    i18n::strings,
    ssr::{context::lang_from_headers, cookies::cookie_value, state::AppState},
};
use axum::{
    Router,
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
    routing::get,
};
use http::{HeaderMap, HeaderName, HeaderValue, header};
use sha2::{Digest, Sha256};
use std::{path::Path, sync::Arc};

pub const BUILD_HEADER: HeaderName = HeaderName::from_static("x-calentify-build");
pub const VIEWER_HEADER: HeaderName = HeaderName::from_static("x-calentify-viewer");

/// What the worker keeps: this build's files, and the id that names them.
#[derive(Clone, Debug)]
pub struct Precache {
    pub build: String,
    pub urls: Vec<String>,
}

impl Precache {
    /// Lists the bundle under `site_root/pkg_dir` (not its `.br`/`.gz` copies), the
    /// icons, the favicon and `pwa.js`, and names the build by a hash of their names and
    /// contents. A missing
    /// directory (tests without a front-end build) gives an empty list.
    pub fn of_site(site_root: &Path, pkg_dir: &str) -> Self {
        let mut files = Vec::new();
        for (dir, prefix) in [
            (site_root.join(pkg_dir), format!("/{pkg_dir}/")),
            (site_root.join("icons"), "/icons/".to_owned()),
        ] {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                // Compressed copies are the same files; type declarations (`.d.ts`, or
                // `.d.<hash>.ts` once hashed) are never fetched.
                if name.ends_with(".br")
                    || name.ends_with(".gz")
                    || name.ends_with(".ts")
                    || !entry.path().is_file()
                {
                    continue;
                }
                files.push((format!("{prefix}{name}"), entry.path()));
            }
        }
        files.sort();
        // The unhashed files the worker keeps too: a change to `pwa.js` alone must
        // name a new build, or installed apps would keep the old script.
        files.extend(
            ["favicon.svg", "pwa.js"].map(|name| (format!("/{name}"), site_root.join(name))),
        );
        let mut hash = Sha256::new();
        for (url, path) in &files {
            hash.update(url.as_bytes());
            hash.update(std::fs::read(path).unwrap_or_default());
        }
        let urls: Vec<String> = files.into_iter().map(|(url, _)| url).collect();
        Self {
            build: hex::encode(&hash.finalize()[..8]),
            urls,
        }
    }

    /// The worker's script: this build's constants, then the fixed code.
    fn script(&self) -> String {
        let urls = serde_json::to_string(&self.urls).unwrap_or_else(|_| "[]".to_owned());
        format!(
            "const BUILD = \"{}\";\nconst PRECACHE = {urls};\n{}",
            self.build,
            include_str!("pwa/service_worker.js")
        )
    }
}

/// The worker may fetch from our origin only, and run nothing else.
pub const WORKER_CSP: &str = "default-src 'none'; connect-src 'self'; base-uri 'none'";

pub fn routes(precache: Arc<Precache>) -> Router<AppState> {
    let script = precache.script();
    Router::new()
        .route(
            "/sw.js",
            get(move || async move {
                (
                    [
                        (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                        // A new build's worker must be found on the next visit.
                        (header::CACHE_CONTROL, "no-cache"),
                        // A worker runs under its script's own policy: the default
                        // `default-src 'none'` would refuse every fetch it makes, and
                        // its install (which fetches the bundle) would fail.
                        (header::CONTENT_SECURITY_POLICY, WORKER_CSP),
                    ],
                    script.clone(),
                )
            }),
        )
        .route("/manifest.webmanifest", get(manifest))
}

/// The manifest in the visitor's language, with its direction.
async fn manifest(headers: HeaderMap) -> Response {
    let lang = lang_from_headers(&headers);
    let t = strings(lang);
    let icon = |src: &str, sizes: &str, purpose: &str| serde_json::json!({ "src": src, "sizes": sizes, "type": "image/png", "purpose": purpose });
    let body = serde_json::json!({
        "id": "/",
        "name": t.app_name,
        "short_name": t.app_name,
        "description": t.tagline,
        "lang": lang.code(),
        "dir": lang.dir().as_str(),
        "start_url": "/appointments",
        "scope": "/",
        "display": "standalone",
        "background_color": "#f8fafc",
        "theme_color": "#0f766e",
        "icons": [
            icon("/icons/icon-192.png", "192x192", "any"),
            icon("/icons/icon-512.png", "512x512", "any"),
            icon("/icons/maskable-512.png", "512x512", "maskable"),
            { "src": "/favicon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any" },
        ],
    });
    (
        [
            (header::CONTENT_TYPE, "application/manifest+json"),
            (header::CACHE_CONTROL, "no-cache"),
            (header::VARY, "cookie, accept-language"),
        ],
        body.to_string(),
    )
        .into_response()
}

/// Adds the build and the viewer to every page.
pub async fn page_headers(
    State((state, precache)): State<(AppState, Arc<Precache>)>,
    req: Request,
    next: Next,
) -> Response {
    let viewer = viewer(req.headers(), state.config.session_cookie());
    let mut res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        if let Ok(build) = HeaderValue::from_str(&precache.build) {
            res.headers_mut().insert(BUILD_HEADER, build);
        }
        if let Ok(viewer) = HeaderValue::from_str(&viewer) {
            res.headers_mut().insert(VIEWER_HEADER, viewer);
        }
    }
    res
}

/// `public` without a session cookie; else a value that stays the same for the
/// session and from which neither the cookie nor the person can be read back.
fn viewer(headers: &HeaderMap, session_cookie: &str) -> String {
    match cookie_value(headers, session_cookie) {
        None => "public".to_owned(),
        Some(token) => {
            let digest = Sha256::new()
                .chain_update(b"calentify offline cache\0")
                .chain_update(token.as_bytes())
                .finalize();
            hex::encode(&digest[..12])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_viewer_is_public_or_an_opaque_per_session_value() {
        let mut h = HeaderMap::new();
        assert_eq!(viewer(&h, "calentify_session"), "public");
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("calentify_session=secret-token"),
        );
        let v = viewer(&h, "calentify_session");
        assert_eq!(v.len(), 24);
        assert!(!v.contains("secret"));
        assert_eq!(v, viewer(&h, "calentify_session"), "stable for the session");
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("calentify_session=other"),
        );
        assert_ne!(v, viewer(&h, "calentify_session"));
    }

    #[test]
    fn the_precache_lists_the_build_without_its_compressed_copies_or_types() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("pkg")).unwrap();
        std::fs::create_dir_all(dir.path().join("icons")).unwrap();
        std::fs::write(dir.path().join("pkg/calentify.wasm"), b"one").unwrap();
        std::fs::write(dir.path().join("pkg/calentify.wasm.br"), b"1").unwrap();
        std::fs::write(dir.path().join("pkg/calentify.d.ts"), b"types").unwrap();
        std::fs::write(
            dir.path().join("pkg/calentify.d.Xq3_kP0-aBcDeFgHiJkLmN.ts"),
            b"hashed types",
        )
        .unwrap();
        std::fs::write(dir.path().join("icons/icon-192.png"), b"png").unwrap();
        let first = Precache::of_site(dir.path(), "pkg");
        assert_eq!(
            first.urls,
            [
                "/icons/icon-192.png",
                "/pkg/calentify.wasm",
                "/favicon.svg",
                "/pwa.js"
            ]
        );
        std::fs::write(dir.path().join("pkg/calentify.wasm"), b"two").unwrap();
        let second = Precache::of_site(dir.path(), "pkg");
        assert_ne!(first.build, second.build, "new contents, new build");
        std::fs::write(dir.path().join("pwa.js"), b"changed page script").unwrap();
        let third = Precache::of_site(dir.path(), "pkg");
        assert_ne!(
            second.build, third.build,
            "a new pwa.js alone is a new build"
        );
        assert!(
            first
                .script()
                .starts_with(&format!("const BUILD = \"{}\"", first.build))
        );
    }
}
