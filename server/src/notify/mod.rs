//! Outgoing messages: one [`Notifier`] per channel behind one trait, and the worker that
//! drains the outbox through them.

pub mod deployment;
pub mod log;
pub mod meta;
pub mod smtp;
pub mod templates;
pub mod twilio;
pub mod worker;

use app::domain::{
    lang::Lang,
    message_kind::MessageKind,
    messaging::{Channel, ChannelSet},
};
use async_trait::async_trait;
use std::{collections::HashMap, sync::Arc};

/// A rendered message, ready for a channel.
#[derive(Clone, Debug)]
pub struct Outgoing {
    pub id: String,
    pub kind: MessageKind,
    pub channel: Channel,
    pub to: String,
    pub lang: Lang,
    /// Email subject; other channels ignore it.
    pub subject: String,
    pub text: String,
    /// Email only: the HTML part, in the recipient's language and direction.
    pub html: Option<String>,
    /// Email only: a calendar file for messages about an appointment.
    pub calendar: Option<String>,
    /// The values an approved WhatsApp template is filled with, in order.
    pub variables: Vec<String>,
}

/// Why a send did not happen. Transient failures are retried with backoff; permanent
/// ones (an invalid number, a rejected template) fail at once.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("temporary failure: {0}")]
    Transient(String),
    #[error("refused: {0}")]
    Permanent(String),
}

#[async_trait]
pub trait Notifier: Send + Sync {
    /// Recorded as the message's provider.
    fn name(&self) -> &'static str;
    /// Sends one message; the provider's message id when it gives one.
    async fn send(&self, message: &Outgoing) -> Result<Option<String>, SendError>;
}

/// The HTTP client the provider adapters share: a provider that does not answer within
/// 20 seconds is a transient failure, retried later.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(20))
        .build()
        .unwrap_or_default()
}

/// Which adapter carries each channel in this deployment.
#[derive(Clone, Default)]
pub struct Channels {
    by_channel: HashMap<Channel, Arc<dyn Notifier>>,
}

impl Channels {
    pub fn with(mut self, channel: Channel, notifier: Arc<dyn Notifier>) -> Self {
        self.by_channel.insert(channel, notifier);
        self
    }

    /// `notifier` carries every channel that has no adapter yet.
    pub fn or(mut self, notifier: Arc<dyn Notifier>) -> Self {
        for c in Channel::ALL {
            self.by_channel.entry(c).or_insert_with(|| notifier.clone());
        }
        self
    }

    pub fn get(&self, channel: Channel) -> Option<&Arc<dyn Notifier>> {
        self.by_channel.get(&channel)
    }

    /// The channels with an adapter; `None` when there is none at all.
    pub fn set(&self) -> Option<ChannelSet> {
        ChannelSet::of(self.by_channel.keys().copied())
    }
}
