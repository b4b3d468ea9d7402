//! Who may do what at a clinic.

use serde::{Deserialize, Serialize};

/// A person's role at one clinic. A person may hold roles at several clinics and still
/// book as a patient anywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Owner,
    Admin,
    Receptionist,
    Provider,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Owner, Role::Admin, Role::Receptionist, Role::Provider];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Receptionist => "receptionist",
            Role::Provider => "provider",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Changing clinic settings (hours, services, booking rules, staff).
    pub fn manages_clinic(self) -> bool {
        matches!(self, Role::Owner | Role::Admin)
    }

    /// Seeing the day's appointments and the patients behind them.
    pub fn sees_patients(self) -> bool {
        true
    }
}
