//! An appointment as an iCalendar file, for "add to calendar".

use app::ssr::{
    context::RequestInfo,
    services::{Ctx, booking},
    state::AppState,
};
use axum::{
    Extension,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
    routing::get,
};

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new().route("/appointments/{id}/calendar.ics", get(calendar_file))
}

async fn calendar_file(
    State(state): State<AppState>,
    Extension(info): Extension<RequestInfo>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let ctx = Ctx::from_parts(state, headers, info);
    match booking::ics(&ctx, &id).await {
        Ok(text) => {
            let mut res = text.into_response();
            let h = res.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            );
            h.insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"appointment.ics\""),
            );
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            );
            res
        }
        Err(e) => super::refused(e),
    }
}
