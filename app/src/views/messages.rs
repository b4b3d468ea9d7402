//! The communication log and reminder choices as the messages page shows them: what we
//! sent and what became of it, never a message's content.

use crate::domain::messaging::Channel;
use chrono::{DateTime, Utc};
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
    pub channel: Channel,
    /// The contact it uses, partly hidden.
    pub to: String,
    pub on: bool,
}
