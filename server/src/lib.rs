//! The Calentify server: wires configuration, storage, pages, server functions and
//! background work into one axum application. This file only assembles; each part
//! lives in the module named for it.

mod api_errors;
mod background;
pub mod config;
pub mod local_keys;
pub mod notify;
pub mod oauth;
mod page_cache;
mod request_info;
mod router;
mod routes;
mod security;
mod stalled_render;
mod state;
pub mod telemetry;

use app::ssr::{
    clock::Clock,
    demo,
    store::{ConnectError, Store, StoreError, StoreOptions},
};
use axum::Router;
use background::Background;
use config::Settings;
use std::{future::Future, net::SocketAddr};
use tokio::net::TcpListener;
use url::Url;

/// Why the server could not start; each message tells the operator what to change.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(
        "CALENTIFY_HOST/CALENTIFY_PORT: {addr} is already in use; stop the other server or choose another port"
    )]
    AddressInUse { addr: SocketAddr },
    #[error("CALENTIFY_HOST/CALENTIFY_PORT: cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("CALENTIFY_SMTP_URL: {0}")]
    Smtp(String),
    #[error("GOOGLE_*/FACEBOOK_* sign-in settings: {0}")]
    OAuth(oauth::OAuthError),
    #[error("DATABASE_URL: {0}")]
    Database(#[from] ConnectError),
    #[error("could not insert the demo clinic: {0}")]
    Seed(StoreError),
    #[error("CALENTIFY_LOCAL_KEYS_DIR: {0}")]
    LocalKeys(#[from] local_keys::LocalKeysError),
}

/// A server that is bound and ready; [`Application::run`] serves until shutdown.
pub struct Application {
    listener: TcpListener,
    router: Router,
    addr: SocketAddr,
    public_url: Url,
    store: Store,
    background: Background,
}

impl Application {
    /// Binds the port, opens (and migrates) the database and builds the router.
    ///
    /// The port is bound first, so a busy port is reported before anything is written.
    pub async fn build(settings: Settings) -> Result<Self, StartError> {
        Self::build_with_clock(settings, Clock::system()).await
    }

    /// As [`Application::build`], with a given clock (tests move a manual one). Every
    /// part of the application, background work included, takes time from it.
    pub async fn build_with_clock(settings: Settings, clock: Clock) -> Result<Self, StartError> {
        let (listener, addr) = bind(&settings).await?;
        let public_url = match &settings.public_url {
            Some(url) => url.clone(),
            None => Url::parse(&format!("http://{addr}")).map_err(|e| StartError::Bind {
                addr,
                source: std::io::Error::other(e),
            })?,
        };
        let settings = local_keys::fill(settings)?;
        let store = open_store(&settings, &clock).await?;
        let providers =
            oauth::Providers::from_settings(&settings, &public_url).map_err(StartError::OAuth)?;
        let delivery = notify::deployment::Delivery::from_settings(&settings, &public_url, &clock)
            .map_err(StartError::Smtp)?;
        let state = state::app_state(
            &settings,
            &providers,
            state::Parts {
                addr,
                public_url: public_url.clone(),
                store: store.clone(),
                clock,
                delivery: delivery.set,
                dev_mailbox: delivery.log,
            },
        );
        let background = Background::new(&settings, &state, delivery.channels);
        let router = router::router(state, &settings, &public_url, providers);
        Ok(Self {
            listener,
            router,
            addr,
            public_url,
            store,
            background,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn public_url(&self) -> &Url {
        &self.public_url
    }

    /// Serves until `shutdown` completes, then lets in-flight requests finish.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        tracing::info!(addr = %self.addr, url = %self.public_url, "listening");
        let background = self.background.start();
        let served = axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await;
        background.stop();
        self.store.close().await;
        tracing::info!("stopped");
        served
    }
}

/// Binds the configured address; returns the listener and the address it got (the
/// port the system chose when the settings ask for port 0).
async fn bind(settings: &Settings) -> Result<(TcpListener, SocketAddr), StartError> {
    let requested = SocketAddr::new(settings.host, settings.port);
    let listener = TcpListener::bind(requested).await.map_err(|source| {
        if source.kind() == std::io::ErrorKind::AddrInUse {
            StartError::AddressInUse { addr: requested }
        } else {
            StartError::Bind {
                addr: requested,
                source,
            }
        }
    })?;
    let addr = listener.local_addr().map_err(|source| StartError::Bind {
        addr: requested,
        source,
    })?;
    Ok((listener, addr))
}

/// Opens (and migrates) the database, and seeds the demo clinic when asked to.
async fn open_store(settings: &Settings, clock: &Clock) -> Result<Store, StartError> {
    let store = Store::open(
        settings.database_url(),
        &StoreOptions {
            max_connections: settings.db_max_connections,
            ..StoreOptions::default()
        },
    )
    .await?;
    if settings.seed_demo
        && demo::seed_if_empty(&store, clock.now())
            .await
            .map_err(StartError::Seed)?
    {
        tracing::info!(slug = demo::DEMO_SLUG, "seeded the demo clinic");
    }
    Ok(store)
}

/// Resolves on SIGTERM or Ctrl-C.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    // Registered now, before the server says it is listening: a SIGTERM that arrives
    // right after start-up still shuts down gracefully instead of killing the process.
    #[cfg(unix)]
    let terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    async move {
        let ctrl_c = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        #[cfg(unix)]
        let terminate = async move {
            match terminate {
                Some(mut s) => {
                    s.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        #[cfg(not(unix))]
        let terminate = std::future::pending::<()>();
        tokio::select! {
            () = ctrl_c => {},
            () = terminate => {},
        }
        tracing::info!("shutting down");
    }
}
