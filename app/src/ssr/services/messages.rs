//! The communication log, for the person messages went to and, per appointment, for
//! the clinic's staff. Access to an appointment's messages is decided by the caller of
//! [`for_appointment`] (the appointment's own access check).

use super::Ctx;
use crate::{
    api::messages::{LoggedMessage, MessageStep},
    domain::{
        contact::{Email, PhoneNumber},
        ids::AppointmentId,
    },
    error::AppError,
    ssr::store::{MessageReceipt, OutboxEntry},
};

/// How many messages the log shows; older ones stay until retention removes them.
const LOG_LIMIT: i64 = 200;

pub async fn mine(ctx: &Ctx) -> Result<Vec<LoggedMessage>, AppError> {
    let caller = ctx.require_caller().await?;
    let store = ctx.store();
    let messages = store.messages_for_user(caller.user_id, LOG_LIMIT).await?;
    let receipts = store.receipts_for_user(caller.user_id).await?;
    Ok(assemble(messages, &receipts))
}

/// An appointment's messages; the caller has already checked who may see them.
pub async fn for_appointment(
    ctx: &Ctx,
    appointment: AppointmentId,
) -> Result<Vec<LoggedMessage>, AppError> {
    let store = ctx.store();
    let messages = store.messages_for_appointment(appointment).await?;
    let receipts = store.receipts_for_appointment(appointment).await?;
    Ok(assemble(messages, &receipts))
}

fn assemble(messages: Vec<OutboxEntry>, receipts: &[MessageReceipt]) -> Vec<LoggedMessage> {
    messages
        .into_iter()
        .map(|m| {
            let steps = receipts
                .iter()
                .filter(|r| r.message_id == m.id)
                .map(|r| MessageStep {
                    status: r.status.clone(),
                    at: r.at,
                })
                .collect();
            let failure = matches!(m.status.as_str(), "failed" | "unknown")
                .then(|| m.last_error.clone())
                .flatten();
            LoggedMessage {
                to: mask(&m.channel, &m.recipient),
                kind: m.kind,
                channel: m.channel,
                status: m.status,
                created_at: m.created_at,
                due_at: m.due_at,
                sent_at: m.sent_at,
                failure,
                steps,
                appointment_id: m.appointment_id.map(|a| a.to_string()),
            }
        })
        .collect()
}

fn mask(channel: &str, recipient: &str) -> String {
    if channel == "email" {
        Email::parse(recipient)
            .map(|e| e.masked())
            .unwrap_or_else(|_| "•••".to_owned())
    } else {
        PhoneNumber::parse(recipient, None)
            .map(|p| p.masked())
            .unwrap_or_else(|_| "•••".to_owned())
    }
}
