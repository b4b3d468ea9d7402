//! Work that runs beside the web server: outbox delivery and the purge of expired
//! sign-in data. Both take "now" from the application's clock, so a test's manual clock
//! moves them as it moves the pages.

use crate::{config::Settings, notify};
use app::ssr::{clock::Clock, state::AppState, store::Store};
use std::time::Duration;
use tokio::task::JoinHandle;

/// How often expired sessions, codes and sign-in tickets are deleted.
const PURGE_EVERY: Duration = Duration::from_secs(600);

/// The background tasks of one application, not yet started.
pub(crate) struct Background {
    store: Store,
    clock: Clock,
    worker: Option<notify::worker::Worker>,
}

/// The started tasks; [`Running::stop`] ends them.
pub(crate) struct Running(Vec<JoinHandle<()>>);

impl Background {
    /// The purge always; the outbox worker when the settings ask for it.
    pub(crate) fn new(settings: &Settings, state: &AppState, channels: notify::Channels) -> Self {
        let worker = settings.outbox_worker.then(|| notify::worker::Worker {
            store: state.store.clone(),
            channels,
            public_url: state
                .config
                .public_url
                .as_str()
                .trim_end_matches('/')
                .to_owned(),
            clock: state.clock.clone(),
            batch: 100,
            lease: chrono::Duration::seconds(settings.outbox_lease_secs),
            code_ttl: state.config.otp.ttl,
            idle: Duration::from_millis(500),
        });
        Self {
            store: state.store.clone(),
            clock: state.clock.clone(),
            worker,
        }
    }

    pub(crate) fn start(self) -> Running {
        let mut tasks = vec![tokio::spawn(purge_expired(self.store, self.clock))];
        if let Some(worker) = self.worker {
            tasks.push(tokio::spawn(worker.run()));
        }
        Running(tasks)
    }
}

impl Running {
    pub(crate) fn stop(self) {
        for task in self.0 {
            task.abort();
        }
    }
}

/// Deletes expired sessions, codes and sign-in tickets every ten minutes.
async fn purge_expired(store: Store, clock: Clock) {
    let mut tick = tokio::time::interval(PURGE_EVERY);
    loop {
        tick.tick().await;
        match store.purge_expired_auth(clock.now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(rows = n, "purged expired sign-in data"),
            Err(error) => tracing::warn!(%error, "purging expired sign-in data failed"),
        }
    }
}
