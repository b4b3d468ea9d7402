//! What a person consented to keeping, each with the version of the text they agreed to.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentKind {
    PrivacyNotice,
    Gender,
    DateOfBirth,
    Picture,
}

impl ConsentKind {
    pub const ALL: [ConsentKind; 4] = [
        ConsentKind::PrivacyNotice,
        ConsentKind::Gender,
        ConsentKind::DateOfBirth,
        ConsentKind::Picture,
    ];

    /// As the `consents.kind` column stores it.
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentKind::PrivacyNotice => "privacy_notice",
            ConsentKind::Gender => "gender",
            ConsentKind::DateOfBirth => "date_of_birth",
            ConsentKind::Picture => "picture",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}
