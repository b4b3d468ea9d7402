//! The application state pages, server functions and routes share, assembled from the
//! settings. Keys the settings leave unset are replaced by random ones, with a warning.

use crate::{config::Settings, oauth};
use app::{
    domain::{messaging::ChannelSet, otp::OtpPolicy},
    ssr::{
        clock::Clock,
        config::{AppConfig, SessionPolicy, SignInMethods},
        state::{AppState, DevMailbox},
        store::Store,
        vault::Vault,
    },
};
use leptos::config::{Env, LeptosOptions};
use secrecy::SecretSlice;
use std::{net::SocketAddr, sync::Arc};
use url::Url;

/// What the state is built from besides the settings.
pub(crate) struct Parts {
    pub addr: SocketAddr,
    pub public_url: Url,
    pub store: Store,
    pub clock: Clock,
    pub delivery: ChannelSet,
    pub dev_mailbox: Arc<dyn DevMailbox>,
}

pub(crate) fn app_state(
    settings: &Settings,
    providers: &oauth::Providers,
    parts: Parts,
) -> AppState {
    let leptos_options = LeptosOptions::builder()
        .output_name("calentify")
        .site_root(settings.site_root.to_string_lossy().as_ref())
        .site_pkg_dir("pkg")
        .site_addr(parts.addr)
        .env(Env::PROD)
        .hash_files(hash_file_beside_binary())
        .build();
    let config = app_config(settings, providers, parts.public_url, parts.delivery);
    AppState {
        leptos_options,
        store: parts.store,
        config: Arc::new(config),
        clock: parts.clock,
        dev_mailbox: settings.dev_tools.then_some(parts.dev_mailbox),
        vault: Arc::new(match &settings.file_keys {
            Some(vault) => vault.clone(),
            None => {
                tracing::warn!(
                    "CALENTIFY_FILE_KEYS is not set: files and notes use a temporary key and are unreadable after a restart"
                );
                Vault::ephemeral()
            }
        }),
    }
}

/// A build with content-hashed names writes `hash.txt` beside the server binary, where
/// leptos reads it on each page; without one (tests, a build without a front end) pages
/// link the plain names.
fn hash_file_beside_binary() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
        .is_some_and(|file| file.is_file())
}

fn app_config(
    settings: &Settings,
    providers: &oauth::Providers,
    public_url: Url,
    delivery: ChannelSet,
) -> AppConfig {
    AppConfig {
        public_url,
        secret_key: secret_key(settings),
        sessions: SessionPolicy {
            idle: chrono::Duration::hours(settings.session_idle_hours),
            absolute: chrono::Duration::days(settings.session_max_days),
        },
        otp: OtpPolicy {
            sends_per_destination_per_hour: settings.otp_sends_per_destination,
            sends_per_ip_per_hour: settings.otp_sends_per_ip,
            phone_sends_per_hour: settings.otp_phone_sends_per_hour,
            ..Default::default()
        },
        default_region: settings.default_region,
        sign_in: SignInMethods {
            google: providers.google.is_some(),
            facebook: providers.facebook.is_some(),
        },
        dev_tools: settings.dev_tools,
        min_account_age: settings.min_account_age,
        delivery,
        clinic_signup: settings.clinic_signup,
        operators: settings.operators.clone(),
    }
}

fn secret_key(settings: &Settings) -> SecretSlice<u8> {
    match &settings.secret_key {
        Some(key) => key.clone(),
        None => {
            tracing::warn!(
                "CALENTIFY_SECRET_KEY is not set: using a random key, so codes do not survive a restart"
            );
            app::ssr::crypto::random_bytes::<32>().to_vec().into()
        }
    }
}
