//! The compiled bundle under `/pkg` (WASM, its script, the stylesheet), sent brotli- or
//! gzip-compressed when the browser accepts it.
//!
//! The release build writes a `.br` and a `.gz` copy next to each file
//! (`cargo leptos build --release --precompress`), compressed once at the highest level
//! instead of on every request: the 186 KB WASM file travels as about 68 KB. The names
//! are not content-hashed yet, so browsers keep the files but ask before reusing them
//! (`no-cache` with `Last-Modified`: an unchanged file costs a `304`).

use app::ssr::state::AppState;
use axum::{
    Router,
    http::{HeaderValue, header},
};
use std::path::Path;
use tower::ServiceBuilder;
use tower_http::{services::ServeDir, set_header::SetResponseHeaderLayer};

pub fn routes(site_root: &Path, pkg_dir: &str) -> Router<AppState> {
    let files = ServeDir::new(site_root.join(pkg_dir))
        .precompressed_br()
        .precompressed_gzip();
    let service = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
        // Caches must keep the brotli, gzip and plain answers apart.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::VARY,
            HeaderValue::from_static("accept-encoding"),
        ))
        .service(files);
    Router::new().nest_service(&format!("/{pkg_dir}"), service)
}
