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
