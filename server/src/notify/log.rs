//! The `log` channel: delivers nothing, keeps the recent messages in memory for the
//! development page, and logs that a message went out (never to whom or what it said).

use super::{Notifier, Outgoing, SendError};
use app::{
    ssr::{clock::Clock, state::DevMailbox},
    views::account::DevMessage,
};
use async_trait::async_trait;
use std::{collections::VecDeque, sync::Mutex};

/// How many messages the development page can show.
const KEEP: usize = 200;

pub struct LogNotifier {
    recent: Mutex<VecDeque<DevMessage>>,
    /// Stamps each message, so the page shows the application's time (a test's manual
    /// clock included).
    clock: Clock,
}

impl LogNotifier {
    pub fn new(clock: Clock) -> Self {
        Self {
            recent: Mutex::default(),
            clock,
        }
    }
}

#[async_trait]
impl Notifier for LogNotifier {
    fn name(&self) -> &'static str {
        "log"
    }

    async fn send(&self, m: &Outgoing) -> Result<Option<String>, SendError> {
        tracing::info!(message_id = %m.id, kind = %m.kind, channel = m.channel.as_str(), "message delivered to the log channel");
        if let Ok(mut recent) = self.recent.lock() {
            recent.push_front(DevMessage {
                at: self.clock.now().format("%Y-%m-%d %H:%M:%S UTC").to_string(),
                channel: m.channel,
                to: m.to.clone(),
                subject: (!m.subject.is_empty()).then(|| m.subject.clone()),
                text: m.text.clone(),
            });
            recent.truncate(KEEP);
        }
        Ok(Some(format!("log-{}", m.id)))
    }
}

impl DevMailbox for LogNotifier {
    fn recent(&self) -> Vec<DevMessage> {
        self.recent
            .lock()
            .map(|r| r.iter().cloned().collect())
            .unwrap_or_default()
    }
}
