//! A clinic's registration and setup as its owner and the operators see them.

use crate::domain::{
    clinic_setup::{ClinicSignup, SetupStep},
    text::Localized,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What the registration page needs to know before it shows the form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewClinicInfo {
    pub signed_in: bool,
    pub signup: ClinicSignup,
    /// Whether this caller may register a clinic at all.
    pub may_register: bool,
    /// Whether their clinic waits for an operator before patients see it.
    pub needs_approval: bool,
}

/// The answer to "is this address free?" while the owner types it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlugCheck {
    /// The address as it would be stored (trimmed, lower-case).
    pub slug: String,
    pub available: bool,
    /// Why not, in the caller's language.
    pub problem: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChecklistStep {
    pub step: SetupStep,
    pub done: bool,
}

/// The dashboard's checklist from an empty clinic to a bookable, published one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SetupChecklist {
    pub slug: String,
    pub steps: Vec<ChecklistStep>,
    pub published: bool,
    pub approved: bool,
    /// Owners and admins may publish; other staff see the list only.
    pub can_publish: bool,
}

impl SetupChecklist {
    /// Patients can find it: the checklist has nothing left to say.
    pub fn listed(&self) -> bool {
        self.published && self.approved
    }
}

/// A clinic waiting for an operator's approval.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingClinic {
    pub slug: String,
    pub name: Localized,
    pub registered_at: DateTime<Utc>,
    pub published: bool,
}
