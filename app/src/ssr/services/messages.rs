//! The communication log, for the person messages went to and, per appointment, for
//! the clinic's staff. Access to an appointment's messages is decided by the caller of
//! [`for_appointment`] (the appointment's own access check).

use super::Ctx;
use crate::{
    domain::{
        contact::{Email, PhoneNumber},
        ids::AppointmentId,
        message_status::MessageStatus,
        messaging::Channel,
    },
    error::AppError,
    ssr::store::{MessageReceipt, OutboxEntry},
    views::messages::{LoggedMessage, MessageStep, ReminderChannel},
};

/// How many messages the log shows; older ones stay until retention removes them.
const LOG_LIMIT: i64 = 200;

pub async fn mine(ctx: &Ctx) -> Result<Vec<LoggedMessage>, AppError> {
    let caller = ctx.require_caller().await?;
    let store = ctx.store();
    let messages = store.messages_for_user(caller.user_id, LOG_LIMIT).await?;
    let receipts = store.receipts_for_user(caller.user_id).await?;
    Ok(assemble(messages, &receipts, chrono_tz::UTC))
}

/// An appointment's messages, times in its branch's zone `tz`; the caller has already
/// checked who may see them.
pub async fn for_appointment(
    ctx: &Ctx,
    appointment: AppointmentId,
    tz: chrono_tz::Tz,
) -> Result<Vec<LoggedMessage>, AppError> {
    let store = ctx.store();
    let messages = store.messages_for_appointment(appointment).await?;
    let receipts = store.receipts_for_appointment(appointment).await?;
    Ok(assemble(messages, &receipts, tz))
}

/// The caller's contacts per channel: their phone for WhatsApp and SMS, their email.
async fn contacts(ctx: &Ctx) -> Result<Vec<(Channel, String)>, AppError> {
    let caller = ctx.require_caller().await?;
    let user = ctx.store().user(caller.user_id).await?;
    let phone = user.phone.map(|p| p.as_str().to_owned());
    let email = user.email.map(|e| e.as_str().to_owned());
    Ok(Channel::ALL
        .into_iter()
        .filter_map(|c| {
            let to = match c {
                Channel::WhatsApp | Channel::Sms => phone.clone(),
                Channel::Email => email.clone(),
            };
            to.map(|to| (c, to))
        })
        .collect())
}

pub async fn reminder_channels(ctx: &Ctx) -> Result<Vec<ReminderChannel>, AppError> {
    let contacts = contacts(ctx).await?;
    let recipients: Vec<&str> = contacts.iter().map(|(_, to)| to.as_str()).collect();
    let off = ctx.store().opt_outs_of(&recipients).await?;
    Ok(contacts
        .iter()
        .map(|(channel, to)| ReminderChannel {
            channel: *channel,
            to: mask(*channel, to),
            on: !off.iter().any(|(r, c)| r == to && c == channel),
        })
        .collect())
}

/// `on` follows the order WhatsApp, SMS, email; channels the person has no contact for
/// are left alone. The same switch a `STOP` reply flips, so ticking a box undoes it.
pub async fn set_reminder_channels(ctx: &Ctx, on: [bool; 3]) -> Result<(), AppError> {
    let contacts = contacts(ctx).await?;
    let choices: Vec<(&str, Channel, bool)> = contacts
        .iter()
        .map(|(channel, to)| {
            let wanted = Channel::ALL
                .iter()
                .zip(on)
                .any(|(c, on)| c == channel && on);
            (to.as_str(), *channel, !wanted)
        })
        .collect();
    ctx.store().set_opt_outs(&choices, ctx.now()).await?;
    Ok(())
}

fn assemble(
    messages: Vec<OutboxEntry>,
    receipts: &[MessageReceipt],
    tz: chrono_tz::Tz,
) -> Vec<LoggedMessage> {
    let local = |at: chrono::DateTime<chrono::Utc>| at.with_timezone(&tz).naive_local();
    messages
        .into_iter()
        .map(|m| {
            let steps = receipts
                .iter()
                .filter(|r| r.message_id == m.id)
                .map(|r| MessageStep {
                    status: r.status,
                    at: r.at,
                    local_at: local(r.at),
                })
                .collect();
            let failure = m
                .status
                .is_failure()
                .then(|| m.last_error.clone())
                .flatten();
            LoggedMessage {
                to: mask(m.channel, &m.recipient),
                kind: m.kind,
                channel: m.channel,
                status: m.status,
                created_at: m.created_at,
                due_at: m.due_at,
                sent_at: m.sent_at,
                shown_at: local(m.sent_at.unwrap_or(if m.status == MessageStatus::Pending {
                    m.due_at
                } else {
                    m.created_at
                })),
                failure,
                steps,
                appointment_id: m.appointment_id.map(|a| a.to_string()),
            }
        })
        .collect()
}

fn mask(channel: Channel, recipient: &str) -> String {
    match channel {
        Channel::Email => Email::parse(recipient)
            .map(|e| e.masked())
            .unwrap_or_else(|_| "•••".to_owned()),
        Channel::Sms | Channel::WhatsApp => PhoneNumber::parse(recipient, None)
            .map(|p| p.masked())
            .unwrap_or_else(|_| "•••".to_owned()),
    }
}
