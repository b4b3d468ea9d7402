//! Accounts, their sign-in methods, consents and profile pictures.

use super::{
    NewMessage, Store, StoreError, found, is_unique_violation, outbox::enqueue, with_pool, with_tx,
};
use crate::domain::{
    contact::{Email, PhoneNumber},
    identity::{IdentityKind, VerifiedIdentity},
    ids::{IdentityId, PictureId, UserId},
    lang::Lang,
    messaging::Channel,
    people::Gender,
};
use chrono::{DateTime, NaiveDate, Utc};
use tracing::instrument;
use uuid::Uuid;

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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsentKind {
    PrivacyNotice,
    Gender,
    DateOfBirth,
    Picture,
}

impl ConsentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentKind::PrivacyNotice => "privacy_notice",
            ConsentKind::Gender => "gender",
            ConsentKind::DateOfBirth => "date_of_birth",
            ConsentKind::Picture => "picture",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "privacy_notice" => Some(ConsentKind::PrivacyNotice),
            "gender" => Some(ConsentKind::Gender),
            "date_of_birth" => Some(ConsentKind::DateOfBirth),
            "picture" => Some(ConsentKind::Picture),
            _ => None,
        }
    }
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

#[derive(sqlx::FromRow)]
struct UserRow {
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
        let corrupt = |what: &str| StoreError::Corrupt(format!("user {what}"));
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
struct IdentityRow {
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
                .ok_or_else(|| StoreError::Corrupt(format!("identity kind {}", r.provider)))?,
            issuer: r.issuer,
            subject: r.subject,
            label: r.label,
            created_at: r.created_at,
            last_used_at: r.last_used_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct ConsentRow {
    kind: String,
    version: String,
    granted_at: DateTime<Utc>,
    withdrawn_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct PictureRow {
    id: PictureId,
    owner_id: UserId,
    content_type: String,
    bytes: Vec<u8>,
}

const USER_COLUMNS: &str = "id, full_name, email, phone, gender, date_of_birth, picture_id, lang, preferred_channel, created_at";

/// Inserts one identity row; expanded per backend inside a transaction.
macro_rules! insert_identity {
    ($tx:expr, $id:expr, $user:expr, $identity:expr, $now:expr) => {
        sqlx::query(
            "INSERT INTO identities (id, user_id, provider, issuer, subject, label, contact, created_at, last_used_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
        )
        .bind($id)
        .bind($user)
        .bind($identity.kind.as_str())
        .bind(&$identity.issuer)
        .bind(&$identity.subject)
        .bind($identity.label())
        .bind($identity.contact())
        .bind($now)
        .execute(&mut *$tx)
        .await
    };
}

/// Records that an identity proved an email or phone, unless another account holds it.
/// Only the contact the method itself backs ([`VerifiedIdentity::contact`]) is copied, so
/// removing the method can take it away again.
macro_rules! adopt_contacts {
    ($tx:expr, $user:expr, $identity:expr) => {{
        if let Some(email) = $identity
            .verified_email
            .as_ref()
            .filter(|_| $identity.kind != IdentityKind::Phone)
        {
            sqlx::query(
                "UPDATE users SET email = $1 WHERE id = $2 AND email IS NULL \
                 AND NOT EXISTS (SELECT 1 FROM users WHERE email = $1)",
            )
            .bind(email.as_str())
            .bind($user)
            .execute(&mut *$tx)
            .await?;
        }
        if let Some(phone) = $identity
            .verified_phone
            .as_ref()
            .filter(|_| $identity.kind == IdentityKind::Phone)
        {
            sqlx::query(
                "UPDATE users SET phone = $1 WHERE id = $2 AND phone IS NULL \
                 AND NOT EXISTS (SELECT 1 FROM users WHERE phone = $1)",
            )
            .bind(phone.as_str())
            .bind($user)
            .execute(&mut *$tx)
            .await?;
        }
    }};
}

/// Records a consent unless an active one of the same kind exists.
macro_rules! grant_consent {
    ($tx:expr, $user:expr, $kind:expr, $version:expr, $now:expr) => {
        sqlx::query(
            "INSERT INTO consents (id, user_id, kind, version, granted_at) \
             SELECT $1, $2, $3, $4, $5 WHERE NOT EXISTS \
             (SELECT 1 FROM consents WHERE user_id = $2 AND kind = $3 AND withdrawn_at IS NULL)",
        )
        .bind(Uuid::now_v7())
        .bind($user)
        .bind($kind.as_str())
        .bind($version)
        .bind($now)
        .execute(&mut *$tx)
        .await
    };
}

macro_rules! withdraw_consent {
    ($tx:expr, $user:expr, $kind:expr, $now:expr) => {
        sqlx::query("UPDATE consents SET withdrawn_at = $1 WHERE user_id = $2 AND kind = $3 AND withdrawn_at IS NULL")
            .bind($now)
            .bind($user)
            .bind($kind.as_str())
            .execute(&mut *$tx)
            .await
    };
}

impl Store {
    #[instrument(skip_all)]
    pub async fn user(&self, id: UserId) -> Result<User, StoreError> {
        let row: Option<UserRow> = with_pool!(self, pool => {
            sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await
        })?;
        found(row)?.try_into()
    }

    /// The account a sign-in method belongs to, marking the method as just used.
    #[instrument(skip_all, fields(kind = identity.kind.as_str()))]
    pub async fn identity_owner(
        &self,
        identity: &VerifiedIdentity,
        now: DateTime<Utc>,
    ) -> Result<Option<UserId>, StoreError> {
        let owner: Option<UserId> = with_pool!(self, pool => {
            sqlx::query_scalar(
                "UPDATE identities SET last_used_at = $4 WHERE provider = $1 AND issuer = $2 AND subject = $3 \
                 RETURNING user_id",
            )
            .bind(identity.kind.as_str())
            .bind(&identity.issuer)
            .bind(&identity.subject)
            .bind(now)
            .fetch_optional(pool)
            .await
        })?;
        Ok(owner)
    }

    /// The account and the stored method a completed sign-in matches, marking the method
    /// as just used and recording the contact it proves now (a provider's verified email
    /// may change, or stop being asserted).
    #[instrument(skip_all, fields(kind = identity.kind.as_str()))]
    pub async fn sign_in_method(
        &self,
        identity: &VerifiedIdentity,
        now: DateTime<Utc>,
    ) -> Result<Option<(UserId, IdentityId)>, StoreError> {
        let found: Option<(UserId, IdentityId)> = with_pool!(self, pool => {
            sqlx::query_as(
                "UPDATE identities SET last_used_at = $4, contact = $5 \
                 WHERE provider = $1 AND issuer = $2 AND subject = $3 RETURNING user_id, id",
            )
            .bind(identity.kind.as_str())
            .bind(&identity.issuer)
            .bind(&identity.subject)
            .bind(now)
            .bind(identity.contact())
            .fetch_optional(pool)
            .await
        })?;
        Ok(found)
    }

    /// The account one of whose current sign-in methods proved the same contact as
    /// `identity`, if any. Contacts merely left on an account row never match.
    #[instrument(skip_all)]
    pub async fn user_with_contact_of(
        &self,
        identity: &VerifiedIdentity,
    ) -> Result<Option<UserId>, StoreError> {
        let Some(contact) = identity.contact().map(str::to_owned) else {
            return Ok(None);
        };
        let id: Option<UserId> = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT user_id FROM identities WHERE contact = $1 LIMIT 1")
                .bind(contact)
                .fetch_optional(pool)
                .await
        })?;
        Ok(id)
    }

    /// Creates an account with its first sign-in method and the privacy-notice consent,
    /// all or nothing.
    #[instrument(skip_all, fields(kind = identity.kind.as_str()))]
    pub async fn create_user(
        &self,
        new: &NewUser,
        identity: &VerifiedIdentity,
        now: DateTime<Utc>,
    ) -> Result<UserId, StoreError> {
        let id = UserId(Uuid::now_v7());
        let result = with_tx!(self, tx => {
            sqlx::query(
                "INSERT INTO users (id, full_name, lang, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)",
            )
            .bind(id)
            .bind(&new.full_name)
            .bind(new.lang.code())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            insert_identity!(tx, IdentityId(Uuid::now_v7()), id, identity, now)?;
            adopt_contacts!(tx, id, identity);
            grant_consent!(tx, id, ConsentKind::PrivacyNotice, &new.privacy_version, now)?;
            Ok(id)
        });
        result.map_err(|e| match e {
            StoreError::Database(ref db) if is_unique_violation(db) => {
                StoreError::Conflict("sign-in method")
            }
            other => other,
        })
    }

    /// Adds a sign-in method to an account, queuing `notices` in the same transaction.
    /// Fails with `Conflict` when the method already belongs to an account.
    #[instrument(skip_all, fields(kind = identity.kind.as_str()))]
    pub async fn attach_identity(
        &self,
        user: UserId,
        identity: &VerifiedIdentity,
        notices: &[NewMessage],
        now: DateTime<Utc>,
    ) -> Result<IdentityId, StoreError> {
        let id = IdentityId(Uuid::now_v7());
        let result = with_tx!(self, tx => {
            insert_identity!(tx, id, user, identity, now)?;
            adopt_contacts!(tx, user, identity);
            for notice in notices {
                enqueue!(tx, notice, now)?;
            }
            Ok(id)
        });
        result.map_err(|e| match e {
            StoreError::Database(ref db) if is_unique_violation(db) => {
                StoreError::Conflict("sign-in method")
            }
            other => other,
        })
    }

    pub async fn identities(&self, user: UserId) -> Result<Vec<Identity>, StoreError> {
        let rows: Vec<IdentityRow> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, user_id, provider, issuer, subject, label, created_at, last_used_at \
                 FROM identities WHERE user_id = $1 ORDER BY created_at",
            )
            .bind(user)
            .fetch_all(pool)
            .await
        })?;
        rows.into_iter().map(Identity::try_from).collect()
    }

    /// Removes a sign-in method, refusing to remove the last one (the account would be
    /// unreachable). In the same transaction: the sessions it created end, the contact
    /// it put on the account is cleared unless another method still backs it, and
    /// `notices` are queued.
    #[instrument(skip_all)]
    pub async fn detach_identity(
        &self,
        user: UserId,
        identity: IdentityId,
        notices: &[NewMessage],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        with_tx!(self, tx => {
            let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM identities WHERE user_id = $1")
                .bind(user)
                .fetch_one(&mut *tx)
                .await?;
            let owned: Option<(String, Option<String>)> = sqlx::query_as(
                "SELECT provider, contact FROM identities WHERE id = $1 AND user_id = $2",
            )
            .bind(identity)
            .bind(user)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((_, contact)) = owned else {
                return Err(StoreError::NotFound);
            };
            if count <= 1 {
                return Err(StoreError::Refused("last sign-in method"));
            }
            sqlx::query("DELETE FROM sessions WHERE identity_id = $1 AND user_id = $2")
                .bind(identity)
                .bind(user)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM identities WHERE id = $1 AND user_id = $2")
                .bind(identity)
                .bind(user)
                .execute(&mut *tx)
                .await?;
            if let Some(contact) = contact {
                for column in ["email", "phone"] {
                    sqlx::query(&format!(
                        "UPDATE users SET {column} = NULL, updated_at = $3 WHERE id = $1 AND {column} = $2 \
                         AND NOT EXISTS (SELECT 1 FROM identities WHERE user_id = $1 AND contact = $2)"
                    ))
                    .bind(user)
                    .bind(&contact)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            for notice in notices {
                enqueue!(tx, notice, now)?;
            }
            Ok(())
        })
    }

    /// Sets the language the account's messages are written in.
    #[instrument(skip_all)]
    pub async fn set_user_lang(
        &self,
        user: UserId,
        lang: Lang,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let changed = with_pool!(self, pool => {
            sqlx::query("UPDATE users SET lang = $1, updated_at = $2 WHERE id = $3")
                .bind(lang.code())
                .bind(now)
                .bind(user)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        })?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Saves the profile; consents to optional fields follow what is kept.
    #[instrument(skip_all)]
    pub async fn update_profile(
        &self,
        user: UserId,
        update: &ProfileUpdate,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        with_tx!(self, tx => {
            let changed = sqlx::query(
                "UPDATE users SET full_name = $1, gender = $2, date_of_birth = $3, lang = $4, \
                 preferred_channel = $5, updated_at = $6 WHERE id = $7",
            )
            .bind(&update.full_name)
            .bind(update.gender.map(Gender::as_str))
            .bind(update.date_of_birth)
            .bind(update.lang.code())
            .bind(update.preferred_channel.map(Channel::as_str))
            .bind(now)
            .bind(user)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Err(StoreError::NotFound);
            }
            for (kind, kept) in [
                (ConsentKind::Gender, update.gender.is_some()),
                (ConsentKind::DateOfBirth, update.date_of_birth.is_some()),
            ] {
                if kept {
                    grant_consent!(tx, user, kind, &update.consent_version, now)?;
                } else {
                    withdraw_consent!(tx, user, kind, now)?;
                }
            }
            Ok(())
        })
    }

    pub async fn consents(&self, user: UserId) -> Result<Vec<Consent>, StoreError> {
        let rows: Vec<ConsentRow> = with_pool!(self, pool => {
            sqlx::query_as("SELECT kind, version, granted_at, withdrawn_at FROM consents WHERE user_id = $1 ORDER BY granted_at")
                .bind(user)
                .fetch_all(pool)
                .await
        })?;
        rows.into_iter()
            .map(|r| {
                Ok(Consent {
                    kind: ConsentKind::parse(&r.kind)
                        .ok_or_else(|| StoreError::Corrupt(format!("consent {}", r.kind)))?,
                    version: r.version,
                    granted_at: r.granted_at,
                    withdrawn_at: r.withdrawn_at,
                })
            })
            .collect()
    }

    /// Replaces the account's picture (already re-encoded by the caller).
    #[instrument(skip_all)]
    pub async fn set_picture(
        &self,
        user: UserId,
        content_type: &str,
        bytes: &[u8],
        consent_version: &str,
        now: DateTime<Utc>,
    ) -> Result<PictureId, StoreError> {
        let id = PictureId(Uuid::now_v7());
        with_tx!(self, tx => {
            sqlx::query("INSERT INTO pictures (id, owner_id, content_type, bytes, created_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(id)
                .bind(user)
                .bind(content_type)
                .bind(bytes)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE users SET picture_id = $1, updated_at = $2 WHERE id = $3")
                .bind(id)
                .bind(now)
                .bind(user)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM pictures WHERE owner_id = $1 AND id <> $2")
                .bind(user)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            grant_consent!(tx, user, ConsentKind::Picture, consent_version, now)?;
            Ok(id)
        })
    }

    #[instrument(skip_all)]
    pub async fn remove_picture(&self, user: UserId, now: DateTime<Utc>) -> Result<(), StoreError> {
        with_tx!(self, tx => {
            sqlx::query("UPDATE users SET picture_id = NULL, updated_at = $1 WHERE id = $2")
                .bind(now)
                .bind(user)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM pictures WHERE owner_id = $1")
                .bind(user)
                .execute(&mut *tx)
                .await?;
            withdraw_consent!(tx, user, ConsentKind::Picture, now)?;
            Ok(())
        })
    }

    pub async fn picture(&self, id: PictureId) -> Result<Picture, StoreError> {
        let row: Option<PictureRow> = with_pool!(self, pool => {
            sqlx::query_as("SELECT id, owner_id, content_type, bytes FROM pictures WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await
        })?;
        let r = found(row)?;
        Ok(Picture {
            id: r.id,
            owner_id: r.owner_id,
            content_type: r.content_type,
            bytes: r.bytes,
        })
    }
}
