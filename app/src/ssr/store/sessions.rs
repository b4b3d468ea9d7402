//! Server-side sessions.

use super::{Store, StoreError, with_pool, with_writer};
use crate::domain::ids::{IdentityId, SessionId, UserId};
use chrono::{DateTime, Utc};
use tracing::instrument;

pub struct NewSession<'a> {
    pub id: SessionId,
    /// SHA-256 of the cookie token; the token itself is never stored.
    pub token_hash: &'a [u8],
    pub user_id: UserId,
    /// The sign-in method that created it (`None` only for sessions from before this
    /// was recorded): removing that method ends the session.
    pub identity_id: Option<IdentityId>,
    pub now: DateTime<Utc>,
    pub idle_expires_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub ip: &'a str,
    pub user_agent: &'a str,
}

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct SessionRecord {
    pub id: SessionId,
    pub user_id: UserId,
    pub identity_id: Option<IdentityId>,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub idle_expires_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub ip: String,
    pub user_agent: String,
}

const SESSION_COLUMNS: &str = "id, user_id, identity_id, created_at, last_seen_at, idle_expires_at, expires_at, ip, user_agent";

impl Store {
    #[instrument(skip_all)]
    pub async fn insert_session(&self, s: &NewSession<'_>) -> Result<(), StoreError> {
        with_writer!(self, pool => {
            sqlx::query(
                "INSERT INTO sessions (id, token_hash, user_id, identity_id, created_at, last_seen_at, \
                 idle_expires_at, expires_at, ip, user_agent) VALUES ($1, $2, $3, $9, $4, $4, $5, $6, $7, $8)",
            )
            .bind(s.id)
            .bind(s.token_hash)
            .bind(s.user_id)
            .bind(s.now)
            .bind(s.idle_expires_at)
            .bind(s.expires_at)
            .bind(s.ip)
            .bind(s.user_agent)
            .bind(s.identity_id)
            .execute(pool)
            .await
            .map(|_| ())
        })?;
        Ok(())
    }

    /// Extends an active session's idle deadline (never past its absolute one).
    pub async fn touch_session(
        &self,
        id: SessionId,
        now: DateTime<Utc>,
        idle_expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        with_writer!(self, pool => {
            sqlx::query("UPDATE sessions SET last_seen_at = $1, idle_expires_at = $2 WHERE id = $3")
                .bind(now)
                .bind(idle_expires_at)
                .bind(id)
                .execute(pool)
                .await
                .map(|_| ())
        })?;
        Ok(())
    }

    pub async fn sessions_of(
        &self,
        user: UserId,
        now: DateTime<Utc>,
    ) -> Result<Vec<SessionRecord>, StoreError> {
        let rows = with_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {SESSION_COLUMNS} FROM sessions WHERE user_id = $1 AND idle_expires_at > $2 \
                 AND expires_at > $2 ORDER BY last_seen_at DESC"
            ))
            .bind(user)
            .bind(now)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }

    /// Ends one of the user's sessions. `NotFound` if it is not theirs.
    pub async fn delete_session(&self, user: UserId, id: SessionId) -> Result<(), StoreError> {
        let n = with_writer!(self, pool => {
            sqlx::query("DELETE FROM sessions WHERE id = $1 AND user_id = $2")
                .bind(id)
                .bind(user)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        })?;
        if n == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    /// Ends every session of the user ("sign out everywhere").
    pub async fn delete_sessions_of(&self, user: UserId) -> Result<u64, StoreError> {
        let n = with_writer!(self, pool => {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(n)
    }

    /// Deletes expired sessions, codes and sign-in tickets: authentication data is kept
    /// only as long as it is useful. Codes are kept an hour past expiry for rate limits.
    #[instrument(skip_all)]
    pub async fn purge_expired_auth(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let hour_ago = now - chrono::Duration::hours(1);
        let n = with_writer!(self, pool => {
            let a = sqlx::query("DELETE FROM sessions WHERE idle_expires_at <= $1 OR expires_at <= $1")
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected();
            let b = sqlx::query("DELETE FROM otp_codes WHERE created_at < $1 AND expires_at < $1")
                .bind(hour_ago)
                .execute(pool)
                .await?
                .rows_affected();
            let c = sqlx::query("DELETE FROM auth_tickets WHERE expires_at <= $1")
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected();
            Ok::<_, sqlx::Error>(a + b + c)
        })?;
        Ok(n)
    }
}
