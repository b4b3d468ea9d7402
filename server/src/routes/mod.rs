//! Plain axum routes beside the Leptos pages and server functions.

pub mod calendar;
pub mod files;
pub mod health;
pub mod oauth;
pub mod personal_file;
pub mod pictures;
pub mod pwa;
pub mod site_files;
pub mod upload_body;
pub mod webhooks;

use app::error::AppError;
use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};

/// The answer of a route that serves a patient's data when the service refused: outsiders
/// learn nothing, not even that the record exists (404); other errors carry their status.
pub fn refused(error: AppError) -> Response {
    match error {
        AppError::Unauthenticated | AppError::NotFound => StatusCode::NOT_FOUND.into_response(),
        e => (
            StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            Json(e),
        )
            .into_response(),
    }
}
