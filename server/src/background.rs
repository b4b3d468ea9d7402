//! Work that runs beside the web server: outbox delivery, the purge of expired
//! sign-in data, and the watch on the catalogue's generation. Both take "now" from the application's clock, so a test's manual clock
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
        let mut tasks = vec![
            tokio::spawn(watch_catalog(self.store.clone())),
            tokio::spawn(purge_expired(self.store, self.clock)),
        ];
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

/// How often the catalogue's generation is read, to see other instances' changes.
const CATALOG_POLL: Duration = Duration::from_secs(1);

/// Keeps this instance's view of the catalogue's generation current, so pages kept by
/// the page cache end when another instance changes a clinic.
async fn watch_catalog(store: Store) {
    let mut tick = tokio::time::interval(CATALOG_POLL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(error) = store.refresh_catalog_generation().await {
            tracing::warn!(%error, "reading the catalogue generation failed");
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
