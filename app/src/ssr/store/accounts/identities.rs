//! Sign-in methods: finding the account one belongs to, adding and removing them.

use super::{Identity, rows::IdentityRow};
use crate::{
    domain::{
        identity::{IdentityKind, VerifiedIdentity},
        ids::{IdentityId, UserId},
    },
    ssr::store::{
        NewMessage, Store, StoreError, is_unique_violation, outbox::enqueue, with_pool, with_tx,
        with_writer,
    },
};
use chrono::{DateTime, Utc};
use tracing::instrument;
use uuid::Uuid;

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

pub(super) use {adopt_contacts, insert_identity};

impl Store {
    /// The account a sign-in method belongs to, marking the method as just used.
    #[instrument(skip_all, fields(kind = identity.kind.as_str()))]
    pub async fn identity_owner(
        &self,
        identity: &VerifiedIdentity,
        now: DateTime<Utc>,
    ) -> Result<Option<UserId>, StoreError> {
        let owner: Option<UserId> = with_writer!(self, pool => {
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
        let found: Option<(UserId, IdentityId)> = with_writer!(self, pool => {
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
}
