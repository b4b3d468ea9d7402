//! Profile pictures, stored re-encoded; the consent to keep one follows it.

use super::{
    ConsentKind, Picture,
    consents::{grant_consent, withdraw_consent},
    rows::PictureRow,
};
use crate::{
    domain::ids::{PictureId, UserId},
    ssr::store::{Store, StoreError, found, with_pool, with_tx},
};
use chrono::{DateTime, Utc};
use tracing::instrument;
use uuid::Uuid;

impl Store {
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
        Ok(found(row)?.into())
    }
}
