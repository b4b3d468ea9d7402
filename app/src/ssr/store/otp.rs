//! One-time codes and their rate limits.

use super::{NewMessage, Store, StoreError, outbox::enqueue, with_pool, with_tx, with_writer};
use crate::domain::{
    messaging::Channel,
    otp::{OtpPolicy, SendCounts, SendDecision},
};
use chrono::{DateTime, Duration, Utc};
use tracing::instrument;
use uuid::Uuid;

/// The PostgreSQL advisory lock every code request takes (an arbitrary constant no other
/// lock in this database uses).
const CODE_SENDS_LOCK: i64 = 0x0c0d_e5e7_d000;

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

/// What the sending policy weighs, counted inside the caller's transaction (one body for
/// both databases).
macro_rules! send_counts {
    ($tx:expr, $code:expr, $since:expr, $phone:expr) => {{
        let count = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql).bind($since);
        let pair = count(
            "SELECT COUNT(*) FROM otp_codes WHERE created_at > $1 AND destination = $2 \
             AND requester = $3",
        )
        .bind($code.destination)
        .bind($code.requester)
        .fetch_one(&mut *$tx)
        .await?;
        let requester =
            count("SELECT COUNT(*) FROM otp_codes WHERE created_at > $1 AND requester = $2")
                .bind($code.requester)
                .fetch_one(&mut *$tx)
                .await?;
        let destination =
            count("SELECT COUNT(*) FROM otp_codes WHERE created_at > $1 AND destination = $2")
                .bind($code.destination)
                .fetch_one(&mut *$tx)
                .await?;
        let phone_sends = if $phone {
            let sql = "SELECT COUNT(*) FROM otp_codes WHERE created_at > $1 \
                       AND channel IN ('sms', 'whatsapp')";
            Some(count(sql).fetch_one(&mut *$tx).await?)
        } else {
            None
        };
        let last_to_destination: Option<DateTime<Utc>> = sqlx::query_scalar(
            "SELECT created_at FROM otp_codes WHERE destination = $1 \
             ORDER BY created_at DESC LIMIT 1",
        )
        .bind($code.destination)
        .fetch_optional(&mut *$tx)
        .await?;
        SendCounts {
            pair,
            requester,
            destination,
            last_to_destination,
            phone_sends,
        }
    }};
}

/// Stores a new code: earlier open codes for the destination end, their unsent messages
/// are cancelled (they would carry a dead code), and the new one is inserted.
macro_rules! replace_open_codes {
    ($tx:expr, $code:expr) => {{
        sqlx::query(
            "UPDATE otp_codes SET consumed_at = $1 WHERE destination = $2 AND consumed_at IS NULL",
        )
        .bind($code.now)
        .bind($code.destination)
        .execute(&mut *$tx)
        .await?;
        sqlx::query(
            "UPDATE outbox SET status = 'cancelled', last_error = 'replaced by a newer code', \
             lease_until = NULL, updated_at = $1 \
             WHERE kind = 'sign_in_code' AND recipient = $2 AND status = 'pending'",
        )
        .bind($code.now)
        .bind($code.destination)
        .execute(&mut *$tx)
        .await?;
        sqlx::query(
            "INSERT INTO otp_codes (id, destination, channel, code_hash, attempts, requester, \
             created_at, expires_at) VALUES ($1, $2, $3, $4, 0, $5, $6, $7)",
        )
        .bind(Uuid::now_v7())
        .bind($code.destination)
        .bind($code.channel.as_str())
        .bind($code.code_hash)
        .bind($code.requester)
        .bind($code.now)
        .bind($code.expires_at)
        .execute(&mut *$tx)
        .await?;
    }};
}

impl Store {
    /// Stores a new code and queues the message carrying it, in one transaction that
    /// counts the codes of the last hour and asks `policy` whether this one may go. Nothing
    /// is written unless the answer is [`SendDecision::Send`].
    #[instrument(skip_all, fields(channel = code.channel.as_str()))]
    pub async fn create_code(
        &self,
        code: &NewCode<'_>,
        message: &NewMessage,
        policy: &OtpPolicy,
    ) -> Result<SendDecision, StoreError> {
        let since = code.now - Duration::hours(1);
        let postgres = self.backend() == super::Backend::Postgres;
        let phone = code.channel != Channel::Email;
        with_tx!(self, tx => {
            if postgres {
                // READ COMMITTED cannot see a concurrent request's uncommitted code, and
                // the limits span destinations, addresses and the whole deployment: one
                // lock for every code request makes each count below exact. (SQLite's
                // `BEGIN IMMEDIATE` already admits one writer at a time.)
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind(CODE_SENDS_LOCK)
                    .execute(&mut *tx)
                    .await?;
            }
            let counts = send_counts!(tx, code, since, phone);
            let decision = policy.may_send(counts, code.now);
            if decision != SendDecision::Send {
                return Ok(decision);
            }
            replace_open_codes!(tx, code);
            enqueue!(tx, message, code.now)?;
            Ok(SendDecision::Send)
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
        with_writer!(self, pool => {
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
        let n = with_writer!(self, pool => {
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
