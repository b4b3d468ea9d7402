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
