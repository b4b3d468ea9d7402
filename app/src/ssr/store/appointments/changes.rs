//! Changes to a booked appointment: moving it, and status changes with their history.

use super::{
    AppointmentEvent, BookingConflict,
    guards::{
        EVENT_COLUMNS, PATIENT_LOCKS, PROVIDER_LOCKS, bind_overlap, cancel_pending, check_free,
        lock_key, lock_people, overlap_columns, record_event,
    },
};
use crate::{
    domain::ids::{AppointmentId, ProviderId},
    ssr::store::{NewMessage, Store, StoreError, outbox::enqueue, retry::retrying, with_tx},
};
use chrono::{DateTime, Utc};
use tracing::instrument;
use uuid::Uuid;

impl Store {
    /// Moves an appointment to a new time, keeping it the same appointment; the old
    /// time stays in the history. Same overlap rules as booking.
    #[instrument(skip_all)]
    #[allow(clippy::too_many_arguments)]
    pub async fn reschedule(
        &self,
        id: AppointmentId,
        starts_at: DateTime<Utc>,
        ends_at: DateTime<Utc>,
        reserved_from: DateTime<Utc>,
        reserved_until: DateTime<Utc>,
        event: &AppointmentEvent,
        messages: &[NewMessage],
        cancel_kinds: &[&str],
        now: DateTime<Utc>,
    ) -> Result<(), BookingConflict> {
        let postgres = self.is_postgres();
        retrying("reschedule", || async {
            with_tx!(self, tx: BookingConflict => {
                let current: Option<(ProviderId, Uuid, String)> =
                    sqlx::query_as("SELECT provider_id, patient_key, status FROM appointments WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await?;
                let (provider, patient, status) =
                    current.ok_or(BookingConflict::Store(StoreError::NotFound))?;
                if !matches!(status.as_str(), "booked" | "confirmed") {
                    return Err(BookingConflict::NotMovable);
                }
                lock_people!(tx, postgres, provider.0, patient);
                check_free!(tx, provider, patient, reserved_from, reserved_until, starts_at, ends_at, id);
                // The status is checked again by the update itself: a cancellation that
                // committed since the read above leaves no row to move, and the move fails
                // instead of reviving the visit.
                let moved = sqlx::query(
                    "UPDATE appointments SET starts_at = $1, ends_at = $2, reserved_from = $3, reserved_until = $4, \
                     status = 'booked', updated_at = $5 WHERE id = $6 AND status IN ('booked', 'confirmed')",
                )
                .bind(starts_at)
                .bind(ends_at)
                .bind(reserved_from)
                .bind(reserved_until)
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if moved == 0 {
                    return Err(BookingConflict::NotMovable);
                }
                record_event!(tx, id, event)?;
                cancel_pending!(tx, id, cancel_kinds, now);
                for m in messages {
                    enqueue!(tx, m, now)?;
                }
                Ok(())
            })
        })
        .await
    }

    /// Changes an appointment's status (confirm, check in, complete, cancel, no-show),
    /// only if it still has `expected` status (no lost updates), recording the change
    /// and its messages, and cancelling pending messages of `cancel_kinds`.
    #[instrument(skip_all)]
    #[allow(clippy::too_many_arguments)]
    pub async fn set_appointment_status(
        &self,
        id: AppointmentId,
        expected: &str,
        status: &str,
        cancelled_by: Option<&str>,
        reason: Option<&str>,
        event: &AppointmentEvent,
        messages: &[NewMessage],
        cancel_kinds: &[&str],
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        retrying("set_appointment_status", || async {
            with_tx!(self, tx => {
                let changed = sqlx::query(
                    "UPDATE appointments SET status = $1, cancelled_by = COALESCE($2, cancelled_by), \
                     cancel_reason = COALESCE($3, cancel_reason), updated_at = $4 WHERE id = $5 AND status = $6",
                )
                .bind(status)
                .bind(cancelled_by)
                .bind(reason)
                .bind(now)
                .bind(id)
                .bind(expected)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if changed == 0 {
                    return Ok(false);
                }
                record_event!(tx, id, event)?;
                cancel_pending!(tx, id, cancel_kinds, now);
                for m in messages {
                    enqueue!(tx, m, now)?;
                }
                Ok(true)
            })
        })
        .await
    }
}
