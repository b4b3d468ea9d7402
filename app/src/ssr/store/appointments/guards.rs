//! The statements every change of an appointment shares inside its transaction: the
//! locks, the overlap and cap checks, the history entry and dropping pending messages.
//! Macros, because each expands once per backend inside [`with_tx!`](super::super::with_tx).

use super::ACTIVE_STATUSES;
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

/// The columns of a new appointment, in the order its inserts give them.
pub(super) const APPOINTMENT_COLUMNS: &str = "id, clinic_id, branch_id, provider_id, service_id, booked_by, dependent_id, \
     patient_key, starts_at, ends_at, reserved_from, reserved_until, status, idempotency_key, note_key_id, \
     note_nonce, note_ciphertext, created_at, updated_at";

/// The columns of a history entry, in [`record_event!`]'s order.
pub(super) const EVENT_COLUMNS: &str = "id, appointment_id, at, actor_id, actor_kind, action, from_status, \
     to_status, old_starts_at, new_starts_at, reason";

macro_rules! record_event {
    ($tx:expr, $appointment:expr, $e:expr) => {{
        let sql = format!(
            "INSERT INTO appointment_events ({EVENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
        );
        let insert = sqlx::query(&sql)
        .bind(uuid::Uuid::now_v7())
        .bind($appointment);
        $crate::ssr::store::appointments::guards::bind_event!(insert, $e).execute(&mut *$tx).await
    }};
}

/// Binds a history entry's nine columns after its id and appointment, in
/// [`EVENT_COLUMNS`]' order.
macro_rules! bind_event {
    ($query:expr, $e:expr) => {
        $query
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
            .bind($e.reason.as_deref())
    };
}

/// The two overlap tests every new or moved time passes, as two columns of one SELECT:
/// the provider's reservations (`$1` provider, `$2` lower bound, `$3`–`$4` the new
/// reservation) and the patient's visits (`$5` patient, `$6` lower bound, `$7`–`$8` the
/// new visit), leaving out the appointment `$9` itself. Nothing overlapping can have
/// started longer ago than the longest reservation or visit, so the lower bounds keep
/// both reads to a short index range.
pub(super) fn overlap_columns() -> String {
    format!(
        "EXISTS (SELECT 1 FROM appointments WHERE provider_id = $1 AND status IN {ACTIVE_STATUSES} \
         AND reserved_from > $2 AND reserved_from < $4 AND reserved_until > $3 AND id <> $9) AS taken, \
         EXISTS (SELECT 1 FROM appointments WHERE patient_key = $5 AND status IN {ACTIVE_STATUSES} \
         AND starts_at > $6 AND starts_at < $8 AND ends_at > $7 AND id <> $9) AS busy"
    )
}

/// A new booking's checks as columns of one SELECT: [`overlap_columns`] (`$1`–`$9`),
/// the clinic's cap on the patient's upcoming visits and how many they hold (`$10`
/// clinic, `$11` now), and the booking this account already made with the request's
/// idempotency key (`$12` account, `$13` key). Bound by [`check_bookable!`]'s order.
pub(super) fn bookable_columns() -> String {
    format!(
        "{}, \
         (SELECT max_upcoming_per_patient FROM clinics WHERE id = $10) AS cap, \
         (SELECT COUNT(*) FROM appointments WHERE patient_key = $5 AND clinic_id = $10 \
                 AND status IN {ACTIVE_STATUSES} AND starts_at > $11) AS held, \
         (SELECT id FROM appointments WHERE booked_by = $12 AND idempotency_key = $13) AS replay",
        overlap_columns()
    )
}

/// Binds [`overlap_columns`]' nine parameters.
macro_rules! bind_overlap {
    ($query:expr, $provider:expr, $patient:expr, $from:expr, $until:expr, $starts:expr, $ends:expr, $except:expr) => {
        $query
            .bind($provider)
            .bind(
                $from
                    - chrono::Duration::minutes(
                        crate::domain::availability::LONGEST_RESERVATION_MIN,
                    ),
            )
            .bind($from)
            .bind($until)
            .bind($patient)
            .bind(
                $starts - chrono::Duration::minutes(crate::domain::availability::LONGEST_VISIT_MIN),
            )
            .bind($starts)
            .bind($ends)
            .bind($except)
    };
}

/// On SQLite the transaction already holds the write lock (BEGIN IMMEDIATE), so this
/// check and the write after it cannot interleave with another booking. On PostgreSQL
/// the exclusion constraints decide; the check only gives a precise answer earlier.
macro_rules! check_free {
    ($tx:expr, $provider:expr, $patient:expr, $from:expr, $until:expr, $starts:expr, $ends:expr, $except:expr) => {{
        let (taken, busy): (bool, bool) = bind_overlap!(
            sqlx::query_as(&format!("SELECT {}", overlap_columns())),
            $provider,
            $patient,
            $from,
            $until,
            $starts,
            $ends,
            $except
        )
        .fetch_one(&mut *$tx)
        .await?;
        if taken {
            return Err(BookingConflict::SlotTaken);
        }
        if busy {
            return Err(BookingConflict::PatientBusy);
        }
    }};
}

/// A new booking's checks in one read ([`bookable_columns`]): the time is free (as
/// [`check_free!`]), the clinic's cap on the patient's upcoming visits, and whether this
/// account already booked with the request's idempotency key (then that booking is the
/// answer). The cap is counted after the patient's lock, so concurrent bookings cannot
/// pass it together, and it is per person booked: a guardian and each dependent have
/// their own.
macro_rules! check_bookable {
    ($tx:expr, $a:expr, $patient:expr, $now:expr) => {{
        let (taken, busy, cap, held, replay): (
            bool,
            bool,
            i32,
            i64,
            Option<crate::domain::ids::AppointmentId>,
        ) = bind_bookable!(
            sqlx::query_as(&format!("SELECT {}", bookable_columns())),
            $a,
            $patient,
            $now
        )
        .fetch_one(&mut *$tx)
        .await?;
        if let Some(first) = replay {
            return Ok(first);
        }
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

/// Binds [`bookable_columns`]' thirteen parameters for the new appointment `$a`.
macro_rules! bind_bookable {
    ($query:expr, $a:expr, $patient:expr, $now:expr) => {
        bind_overlap!(
            $query,
            $a.provider_id,
            $patient,
            $a.reserved_from,
            $a.reserved_until,
            $a.starts_at,
            $a.ends_at,
            $a.id
        )
        .bind($a.clinic_id)
        .bind($now)
        .bind($a.booked_by)
        .bind(&$a.idempotency_key)
    };
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

pub(super) use {
    bind_bookable, bind_event, bind_overlap, cancel_pending, check_bookable, check_free,
    lock_people, record_event,
};
