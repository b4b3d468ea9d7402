//! Delivery receipts: recorded once per (provider message, status) and applied to the
//! message as a one-way state machine, so a late "sent" never overwrites "delivered".

use super::{Store, StoreError, is_unique_violation, outbox::read_column, with_tx};
use crate::domain::{
    ids::{AppointmentId, MessageId},
    message_kind::MessageKind,
    message_status::MessageStatus,
    messaging::Channel,
    privacy::mask_contacts,
};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// What a receipt did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Receipt {
    /// The message moved to the new status.
    Applied,
    /// Recorded, but the message is already further along (an out-of-order callback).
    Stale,
    /// The same receipt arrived before (a retry by the provider, or another instance).
    Duplicate,
    /// No message of ours has that provider id.
    Unknown,
}

/// [`MessageStatus::delivery_rank`] of the `status` column, in SQL (0 for statuses no
/// receipt reports).
fn rank_sql() -> String {
    let arms: String = MessageStatus::ALL
        .into_iter()
        .filter_map(|s| {
            Some(format!(
                "WHEN '{}' THEN {} ",
                s.as_str(),
                s.delivery_rank()?
            ))
        })
        .collect();
    format!("CASE status {arms}ELSE 0 END")
}

impl Store {
    /// Records a provider's status callback for one of our messages.
    pub async fn record_receipt(
        &self,
        provider_message_id: &str,
        status: MessageStatus,
        error_code: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Receipt, StoreError> {
        let Some(rank) = status.delivery_rank() else {
            return Ok(Receipt::Stale);
        };
        let rank_sql = rank_sql();
        let result: Result<Receipt, StoreError> = with_tx!(self, tx => {
            let message: Option<Uuid> = sqlx::query_scalar(
                "SELECT id FROM outbox WHERE provider_message_id = $1",
            )
            .bind(provider_message_id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(message) = message else {
                return Ok(Receipt::Unknown);
            };
            sqlx::query(
                "INSERT INTO message_events (id, message_id, provider_message_id, status, error_code, at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(Uuid::now_v7())
            .bind(message)
            .bind(provider_message_id)
            .bind(status.as_str())
            .bind(error_code)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            let moved = sqlx::query(&format!(
                "UPDATE outbox SET status = $1, updated_at = $2, \
                 last_error = COALESCE($3, last_error) WHERE id = $4 AND ({rank_sql}) < $5 \
                 AND status IN ('sending', 'sent', 'delivered', 'read', 'unknown')"
            ))
            .bind(status.as_str())
            .bind(now)
            .bind(error_code.map(|c| mask_contacts(&format!("provider error {c}"))))
            .bind(message)
            .bind(rank)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            Ok(if moved > 0 { Receipt::Applied } else { Receipt::Stale })
        });
        match result {
            Err(StoreError::Database(ref e)) if is_unique_violation(e) => Ok(Receipt::Duplicate),
            other => other,
        }
    }

    /// The statuses a message went through, oldest first.
    pub async fn receipts_of(
        &self,
        provider_message_id: &str,
    ) -> Result<Vec<MessageStatus>, StoreError> {
        let rows: Vec<(MessageId, String)> = super::with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT message_id, status FROM message_events WHERE provider_message_id = $1 \
                 ORDER BY at, id",
            )
            .bind(provider_message_id)
            .fetch_all(pool)
            .await
        })?;
        rows.into_iter()
            .map(|(id, status)| read_column("message_events", "status", Some(id), &status))
            .collect()
    }
}

impl Store {
    /// Notes an inbound message by the provider's id; `false` when it was seen before (a
    /// provider retry, or the same webhook delivered to another instance).
    pub async fn record_inbound(
        &self,
        provider_message_id: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let n = super::with_writer!(self, pool => {
            sqlx::query(
                "INSERT INTO inbound_messages (provider_message_id, received_at) VALUES ($1, $2) \
                 ON CONFLICT (provider_message_id) DO NOTHING",
            )
            .bind(provider_message_id)
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        })?;
        Ok(n > 0)
    }

    /// Stops reminders to `recipient` on `channel` (a `STOP` reply).
    pub async fn opt_out(
        &self,
        recipient: &str,
        channel: Channel,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        super::with_writer!(self, pool => {
            sqlx::query(
                "INSERT INTO reminder_opt_outs (recipient, channel, at) VALUES ($1, $2, $3) \
                 ON CONFLICT (recipient, channel) DO NOTHING",
            )
            .bind(recipient)
            .bind(channel.as_str())
            .bind(now)
            .execute(pool)
            .await
            .map(|_| ())
        })?;
        Ok(())
    }

    /// The (recipient, channel) pairs among `recipients` that stopped reminders.
    pub async fn opt_outs_of(
        &self,
        recipients: &[&str],
    ) -> Result<Vec<(String, Channel)>, StoreError> {
        let mut all = Vec::new();
        for recipient in recipients {
            let rows: Vec<(String, String)> = super::with_pool!(self, pool => {
                sqlx::query_as("SELECT recipient, channel FROM reminder_opt_outs WHERE recipient = $1")
                    .bind(*recipient)
                    .fetch_all(pool)
                    .await
            })?;
            for (recipient, channel) in rows {
                let channel = read_column("reminder_opt_outs", "channel", None, &channel)?;
                all.push((recipient, channel));
            }
        }
        Ok(all)
    }

    /// Stops (`true`) or resumes (`false`) reminders per (recipient, channel), all or
    /// nothing.
    pub async fn set_opt_outs(
        &self,
        choices: &[(&str, Channel, bool)],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        super::with_tx!(self, tx => {
            for (recipient, channel, off) in choices {
                if *off {
                    sqlx::query(
                        "INSERT INTO reminder_opt_outs (recipient, channel, at) VALUES ($1, $2, $3) \
                         ON CONFLICT (recipient, channel) DO NOTHING",
                    )
                    .bind(*recipient)
                    .bind(channel.as_str())
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                } else {
                    sqlx::query("DELETE FROM reminder_opt_outs WHERE recipient = $1 AND channel = $2")
                        .bind(*recipient)
                        .bind(channel.as_str())
                        .execute(&mut *tx)
                        .await?;
                }
            }
            Ok(())
        })
    }

    pub async fn is_opted_out(
        &self,
        recipient: &str,
        channel: Channel,
    ) -> Result<bool, StoreError> {
        let found: Option<i32> = super::with_pool!(self, pool => {
            sqlx::query_scalar("SELECT 1 FROM reminder_opt_outs WHERE recipient = $1 AND channel = $2")
                .bind(recipient)
                .bind(channel.as_str())
                .fetch_optional(pool)
                .await
        })?;
        Ok(found.is_some())
    }

    /// The upcoming, still changeable appointment whose reminder most recently reached
    /// `recipient` on `channel`: what a "1" or "2" answers.
    pub async fn latest_reminded_appointment(
        &self,
        recipient: &str,
        channel: Channel,
        now: DateTime<Utc>,
    ) -> Result<Option<AppointmentId>, StoreError> {
        let id = super::with_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT o.appointment_id FROM outbox o JOIN appointments a ON a.id = o.appointment_id \
                 WHERE o.recipient = $1 AND o.channel = $2 AND o.kind = $4 \
                 AND o.status IN ('sent', 'delivered', 'read') AND a.status IN ('booked', 'confirmed') \
                 AND a.starts_at > $3 ORDER BY o.sent_at DESC LIMIT 1",
            )
            .bind(recipient)
            .bind(channel.as_str())
            .bind(now)
            .bind(MessageKind::AppointmentReminder.as_str())
            .fetch_optional(pool)
            .await
        })?;
        Ok(id)
    }
}

impl Store {
    /// How many messages are in each status (operations and tests).
    pub async fn outbox_status_counts(&self) -> Result<Vec<(MessageStatus, i64)>, StoreError> {
        let rows: Vec<(String, i64)> = super::with_pool!(self, pool => {
            sqlx::query_as("SELECT status, COUNT(*) FROM outbox GROUP BY status")
                .fetch_all(pool)
                .await
        })?;
        rows.into_iter()
            .map(|(status, n)| Ok((read_column("outbox", "status", None, &status)?, n)))
            .collect()
    }
}
