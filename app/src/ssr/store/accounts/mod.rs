//! Accounts: [`users`] and their profiles, sign-in methods ([`identities`]),
//! [`consents`] and profile [`pictures`]. Rows become domain types in [`rows`], at the
//! store's edge.

mod consents;
mod identities;
mod pictures;
mod rows;
mod signed_in;
mod users;

pub use signed_in::SignedIn;

pub use crate::domain::consent::ConsentKind;
use crate::domain::{
    contact::{Email, PhoneNumber},
    identity::IdentityKind,
    ids::{IdentityId, PictureId, UserId},
    lang::Lang,
    messaging::Channel,
    people::Gender,
};
use chrono::{DateTime, NaiveDate, Utc};

#[derive(Clone, Debug, PartialEq)]
pub struct User {
    pub id: UserId,
    pub full_name: String,
    pub email: Option<Email>,
    pub phone: Option<PhoneNumber>,
    pub gender: Option<Gender>,
    pub date_of_birth: Option<NaiveDate>,
    pub picture_id: Option<PictureId>,
    pub lang: Lang,
    pub preferred_channel: Option<Channel>,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug)]
pub struct NewUser {
    pub full_name: String,
    pub lang: Lang,
    pub privacy_version: String,
}

/// A change to the optional profile fields. `None` clears a field; consent to keep an
/// optional field is recorded when it is first given and withdrawn when it is cleared.
#[derive(Clone, Debug)]
pub struct ProfileUpdate {
    pub full_name: String,
    pub gender: Option<Gender>,
    pub date_of_birth: Option<NaiveDate>,
    pub lang: Lang,
    pub preferred_channel: Option<Channel>,
    pub consent_version: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Identity {
    pub id: IdentityId,
    pub user_id: UserId,
    pub kind: IdentityKind,
    pub issuer: String,
    pub subject: String,
    pub label: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Consent {
    pub kind: ConsentKind,
    pub version: String,
    pub granted_at: DateTime<Utc>,
    pub withdrawn_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug)]
pub struct Picture {
    pub id: PictureId,
    pub owner_id: UserId,
    pub content_type: String,
    pub bytes: Vec<u8>,
}
