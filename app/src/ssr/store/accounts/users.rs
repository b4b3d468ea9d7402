//! Accounts and their profiles.

use super::{
    ConsentKind, NewUser, ProfileUpdate, User,
    consents::{grant_consent, withdraw_consent},
    identities::{adopt_contacts, insert_identity},
    rows::{USER_COLUMNS, UserRow},
};
use crate::{
    domain::{
        identity::{IdentityKind, VerifiedIdentity},
        ids::{IdentityId, UserId},
        lang::Lang,
        messaging::Channel,
        people::Gender,
    },
    ssr::store::{Store, StoreError, found, is_unique_violation, with_pool, with_tx, with_writer},
};
use chrono::{DateTime, Utc};
use tracing::instrument;
use uuid::Uuid;

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

    /// Sets the language the account's messages are written in.
    #[instrument(skip_all)]
    pub async fn set_user_lang(
        &self,
        user: UserId,
        lang: Lang,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let changed = with_writer!(self, pool => {
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
}
