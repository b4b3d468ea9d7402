//! Drains the outbox: claims due messages with a lease, renders and sends each through
//! its channel, records the outcome. Several instances can run side by side: a claim
//! is exclusive, and a message whose worker died mid-send is settled as `unknown`
//! instead of being sent twice.

use super::{Channels, Outgoing, SendError, templates};
use app::{
    domain::{
        ids::{ClinicId, MessageId},
        message_kind::MessageKind,
        messaging::{Channel, ChannelSet, Reach, fallback_after, first_channel},
    },
    ssr::{
        clock::Clock,
        store::{ClaimEnd, OutboxEntry, Store, StoreError},
    },
};
use chrono::Duration;
use rand::Rng;
use std::collections::HashMap;

/// Messages of one batch in flight at once.
const CONCURRENT_SENDS: usize = 32;

/// Attempts before a transiently failing message is given up.
pub const MAX_ATTEMPTS: i32 = 6;

/// Why a message moves to another channel.
#[derive(Clone, Copy)]
enum Redirect {
    /// The channel gave up on it.
    Failed,
    /// Its clinic no longer allows the channel it was queued on.
    ChannelOff,
}

#[derive(Clone)]
pub struct Worker {
    pub store: Store,
    pub channels: Channels,
    pub public_url: String,
    pub clock: Clock,
    /// Messages claimed per round.
    pub batch: i64,
    /// How long a claim is exclusive; longer than any one send may take.
    pub lease: Duration,
    /// How long a sign-in code lives: its message is dropped if still unsent by then.
    pub code_ttl: Duration,
    /// Pause between rounds when the queue is empty.
    pub idle: std::time::Duration,
}

/// Exponential backoff with jitter: about 30 s, 1 min, 2 min … capped at an hour, each
/// spread by ±20% so retries of many messages do not arrive together.
pub fn backoff(attempt: i32) -> Duration {
    let base = 30_i64
        .saturating_mul(1_i64 << attempt.clamp(0, 7).saturating_sub(1))
        .min(3600);
    let jitter = rand::rng().random_range(-(base / 5)..=(base / 5));
    Duration::seconds(base + jitter)
}

impl Worker {
    /// One round: settle abandoned claims, claim a batch, deliver it. Returns how many
    /// messages were handled.
    pub async fn run_once(&self) -> Result<usize, StoreError> {
        let now = self.clock.now();
        let settled = self.store.settle_abandoned_messages(now).await?;
        if settled > 0 {
            tracing::warn!(
                messages = settled,
                "settled messages whose delivery was interrupted"
            );
        }
        self.store
            .expire_unsent_codes(now - self.code_ttl, now)
            .await?;
        let claimed = self
            .store
            .claim_due_messages(now, now + self.lease, self.batch)
            .await?;
        let n = claimed.len();
        // Read once per batch, so a clinic's change applies from the next round on. The
        // batch is claimed already: an unreadable setting must not strand it in `sending`,
        // so it counts as "every channel" (the order still applies).
        let mut allowed: HashMap<ClinicId, ChannelSet> = HashMap::new();
        for clinic in claimed.iter().filter_map(|m| m.clinic_id) {
            if let std::collections::hash_map::Entry::Vacant(slot) = allowed.entry(clinic) {
                let channels = self
                    .store
                    .clinic_channels(clinic)
                    .await
                    .unwrap_or_else(|error| {
                        tracing::warn!(%error, "could not read a clinic's channels; allowing all");
                        ChannelSet::ALL
                    });
                slot.insert(channels);
            }
        }
        let deliverable = self.channels.set();
        // Providers answer in tens of milliseconds: send a claimed batch side by side.
        use futures::{StreamExt, TryStreamExt};
        futures::stream::iter(claimed)
            .map(|entry| {
                let channels = entry
                    .clinic_id
                    .and_then(|c| allowed.get(&c).copied())
                    .unwrap_or(ChannelSet::ALL);
                // Fallbacks skip channels this deployment has no provider for, rather
                // than failing on each in turn.
                let usable = deliverable
                    .and_then(|d| channels.and(d))
                    .unwrap_or(channels);
                self.deliver(entry, channels, usable)
            })
            .buffer_unordered(CONCURRENT_SENDS)
            .try_collect::<Vec<()>>()
            .await?;
        Ok(n)
    }

    /// How the clinic a message is about wants its numbers and dates shown, read when the
    /// message is sent so a changed setting applies to reminders already planned.
    /// Messages about an account (codes, sign-in methods) belong to no clinic.
    async fn display_for(
        &self,
        payload: &serde_json::Value,
    ) -> Result<app::domain::display::DisplaySettings, StoreError> {
        let slug = payload
            .get("clinic_slug")
            .and_then(serde_json::Value::as_str)
            .and_then(|s| app::domain::catalog::Slug::parse(s).ok());
        match slug {
            Some(slug) => self.store.display_settings_by_slug(&slug).await,
            None => Ok(Default::default()),
        }
    }

    /// Sends `m` if its clinic still allows its channel (`allowed`); otherwise, and when
    /// the channel gives up on it, hands the message to the next allowed channel that
    /// has a provider here (`usable`).
    async fn deliver(
        &self,
        m: OutboxEntry,
        allowed: ChannelSet,
        usable: ChannelSet,
    ) -> Result<(), StoreError> {
        let now = || self.clock.now();
        let (channel, lang) = (m.channel, m.lang);
        let display = self.display_for(&m.payload).await?;
        let (subject, text) =
            templates::render(m.kind, lang, display, &m.payload, &self.public_url);
        if m.kind == MessageKind::AppointmentReminder
            && self.store.is_opted_out(&m.recipient, channel).await?
        {
            let reason = "the patient stopped reminders on this channel";
            return self.end(m.id, ClaimEnd::Cancelled { reason }).await;
        }
        if !allowed.contains(channel) {
            self.fall_back(&m, usable, Redirect::ChannelOff).await?;
            let error = "channel turned off by the clinic";
            return self.end(m.id, ClaimEnd::Failed { error }).await;
        }
        let Some(notifier) = self.channels.get(channel) else {
            self.fall_back(&m, usable, Redirect::Failed).await?;
            let error = "channel not configured";
            return self.end(m.id, ClaimEnd::Failed { error }).await;
        };
        let (html, calendar) = if channel == Channel::Email {
            let calendar = m.kind.is_about_an_appointment().then(|| {
                app::ssr::services::booking::calendar_from_payload(
                    &m.payload,
                    lang,
                    &self.public_url,
                    m.kind == MessageKind::AppointmentCancelled,
                )
            });
            (
                Some(templates::html(&subject, &text, lang)),
                calendar.flatten(),
            )
        } else {
            (None, None)
        };
        let outgoing = Outgoing {
            id: m.id.to_string(),
            kind: m.kind,
            channel,
            to: m.recipient.clone(),
            lang,
            subject,
            text,
            html,
            calendar,
            variables: templates::variables(m.kind, lang, display, &m.payload, &self.public_url),
        };
        match notifier.send(&outgoing).await {
            Ok(provider_id) => {
                let end = ClaimEnd::Sent {
                    provider: notifier.name(),
                    provider_message_id: provider_id.as_deref(),
                };
                self.end(m.id, end).await
            }
            Err(SendError::Transient(reason)) if m.attempts < MAX_ATTEMPTS => {
                tracing::warn!(message_id = %m.id, attempt = m.attempts, %reason, "delivery failed; will retry");
                let due_at = now() + backoff(m.attempts);
                let end = ClaimEnd::Retry {
                    due_at,
                    error: &reason,
                };
                self.end(m.id, end).await
            }
            Err(e) => {
                tracing::warn!(message_id = %m.id, error = %e, "delivery failed; giving up on this channel");
                // Before the payload is redacted: the fallback carries the same content.
                self.fall_back(&m, usable, Redirect::Failed).await?;
                let error = e.to_string();
                self.end(m.id, ClaimEnd::Failed { error: &error }).await
            }
        }
    }

    /// Queues a message that cannot go out on `from` on another channel the clinic
    /// allows and we hold a contact for: the next one in the order WhatsApp → SMS → email
    /// after a failure, or the person's first choice when the clinic turned `from` off.
    /// Once per (message, channel), however often this runs.
    async fn fall_back(
        &self,
        m: &OutboxEntry,
        allowed: ChannelSet,
        why: Redirect,
    ) -> Result<(), StoreError> {
        let from = m.channel;
        let account = match m.user_id {
            Some(user) => self.store.user(user).await.ok(),
            None => None,
        };
        let phone = match from {
            Channel::Sms | Channel::WhatsApp => Some(m.recipient.clone()),
            Channel::Email => None,
        }
        .or_else(|| {
            account
                .as_ref()?
                .phone
                .as_ref()
                .map(|p| p.as_str().to_owned())
        });
        let email = (from == Channel::Email)
            .then(|| m.recipient.clone())
            .or_else(|| {
                account
                    .as_ref()?
                    .email
                    .as_ref()
                    .map(|e| e.as_str().to_owned())
            });
        let reach = Reach {
            phone: phone.is_some(),
            email: email.is_some(),
        };
        let next = match why {
            Redirect::Failed => fallback_after(from, reach, allowed),
            Redirect::ChannelOff => first_channel(
                account.as_ref().and_then(|a| a.preferred_channel),
                reach,
                allowed,
            ),
        };
        let recipient = match next {
            Some(Channel::Email) => email,
            Some(Channel::Sms | Channel::WhatsApp) => phone,
            None => None,
        };
        let (Some(channel), Some(recipient)) = (next, recipient) else {
            return Ok(());
        };
        let now = self.clock.now();
        let fallback = app::ssr::store::NewMessage {
            id: app::domain::ids::MessageId(uuid::Uuid::now_v7()),
            idempotency_key: format!("fallback:{}:{}", m.id, channel.as_str()),
            kind: m.kind,
            channel,
            recipient,
            lang: m.lang,
            payload: m.payload.clone(),
            due_at: now,
            user_id: m.user_id,
            clinic_id: m.clinic_id,
            appointment_id: m.appointment_id,
        };
        if self.store.enqueue_message(&fallback, now).await? {
            tracing::info!(message_id = %m.id, from = from.as_str(), to = channel.as_str(), "falling back to another channel");
        }
        Ok(())
    }

    /// Ends the claim on message `id` now.
    async fn end(&self, id: MessageId, end: ClaimEnd<'_>) -> Result<(), StoreError> {
        self.store.end_claim(id, end, self.clock.now()).await
    }

    /// Runs rounds until the task is dropped; storage errors are logged and retried.
    pub async fn run(self) {
        loop {
            match self.run_once().await {
                Ok(0) => tokio::time::sleep(self.idle).await,
                Ok(_) => {}
                Err(error) => {
                    tracing::warn!(%error, "outbox round failed");
                    tokio::time::sleep(self.idle * 4).await;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn backoff_grows_and_is_capped() {
        for attempt in 1..20 {
            let d = backoff(attempt).num_seconds();
            assert!((24..=4320).contains(&d), "attempt {attempt}: {d}");
        }
        assert!(backoff(1).num_seconds() <= 36);
        assert!(backoff(6).num_seconds() >= 768);
    }
}
