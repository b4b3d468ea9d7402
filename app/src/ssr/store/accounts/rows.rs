//! Account rows as the database holds them, converted into domain types here: a value
//! that does not parse is a [`StoreError::Corrupt`], never a default.

use super::{Consent, ConsentKind, Identity, Picture, User};
use crate::{
    domain::{
        contact::{Email, PhoneNumber},
        identity::IdentityKind,
        ids::{IdentityId, PictureId, UserId},
        lang::Lang,
        messaging::Channel,
        people::Gender,
    },
    ssr::store::StoreError,
};
use chrono::{DateTime, NaiveDate, Utc};

#[derive(sqlx::FromRow)]
pub(super) struct UserRow {
    id: UserId,
    full_name: String,
    email: Option<String>,
    phone: Option<String>,
    gender: Option<String>,
    date_of_birth: Option<NaiveDate>,
    picture_id: Option<PictureId>,
    lang: String,
    preferred_channel: Option<String>,
    created_at: DateTime<Utc>,
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;
    fn try_from(r: UserRow) -> Result<Self, StoreError> {
        let corrupt = |what: &str| StoreError::corrupt(format!("user {what}"));
        Ok(User {
            id: r.id,
            full_name: r.full_name,
            email: r
                .email
                .map(|e| Email::parse(&e).map_err(|_| corrupt("email")))
                .transpose()?,
            phone: r
                .phone
                .map(|p| PhoneNumber::parse(&p, None).map_err(|_| corrupt("phone")))
                .transpose()?,
            gender: r
                .gender
                .map(|g| Gender::parse(&g).ok_or_else(|| corrupt("gender")))
                .transpose()?,
            date_of_birth: r.date_of_birth,
            picture_id: r.picture_id,
            lang: Lang::parse(&r.lang).ok_or_else(|| corrupt("lang"))?,
            preferred_channel: r
                .preferred_channel
                .map(|c| Channel::parse(&c).ok_or_else(|| corrupt("channel")))
                .transpose()?,
            created_at: r.created_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct IdentityRow {
    id: IdentityId,
    user_id: UserId,
    provider: String,
    issuer: String,
    subject: String,
    label: String,
    created_at: DateTime<Utc>,
    last_used_at: DateTime<Utc>,
}

impl TryFrom<IdentityRow> for Identity {
    type Error = StoreError;
    fn try_from(r: IdentityRow) -> Result<Self, StoreError> {
        Ok(Identity {
            id: r.id,
            user_id: r.user_id,
            kind: IdentityKind::parse(&r.provider)
                .ok_or_else(|| StoreError::corrupt(format!("identity kind {}", r.provider)))?,
            issuer: r.issuer,
            subject: r.subject,
            label: r.label,
            created_at: r.created_at,
            last_used_at: r.last_used_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct ConsentRow {
    kind: String,
    version: String,
    granted_at: DateTime<Utc>,
    withdrawn_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
pub(super) struct PictureRow {
    id: PictureId,
    owner_id: UserId,
    content_type: String,
    bytes: Vec<u8>,
}

pub(super) const USER_COLUMNS: &str = "id, full_name, email, phone, gender, date_of_birth, picture_id, lang, preferred_channel, created_at";

impl TryFrom<ConsentRow> for Consent {
    type Error = StoreError;
    fn try_from(r: ConsentRow) -> Result<Self, StoreError> {
        Ok(Consent {
            kind: ConsentKind::parse(&r.kind)
                .ok_or_else(|| StoreError::corrupt(format!("consent {}", r.kind)))?,
            version: r.version,
            granted_at: r.granted_at,
            withdrawn_at: r.withdrawn_at,
        })
    }
}

impl From<PictureRow> for Picture {
    fn from(r: PictureRow) -> Self {
        Picture {
            id: r.id,
            owner_id: r.owner_id,
            content_type: r.content_type,
            bytes: r.bytes,
        }
    }
}
