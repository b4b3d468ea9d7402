//! What the security page shows: sign-in methods, sessions and who looked at the record.

use crate::domain::{
    identity::IdentityKind,
    ids::{IdentityId, SessionId},
    roles::Role,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignInMethodView {
    pub id: IdentityId,
    pub kind: IdentityKind,
    pub label: String,
    pub added: DateTime<Utc>,
    pub last_used: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionView {
    pub id: SessionId,
    pub current: bool,
    pub device: String,
    pub ip: String,
    pub started: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
}

/// One entry of "who looked at your record": who and when, never the address or device
/// they looked from (staff's network details are not the patient's to know).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccessView {
    pub at: DateTime<Utc>,
    /// "you", the staff member's name, or "Calentify" for automated work.
    pub who: String,
    /// The staff member's role at the clinic (their current one; `None` once they left).
    pub role: Option<Role>,
    /// The clinic the staff member looked from.
    pub clinic: Option<String>,
    pub action: crate::domain::access_action::AccessAction,
}
