//! The compiled bundle under `/pkg` (WASM, its script, the stylesheet), sent brotli- or
//! gzip-compressed when the browser accepts it, and cached for a year when its name
//! carries its content's hash.
//!
//! The release build writes a `.br` and a `.gz` copy next to each file
//! (`cargo leptos build --release --precompress`), compressed once at the highest level
//! instead of on every request: the 186 KB WASM file travels as about 68 KB. It also
//! names each file after an MD5 of its content (`hash-files`), so a name never stands
//! for two contents and a browser may reuse the file without asking. A file with a
//! plain name (a build without hashing) is revalidated instead (`no-cache` with
//! `Last-Modified`: an unchanged file costs a `304`).

use app::ssr::state::AppState;
use axum::{
    Router,
    extract::Request,
    http::{HeaderValue, header},
    middleware::{self, Next},
    response::Response,
};
use std::path::Path;
use tower::ServiceBuilder;
use tower_http::{services::ServeDir, set_header::SetResponseHeaderLayer};

const IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
const REVALIDATE: HeaderValue = HeaderValue::from_static("no-cache");

pub fn routes(site_root: &Path, pkg_dir: &str) -> Router<AppState> {
    let files = ServeDir::new(site_root.join(pkg_dir))
        .precompressed_br()
        .precompressed_gzip();
    let service = ServiceBuilder::new()
        // Caches must keep the brotli, gzip and plain answers apart.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::VARY,
            HeaderValue::from_static("accept-encoding"),
        ))
        .service(files);
    Router::new()
        .nest_service(&format!("/{pkg_dir}"), service)
        .layer(middleware::from_fn(cache_by_name))
}

async fn cache_by_name(req: Request, next: Next) -> Response {
    let hashed = req
        .uri()
        .path()
        .rsplit('/')
        .next()
        .is_some_and(is_content_hashed);
    let mut res = next.run(req).await;
    if res.status().is_success() || res.status() == http::StatusCode::NOT_MODIFIED {
        res.headers_mut().insert(
            header::CACHE_CONTROL,
            if hashed { IMMUTABLE } else { REVALIDATE },
        );
    }
    res
}

/// Whether a file name has the form cargo-leptos gives a hashed file,
/// `<stem>.<hash>.<extension>`, the hash being an MD5 in unpadded base64url
/// (22 characters).
pub fn is_content_hashed(name: &str) -> bool {
    let mut parts = name.rsplit('.');
    let (Some(extension), Some(hash), Some(_stem)) = (parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    !extension.is_empty()
        && hash.len() == 22
        && hash
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::is_content_hashed;

    #[test]
    fn only_names_carrying_a_content_hash_count_as_hashed() {
        assert!(is_content_hashed("calentify.Xq3_kP0-aBcDeFgHiJkLmN.wasm"));
        assert!(is_content_hashed("calentify.d.Xq3_kP0-aBcDeFgHiJkLmN.ts"));
        for plain in [
            "calentify.wasm",
            "calentify.css",
            "Xq3_kP0-aBcDeFgHiJkLmN.wasm",
            "calentify.Xq3_kP0-aBcDeFgHiJkLm.wasm",
            "calentify.Xq3_kP0+aBcDeFgHiJkLmN.wasm",
            "calentify.Xq3_kP0-aBcDeFgHiJkLmN.",
        ] {
            assert!(!is_content_hashed(plain), "{plain}");
        }
    }
}
