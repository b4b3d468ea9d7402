//! The communication log and reminder choices as the messages page shows them: what we
//! sent and what became of it, never a message's content.

use crate::domain::{message_kind::MessageKind, message_status::MessageStatus, messaging::Channel};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

/// One status a message reached, as the provider reported it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MessageStep {
    pub status: MessageStatus,
    pub at: DateTime<Utc>,
    /// `at` on the wall clock of the log's zone (the clinic's, or UTC), converted on the
    /// server so the browser needs no time-zone data.
    pub local_at: NaiveDateTime,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoggedMessage {
    pub kind: MessageKind,
    pub channel: Channel,
    /// Where it went, partly hidden.
    pub to: String,
    pub status: MessageStatus,
    pub created_at: DateTime<Utc>,
    /// When it is (or was) due: reminders are queued ahead.
    pub due_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    /// When it went out, or is due (while pending), or was queued, on the wall clock of
    /// the log's zone.
    pub shown_at: NaiveDateTime,
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
