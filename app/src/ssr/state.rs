//! The application state every page render, server function and route handler shares.

use super::{clock::Clock, config::AppConfig, store::Store, vault::Vault};
use crate::views::account::DevMessage;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Store,
    pub config: Arc<AppConfig>,
    pub clock: Clock,
    /// What the development `log` channel "sent", for the dev messages page.
    pub dev_mailbox: Option<Arc<dyn DevMailbox>>,
    /// Encrypts notes and files at rest.
    pub vault: Arc<Vault>,
}

/// Read access to the messages the `log` channel recorded (development only).
pub trait DevMailbox: Send + Sync {
    fn recent(&self) -> Vec<DevMessage>;
}
