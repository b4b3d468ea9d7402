//! Replies to reminders by SMS or WhatsApp: confirm or cancel the appointment within the
//! clinic's policy, or stop reminders on that channel.

use super::{Ctx, booking};
use crate::{
    domain::{
        booking::{Action, ActorKind},
        lang::Lang,
        messaging::Channel,
        replies::{Reply, parse_reply},
    },
    error::AppError,
};

/// What happened, for the answer sent back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Confirmed,
    Cancelled,
    Stopped,
    /// Understood, but the clinic's policy does not allow it now (e.g. past the cutoff).
    NotAllowed,
    /// No upcoming appointment was reminded to this number.
    NoAppointment,
    NotUnderstood,
}

/// Applies a reply from `from` (E.164) on `channel`; the language to answer in.
pub async fn handle(
    ctx: &Ctx,
    channel: Channel,
    from: &str,
    body: &str,
    button: Option<&str>,
) -> Result<(Outcome, Lang), AppError> {
    let now = ctx.now();
    // The language of the last message we sent there; a number we never wrote to gets
    // English (the reply cannot tell us more).
    let lang = ctx
        .store()
        .messages_to(from, 1)
        .await?
        .first()
        .map_or(Lang::En, |m| m.lang);
    let Some(reply) = parse_reply(body, button) else {
        return Ok((Outcome::NotUnderstood, lang));
    };
    if reply == Reply::Stop {
        ctx.store().opt_out(from, channel, now).await?;
        return Ok((Outcome::Stopped, lang));
    }
    let Some(id) = ctx
        .store()
        .latest_reminded_appointment(from, channel, now)
        .await?
    else {
        return Ok((Outcome::NoAppointment, lang));
    };
    let row = ctx.store().appointment(id).await?;
    let (action, done) = match reply {
        Reply::Confirm => (Action::Confirm, Outcome::Confirmed),
        _ => (Action::Cancel, Outcome::Cancelled),
    };
    match booking::apply_action(ctx, &row, ActorKind::Patient, row.booked_by, action, "").await {
        Ok(()) => Ok((done, lang)),
        Err(AppError::Invalid(_)) => Ok((Outcome::NotAllowed, lang)),
        Err(e) => Err(e),
    }
}
