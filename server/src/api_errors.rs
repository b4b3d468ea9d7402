//! Final touches on server function responses.
//!
//! When leptos cannot even decode a server function's arguments, the body never runs and
//! the response is a 500 carrying `AppError::BadRequest`. This puts the matching status
//! on it, so API clients see a 400 for their own mistakes. It also tidies the redirect
//! that answers a plain form post, which leptos leaves with an empty `?`.

use app::error::AppError;
use axum::{body::Body, extract::Request, middleware::Next, response::Response};
use http::{HeaderValue, StatusCode, header};

const MAX_ERROR_BODY: usize = 16 * 1024;

pub async fn fix_status(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    if res.status() == StatusCode::FOUND
        && let Some(location) = res
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
        && let Some(trimmed) = location.strip_suffix('?')
        && let Ok(value) = HeaderValue::from_str(trimmed)
    {
        res.headers_mut().insert(header::LOCATION, value);
    }
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !res.headers().contains_key("serverfnerror")
    {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_ERROR_BODY).await {
        Ok(bytes) => bytes,
        Err(_) => return Response::from_parts(parts, Body::empty()),
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes)
        && let Ok(status) = StatusCode::from_u16(error.status())
    {
        parts.status = status;
    }
    Response::from_parts(parts, Body::from(bytes))
}
