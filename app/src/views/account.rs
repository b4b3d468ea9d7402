//! What the header and the sign-in pages show. Only the signed-in person's own data
//! travels in these.

use crate::domain::{identity::IdentityKind, messaging::Channel, roles::Role, text::Localized};
use serde::{Deserialize, Serialize};

/// The signed-in person, as the header shows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub name: String,
    pub staff_of: Vec<StaffClinic>,
    /// One of this deployment's operators (`CALENTIFY_OPERATORS`).
    pub operator: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffClinic {
    pub slug: String,
    pub name: Localized,
    pub roles: Vec<Role>,
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
