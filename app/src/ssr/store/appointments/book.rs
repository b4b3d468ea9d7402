//! Booking: one transaction that checks the time is free and writes the visit, its first
//! history entry and its messages.

use super::{
    AppointmentEvent, BookingConflict, NewAppointment,
    guards::{
        EVENT_COLUMNS, PATIENT_LOCKS, PROVIDER_LOCKS, bind_bookable, bind_overlap,
        bookable_columns, check_bookable, lock_key, lock_people, record_event,
    },
};
use crate::{
    domain::ids::{AppointmentId, UserId},
    ssr::store::{
        NewMessage, Store, StoreError, is_unique_violation,
        outbox::{OUTBOX_INSERT_COLUMNS, enqueue_all},
        retry::retrying,
        with_pool, with_tx,
    },
};
use chrono::{DateTime, Utc};
use tracing::instrument;

const APPOINTMENT_COLUMNS: &str = "id, clinic_id, branch_id, provider_id, service_id, booked_by, dependent_id, \
     patient_key, starts_at, ends_at, reserved_from, reserved_until, status, idempotency_key, note_key_id, \
     note_nonce, note_ciphertext, created_at, updated_at";

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

/// SQLite only: the visit, its history entry and its messages in one call to the
/// connection's thread. SQLite has a single writer, so the time it holds the write lock
/// bounds the bookings a second of the whole server; one round trip instead of five is
/// most of that time. The visit is inserted only where [`bookable_columns`] finds
/// nothing against it, and the other two inserts only where the visit now exists, so a
/// refused booking writes nothing (and its reason is read afterwards).
/// PostgreSQL takes no statements with parameters in one call.
macro_rules! sqlite_booking_batch {
    ($tx:expr, $a:expr, $patient:expr, $e:expr, $messages:expr, $now:expr) => {{
        let messages: &[NewMessage] = $messages;
        let sql = sqlite_batch_sql(messages.len());
        let note = $a.note.as_ref();
        let mut query = bind_bookable!(sqlx::query(&sql), $a, $patient, $now)
            .bind($a.branch_id)
            .bind($a.service_id)
            .bind($a.dependent_id)
            .bind(note.map(|n| n.key_id.clone()))
            .bind(note.map(|n| n.nonce.clone()))
            .bind(note.map(|n| n.ciphertext.clone()))
            .bind(uuid::Uuid::now_v7())
            .bind($e.at)
            .bind($e.actor_id)
            .bind($e.actor_kind.as_str())
            .bind($e.action.as_str())
            .bind(
                $e.from_status
                    .map(crate::domain::booking::AppointmentStatus::as_str),
            )
            .bind(
                $e.to_status
                    .map(crate::domain::booking::AppointmentStatus::as_str),
            )
            .bind($e.old_starts_at)
            .bind($e.new_starts_at)
            .bind($e.reason);
        for m in messages {
            query = query
                .bind(m.id)
                .bind(&m.idempotency_key)
                .bind(m.kind.as_str())
                .bind(m.channel.as_str())
                .bind(&m.recipient)
                .bind(m.lang.code())
                .bind(m.payload.to_string())
                .bind(m.due_at)
                .bind(m.user_id)
                .bind(m.clinic_id)
                .bind(m.appointment_id);
        }
        query.execute(&mut *$tx).await
    }};
}

/// Parameters of [`sqlite_booking_batch!`] after [`bookable_columns`]' thirteen.
const BATCH_FIRST_EVENT: usize = 20;
const BATCH_FIRST_MESSAGE: usize = 30;
const BATCH_PER_MESSAGE: usize = 11;

/// The statements of [`sqlite_booking_batch!`] for `messages` messages.
fn sqlite_batch_sql(messages: usize) -> String {
    let e = BATCH_FIRST_EVENT;
    let mut sql = format!(
        "INSERT INTO appointments ({APPOINTMENT_COLUMNS}) \
         SELECT $9, $10, $14, $1, $15, $12, $16, $5, $7, $8, $3, $4, 'booked', $13, $17, $18, $19, $11, $11 \
         FROM (SELECT {}) WHERE NOT taken AND NOT busy AND held < cap AND replay IS NULL; \
         INSERT INTO appointment_events ({EVENT_COLUMNS}) \
         SELECT ${e}, $9, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${} \
         WHERE EXISTS (SELECT 1 FROM appointments WHERE id = $9);",
        bookable_columns(),
        e + 1,
        e + 2,
        e + 3,
        e + 4,
        e + 5,
        e + 6,
        e + 7,
        e + 8,
        e + 9,
    );
    if messages > 0 {
        let rows: Vec<String> = (0..messages)
            .map(|i| {
                let p = BATCH_FIRST_MESSAGE + i * BATCH_PER_MESSAGE;
                format!(
                    "(${p}, ${}, ${}, ${}, ${}, ${}, ${}, 'pending', 0, ${}, ${}, ${}, ${}, $11, $11)",
                    p + 1,
                    p + 2,
                    p + 3,
                    p + 4,
                    p + 5,
                    p + 6,
                    p + 7,
                    p + 8,
                    p + 9,
                    p + 10
                )
            })
            .collect();
        sql.push_str(&format!(
            " INSERT INTO outbox ({OUTBOX_INSERT_COLUMNS}) SELECT * FROM (VALUES {}) \
             WHERE EXISTS (SELECT 1 FROM appointments WHERE id = $9) ON CONFLICT (idempotency_key) DO NOTHING;",
            rows.join(", ")
        ));
    }
    sql
}

impl Store {
    /// Books an appointment, its first history entry and its messages in one
    /// transaction. A repeated idempotency key returns the first booking instead (looked
    /// up inside the transaction, in the same statement as the overlap checks).
    #[instrument(skip_all)]
    pub async fn book(
        &self,
        a: &NewAppointment,
        event: &AppointmentEvent<'_>,
        messages: &[NewMessage],
        now: DateTime<Utc>,
    ) -> Result<AppointmentId, BookingConflict> {
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
            if postgres {
                lock_people!(tx, postgres, a.provider_id.0, patient);
                check_bookable!(tx, a, patient, now);
                insert_appointment!(tx, a, patient, now)?;
                record_event!(tx, a.id, event)?;
                enqueue_all!(tx, messages, now)?;
            } else {
                let written = sqlite_booking_batch!(tx, a, patient, event, messages, now)?;
                if written.rows_affected() == 0 {
                    // Something refused it: the same checks, read, say what.
                    check_bookable!(tx, a, patient, now);
                    return Err(BookingConflict::SlotTaken);
                }
            }
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
