//! What the booking flow shows, one step at a time.

use crate::domain::{
    ids::{AppointmentId, BranchId, DependentId, ProviderId, ServiceId},
    people::ProfileFieldRules,
    text::Localized,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// One bookable time, labelled in the branch's time zone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlotView {
    pub start: DateTime<Utc>,
    /// `HH:MM` in the branch's zone.
    pub local_time: String,
    /// The date in the branch's zone.
    pub local_date: NaiveDate,
    /// `None` when the visitor chose "any available provider".
    pub provider_id: Option<ProviderId>,
}

/// Who the patient chose to see. An enum rather than `Option<Option<_>>`, which would
/// not survive the trip to the browser (`Some(None)` and `None` both become `null`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderChoice {
    Any,
    One(ProviderId),
}

impl ProviderChoice {
    pub fn id(self) -> Option<ProviderId> {
        match self {
            ProviderChoice::Any => None,
            ProviderChoice::One(id) => Some(id),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DayView {
    pub date: NaiveDate,
    pub has_slots: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Choice<T> {
    pub id: T,
    pub name: Localized,
    pub detail: Localized,
}

/// Everything one step of the booking flow shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BookingStep {
    pub clinic_slug: String,
    pub clinic_name: Localized,
    pub services: Vec<Choice<ServiceId>>,
    pub branches: Vec<Choice<BranchId>>,
    pub providers: Vec<Choice<ProviderId>>,
    pub service: Option<ServiceId>,
    pub branch: Option<BranchId>,
    pub provider: Option<ProviderChoice>,
    pub time_zone: String,
    pub days: Vec<DayView>,
    pub date: Option<NaiveDate>,
    pub slots: Vec<SlotView>,
    pub signed_in: bool,
    pub dependents: Vec<(DependentId, String)>,
    pub rules: ProfileFieldRules,
    /// Which of the clinic's required fields the account holder has not given yet.
    pub missing_gender: bool,
    pub missing_birth_date: bool,
    pub missing_picture: bool,
    /// When moving an existing appointment.
    pub reschedule: Option<AppointmentId>,
    /// Sent back with the booking as its idempotency key: a double click or a retried
    /// submission of this page books once.
    pub form_token: String,
    /// How the clinic writes numbers and dates on its Arabic pages.
    pub display: crate::domain::display::DisplaySettings,
}
