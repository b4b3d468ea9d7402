//! The communication log: every message we sent a person, on which channel, and what
//! became of it — never its content (a sign-in code stays secret).

use crate::error::AppError;
use chrono::{DateTime, Utc};
use leptos::{prelude::*, server_fn::codec::GetUrl};
use serde::{Deserialize, Serialize};

/// One status a message reached, as the provider reported it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MessageStep {
    pub status: String,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoggedMessage {
    /// `sign_in_code`, `appointment_confirmation`, `appointment_reminder`, …
    pub kind: String,
    /// `sms`, `whatsapp` or `email`.
    pub channel: String,
    /// Where it went, partly hidden.
    pub to: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
    /// When it is (or was) due: reminders are queued ahead.
    pub due_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    /// Why delivery failed, when it did.
    pub failure: Option<String>,
    pub steps: Vec<MessageStep>,
    pub appointment_id: Option<String>,
}

/// Whether reminders reach the person on one channel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReminderChannel {
    pub channel: crate::domain::messaging::Channel,
    /// The contact it uses, partly hidden.
    pub to: String,
    pub on: bool,
}

#[cfg(feature = "ssr")]
use crate::ssr::{
    context::respond,
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
    respond(
        async {
            messages::set_reminder_channels(
                &Ctx::from_leptos()?,
                [whatsapp.is_some(), sms.is_some(), email.is_some()],
            )
            .await
        }
        .await,
    )
}
