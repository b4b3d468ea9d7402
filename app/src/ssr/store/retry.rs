//! Retrying a transaction the database gave up on.
//!
//! PostgreSQL may end a transaction with a deadlock (40P01) or a serialization failure
//! (40001) that says nothing about the request itself: run again, it would succeed. SQLite
//! answers "busy" when its lock wait ran out. Booking, moving and cancelling run their
//! transaction through [`retrying`], so such a failure costs a short wait, not a 500.

use super::StoreError;
use std::{future::Future, time::Duration};

/// Attempts in all, the first included.
const MAX_ATTEMPTS: u32 = 5;
/// The first wait; each later one doubles, and each is drawn at random up to its bound so
/// transactions that collided once do not collide again in step.
const FIRST_BACKOFF: Duration = Duration::from_millis(10);

/// Errors that may carry a transient database failure.
pub(crate) trait Transient {
    fn is_transient(&self) -> bool;
}

impl Transient for StoreError {
    fn is_transient(&self) -> bool {
        matches!(self, StoreError::Database(e) if is_transient(e))
    }
}

/// Deadlock or serialization failure (PostgreSQL), or a lock wait that ran out (SQLite).
pub(crate) fn is_transient(err: &sqlx::Error) -> bool {
    let sqlx::Error::Database(db) = err else {
        return false;
    };
    matches!(
        db.code().as_deref(),
        // PostgreSQL: deadlock_detected, serialization_failure.
        Some("40P01" | "40001")
        // SQLite: SQLITE_BUSY and its extended codes (recovery, snapshot, timeout).
        | Some("5" | "261" | "517" | "773")
    )
}

/// Runs `attempt` until it succeeds, fails for a reason other than a transient one, or
/// has run [`MAX_ATTEMPTS`] times. `attempt` must run a whole transaction, so a retry
/// starts from a clean slate.
pub(crate) async fn retrying<T, E, F, Fut>(what: &'static str, mut attempt: F) -> Result<T, E>
where
    E: Transient + std::fmt::Display,
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    let mut n = 1;
    loop {
        match attempt().await {
            Err(e) if e.is_transient() && n < MAX_ATTEMPTS => {
                let bound = FIRST_BACKOFF.saturating_mul(1 << (n - 1));
                let wait = bound.mul_f64(rand::random::<f64>());
                tracing::warn!(what, attempt = n, error = %e, "transaction retried");
                tokio::time::sleep(wait).await;
                n += 1;
            }
            other => return other,
        }
    }
}
