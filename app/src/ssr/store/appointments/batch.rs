//! SQLite: a booking as one call to the writer connection's thread.

use super::{
    AppointmentEvent, BookingConflict, NewAppointment,
    guards::{
        APPOINTMENT_COLUMNS, EVENT_COLUMNS, bind_bookable, bind_event, bind_overlap,
        bookable_columns, check_bookable,
    },
};
use crate::{
    domain::ids::AppointmentId,
    ssr::store::{
        NewMessage,
        outbox::{OUTBOX_INSERT_COLUMNS, bind_message, message_values},
    },
};
use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;
use std::{borrow::Cow, sync::OnceLock};

/// SQLite only: the visit, its history entry and its messages in one call to the
/// connection's thread, inside a savepoint of the group's transaction (see `queue`).
/// SQLite has a single writer, so the time it holds the write lock bounds the bookings
/// a second of the whole server, and round trips are most of that time. The visit is inserted only where [`bookable_columns`] finds
/// nothing against it, and the other two inserts only where the visit now exists, so a
/// refused booking writes nothing (and its reason is read afterwards).
/// PostgreSQL takes no statements with parameters in one call.
pub(super) async fn sqlite_batch(
    tx: &mut SqliteConnection,
    a: &NewAppointment,
    e: &AppointmentEvent,
    messages: &[NewMessage],
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let patient = a.patient_key();
    let sql = sqlite_batch_sql(messages.len());
    let note = a.note.as_ref();
    let query = bind_bookable!(sqlx::query(&sql), a, patient, now)
        .bind(a.branch_id)
        .bind(a.service_id)
        .bind(a.dependent_id)
        .bind(note.map(|n| n.key_id.clone()))
        .bind(note.map(|n| n.nonce.clone()))
        .bind(note.map(|n| n.ciphertext.clone()))
        .bind(uuid::Uuid::now_v7());
    let mut query = bind_event!(query, e);
    for m in messages {
        query = bind_message!(query, m);
    }
    // Whether the visit was written: its insert returns its id. (The count of changed
    // rows cannot tell: after a savepoint statement SQLite still reports the count of
    // the statement before it, another booking's.)
    Ok(!query.fetch_all(&mut *tx).await?.is_empty())
}

/// Why the checks refused a booking that [`sqlite_batch`] did not write: the same
/// checks, read. An earlier booking with the same key is the answer instead.
pub(super) async fn refusal(
    tx: &mut SqliteConnection,
    a: &NewAppointment,
    now: DateTime<Utc>,
) -> Result<AppointmentId, BookingConflict> {
    let patient = a.patient_key();
    check_bookable!(tx, a, patient, now);
    Err(BookingConflict::SlotTaken)
}

/// Parameters of [`sqlite_batch`] after [`bookable_columns`]' thirteen.
const BATCH_FIRST_EVENT: usize = 20;
const BATCH_FIRST_MESSAGE: usize = 30;

/// The statements of [`sqlite_batch`] for `messages` messages, built once per
/// count for the counts a booking has (the statement cache keys on the text).
fn sqlite_batch_sql(messages: usize) -> Cow<'static, str> {
    static KEPT: [OnceLock<String>; 8] = [const { OnceLock::new() }; 8];
    match KEPT.get(messages) {
        Some(kept) => Cow::Borrowed(kept.get_or_init(|| batch_sql(messages))),
        None => Cow::Owned(batch_sql(messages)),
    }
}

/// Inside a savepoint, so that in a group of bookings sharing one transaction (see
/// `queue`) a booking whose statement fails halfway is undone alone.
fn batch_sql(messages: usize) -> String {
    let events: Vec<String> = (1..=9)
        .map(|k| format!("${}", BATCH_FIRST_EVENT + k))
        .collect();
    let mut sql = format!(
        "SAVEPOINT booking; \
         INSERT INTO appointments ({APPOINTMENT_COLUMNS}) \
         SELECT $9, $10, $14, $1, $15, $12, $16, $5, $7, $8, $3, $4, 'booked', $13, $17, $18, $19, $11, $11 \
         FROM (SELECT {}) WHERE NOT taken AND NOT busy AND held < cap AND replay IS NULL RETURNING id; \
         INSERT INTO appointment_events ({EVENT_COLUMNS}) SELECT ${BATCH_FIRST_EVENT}, $9, {} \
         WHERE EXISTS (SELECT 1 FROM appointments WHERE id = $9);",
        bookable_columns(),
        events.join(", "),
    );
    if messages > 0 {
        sql.push_str(&format!(
            " INSERT INTO outbox ({OUTBOX_INSERT_COLUMNS}) SELECT * FROM (VALUES {}) \
             WHERE EXISTS (SELECT 1 FROM appointments WHERE id = $9) ON CONFLICT (idempotency_key) DO NOTHING;",
            message_values(BATCH_FIRST_MESSAGE, messages, 11)
        ));
    }
    sql.push_str(" RELEASE booking;");
    sql
}
