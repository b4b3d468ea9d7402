//! The transactional outbox: messages are written in the same transaction as the change
//! that causes them, and delivered by the worker.

use super::{Store, StoreError, with_pool};
use crate::domain::{
    ids::{AppointmentId, ClinicId, MessageId, UserId},
    lang::Lang,
    messaging::Channel,
    privacy::mask_contacts,
};
use chrono::{DateTime, Utc};

#[derive(Clone, Debug)]
pub struct NewMessage {
    pub id: MessageId,
    /// Makes the message go out at most once: a second insert with the same key is
    /// ignored (e.g. `booking-confirmation:<appointment>:email`).
    pub idempotency_key: String,
    pub kind: String,
    pub channel: Channel,
    pub recipient: String,
    pub lang: Lang,
    pub payload: serde_json::Value,
    pub due_at: DateTime<Utc>,
    pub user_id: Option<UserId>,
    pub clinic_id: Option<ClinicId>,
    pub appointment_id: Option<AppointmentId>,
}

/// A message as the communication log and the worker see it.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct OutboxEntry {
    pub id: MessageId,
    pub kind: String,
    pub channel: String,
    pub recipient: String,
    pub lang: String,
    pub payload: String,
    pub status: String,
    pub attempts: i32,
    pub due_at: DateTime<Utc>,
    pub provider: Option<String>,
    pub provider_message_id: Option<String>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub user_id: Option<UserId>,
    pub clinic_id: Option<ClinicId>,
    pub appointment_id: Option<AppointmentId>,
}

/// Inserts a message inside an open transaction; expanded per backend.
macro_rules! enqueue {
    ($tx:expr, $msg:expr, $now:expr) => {
        sqlx::query(
            "INSERT INTO outbox (id, idempotency_key, kind, channel, recipient, lang, payload, status, \
             attempts, due_at, user_id, clinic_id, appointment_id, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $9, $10, $11, $12, $12) \
             ON CONFLICT (idempotency_key) DO NOTHING",
        )
        .bind($msg.id)
        .bind(&$msg.idempotency_key)
        .bind(&$msg.kind)
        .bind($msg.channel.as_str())
        .bind(&$msg.recipient)
        .bind($msg.lang.code())
        .bind($msg.payload.to_string())
        .bind($msg.due_at)
        .bind($msg.user_id)
        .bind($msg.clinic_id)
        .bind($msg.appointment_id)
        .bind($now)
        .execute(&mut *$tx)
        .await
    };
}
pub(crate) use enqueue;

pub(crate) const OUTBOX_COLUMNS: &str = "id, kind, channel, recipient, lang, payload, status, attempts, due_at, \
     provider, provider_message_id, last_error, created_at, sent_at, user_id, clinic_id, appointment_id";

impl Store {
    /// Claims up to `limit` due messages for delivery: marks them `sending` with a lease
    /// and counts the attempt, in one statement. On PostgreSQL, `FOR UPDATE SKIP LOCKED`
    /// lets several workers claim side by side without ever taking the same row; SQLite
    /// has a single writer, so the one `UPDATE … RETURNING` is already atomic.
    pub async fn claim_due_messages(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<OutboxEntry>, StoreError> {
        let lock = match self.backend() {
            super::Backend::Postgres => "FOR UPDATE SKIP LOCKED",
            super::Backend::Sqlite => "",
        };
        let sql = format!(
            "UPDATE outbox SET status = 'sending', lease_until = $2, attempts = attempts + 1, updated_at = $1 \
             WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND due_at <= $1 \
             ORDER BY due_at LIMIT $3 {lock}) RETURNING {OUTBOX_COLUMNS}"
        );
        let rows = with_pool!(self, pool => {
            sqlx::query_as(&sql).bind(now).bind(lease_until).bind(limit).fetch_all(pool).await
        })?;
        Ok(rows)
    }

    /// Records a delivery. (A sign-in code's payload is emptied by the database as the
    /// message leaves `sending`, whatever its end: see the `outbox_code_redacted_when_settled`
    /// trigger.)
    pub async fn mark_message_sent(
        &self,
        id: MessageId,
        provider: &str,
        provider_message_id: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        with_pool!(self, pool => {
            sqlx::query(
                "UPDATE outbox SET status = 'sent', provider = $2, provider_message_id = $3, sent_at = $4, \
                 updated_at = $4, lease_until = NULL, last_error = NULL WHERE id = $1 AND status = 'sending'",
            )
            .bind(id)
            .bind(provider)
            .bind(provider_message_id)
            .bind(now)
            .execute(pool)
            .await
            .map(|_| ())
        })?;
        Ok(())
    }

    /// Puts a message back in the queue after a transient failure. The provider's text is
    /// kept with any phone number or email address in it masked.
    pub async fn retry_message_at(
        &self,
        id: MessageId,
        due_at: DateTime<Utc>,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        with_pool!(self, pool => {
            sqlx::query(
                "UPDATE outbox SET status = 'pending', due_at = $2, last_error = $3, lease_until = NULL, updated_at = $4 \
                 WHERE id = $1 AND status = 'sending'",
            )
            .bind(id)
            .bind(due_at)
            .bind(mask_contacts(error))
            .bind(now)
            .execute(pool)
            .await
            .map(|_| ())
        })?;
        Ok(())
    }

    /// Gives up on a message, keeping the reason with contacts masked (as for
    /// [`Store::retry_message_at`]).
    pub async fn fail_message(
        &self,
        id: MessageId,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        with_pool!(self, pool => {
            sqlx::query(
                "UPDATE outbox SET status = 'failed', last_error = $2, lease_until = NULL, updated_at = $3 \
                 WHERE id = $1 AND status = 'sending'",
            )
            .bind(id)
            .bind(mask_contacts(error))
            .bind(now)
            .execute(pool)
            .await
            .map(|_| ())
        })?;
        Ok(())
    }

    /// Messages whose worker died mid-send (lease expired while `sending`) may or may not
    /// have left: they become `unknown` rather than being sent a second time.
    pub async fn settle_abandoned_messages(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let n = with_pool!(self, pool => {
            sqlx::query(
                "UPDATE outbox SET status = 'unknown', lease_until = NULL, updated_at = $1, \
                 last_error = 'delivery interrupted; not retried to avoid a duplicate' \
                 WHERE status = 'sending' AND lease_until < $1",
            )
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        })?;
        Ok(n)
    }

    /// Drops sign-in code messages still waiting to go out when their code has expired
    /// (queued at or before `expired_before`): sending them would be useless, and ending
    /// them empties their payload.
    pub async fn expire_unsent_codes(
        &self,
        expired_before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let n = with_pool!(self, pool => {
            sqlx::query(
                "UPDATE outbox SET status = 'cancelled', last_error = 'code expired before delivery', \
                 lease_until = NULL, updated_at = $2 \
                 WHERE kind = 'sign_in_code' AND status = 'pending' AND created_at <= $1",
            )
            .bind(expired_before)
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        })?;
        Ok(n)
    }

    /// Queues a message outside any other change (e.g. a fallback on another channel).
    /// Returns false when a message with the same idempotency key already exists.
    pub async fn enqueue_message(
        &self,
        message: &NewMessage,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let n = super::with_tx!(self, tx => {
            Ok(enqueue!(tx, message, now)?.rows_affected())
        })?;
        Ok(n == 1)
    }

    /// The messages sent to one person, newest first (their communication log).
    pub async fn messages_for_user(
        &self,
        user: UserId,
        limit: i64,
    ) -> Result<Vec<OutboxEntry>, StoreError> {
        let rows = with_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE user_id = $1 ORDER BY created_at DESC LIMIT $2"
            ))
            .bind(user)
            .bind(limit)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }

    /// The newest messages to one phone number or email address.
    pub async fn messages_to(
        &self,
        recipient: &str,
        limit: i64,
    ) -> Result<Vec<OutboxEntry>, StoreError> {
        let rows = with_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE recipient = $1 ORDER BY created_at DESC LIMIT $2"
            ))
            .bind(recipient)
            .bind(limit)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }

    pub async fn message(&self, id: MessageId) -> Result<Option<OutboxEntry>, StoreError> {
        let row = with_pool!(self, pool => {
            sqlx::query_as(&format!("SELECT {OUTBOX_COLUMNS} FROM outbox WHERE id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await
        })?;
        Ok(row)
    }
}
