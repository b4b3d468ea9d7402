//! Delivery receipts: recorded once per (provider message, status) and applied to the
//! message as a one-way state machine, so a late "sent" never overwrites "delivered".

use super::{Store, StoreError, is_unique_violation, with_tx};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// How far along a message is; a receipt only ever moves it forward. `failed` is final.
pub fn delivery_rank(status: &str) -> Option<i32> {
    match status {
        "sending" => Some(1),
        "sent" => Some(2),
        "delivered" => Some(3),
        "read" => Some(4),
        "failed" => Some(5),
        _ => None,
    }
}

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

const RANK_SQL: &str = "CASE status WHEN 'sending' THEN 1 WHEN 'sent' THEN 2 WHEN 'delivered' THEN 3 \
     WHEN 'read' THEN 4 WHEN 'failed' THEN 5 ELSE 0 END";

impl Store {
    /// Records a provider's status callback for one of our messages.
    pub async fn record_receipt(
        &self,
        provider_message_id: &str,
        status: &str,
        error_code: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Receipt, StoreError> {
        let Some(rank) = delivery_rank(status) else {
            return Ok(Receipt::Stale);
        };
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
            .bind(status)
            .bind(error_code)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            let moved = sqlx::query(&format!(
                "UPDATE outbox SET status = $1, updated_at = $2, \
                 last_error = COALESCE($3, last_error) WHERE id = $4 AND ({RANK_SQL}) < $5 \
                 AND status IN ('sending', 'sent', 'delivered', 'read', 'unknown')"
            ))
            .bind(status)
            .bind(now)
            .bind(error_code.map(|c| crate::domain::privacy::mask_contacts(&format!("provider error {c}"))))
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
    pub async fn receipts_of(&self, provider_message_id: &str) -> Result<Vec<String>, StoreError> {
        let rows = super::with_pool!(self, pool => {
            sqlx::query_scalar("SELECT status FROM message_events WHERE provider_message_id = $1 ORDER BY at, id")
                .bind(provider_message_id)
                .fetch_all(pool)
                .await
        })?;
        Ok(rows)
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
        let n = super::with_pool!(self, pool => {
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
        channel: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        super::with_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO reminder_opt_outs (recipient, channel, at) VALUES ($1, $2, $3) \
                 ON CONFLICT (recipient, channel) DO NOTHING",
            )
            .bind(recipient)
            .bind(channel)
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
    ) -> Result<Vec<(String, String)>, StoreError> {
        let mut all = Vec::new();
        for recipient in recipients {
            let rows: Vec<(String, String)> = super::with_pool!(self, pool => {
                sqlx::query_as("SELECT recipient, channel FROM reminder_opt_outs WHERE recipient = $1")
                    .bind(*recipient)
                    .fetch_all(pool)
                    .await
            })?;
            all.extend(rows);
        }
        Ok(all)
    }

    /// Stops (`true`) or resumes (`false`) reminders per (recipient, channel), all or
    /// nothing.
    pub async fn set_opt_outs(
        &self,
        choices: &[(&str, &str, bool)],
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
                    .bind(*channel)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                } else {
                    sqlx::query("DELETE FROM reminder_opt_outs WHERE recipient = $1 AND channel = $2")
                        .bind(*recipient)
                        .bind(*channel)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            Ok(())
        })
    }

    pub async fn is_opted_out(&self, recipient: &str, channel: &str) -> Result<bool, StoreError> {
        let found: Option<i32> = super::with_pool!(self, pool => {
            sqlx::query_scalar("SELECT 1 FROM reminder_opt_outs WHERE recipient = $1 AND channel = $2")
                .bind(recipient)
                .bind(channel)
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
        channel: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<crate::domain::ids::AppointmentId>, StoreError> {
        let id = super::with_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT o.appointment_id FROM outbox o JOIN appointments a ON a.id = o.appointment_id \
                 WHERE o.recipient = $1 AND o.channel = $2 AND o.kind = 'appointment_reminder' \
                 AND o.status IN ('sent', 'delivered', 'read') AND a.status IN ('booked', 'confirmed') \
                 AND a.starts_at > $3 ORDER BY o.sent_at DESC LIMIT 1",
            )
            .bind(recipient)
            .bind(channel)
            .bind(now)
            .fetch_optional(pool)
            .await
        })?;
        Ok(id)
    }

    /// Drops a claimed message that must not go out (the recipient opted out).
    pub async fn cancel_message(
        &self,
        id: crate::domain::ids::MessageId,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        super::with_pool!(self, pool => {
            sqlx::query(
                "UPDATE outbox SET status = 'cancelled', last_error = $2, lease_until = NULL, updated_at = $3 \
                 WHERE id = $1 AND status = 'sending'",
            )
            .bind(id)
            .bind(reason)
            .bind(now)
            .execute(pool)
            .await
            .map(|_| ())
        })?;
        Ok(())
    }
}

impl Store {
    /// How many messages are in each status (operations and tests).
    pub async fn outbox_status_counts(&self) -> Result<Vec<(String, i64)>, StoreError> {
        let rows = super::with_pool!(self, pool => {
            sqlx::query_as("SELECT status, COUNT(*) FROM outbox GROUP BY status")
                .fetch_all(pool)
                .await
        })?;
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::delivery_rank;

    #[test]
    fn ranks_only_go_forward() {
        assert!(delivery_rank("sent") < delivery_rank("delivered"));
        assert!(delivery_rank("delivered") < delivery_rank("read"));
        assert!(delivery_rank("read") < delivery_rank("failed"));
        assert_eq!(delivery_rank("bogus"), None);
    }
}
