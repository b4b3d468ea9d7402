//! The page's Content-Security-Policy header.

use http::{HeaderValue, header};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

/// Sets the page's Content-Security-Policy with this response's nonce, so the inline
/// hydration and streaming scripts run and nothing injected does.
pub fn apply_page_headers() {
    let Some(res) = use_context::<ResponseOptions>() else {
        return;
    };
    let nonce = leptos::nonce::use_nonce().map(|n| n.as_inner().to_string());
    if let Ok(value) = HeaderValue::from_str(&page_csp(nonce.as_deref())) {
        res.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// The Content-Security-Policy of a page whose inline scripts carry `nonce`.
pub fn page_csp(nonce: Option<&str>) -> String {
    let nonce = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'{nonce} 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; \
         manifest-src 'self'; worker-src 'self'; form-action 'self'; base-uri 'self'; \
         object-src 'none'; frame-ancestors 'none'"
    )
}
