//! Booking: one transaction that checks the time is free and writes the visit, its first
//! history entry and its messages.

use super::{
    ACTIVE_STATUSES, AppointmentEvent, BookingConflict, NewAppointment,
    guards::{PATIENT_LOCKS, PROVIDER_LOCKS, check_bookable, lock_key, lock_people, record_event},
};
use crate::{
    domain::ids::{AppointmentId, UserId},
    ssr::store::{
        NewMessage, Store, StoreError, is_unique_violation, outbox::enqueue_all, retry::retrying,
        with_pool, with_tx,
    },
};
use chrono::{DateTime, Utc};
use tracing::instrument;

impl Store {
    /// Books an appointment, its first history entry and its messages in one
    /// transaction. A repeated idempotency key returns the first booking instead.
    #[instrument(skip_all)]
    pub async fn book(
        &self,
        a: &NewAppointment,
        event: &AppointmentEvent<'_>,
        messages: &[NewMessage],
        now: DateTime<Utc>,
    ) -> Result<AppointmentId, BookingConflict> {
        if let Some(existing) = self
            .appointment_by_key(a.booked_by, a.idempotency_key.as_deref())
            .await?
        {
            return Ok(existing);
        }
        let result = retrying("book", || self.book_once(a, event, messages, now)).await;
        match result {
            // A concurrent retry with the same key won the race: answer with its booking.
            Err(BookingConflict::Store(StoreError::Database(ref e))) if is_unique_violation(e) => {
                self.appointment_by_key(a.booked_by, a.idempotency_key.as_deref())
                    .await?
                    .ok_or(BookingConflict::SlotTaken)
            }
            other => other,
        }
    }

    async fn book_once(
        &self,
        a: &NewAppointment,
        event: &AppointmentEvent<'_>,
        messages: &[NewMessage],
        now: DateTime<Utc>,
    ) -> Result<AppointmentId, BookingConflict> {
        let postgres = self.is_postgres();
        let patient = a.patient_key();
        with_tx!(self, tx: BookingConflict => {
            lock_people!(tx, postgres, a.provider_id.0, patient);
            check_bookable!(tx, a, patient, now);
            let note = a.note.as_ref();
            sqlx::query(
                "INSERT INTO appointments (id, clinic_id, branch_id, provider_id, service_id, booked_by, dependent_id, \
                 patient_key, starts_at, ends_at, reserved_from, reserved_until, status, idempotency_key, note_key_id, \
                 note_nonce, note_ciphertext, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, \
                 $11, $12, 'booked', $13, $14, $15, $16, $17, $17)",
            )
            .bind(a.id)
            .bind(a.clinic_id)
            .bind(a.branch_id)
            .bind(a.provider_id)
            .bind(a.service_id)
            .bind(a.booked_by)
            .bind(a.dependent_id)
            .bind(patient)
            .bind(a.starts_at)
            .bind(a.ends_at)
            .bind(a.reserved_from)
            .bind(a.reserved_until)
            .bind(&a.idempotency_key)
            .bind(note.map(|n| n.key_id.clone()))
            .bind(note.map(|n| n.nonce.clone()))
            .bind(note.map(|n| n.ciphertext.clone()))
            .bind(now)
            .execute(&mut *tx)
            .await?;
            record_event!(tx, a.id, event)?;
            enqueue_all!(tx, messages, now)?;
            Ok(a.id)
        })
    }

    /// The appointment an account holder already booked with this idempotency key.
    pub async fn appointment_by_key(
        &self,
        booked_by: UserId,
        key: Option<&str>,
    ) -> Result<Option<AppointmentId>, StoreError> {
        let Some(key) = key else { return Ok(None) };
        let id = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT id FROM appointments WHERE booked_by = $1 AND idempotency_key = $2")
                .bind(booked_by)
                .bind(key)
                .fetch_optional(pool)
                .await
        })?;
        Ok(id)
    }
}
