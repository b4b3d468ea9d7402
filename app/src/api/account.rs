//! Shapes the account pages show. Only the signed-in person's own data, or their
//! dependents', ever travels in these.

use crate::domain::{
    identity::IdentityKind,
    ids::{DependentId, IdentityId, SessionId},
    lang::Lang,
    messaging::Channel,
    people::{Gender, ProfileFieldRules},
    roles::Role,
    text::Localized,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The signed-in person, as the header shows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub name: String,
    pub staff_of: Vec<StaffClinic>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffClinic {
    pub slug: String,
    pub name: Localized,
    pub roles: Vec<Role>,
}

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
    pub kind: String,
    pub version: String,
    pub granted: String,
    pub withdrawn: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DependentView {
    pub id: DependentId,
    pub full_name: String,
    pub date_of_birth: NaiveDate,
    pub gender: Option<Gender>,
    pub age: i32,
    /// Visits still to come, which removing this person cancels (after confirmation).
    pub upcoming: Vec<crate::api::booking::AppointmentSummary>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignInMethodView {
    pub id: IdentityId,
    pub kind: IdentityKind,
    pub label: String,
    pub added: String,
    pub last_used: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionView {
    pub id: SessionId,
    pub current: bool,
    pub device: String,
    pub ip: String,
    pub started: String,
    pub last_seen: String,
}

/// Which ways to sign in the sign-in page offers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SignInChoices {
    pub google: bool,
    pub facebook: bool,
    pub dev_tools: bool,
    /// Whether codes can go to a phone by SMS, and by WhatsApp, in this deployment.
    pub sms: bool,
    pub whatsapp: bool,
}

/// A message the development `log` channel "sent" (only with dev tools on).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DevMessage {
    pub at: String,
    pub channel: Channel,
    pub to: String,
    pub subject: Option<String>,
    pub text: String,
}

/// What the sign-up page shows: what the sign-in already told us.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignUpPrompt {
    pub suggested_name: String,
    pub method: IdentityKind,
    /// The provider gave a picture the person may choose to use.
    pub has_picture: bool,
}

/// What the link-confirmation page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkPrompt {
    pub method: IdentityKind,
    pub contact: String,
}

/// One entry of "who looked at your record": who and when, never the address or device
/// they looked from (staff's network details are not the patient's to know).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccessView {
    pub at: String,
    /// "you", the staff member's name, or "Calentify" for automated work.
    pub who: String,
    /// The staff member's role at the clinic (their current one; `None` once they left).
    pub role: Option<Role>,
    /// The clinic the staff member looked from.
    pub clinic: Option<String>,
    pub action: String,
}
