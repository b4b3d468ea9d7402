//! Appointments as lists and the appointment page show them.

use super::messages::LoggedMessage;
use crate::domain::{
    booking::{Action, ActorKind, AppointmentStatus},
    display::DisplaySettings,
    history::Change,
    ids::{AppointmentId, FileId},
    text::Localized,
};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

/// An appointment as lists show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AppointmentSummary {
    pub id: AppointmentId,
    pub clinic_slug: String,
    pub clinic_name: Localized,
    pub branch_name: Localized,
    pub branch_address: Localized,
    pub provider_name: Localized,
    pub service_name: Localized,
    pub patient_name: String,
    pub for_dependent: bool,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Date and time in the branch's zone, and the zone's name.
    pub local_date: NaiveDate,
    pub local_time: String,
    pub time_zone: String,
    pub status: AppointmentStatus,
    /// How the clinic writes dates and numbers in Arabic.
    pub display: DisplaySettings,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileView {
    pub id: FileId,
    pub name: String,
    pub content_type: String,
    pub size_bytes: i32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventView {
    /// Times are local to the branch.
    pub at: NaiveDateTime,
    pub actor: ActorKind,
    pub action: Change,
    pub old_time: Option<NaiveDateTime>,
    pub new_time: Option<NaiveDateTime>,
    pub reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AppointmentDetails {
    pub summary: AppointmentSummary,
    pub note: Option<String>,
    pub files: Vec<FileView>,
    pub history: Vec<EventView>,
    /// The viewer is clinic staff (else the patient's account holder).
    pub as_clinic: bool,
    /// The viewer may see the clinical note and files (the patient's account holder, and
    /// staff whose role gives clinical access); otherwise both are left out.
    pub clinical: bool,
    pub can_cancel: bool,
    pub can_reschedule: bool,
    /// Staff actions allowed now.
    pub staff_actions: Vec<Action>,
    pub google_calendar_url: String,
    pub outlook_calendar_url: String,
    /// What we sent about this appointment and what became of it.
    pub messages: Vec<LoggedMessage>,
}

/// The caller's appointments, split by the server's clock into those still to come
/// (soonest first) and past ones (most recent first).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AppointmentLists {
    pub upcoming: Vec<AppointmentSummary>,
    pub past: Vec<AppointmentSummary>,
}
