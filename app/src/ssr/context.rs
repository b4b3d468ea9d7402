//! What a server function or page needs from the request it serves: the application
//! state, who is calling from where, the visitor's language, and a way to put an error's
//! HTTP status on the response or send the browser elsewhere.

use super::{
    caller::Caller,
    cookies::{LANG_COOKIE, cookie_value},
    state::AppState,
    store::Store,
};
use crate::{error::AppError, i18n::Lang};
use http::{StatusCode, header, request::Parts};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;
use std::sync::Arc;

/// The application state, provided to every page render and server function.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("application state missing from the reactive context");
        AppError::Internal
    })
}

/// The store, for services that only need storage.
pub fn store() -> Result<Store, AppError> {
    state().map(|s| s.store)
}

/// The language to render in: the visitor's saved choice, else their browser's
/// preference, else English. A malformed cookie is ignored, never an error.
pub fn request_lang() -> Lang {
    use_context::<Parts>()
        .map(|parts| lang_from_headers(&parts.headers))
        .unwrap_or_default()
}

pub fn lang_from_headers(headers: &http::HeaderMap) -> Lang {
    cookie_value(headers, LANG_COOKIE)
        .and_then(|v| Lang::parse(&v))
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::negotiate)
        })
        .unwrap_or_default()
}

/// Whether the current request is a plain HTML form post (no JavaScript), which leptos
/// answers with a redirect rather than a status code.
fn is_form_navigation() -> bool {
    use_context::<Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
            && parts.method != http::Method::GET
    })
}

/// Puts the error's HTTP status on the response, so API clients and pages see a 404 or
/// 409 rather than a blanket 500. Form posts keep leptos's redirect-with-error instead.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(err) = &result
        && !is_form_navigation()
        && let Some(res) = use_context::<ResponseOptions>()
        && let Ok(status) = StatusCode::from_u16(err.status())
    {
        res.set_status(status);
    }
    result
}

/// Sends the browser elsewhere after this server function or page: a 302 for form
/// posts (every form is one: only islands run in the browser), a `Location` for API
/// clients.
pub fn redirect(path: &str) {
    leptos_axum::redirect(path);
}

/// A form's result, with the "saved" mark added on success (see [`back_saved`]).
pub fn saved<T>(endpoint_path: &str, result: Result<T, AppError>) -> Result<T, AppError> {
    if result.is_ok() {
        back_saved(endpoint_path);
    }
    result
}

/// After a plain form post to `endpoint_path` succeeded, sends the browser back to the
/// page it came from with a "saved" mark, so that page can say so. API clients' calls
/// are left alone.
fn back_saved(endpoint_path: &str) {
    if !is_form_navigation() {
        return;
    }
    let Ok(state) = state() else { return };
    let headers = request_headers();
    let referer = headers.get(header::REFERER).and_then(|v| v.to_str().ok());
    redirect(&crate::domain::return_to::saved_return(
        &state.config.public_url,
        referer,
        endpoint_path,
    ));
}

/// Facts about the current request that server code may need: who is calling from
/// where. Inserted by the server's middleware; the signed-in caller is looked up at most
/// once per request.
#[derive(Clone, Debug, Default)]
pub struct RequestInfo {
    pub client_ip: String,
    pub user_agent: String,
    pub caller: Arc<tokio::sync::OnceCell<Option<Caller>>>,
}

impl RequestInfo {
    pub fn new(client_ip: String, user_agent: &str) -> Self {
        Self {
            client_ip,
            // Enough to recognise a device in the sessions list; never more.
            user_agent: user_agent.chars().take(200).collect(),
            caller: Default::default(),
        }
    }
}

/// The current request's info (an empty one outside a request).
pub fn request_info() -> RequestInfo {
    use_context::<Parts>()
        .and_then(|p| p.extensions.get::<RequestInfo>().cloned())
        .unwrap_or_default()
}

/// The request's headers (empty outside a request).
pub fn request_headers() -> http::HeaderMap {
    use_context::<Parts>()
        .map(|p| p.headers)
        .unwrap_or_default()
}
