//! Consents: what an account agreed to keep, recorded when given and when withdrawn.

use super::{Consent, rows::ConsentRow};
use crate::{
    domain::ids::UserId,
    ssr::store::{Store, StoreError, with_pool},
};

/// Records a consent unless an active one of the same kind exists.
macro_rules! grant_consent {
    ($tx:expr, $user:expr, $kind:expr, $version:expr, $now:expr) => {
        sqlx::query(
            "INSERT INTO consents (id, user_id, kind, version, granted_at) \
             SELECT $1, $2, $3, $4, $5 WHERE NOT EXISTS \
             (SELECT 1 FROM consents WHERE user_id = $2 AND kind = $3 AND withdrawn_at IS NULL)",
        )
        .bind(uuid::Uuid::now_v7())
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

pub(super) use {grant_consent, withdraw_consent};

impl Store {
    pub async fn consents(&self, user: UserId) -> Result<Vec<Consent>, StoreError> {
        let rows: Vec<ConsentRow> = with_pool!(self, pool => {
            sqlx::query_as("SELECT kind, version, granted_at, withdrawn_at FROM consents WHERE user_id = $1 ORDER BY granted_at")
                .bind(user)
                .fetch_all(pool)
                .await
        })?;
        rows.into_iter().map(Consent::try_from).collect()
    }
}
