//! A clinic's settings as its staff see them.

use crate::domain::{messaging::Channel, people::ProfileFieldRules, text::Localized};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClinicSettings {
    pub slug: String,
    pub name: Localized,
    pub rules: ProfileFieldRules,
    /// Whether the caller may change the settings (owner or admin).
    pub can_edit: bool,
    pub policy: BookingPolicyView,
    /// The channels the clinic's messages may use, in the order they are tried.
    pub channels: Vec<Channel>,
    /// The channels this deployment has a provider for; the others are skipped even when
    /// turned on here.
    pub deliverable: Vec<Channel>,
}

/// When patients may book and change, and when they are reminded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BookingPolicyView {
    pub min_notice_min: i32,
    pub horizon_days: i32,
    pub slot_step_min: i32,
    pub cancel_cutoff_min: i32,
    /// Upcoming appointments one patient (each person booked) may hold at the clinic.
    pub max_upcoming_per_patient: i32,
    /// Minutes before the visit, comma-separated (`1440,120`).
    pub reminder_offsets: String,
}
