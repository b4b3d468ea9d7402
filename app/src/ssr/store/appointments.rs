//! Appointments: booking without double booking, changes with history, reads.

use super::{
    Backend, NewMessage, Store, StoreError, found,
    outbox::enqueue,
    retry::{Transient, is_transient, retrying},
    with_pool, with_tx,
};
use crate::domain::ids::{
    AppointmentId, BranchId, ClinicId, DependentId, ProviderId, ServiceId, UserId,
};
use chrono::{DateTime, Utc};
use tracing::instrument;
use uuid::Uuid;

/// The statuses that hold a provider's time (and the patient's).
pub const ACTIVE_STATUSES: &str = "('booked', 'confirmed', 'checked_in')";

#[derive(Clone, Debug)]
pub struct NewAppointment {
    pub id: AppointmentId,
    pub clinic_id: ClinicId,
    pub branch_id: BranchId,
    pub provider_id: ProviderId,
    pub service_id: ServiceId,
    pub booked_by: UserId,
    pub dependent_id: Option<DependentId>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub reserved_from: DateTime<Utc>,
    pub reserved_until: DateTime<Utc>,
    pub idempotency_key: Option<String>,
    pub note: Option<super::super::vault::Sealed>,
}

impl NewAppointment {
    /// The person whose time the visit takes: the dependent, else the account holder.
    pub fn patient_key(&self) -> Uuid {
        self.dependent_id.map_or(self.booked_by.0, |d| d.0)
    }
}

/// Why a booking (or a move) did not happen.
#[derive(Debug, thiserror::Error)]
pub enum BookingConflict {
    #[error("the provider is busy at that time")]
    SlotTaken,
    #[error("the patient already has an appointment at that time")]
    PatientBusy,
    /// The patient already holds the clinic's maximum of upcoming visits.
    #[error("the patient holds the clinic's maximum of upcoming appointments")]
    TooManyUpcoming,
    /// The appointment was cancelled, completed or checked in before the move ran.
    #[error("the appointment can no longer move")]
    NotMovable,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for BookingConflict {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::Database(db)
                if db.constraint() == Some("appointments_no_patient_overlap") =>
            {
                BookingConflict::PatientBusy
            }
            // 23P01 exclusion_violation: PostgreSQL's constraint saw the overlap.
            sqlx::Error::Database(db) if db.code().as_deref() == Some("23P01") => {
                BookingConflict::SlotTaken
            }
            _ => BookingConflict::Store(StoreError::Database(e)),
        }
    }
}

impl Transient for BookingConflict {
    fn is_transient(&self) -> bool {
        matches!(self, BookingConflict::Store(StoreError::Database(e)) if is_transient(e))
    }
}

/// Keys for PostgreSQL's transaction-scoped advisory locks: one space for providers, one
/// for patients, so a provider and a patient never share a lock.
const PROVIDER_LOCKS: i32 = 0x4341_0001;
const PATIENT_LOCKS: i32 = 0x4341_0002;

/// Folds an id into the 32 bits an advisory lock key holds. Two ids folding alike only
/// make their bookings wait for each other; they never allow an overlap.
fn lock_key(id: Uuid) -> i32 {
    let mut key = [0u8; 4];
    for (i, byte) in id.as_bytes().iter().enumerate() {
        key[i % 4] ^= byte;
    }
    i32::from_le_bytes(key)
}

/// One recorded change of an appointment.
#[derive(Clone, Debug)]
pub struct AppointmentEvent<'a> {
    pub at: DateTime<Utc>,
    pub actor_id: Option<UserId>,
    pub actor_kind: &'a str,
    pub action: &'a str,
    pub from_status: Option<&'a str>,
    pub to_status: Option<&'a str>,
    pub old_starts_at: Option<DateTime<Utc>>,
    pub new_starts_at: Option<DateTime<Utc>>,
    pub reason: Option<&'a str>,
}

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct AppointmentRow {
    pub id: AppointmentId,
    pub clinic_id: ClinicId,
    pub branch_id: BranchId,
    pub provider_id: ProviderId,
    pub service_id: ServiceId,
    pub booked_by: UserId,
    pub dependent_id: Option<DependentId>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub reserved_from: DateTime<Utc>,
    pub reserved_until: DateTime<Utc>,
    pub status: String,
    pub cancelled_by: Option<String>,
    pub cancel_reason: Option<String>,
    pub note_key_id: Option<String>,
    pub note_nonce: Option<Vec<u8>>,
    pub note_ciphertext: Option<Vec<u8>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct EventRow {
    pub at: DateTime<Utc>,
    pub actor_id: Option<UserId>,
    pub actor_kind: String,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub old_starts_at: Option<DateTime<Utc>>,
    pub new_starts_at: Option<DateTime<Utc>>,
    pub reason: Option<String>,
}

/// A provider's reserved interval, for availability.
#[derive(Clone, Copy, Debug, PartialEq, sqlx::FromRow)]
pub struct BusyRow {
    pub id: AppointmentId,
    pub provider_id: ProviderId,
    pub reserved_from: DateTime<Utc>,
    pub reserved_until: DateTime<Utc>,
}

pub(crate) const APPOINTMENT_COLUMNS: &str = "id, clinic_id, branch_id, provider_id, service_id, booked_by, dependent_id, \
     starts_at, ends_at, reserved_from, reserved_until, status, cancelled_by, cancel_reason, note_key_id, note_nonce, \
     note_ciphertext, created_at";

macro_rules! record_event {
    ($tx:expr, $appointment:expr, $e:expr) => {
        sqlx::query(
            "INSERT INTO appointment_events (id, appointment_id, at, actor_id, actor_kind, action, from_status, \
             to_status, old_starts_at, new_starts_at, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(Uuid::now_v7())
        .bind($appointment)
        .bind($e.at)
        .bind($e.actor_id)
        .bind($e.actor_kind)
        .bind($e.action)
        .bind($e.from_status)
        .bind($e.to_status)
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
        let taken: Option<i32> = sqlx::query_scalar(&format!(
            "SELECT 1 FROM appointments WHERE provider_id = $1 AND status IN {ACTIVE_STATUSES} \
             AND reserved_from < $3 AND reserved_until > $2 AND id <> $4 LIMIT 1"
        ))
        .bind($provider)
        .bind($from)
        .bind($until)
        .bind($except)
        .fetch_optional(&mut *$tx)
        .await?;
        if taken.is_some() {
            return Err(BookingConflict::SlotTaken);
        }
        let busy: Option<i32> = sqlx::query_scalar(&format!(
            "SELECT 1 FROM appointments WHERE patient_key = $1 AND status IN {ACTIVE_STATUSES} \
             AND starts_at < $3 AND ends_at > $2 AND id <> $4 LIMIT 1"
        ))
        .bind($patient)
        .bind($starts)
        .bind($ends)
        .bind($except)
        .fetch_optional(&mut *$tx)
        .await?;
        if busy.is_some() {
            return Err(BookingConflict::PatientBusy);
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

/// The clinic's cap on one patient's upcoming visits, counted inside the booking's
/// transaction after the patient's lock, so concurrent bookings cannot pass it together.
/// The cap is per person booked: a guardian and each dependent have their own.
macro_rules! check_upcoming_cap {
    ($tx:expr, $clinic:expr, $patient:expr, $now:expr) => {{
        let cap: i32 =
            sqlx::query_scalar("SELECT max_upcoming_per_patient FROM clinics WHERE id = $1")
                .bind($clinic)
                .fetch_one(&mut *$tx)
                .await?;
        let held: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM appointments WHERE clinic_id = $1 AND patient_key = $2 \
             AND status IN {ACTIVE_STATUSES} AND starts_at > $3"
        ))
        .bind($clinic)
        .bind($patient)
        .bind($now)
        .fetch_one(&mut *$tx)
        .await?;
        if held >= i64::from(cap) {
            return Err(BookingConflict::TooManyUpcoming);
        }
    }};
}

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
            Err(BookingConflict::Store(StoreError::Database(ref e)))
                if super::is_unique_violation(e) =>
            {
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
        match &self.pool {
            super::Pool::Sqlite(pool) => {
                let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                let r = book_in!(tx, false, a, event, messages, now);
                if r.is_ok() {
                    tx.commit().await?;
                }
                r
            }
            super::Pool::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                let r = book_in!(tx, true, a, event, messages, now);
                if r.is_ok() {
                    tx.commit().await?;
                }
                r
            }
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
        event: &AppointmentEvent<'_>,
        messages: &[NewMessage],
        cancel_kinds: &[&str],
        now: DateTime<Utc>,
    ) -> Result<(), BookingConflict> {
        retrying("reschedule", || async {
            match &self.pool {
                super::Pool::Sqlite(pool) => {
                    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                    let r = reschedule_in!(
                        tx,
                        false,
                        id,
                        starts_at,
                        ends_at,
                        reserved_from,
                        reserved_until,
                        event,
                        messages,
                        cancel_kinds,
                        now
                    );
                    if r.is_ok() {
                        tx.commit().await?;
                    }
                    r
                }
                super::Pool::Postgres(pool) => {
                    let mut tx = pool.begin().await?;
                    let r = reschedule_in!(
                        tx,
                        true,
                        id,
                        starts_at,
                        ends_at,
                        reserved_from,
                        reserved_until,
                        event,
                        messages,
                        cancel_kinds,
                        now
                    );
                    if r.is_ok() {
                        tx.commit().await?;
                    }
                    r
                }
            }
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
        event: &AppointmentEvent<'_>,
        messages: &[NewMessage],
        cancel_kinds: &[&str],
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        retrying("set_appointment_status", || async {
            self.set_status_once(
                id,
                expected,
                status,
                cancelled_by,
                reason,
                event,
                messages,
                cancel_kinds,
                now,
            )
            .await
        })
        .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn set_status_once(
        &self,
        id: AppointmentId,
        expected: &str,
        status: &str,
        cancelled_by: Option<&str>,
        reason: Option<&str>,
        event: &AppointmentEvent<'_>,
        messages: &[NewMessage],
        cancel_kinds: &[&str],
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
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
            for kind in cancel_kinds {
                sqlx::query(
                    "UPDATE outbox SET status = 'cancelled', updated_at = $1 WHERE appointment_id = $2 \
                     AND kind = $3 AND status = 'pending'",
                )
                .bind(now)
                .bind(id)
                .bind(*kind)
                .execute(&mut *tx)
                .await?;
            }
            for m in messages {
                enqueue!(tx, m, now)?;
            }
            Ok(true)
        })
    }

    pub async fn appointment(&self, id: AppointmentId) -> Result<AppointmentRow, StoreError> {
        let row = with_pool!(self, pool => {
            sqlx::query_as(&format!("SELECT {APPOINTMENT_COLUMNS} FROM appointments WHERE id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await
        })?;
        found(row)
    }

    pub async fn appointment_events(&self, id: AppointmentId) -> Result<Vec<EventRow>, StoreError> {
        let rows = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT at, actor_id, actor_kind, action, from_status, to_status, old_starts_at, new_starts_at, reason \
                 FROM appointment_events WHERE appointment_id = $1 ORDER BY at, id",
            )
            .bind(id)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }

    /// Reserved intervals of a clinic's active appointments overlapping `[from, to)`.
    pub async fn busy_intervals(
        &self,
        clinic: ClinicId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<BusyRow>, StoreError> {
        let rows = with_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT id, provider_id, reserved_from, reserved_until FROM appointments WHERE clinic_id = $1 \
                 AND status IN {ACTIVE_STATUSES} AND reserved_until > $2 AND reserved_from < $3 \
                 ORDER BY provider_id, reserved_from"
            ))
            .bind(clinic)
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }

    /// How many active appointments each provider has on `[from, to)`, to spread
    /// "any provider" bookings fairly.
    pub async fn provider_load(
        &self,
        clinic: ClinicId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<(ProviderId, i64)>, StoreError> {
        let rows = with_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT provider_id, COUNT(*) FROM appointments WHERE clinic_id = $1 AND status IN {ACTIVE_STATUSES} \
                 AND starts_at >= $2 AND starts_at < $3 GROUP BY provider_id"
            ))
            .bind(clinic)
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }

    /// The appointments an account holder booked (for themselves or their dependents).
    pub async fn appointments_booked_by(
        &self,
        user: UserId,
    ) -> Result<Vec<AppointmentRow>, StoreError> {
        let rows = with_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {APPOINTMENT_COLUMNS} FROM appointments WHERE booked_by = $1 ORDER BY starts_at"
            ))
            .bind(user)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }

    /// One person's visits still to come (booked or confirmed, starting after `now`) that
    /// `booked_by` made, in time order.
    pub async fn upcoming_for_patient(
        &self,
        booked_by: UserId,
        patient_key: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Vec<AppointmentRow>, StoreError> {
        let rows = with_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {APPOINTMENT_COLUMNS} FROM appointments WHERE booked_by = $1 AND patient_key = $2 \
                 AND status IN ('booked', 'confirmed') AND starts_at > $3 ORDER BY starts_at"
            ))
            .bind(booked_by)
            .bind(patient_key)
            .bind(now)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }

    /// A clinic's appointments starting in `[from, to)`, optionally one provider's.
    pub async fn clinic_appointments(
        &self,
        clinic: ClinicId,
        provider: Option<ProviderId>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<AppointmentRow>, StoreError> {
        let rows = with_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {APPOINTMENT_COLUMNS} FROM appointments WHERE clinic_id = $1 \
                 AND ($2 IS NULL OR provider_id = $2) AND starts_at >= $3 AND starts_at < $4 ORDER BY starts_at"
            ))
            .bind(clinic)
            .bind(provider)
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }

    /// Whether a person (account holder or dependent) has any appointment at a clinic:
    /// the need-to-know test for that clinic's staff.
    pub async fn is_patient_of(
        &self,
        clinic: ClinicId,
        patient_key: Uuid,
    ) -> Result<bool, StoreError> {
        let n: Option<i32> = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT 1 FROM appointments WHERE clinic_id = $1 AND (patient_key = $2 OR booked_by = $2) LIMIT 1")
                .bind(clinic)
                .bind(patient_key)
                .fetch_optional(pool)
                .await
        })?;
        Ok(n.is_some())
    }

    pub fn is_postgres(&self) -> bool {
        self.backend() == Backend::Postgres
    }
}

macro_rules! book_in {
    ($tx:ident, $postgres:expr, $a:expr, $event:expr, $messages:expr, $now:expr) => {
        async {
            lock_people!($tx, $postgres, $a.provider_id.0, $a.patient_key());
            check_free!($tx, $a.provider_id, $a.patient_key(), $a.reserved_from, $a.reserved_until, $a.starts_at, $a.ends_at, Uuid::nil());
            check_upcoming_cap!($tx, $a.clinic_id, $a.patient_key(), $now);
            let note = $a.note.as_ref();
            sqlx::query(
                "INSERT INTO appointments (id, clinic_id, branch_id, provider_id, service_id, booked_by, dependent_id, \
                 patient_key, starts_at, ends_at, reserved_from, reserved_until, status, idempotency_key, note_key_id, \
                 note_nonce, note_ciphertext, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, \
                 $11, $12, 'booked', $13, $14, $15, $16, $17, $17)",
            )
            .bind($a.id)
            .bind($a.clinic_id)
            .bind($a.branch_id)
            .bind($a.provider_id)
            .bind($a.service_id)
            .bind($a.booked_by)
            .bind($a.dependent_id)
            .bind($a.patient_key())
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
            .await?;
            record_event!($tx, $a.id, $event)?;
            for m in $messages {
                enqueue!($tx, m, $now)?;
            }
            Ok::<_, BookingConflict>($a.id)
        }
        .await
    };
}
use book_in;

macro_rules! reschedule_in {
    ($tx:ident, $postgres:expr, $id:expr, $starts:expr, $ends:expr, $from:expr, $until:expr, $event:expr, $messages:expr, $cancel:expr, $now:expr) => {
        async {
            let current: Option<(ProviderId, Uuid, String)> =
                sqlx::query_as("SELECT provider_id, patient_key, status FROM appointments WHERE id = $1")
                    .bind($id)
                    .fetch_optional(&mut *$tx)
                    .await?;
            let (provider, patient, status) = current.ok_or(BookingConflict::Store(StoreError::NotFound))?;
            if !matches!(status.as_str(), "booked" | "confirmed") {
                return Err(BookingConflict::NotMovable);
            }
            lock_people!($tx, $postgres, provider.0, patient);
            check_free!($tx, provider, patient, $from, $until, $starts, $ends, $id);
            // The status is checked again by the update itself: a cancellation that
            // committed since the read above leaves no row to move, and the move fails
            // instead of reviving the visit.
            let moved = sqlx::query(
                "UPDATE appointments SET starts_at = $1, ends_at = $2, reserved_from = $3, reserved_until = $4, \
                 status = 'booked', updated_at = $5 WHERE id = $6 AND status IN ('booked', 'confirmed')",
            )
            .bind($starts)
            .bind($ends)
            .bind($from)
            .bind($until)
            .bind($now)
            .bind($id)
            .execute(&mut *$tx)
            .await?
            .rows_affected();
            if moved == 0 {
                return Err(BookingConflict::NotMovable);
            }
            record_event!($tx, $id, $event)?;
            for kind in $cancel {
                sqlx::query(
                    "UPDATE outbox SET status = 'cancelled', updated_at = $1 WHERE appointment_id = $2 \
                     AND kind = $3 AND status = 'pending'",
                )
                .bind($now)
                .bind($id)
                .bind(*kind)
                .execute(&mut *$tx)
                .await?;
            }
            for m in $messages {
                enqueue!($tx, m, $now)?;
            }
            Ok::<_, BookingConflict>(())
        }
        .await
    };
}
use reschedule_in;
