//! What the profile and dependents pages show: the signed-in person's own data, or their
//! dependents', never anyone else's.

use super::appointments::AppointmentSummary;
use crate::domain::{
    ids::DependentId,
    lang::Lang,
    messaging::Channel,
    people::{Gender, ProfileFieldRules},
    text::Localized,
};
use chrono::NaiveDate;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProfileView {
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub gender: Option<Gender>,
    pub date_of_birth: Option<NaiveDate>,
    pub picture_url: Option<String>,
    pub lang: Lang,
    pub preferred_channel: Option<Channel>,
    /// When the form is shown for booking with a clinic: what that clinic asks for.
    pub clinic: Option<ClinicRules>,
    pub consents: Vec<ConsentView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClinicRules {
    pub slug: String,
    pub name: Localized,
    pub rules: ProfileFieldRules,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConsentView {
    pub kind: crate::domain::consent::ConsentKind,
    pub version: String,
    pub granted: DateTime<Utc>,
    pub withdrawn: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DependentView {
    pub id: DependentId,
    pub full_name: String,
    pub date_of_birth: NaiveDate,
    pub gender: Option<Gender>,
    pub age: i32,
    /// Visits still to come, which removing this person cancels (after confirmation).
    pub upcoming: Vec<AppointmentSummary>,
}
