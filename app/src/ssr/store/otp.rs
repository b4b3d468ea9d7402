//! One-time codes and their rate limits.

use super::{NewMessage, Store, StoreError, outbox::enqueue, with_pool, with_tx};
use crate::domain::{messaging::Channel, otp::OtpPolicy};
use chrono::{DateTime, Duration, Utc};
use tracing::instrument;
use uuid::Uuid;

pub struct NewCode<'a> {
    pub destination: &'a str,
    pub channel: Channel,
    /// Keyed hash of the code; the code itself only travels in the outgoing message.
    pub code_hash: &'a [u8],
    /// Keyed hash of the requesting client's address, for the per-address limit.
    pub requester: &'a [u8],
    pub now: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct StoredCode {
    pub id: Uuid,
    pub code_hash: Vec<u8>,
    pub attempts: i32,
    pub expires_at: DateTime<Utc>,
    pub consumed_at: Option<DateTime<Utc>>,
}

impl Store {
    /// Stores a new code and queues the message carrying it, in one transaction that
    /// also enforces the hourly limits (so concurrent requests cannot slip past them).
    #[instrument(skip_all, fields(channel = code.channel.as_str()))]
    pub async fn create_code(
        &self,
        code: &NewCode<'_>,
        message: &NewMessage,
        policy: &OtpPolicy,
    ) -> Result<(), StoreError> {
        let since = code.now - Duration::hours(1);
        let postgres = self.backend() == super::Backend::Postgres;
        with_tx!(self, tx => {
            if postgres {
                // READ COMMITTED cannot see a concurrent request's uncommitted code:
                // serialise requests per destination so the count below is exact.
                sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
                    .bind(code.destination)
                    .execute(&mut *tx)
                    .await?;
            }
            let to_destination: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM otp_codes WHERE destination = $1 AND created_at > $2")
                .bind(code.destination)
                .bind(since)
                .fetch_one(&mut *tx)
                .await?;
            let from_requester: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM otp_codes WHERE requester = $1 AND created_at > $2")
                .bind(code.requester)
                .bind(since)
                .fetch_one(&mut *tx)
                .await?;
            if !policy.may_send(to_destination, from_requester) {
                return Err(StoreError::RateLimited);
            }
            // A new code replaces any earlier one still open for this destination.
            sqlx::query("UPDATE otp_codes SET consumed_at = $1 WHERE destination = $2 AND consumed_at IS NULL")
                .bind(code.now)
                .bind(code.destination)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO otp_codes (id, destination, channel, code_hash, attempts, requester, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, 0, $5, $6, $7)",
            )
            .bind(Uuid::now_v7())
            .bind(code.destination)
            .bind(code.channel.as_str())
            .bind(code.code_hash)
            .bind(code.requester)
            .bind(code.now)
            .bind(code.expires_at)
            .execute(&mut *tx)
            .await?;
            enqueue!(tx, message, code.now)?;
            Ok(())
        })
    }

    /// The newest code for a destination.
    pub async fn latest_code(&self, destination: &str) -> Result<Option<StoredCode>, StoreError> {
        let row = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, code_hash, attempts, expires_at, consumed_at FROM otp_codes \
                 WHERE destination = $1 ORDER BY created_at DESC LIMIT 1",
            )
            .bind(destination)
            .fetch_optional(pool)
            .await
        })?;
        Ok(row)
    }

    /// Counts a wrong try.
    pub async fn record_failed_code_attempt(&self, id: Uuid) -> Result<(), StoreError> {
        with_pool!(self, pool => {
            sqlx::query("UPDATE otp_codes SET attempts = attempts + 1 WHERE id = $1")
                .bind(id)
                .execute(pool)
                .await
                .map(|_| ())
        })?;
        Ok(())
    }

    /// Marks a code used. Only one caller can win: a second, concurrent use gets `false`.
    pub async fn consume_code(
        &self,
        id: Uuid,
        now: DateTime<Utc>,
        max_attempts: i32,
    ) -> Result<bool, StoreError> {
        let n = with_pool!(self, pool => {
            sqlx::query(
                "UPDATE otp_codes SET consumed_at = $1 WHERE id = $2 AND consumed_at IS NULL \
                 AND expires_at > $1 AND attempts < $3",
            )
            .bind(now)
            .bind(id)
            .bind(max_attempts)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        })?;
        Ok(n == 1)
    }
}
