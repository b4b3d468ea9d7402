//! Appointments: booking without double booking, changes with history, reads.
//!
//! [`book`] and [`changes`] each run one transaction written once for both backends;
//! [`guards`] holds the checks and locks they share.

mod batch;
mod book;
mod changes;
mod guards;
mod queue;
mod reads;
mod rows;

pub(crate) use queue::BookingQueue;

use crate::{
    domain::{
        booking::{ActorKind, AppointmentStatus},
        history::Change,
        ids::{AppointmentId, BranchId, ClinicId, DependentId, ProviderId, ServiceId, UserId},
    },
    ssr::{
        store::{
            StoreError,
            retry::{Transient, is_transient},
        },
        vault::Sealed,
    },
};
use chrono::{DateTime, Utc};
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
    pub note: Option<Sealed>,
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

/// One recorded change of an appointment.
#[derive(Clone, Debug)]
pub struct AppointmentEvent {
    pub at: DateTime<Utc>,
    pub actor_id: Option<UserId>,
    pub actor_kind: ActorKind,
    pub action: Change,
    pub from_status: Option<AppointmentStatus>,
    pub to_status: Option<AppointmentStatus>,
    pub old_starts_at: Option<DateTime<Utc>>,
    pub new_starts_at: Option<DateTime<Utc>>,
    pub reason: Option<String>,
}

/// An appointment as the store hands it out: read from its row by [`rows`], with its
/// status parsed (a status the code does not know is a corrupt row, never a default).
#[derive(Clone, Debug, PartialEq)]
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
    pub status: AppointmentStatus,
    pub cancelled_by: Option<String>,
    pub cancel_reason: Option<String>,
    pub note_key_id: Option<String>,
    pub note_nonce: Option<Vec<u8>>,
    pub note_ciphertext: Option<Vec<u8>>,
    pub created_at: DateTime<Utc>,
}

/// One entry of an appointment's history, read back into the types it was written from.
#[derive(Clone, Debug, PartialEq)]
pub struct EventRow {
    pub at: DateTime<Utc>,
    pub actor_id: Option<UserId>,
    pub actor_kind: ActorKind,
    pub action: Change,
    pub from_status: Option<AppointmentStatus>,
    pub to_status: Option<AppointmentStatus>,
    pub old_starts_at: Option<DateTime<Utc>>,
    pub new_starts_at: Option<DateTime<Utc>>,
    pub reason: Option<String>,
}

/// The `appointment_events` columns as stored.
#[derive(sqlx::FromRow)]
pub(super) struct EventColumns {
    at: DateTime<Utc>,
    actor_id: Option<UserId>,
    actor_kind: String,
    action: String,
    from_status: Option<String>,
    to_status: Option<String>,
    old_starts_at: Option<DateTime<Utc>>,
    new_starts_at: Option<DateTime<Utc>>,
    reason: Option<String>,
}

impl TryFrom<EventColumns> for EventRow {
    type Error = StoreError;

    fn try_from(c: EventColumns) -> Result<Self, StoreError> {
        let status = |raw: Option<String>| {
            raw.map(|s| {
                AppointmentStatus::parse(&s)
                    .ok_or_else(|| StoreError::corrupt(format!("appointment_events status {s:?}")))
            })
            .transpose()
        };
        Ok(EventRow {
            actor_kind: c
                .actor_kind
                .parse()
                .map_err(|e| StoreError::corrupt(format!("appointment_events.actor_kind: {e}")))?,
            action: c
                .action
                .parse()
                .map_err(|e| StoreError::corrupt(format!("appointment_events.action: {e}")))?,
            from_status: status(c.from_status)?,
            to_status: status(c.to_status)?,
            at: c.at,
            actor_id: c.actor_id,
            old_starts_at: c.old_starts_at,
            new_starts_at: c.new_starts_at,
            reason: c.reason,
        })
    }
}

/// A provider's reserved interval, for availability.
#[derive(Clone, Copy, Debug, PartialEq, sqlx::FromRow)]
pub struct BusyRow {
    pub id: AppointmentId,
    pub provider_id: ProviderId,
    pub reserved_from: DateTime<Utc>,
    pub reserved_until: DateTime<Utc>,
}
