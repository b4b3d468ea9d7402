//! An appointment as an iCalendar file, for "add to calendar".

use super::personal_file::{self, Keep};
use app::ssr::{
    context::RequestInfo,
    services::{Ctx, booking},
    state::AppState,
};
use axum::{
    Extension,
    extract::{Path, State},
    http::HeaderMap,
    response::Response,
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
        Ok(text) => personal_file::send(
            text,
            "text/calendar; charset=utf-8",
            Some("appointment.ics"),
            Keep::Never,
        ),
        Err(e) => super::refused(e),
    }
}
