//! Booking: one transaction that checks the time is free and writes the visit, its first
//! history entry and its messages. On PostgreSQL each booking has its own; on SQLite
//! bookings that arrive together share one (see [`queue`](super::queue)).

use super::{
    AppointmentEvent, BookingConflict, NewAppointment,
    guards::{
        APPOINTMENT_COLUMNS, EVENT_COLUMNS, PATIENT_LOCKS, PROVIDER_LOCKS, bind_bookable,
        bind_overlap, bookable_columns, check_bookable, lock_key, lock_people, record_event,
    },
    queue::{self, GroupFailed, QueuedBooking},
};
use crate::{
    domain::ids::{AppointmentId, UserId},
    ssr::store::{
        NewMessage, Pool, Store, StoreError, is_unique_violation, outbox::enqueue_all,
        retry::retrying, with_pool,
    },
};
use chrono::{DateTime, Utc};
use sqlx::PgPool;
use tracing::instrument;

macro_rules! insert_appointment {
    ($tx:expr, $a:expr, $patient:expr, $now:expr) => {{
        let note = $a.note.as_ref();
        sqlx::query(&format!(
            "INSERT INTO appointments ({APPOINTMENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, \
             $11, $12, 'booked', $13, $14, $15, $16, $17, $17)"
        ))
        .bind($a.id)
        .bind($a.clinic_id)
        .bind($a.branch_id)
        .bind($a.provider_id)
        .bind($a.service_id)
        .bind($a.booked_by)
        .bind($a.dependent_id)
        .bind($patient)
        .bind($a.starts_at)
        .bind($a.ends_at)
        .bind($a.reserved_from)
        .bind($a.reserved_until)
        .bind(&$a.idempotency_key)
        .bind(note.map(|n| n.key_id.clone()))
        .bind(note.map(|n| n.nonce.clone()))
        .bind(note.map(|n| n.ciphertext.clone()))
        .bind($now)
        .execute(&mut *$tx)
        .await
    }};
}

impl Store {
    /// Books an appointment, its first history entry and its messages in one
    /// transaction. A repeated idempotency key returns the first booking instead (looked
    /// up inside the transaction, in the same statement as the overlap checks).
    #[instrument(skip_all)]
    pub async fn book(
        &self,
        a: &NewAppointment,
        event: &AppointmentEvent,
        messages: &[NewMessage],
        now: DateTime<Utc>,
    ) -> Result<AppointmentId, BookingConflict> {
        let result = match &self.pool {
            Pool::Sqlite {
                write, bookings, ..
            } => {
                let queued = || QueuedBooking {
                    appointment: a.clone(),
                    event: event.clone(),
                    messages: messages.to_vec(),
                    now,
                };
                match bookings.book(queued()).await {
                    Ok(answer) => answer,
                    Err(GroupFailed) => {
                        retrying("book", || queue::book_alone(write, queued())).await
                    }
                }
            }
            Pool::Postgres(pool) => {
                retrying("book", || book_postgres(pool, a, event, messages, now)).await
            }
        };
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

/// PostgreSQL: the people's locks, the checks, then each insert.
async fn book_postgres(
    pool: &PgPool,
    a: &NewAppointment,
    event: &AppointmentEvent,
    messages: &[NewMessage],
    now: DateTime<Utc>,
) -> Result<AppointmentId, BookingConflict> {
    let patient = a.patient_key();
    let mut tx = pool.begin().await?;
    let booked: Result<AppointmentId, BookingConflict> = async {
        lock_people!(tx, true, a.provider_id.0, patient);
        check_bookable!(tx, a, patient, now);
        insert_appointment!(tx, a, patient, now)?;
        record_event!(tx, a.id, event)?;
        enqueue_all!(tx, messages, now)?;
        Ok(a.id)
    }
    .await;
    let booked = booked?;
    tx.commit().await?;
    Ok(booked)
}
