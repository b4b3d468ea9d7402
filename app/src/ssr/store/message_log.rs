//! The communication log: messages with their delivery receipts, read for the person
//! they were sent to or for one appointment (its patient, or its clinic's staff).

use super::{
    Store, StoreError,
    outbox::{OUTBOX_COLUMNS, OutboxEntry, entries, read_column},
    with_pool, with_writer,
};
use crate::domain::{
    ids::{AppointmentId, MessageId, UserId},
    message_kind::MessageKind,
    message_status::MessageStatus,
};
use chrono::{DateTime, Utc};

/// One receipt in a message's history.
#[derive(Clone, Debug, PartialEq)]
pub struct MessageReceipt {
    pub message_id: MessageId,
    pub status: MessageStatus,
    pub error_code: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct ReceiptRow {
    message_id: MessageId,
    status: String,
    error_code: Option<String>,
    at: DateTime<Utc>,
}

impl ReceiptRow {
    fn into_receipt(self) -> Result<MessageReceipt, StoreError> {
        Ok(MessageReceipt {
            status: read_column(
                "message_events",
                "status",
                Some(self.message_id),
                &self.status,
            )?,
            message_id: self.message_id,
            error_code: self.error_code,
            at: self.at,
        })
    }
}

impl Store {
    /// Files under `user` the sign-in codes sent since `since` to contacts they have
    /// just proved are theirs. A code goes out before anyone knows whose the address
    /// is; once they sign in with it, its delivery belongs in their log.
    pub async fn claim_sign_in_codes(
        &self,
        user: UserId,
        recipients: &[&str],
        since: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let mut claimed = 0;
        for recipient in recipients {
            claimed += with_writer!(self, pool => {
                sqlx::query(
                    "UPDATE outbox SET user_id = $1 WHERE user_id IS NULL AND kind = $4 \
                     AND recipient = $2 AND created_at >= $3",
                )
                .bind(user)
                .bind(*recipient)
                .bind(since)
                .bind(MessageKind::SignInCode.as_str())
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
            })?;
        }
        Ok(claimed)
    }

    /// The messages of one appointment, newest first.
    pub async fn messages_for_appointment(
        &self,
        appointment: AppointmentId,
    ) -> Result<Vec<OutboxEntry>, StoreError> {
        let rows = with_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE appointment_id = $1 ORDER BY created_at DESC"
            ))
            .bind(appointment)
            .fetch_all(pool)
            .await
        })?;
        entries(rows)
    }

    /// The receipts of a person's messages, oldest first.
    pub async fn receipts_for_user(&self, user: UserId) -> Result<Vec<MessageReceipt>, StoreError> {
        self.receipts_where("o.user_id = $1", user.0).await
    }

    /// The receipts of one appointment's messages, oldest first.
    pub async fn receipts_for_appointment(
        &self,
        appointment: AppointmentId,
    ) -> Result<Vec<MessageReceipt>, StoreError> {
        self.receipts_where("o.appointment_id = $1", appointment.0)
            .await
    }

    /// Receipts of the messages `filter` (a condition on the outbox row `o`) selects.
    async fn receipts_where(
        &self,
        filter: &'static str,
        key: uuid::Uuid,
    ) -> Result<Vec<MessageReceipt>, StoreError> {
        let sql = format!(
            "SELECT e.message_id, e.status, e.error_code, e.at FROM message_events e \
             JOIN outbox o ON o.id = e.message_id WHERE {filter} ORDER BY e.at, e.id"
        );
        let rows: Vec<ReceiptRow> = with_pool!(self, pool => {
            sqlx::query_as(&sql).bind(key).fetch_all(pool).await
        })?;
        rows.into_iter().map(ReceiptRow::into_receipt).collect()
    }
}
