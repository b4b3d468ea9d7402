//! The communication log: every message we sent a person, on which channel, and what
//! became of it — never its content (a sign-in code stays secret).

use crate::{
    error::AppError,
    views::messages::{LoggedMessage, ReminderChannel},
};
use leptos::{prelude::*, server_fn::codec::GetUrl};

#[cfg(feature = "ssr")]
use crate::ssr::{
    context::{respond, saved},
    services::{Ctx, messages},
};

/// The signed-in person's own messages, newest first.
#[server(prefix = "/api", endpoint = "my_messages", input = GetUrl)]
pub async fn my_messages() -> Result<Vec<LoggedMessage>, AppError> {
    respond(async { messages::mine(&Ctx::from_leptos()?).await }.await)
}

/// The channels the person can get reminders on (those we hold a contact for), and
/// whether each is on.
#[server(prefix = "/api", endpoint = "my_reminder_channels", input = GetUrl)]
pub async fn my_reminder_channels() -> Result<Vec<ReminderChannel>, AppError> {
    respond(async { messages::reminder_channels(&Ctx::from_leptos()?).await }.await)
}

/// Turns reminders on (a ticked box sends any value) or off per channel. Sign-in codes,
/// confirmations and changes to a visit are not reminders and still arrive.
#[server(prefix = "/api", endpoint = "set_reminder_channels")]
pub async fn set_reminder_channels(
    whatsapp: Option<String>,
    sms: Option<String>,
    email: Option<String>,
) -> Result<(), AppError> {
    respond(saved(
        <SetReminderChannels as leptos::server_fn::ServerFn>::PATH,
        async {
            messages::set_reminder_channels(
                &Ctx::from_leptos()?,
                [whatsapp.is_some(), sms.is_some(), email.is_some()],
            )
            .await
        }
        .await,
    ))
}
