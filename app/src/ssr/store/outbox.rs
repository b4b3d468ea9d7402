//! The transactional outbox: messages are written in the same transaction as the change
//! that causes them, and delivered by the worker.

use super::{Store, StoreError, with_pool, with_writer};
use crate::domain::{
    ids::{AppointmentId, ClinicId, MessageId, UserId},
    lang::Lang,
    message_kind::MessageKind,
    message_status::MessageStatus,
    messaging::Channel,
    privacy::mask_contacts,
};
use chrono::{DateTime, Utc};
use std::str::FromStr;

#[derive(Clone, Debug)]
pub struct NewMessage {
    pub id: MessageId,
    /// Makes the message go out at most once: a second insert with the same key is
    /// ignored (e.g. `booking-confirmation:<appointment>:email`).
    pub idempotency_key: String,
    pub kind: MessageKind,
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
#[derive(Clone, Debug, PartialEq)]
pub struct OutboxEntry {
    pub id: MessageId,
    pub kind: MessageKind,
    pub channel: Channel,
    pub recipient: String,
    pub lang: Lang,
    pub payload: serde_json::Value,
    pub status: MessageStatus,
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

/// An outbox row as stored; read only through [`OutboxRow::into_entry`].
#[derive(sqlx::FromRow)]
pub(super) struct OutboxRow {
    id: MessageId,
    kind: String,
    channel: String,
    recipient: String,
    lang: String,
    payload: String,
    status: String,
    attempts: i32,
    due_at: DateTime<Utc>,
    provider: Option<String>,
    provider_message_id: Option<String>,
    last_error: Option<String>,
    created_at: DateTime<Utc>,
    sent_at: Option<DateTime<Utc>>,
    user_id: Option<UserId>,
    clinic_id: Option<ClinicId>,
    appointment_id: Option<AppointmentId>,
}

impl OutboxRow {
    /// The row in domain types; a value the code cannot read is an error (see
    /// [`read_column`]), never a default that would send a wrong or empty message.
    pub(super) fn into_entry(self) -> Result<OutboxEntry, StoreError> {
        let id = Some(self.id);
        Ok(OutboxEntry {
            id: self.id,
            kind: read_column("outbox", "kind", id, &self.kind)?,
            channel: read_column("outbox", "channel", id, &self.channel)?,
            lang: read_column("outbox", "lang", id, &self.lang)?,
            payload: read_column("outbox", "payload", id, &self.payload)?,
            status: read_column("outbox", "status", id, &self.status)?,
            recipient: self.recipient,
            attempts: self.attempts,
            due_at: self.due_at,
            provider: self.provider,
            provider_message_id: self.provider_message_id,
            last_error: self.last_error,
            created_at: self.created_at,
            sent_at: self.sent_at,
            user_id: self.user_id,
            clinic_id: self.clinic_id,
            appointment_id: self.appointment_id,
        })
    }
}

/// Reads one stored column of a message row into its domain type. A value that does
/// not read is logged with the row's message id when it has one (never the row's other
/// columns: recipients and payloads are personal data) and becomes
/// [`StoreError::Corrupt`].
pub(super) fn read_column<T>(
    table: &'static str,
    column: &'static str,
    id: Option<MessageId>,
    raw: &str,
) -> Result<T, StoreError>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    raw.parse().map_err(|error: T::Err| {
        let message_id = id.map(|id| id.to_string());
        tracing::error!(table, column, message_id, %error, "unreadable stored row");
        StoreError::Corrupt(format!("{table}.{column}: {error}"))
    })
}

/// Reads rows that leave the store together: one unreadable row fails the read.
pub(super) fn entries(rows: Vec<OutboxRow>) -> Result<Vec<OutboxEntry>, StoreError> {
    rows.into_iter().map(OutboxRow::into_entry).collect()
}

/// How a worker's claim on a `sending` message ends.
#[derive(Clone, Copy, Debug)]
pub enum ClaimEnd<'a> {
    /// The provider took it.
    Sent {
        provider: &'a str,
        provider_message_id: Option<&'a str>,
    },
    /// A transient failure: queued again for `due_at`.
    Retry {
        due_at: DateTime<Utc>,
        error: &'a str,
    },
    /// Given up on this channel.
    Failed { error: &'a str },
    /// Must not go out (e.g. the recipient stopped reminders).
    Cancelled { reason: &'a str },
}

impl ClaimEnd<'_> {
    fn status(self) -> MessageStatus {
        match self {
            ClaimEnd::Sent { .. } => MessageStatus::Sent,
            ClaimEnd::Retry { .. } => MessageStatus::Pending,
            ClaimEnd::Failed { .. } => MessageStatus::Failed,
            ClaimEnd::Cancelled { .. } => MessageStatus::Cancelled,
        }
    }
}

/// Inserts a message inside an open transaction; expanded per backend.
macro_rules! enqueue {
    ($tx:expr, $msg:expr, $now:expr) => {{
        let message: &$crate::ssr::store::NewMessage = &$msg;
        $crate::ssr::store::outbox::insert_messages!($tx, std::slice::from_ref(message), $now)
    }};
}
pub(crate) use enqueue;

/// [`enqueue!`] for several messages in one statement (a booking's confirmation and
/// reminders), so the transaction writing them holds the write lock for one round trip
/// instead of one per message.
macro_rules! enqueue_all {
    ($tx:expr, $msgs:expr, $now:expr) => {{
        let msgs: &[$crate::ssr::store::NewMessage] = $msgs;
        if msgs.is_empty() {
            Ok(())
        } else {
            $crate::ssr::store::outbox::insert_messages!($tx, msgs, $now).map(|_| ())
        }
    }};
}
pub(crate) use enqueue_all;

/// One `INSERT` of `$msgs` (not empty), `$1` being `$now`.
macro_rules! insert_messages {
    ($tx:expr, $msgs:expr, $now:expr) => {{
        let msgs: &[$crate::ssr::store::NewMessage] = $msgs;
        let sql = format!(
            "INSERT INTO outbox ({}) VALUES {} ON CONFLICT (idempotency_key) DO NOTHING",
            $crate::ssr::store::outbox::OUTBOX_INSERT_COLUMNS,
            $crate::ssr::store::outbox::message_values(2, msgs.len(), 1)
        );
        let mut insert = sqlx::query(&sql).bind($now);
        for m in msgs {
            insert = $crate::ssr::store::outbox::bind_message!(insert, m);
        }
        insert.execute(&mut *$tx).await
    }};
}
pub(crate) use insert_messages;

/// Parameters each new message takes in [`message_values`], bound by [`bind_message!`].
pub(crate) const MESSAGE_PARAMS: usize = 11;

/// The `VALUES` rows of `count` new messages for an `INSERT INTO outbox
/// ({OUTBOX_INSERT_COLUMNS})`: their parameters are numbered from `$first`,
/// [`MESSAGE_PARAMS`] each in [`bind_message!`]'s order, and `$now` is both timestamps.
pub(crate) fn message_values(first: usize, count: usize, now: usize) -> String {
    let rows: Vec<String> = (0..count)
        .map(|i| {
            let p: Vec<String> = (0..MESSAGE_PARAMS)
                .map(|k| format!("${}", first + i * MESSAGE_PARAMS + k))
                .collect();
            format!(
                "({}, 'pending', 0, {}, ${now}, ${now})",
                p[..7].join(", "),
                p[7..].join(", ")
            )
        })
        .collect();
    rows.join(", ")
}

/// Binds one message's [`MESSAGE_PARAMS`] parameters, in [`message_values`]' order.
macro_rules! bind_message {
    ($query:expr, $m:expr) => {
        $query
            .bind($m.id)
            .bind(&$m.idempotency_key)
            .bind($m.kind.as_str())
            .bind($m.channel.as_str())
            .bind(&$m.recipient)
            .bind($m.lang.code())
            .bind($m.payload.to_string())
            .bind($m.due_at)
            .bind($m.user_id)
            .bind($m.clinic_id)
            .bind($m.appointment_id)
    };
}
pub(crate) use bind_message;

/// The columns a new message is written with, in [`message_values`]' order.
pub(crate) const OUTBOX_INSERT_COLUMNS: &str = "id, idempotency_key, kind, channel, recipient, lang, payload, \
     status, attempts, due_at, user_id, clinic_id, appointment_id, created_at, updated_at";

pub(crate) const OUTBOX_COLUMNS: &str = "id, kind, channel, recipient, lang, payload, status, attempts, due_at, \
     provider, provider_message_id, last_error, created_at, sent_at, user_id, clinic_id, appointment_id";

impl Store {
    /// Claims up to `limit` due messages for delivery: marks them `sending` with a lease
    /// and counts the attempt, in one statement. On PostgreSQL, `FOR UPDATE SKIP LOCKED`
    /// lets several workers claim side by side without ever taking the same row; SQLite
    /// has a single writer, so the one `UPDATE … RETURNING` is already atomic. A claimed
    /// row the code cannot read is failed at once (and logged), so it neither stops the
    /// rest of the batch nor comes back.
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
        let rows: Vec<OutboxRow> = with_writer!(self, pool => {
            sqlx::query_as(&sql).bind(now).bind(lease_until).bind(limit).fetch_all(pool).await
        })?;
        let mut claimed = Vec::with_capacity(rows.len());
        for row in rows {
            let id = row.id;
            match row.into_entry() {
                Ok(entry) => claimed.push(entry),
                Err(_) => {
                    let end = ClaimEnd::Failed {
                        error: "unreadable stored message",
                    };
                    self.end_claim(id, end, now).await?;
                }
            }
        }
        Ok(claimed)
    }

    /// Ends a worker's claim on a message still `sending`. Every end goes through this
    /// one statement: the lease is dropped, and a provider's error text is kept with any
    /// phone number or email address in it masked. (A sign-in code's payload is emptied
    /// by the database as the message leaves `sending`, whatever its end: see the
    /// `outbox_code_redacted_when_settled` trigger.)
    pub async fn end_claim(
        &self,
        id: MessageId,
        end: ClaimEnd<'_>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let (due_at, error, provider, provider_message_id, sent_at) = match end {
            ClaimEnd::Sent {
                provider,
                provider_message_id,
            } => (None, None, Some(provider), provider_message_id, Some(now)),
            ClaimEnd::Retry { due_at, error } => (Some(due_at), Some(error), None, None, None),
            ClaimEnd::Failed { error } | ClaimEnd::Cancelled { reason: error } => {
                (None, Some(error), None, None, None)
            }
        };
        with_writer!(self, pool => {
            sqlx::query(
                "UPDATE outbox SET status = $2, due_at = COALESCE($3, due_at), last_error = $4, \
                 provider = COALESCE($5, provider), \
                 provider_message_id = COALESCE($6, provider_message_id), \
                 sent_at = COALESCE($7, sent_at), lease_until = NULL, updated_at = $8 \
                 WHERE id = $1 AND status = 'sending'",
            )
            .bind(id)
            .bind(end.status().as_str())
            .bind(due_at)
            .bind(error.map(mask_contacts))
            .bind(provider)
            .bind(provider_message_id)
            .bind(sent_at)
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
        let n = with_writer!(self, pool => {
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
        let n = with_writer!(self, pool => {
            sqlx::query(
                "UPDATE outbox SET status = 'cancelled', last_error = 'code expired before delivery', \
                 lease_until = NULL, updated_at = $2 \
                 WHERE kind = $3 AND status = 'pending' AND created_at <= $1",
            )
            .bind(expired_before)
            .bind(now)
            .bind(MessageKind::SignInCode.as_str())
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
        entries(rows)
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
        entries(rows)
    }

    pub async fn message(&self, id: MessageId) -> Result<Option<OutboxEntry>, StoreError> {
        let row: Option<OutboxRow> = with_pool!(self, pool => {
            sqlx::query_as(&format!("SELECT {OUTBOX_COLUMNS} FROM outbox WHERE id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await
        })?;
        row.map(OutboxRow::into_entry).transpose()
    }
}
