//! The statements every change of an appointment shares inside its transaction: the
//! locks, the overlap and cap checks, the history entry and dropping pending messages.
//! Macros, because each expands once per backend inside [`with_tx!`](super::super::with_tx).

use uuid::Uuid;

/// Keys for PostgreSQL's transaction-scoped advisory locks: one space for providers, one
/// for patients, so a provider and a patient never share a lock.
pub(super) const PROVIDER_LOCKS: i32 = 0x4341_0001;
pub(super) const PATIENT_LOCKS: i32 = 0x4341_0002;

/// Folds an id into the 32 bits an advisory lock key holds. Two ids folding alike only
/// make their bookings wait for each other; they never allow an overlap.
pub(super) fn lock_key(id: Uuid) -> i32 {
    let mut key = [0u8; 4];
    for (i, byte) in id.as_bytes().iter().enumerate() {
        key[i % 4] ^= byte;
    }
    i32::from_le_bytes(key)
}

macro_rules! record_event {
    ($tx:expr, $appointment:expr, $e:expr) => {
        sqlx::query(
            "INSERT INTO appointment_events (id, appointment_id, at, actor_id, actor_kind, action, from_status, \
             to_status, old_starts_at, new_starts_at, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(uuid::Uuid::now_v7())
        .bind($appointment)
        .bind($e.at)
        .bind($e.actor_id)
        .bind($e.actor_kind.as_str())
        .bind($e.action.as_str())
        .bind($e.from_status.map(crate::domain::booking::AppointmentStatus::as_str))
        .bind($e.to_status.map(crate::domain::booking::AppointmentStatus::as_str))
        .bind($e.old_starts_at)
        .bind($e.new_starts_at)
        .bind($e.reason)
        .execute(&mut *$tx)
        .await
    };
}

/// On SQLite the transaction already holds the write lock (BEGIN IMMEDIATE), so this
/// check and the insert after it cannot interleave with another booking. On PostgreSQL
/// the exclusion constraints decide; the check only gives a precise answer earlier.
macro_rules! check_free {
    ($tx:expr, $provider:expr, $patient:expr, $from:expr, $until:expr, $starts:expr, $ends:expr, $except:expr) => {{
        // Nothing overlapping can have started longer ago than the longest reservation
        // or visit: the lower bounds keep both reads to a short index range.
        let longest = chrono::Duration::minutes(crate::domain::availability::LONGEST_RESERVATION_MIN);
        let taken: Option<i32> = sqlx::query_scalar(&format!(
            "SELECT 1 FROM appointments WHERE provider_id = $1 AND status IN {ACTIVE_STATUSES} \
             AND reserved_from > $5 AND reserved_from < $3 AND reserved_until > $2 AND id <> $4 LIMIT 1"
        ))
        .bind($provider)
        .bind($from)
        .bind($until)
        .bind($except)
        .bind($from - longest)
        .fetch_optional(&mut *$tx)
        .await?;
        if taken.is_some() {
            return Err(BookingConflict::SlotTaken);
        }
        let longest_visit = chrono::Duration::minutes(crate::domain::availability::LONGEST_VISIT_MIN);
        let busy: Option<i32> = sqlx::query_scalar(&format!(
            "SELECT 1 FROM appointments WHERE patient_key = $1 AND status IN {ACTIVE_STATUSES} \
             AND starts_at > $5 AND starts_at < $3 AND ends_at > $2 AND id <> $4 LIMIT 1"
        ))
        .bind($patient)
        .bind($starts)
        .bind($ends)
        .bind($except)
        .bind($starts - longest_visit)
        .fetch_optional(&mut *$tx)
        .await?;
        if busy.is_some() {
            return Err(BookingConflict::PatientBusy);
        }
    }};
}

/// A new booking's checks in one read: the provider's time, the patient's time (as
/// [`check_free!`]) and the clinic's cap on the patient's upcoming visits. One statement
/// instead of four keeps the write lock held for fewer round trips. The cap is counted
/// after the patient's lock, so concurrent bookings cannot pass it together, and it is
/// per person booked: a guardian and each dependent have their own.
macro_rules! check_bookable {
    ($tx:expr, $a:expr, $patient:expr, $now:expr) => {{
        let longest = chrono::Duration::minutes(crate::domain::availability::LONGEST_RESERVATION_MIN);
        let longest_visit = chrono::Duration::minutes(crate::domain::availability::LONGEST_VISIT_MIN);
        let (taken, busy, cap, held): (bool, bool, i32, i64) = sqlx::query_as(&format!(
            "SELECT \
             EXISTS (SELECT 1 FROM appointments WHERE provider_id = $1 AND status IN {ACTIVE_STATUSES} \
                     AND reserved_from > $2 AND reserved_from < $4 AND reserved_until > $3), \
             EXISTS (SELECT 1 FROM appointments WHERE patient_key = $5 AND status IN {ACTIVE_STATUSES} \
                     AND starts_at > $6 AND starts_at < $8 AND ends_at > $7), \
             (SELECT max_upcoming_per_patient FROM clinics WHERE id = $9), \
             (SELECT COUNT(*) FROM appointments WHERE patient_key = $5 AND clinic_id = $9 \
                     AND status IN {ACTIVE_STATUSES} AND starts_at > $10)"
        ))
        .bind($a.provider_id)
        .bind($a.reserved_from - longest)
        .bind($a.reserved_from)
        .bind($a.reserved_until)
        .bind($patient)
        .bind($a.starts_at - longest_visit)
        .bind($a.starts_at)
        .bind($a.ends_at)
        .bind($a.clinic_id)
        .bind($now)
        .fetch_one(&mut *$tx)
        .await?;
        if taken {
            return Err(BookingConflict::SlotTaken);
        }
        if busy {
            return Err(BookingConflict::PatientBusy);
        }
        if held >= i64::from(cap) {
            return Err(BookingConflict::TooManyUpcoming);
        }
    }};
}

/// PostgreSQL: takes the provider's lock, then the patient's, before anything is read.
/// Bookings and moves of one provider (or one patient) then run one after another, so
/// the exclusion constraints never see two uncommitted overlapping rows — the case in
/// which each waited for the other until the deadlock detector killed one — and the
/// fixed order (provider, then patient) cannot form a cycle. SQLite's `BEGIN IMMEDIATE`
/// already runs every writer alone.
macro_rules! lock_people {
    ($tx:expr, $postgres:expr, $provider:expr, $patient:expr) => {
        if $postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1, $2)")
                .bind(PROVIDER_LOCKS)
                .bind(lock_key($provider))
                .execute(&mut *$tx)
                .await?;
            sqlx::query("SELECT pg_advisory_xact_lock($1, $2)")
                .bind(PATIENT_LOCKS)
                .bind(lock_key($patient))
                .execute(&mut *$tx)
                .await?;
        }
    };
}

/// Cancels the appointment's pending messages of each kind in `$kinds` (the reminders of
/// a visit that moved or ended).
macro_rules! cancel_pending {
    ($tx:expr, $appointment:expr, $kinds:expr, $now:expr) => {
        for kind in $kinds {
            sqlx::query(
                "UPDATE outbox SET status = 'cancelled', updated_at = $1 WHERE appointment_id = $2 \
                 AND kind = $3 AND status = 'pending'",
            )
            .bind($now)
            .bind($appointment)
            .bind(*kind)
            .execute(&mut *$tx)
            .await?;
        }
    };
}

pub(super) use {cancel_pending, check_bookable, check_free, lock_people, record_event};
