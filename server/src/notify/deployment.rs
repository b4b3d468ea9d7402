//! Which adapter carries each channel in this deployment, chosen from the settings.

use super::{Channels, log::LogNotifier, meta, smtp, twilio};
use crate::config::Settings;
use app::{
    domain::messaging::{Channel, ChannelSet},
    ssr::clock::Clock,
};
use std::sync::Arc;
use url::Url;

/// The channels messages go out on.
pub struct Delivery {
    pub channels: Channels,
    /// The channels the application offers: those that really deliver, or all of them
    /// when the `log` channel stands in.
    pub set: ChannelSet,
    /// The `log` channel, whose recent messages the development page shows.
    pub log: Arc<LogNotifier>,
}

impl Delivery {
    /// The adapters the settings configure. The error is a bad SMTP URL.
    pub fn from_settings(
        settings: &Settings,
        public_url: &Url,
        clock: &Clock,
    ) -> Result<Self, String> {
        let log = Arc::new(LogNotifier::new(clock.clone()));
        let mut channels = providers(settings, public_url)?;
        // For local use (dev tools on, or no provider at all) the log channel stands in
        // for every channel without a provider. In production such a channel is simply
        // unavailable: messages go on one that really delivers instead of being "sent"
        // into a log nobody reads.
        let real = channels.set();
        if real.is_none() && !settings.dev_tools {
            tracing::warn!(
                "no message provider is configured: messages go to the log channel and reach nobody"
            );
        }
        let set = match real {
            Some(real) if !settings.dev_tools => real,
            _ => {
                channels = channels.or(log.clone());
                ChannelSet::ALL
            }
        };
        if set != ChannelSet::ALL {
            tracing::info!(channels = %set.to_list(), "messages go out on these channels only");
        }
        Ok(Self { channels, set, log })
    }
}

/// SMTP, Twilio and Meta, each where configured; Meta carries WhatsApp over Twilio.
fn providers(settings: &Settings, public_url: &Url) -> Result<Channels, String> {
    let mut channels = Channels::default();
    if let Some(s) = &settings.smtp {
        use secrecy::ExposeSecret;
        let email = smtp::SmtpNotifier::new(s.url.expose_secret(), &s.from)?;
        channels = channels.with(Channel::Email, Arc::new(email));
    }
    let public = public_url.as_str().trim_end_matches('/');
    if let Some(t) = &settings.twilio {
        let notifier = Arc::new(twilio::TwilioNotifier::new(twilio::TwilioSettings {
            account_sid: t.account_sid.clone(),
            auth_token: t.auth_token.clone(),
            sms_from: t.sms_from.clone(),
            whatsapp_from: t.whatsapp_from.clone(),
            content_sids: t.content_sids.clone(),
            api_base: t.api_base.as_str().trim_end_matches('/').to_owned(),
            status_callback: format!("{public}/webhooks/twilio/status"),
        }));
        if t.sms_from.is_some() {
            channels = channels.with(Channel::Sms, notifier.clone());
        }
        if t.whatsapp_from.is_some() {
            channels = channels.with(Channel::WhatsApp, notifier);
        }
    }
    if let Some(m) = &settings.meta {
        let notifier = meta::MetaNotifier::new(meta::MetaSettings {
            token: m.token.clone(),
            phone_number_id: m.phone_number_id.clone(),
            graph_base: m.graph_base.as_str().trim_end_matches('/').to_owned(),
            templates: m.templates.clone(),
        });
        channels = channels.with(Channel::WhatsApp, Arc::new(notifier));
    }
    Ok(channels)
}
