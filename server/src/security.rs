//! Response headers that harden every page, and the cross-site request check.

use app::{
    i18n::strings,
    ssr::{context::lang_from_headers, state::AppState},
};
use axum::{
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http::{HeaderValue, Method, StatusCode, header};
use tower_http::set_header::SetResponseHeaderLayer;

/// Headers set on every response. Pages replace the fallback CSP with one carrying the
/// render's script nonce (see `app::ssr::security_header::apply_page_headers`).
pub fn header_layers(https: bool) -> Vec<SetResponseHeaderLayer<HeaderValue>> {
    let mut layers = vec![
        SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        // Same-origin requests keep the full referrer: form posts without JavaScript are
        // redirected back to it. Nothing leaks to other sites.
        SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ),
        SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ),
        SetResponseHeaderLayer::overriding(
            http::HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
        SetResponseHeaderLayer::overriding(
            http::HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
        ),
        SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'; base-uri 'none'"),
        ),
    ];
    if https {
        layers.push(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        ));
    }
    layers
}

/// Refuses state-changing requests that a browser marks as coming from another site.
///
/// Browsers send `Sec-Fetch-Site` (and `Origin`) on every cross-origin POST, so a forged
/// form or script on another site is stopped here, before any server function runs.
/// Requests with neither header come from non-browser clients, which cannot carry a
/// victim's cookies, and pass. Provider webhooks are authenticated by signature instead.
pub async fn reject_cross_site(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if is_safe(req.method()) || req.uri().path().starts_with("/webhooks/") {
        return next.run(req).await;
    }
    let headers = req.headers();
    let allowed = match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some(site) => matches!(site, "same-origin" | "none"),
        None => match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
            Some(origin) => origin == state.config.origin(),
            None => true,
        },
    };
    if allowed {
        return next.run(req).await;
    }
    tracing::warn!(path = %req.uri().path(), "refused a cross-site request");
    let message = strings(lang_from_headers(headers)).error_cross_site;
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response()
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Largest page this guard buffers; pages are a few tens of kilobytes.
const MAX_PAGE_BYTES: usize = 8 * 1024 * 1024;

/// Makes every page carry its language, direction and script policy.
///
/// Under load, leptos_axum occasionally starts a response before the page's `<Html>`
/// attributes and its headers have been registered (seen as a page without `lang`/`dir`
/// or without its nonce CSP, about once in a few hundred concurrent renders). Pages are
/// rendered whole (`SsrMode::Async`), so this checks the finished document and fills in
/// what is missing from the request's language and the nonce the scripts carry.
pub async fn complete_page(req: Request, next: Next) -> Response {
    let lang = lang_from_headers(req.headers());
    let res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE_BYTES).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut html = String::from_utf8_lossy(&bytes).into_owned();
    if let Some(start) = html.find("<html")
        && let Some(len) = html[start..].find('>')
        && !html[start..start + len].contains("lang=")
    {
        let attrs = format!(r#" lang="{}" dir="{}""#, lang.code(), lang.dir().as_str());
        html.insert_str(start + "<html".len(), &attrs);
    }
    if !parts.headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        let nonce = html
            .split_once(r#"nonce=""#)
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(n, _)| n.to_owned());
        if let Ok(value) =
            HeaderValue::from_str(&app::ssr::security_header::page_csp(nonce.as_deref()))
        {
            parts.headers.insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(html))
}
