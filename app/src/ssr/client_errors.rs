//! How server-side failures become the errors clients see.

use super::store::StoreError;
use crate::error::AppError;

/// The one place storage failures become client errors; the cause is logged here and
/// never sent to the client.
impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => AppError::NotFound,
            other => {
                tracing::error!(error = %other, "storage failure");
                AppError::Internal
            }
        }
    }
}

/// Turns an unexpected failure into [`AppError::Internal`] after logging it. The log
/// line carries the request id through the request's span; `what` says which step
/// failed, and `cause` must never hold personal data (the callers pass library errors
/// about keys, encodings and ciphertext, never the plaintext).
pub fn internal(what: &'static str, cause: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %cause, "{what}");
    AppError::Internal
}
