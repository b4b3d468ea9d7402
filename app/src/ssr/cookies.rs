//! Reading the request's cookies and setting the response's.

use http::{HeaderValue, header};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

/// Name of the cookie remembering the chosen interface language.
pub const LANG_COOKIE: &str = "lang";

/// Reads one cookie from the request headers.
pub fn cookie_value(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(cookie::Cookie::split_parse_encoded)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

/// Appends a `Set-Cookie` header to the current response.
pub fn set_cookie(cookie: cookie::Cookie<'_>) {
    if let Some(res) = use_context::<ResponseOptions>()
        && let Ok(value) = HeaderValue::from_str(&cookie.encoded().to_string())
    {
        res.append_header(header::SET_COOKIE, value);
    }
}
