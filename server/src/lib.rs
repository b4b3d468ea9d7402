//! The Calentify server: wires configuration, storage, pages, server functions and
//! background work into one axum application.

mod api_errors;
pub mod config;
pub mod local_keys;
pub mod notify;
pub mod oauth;
mod request_info;
mod routes;
mod security;
pub mod telemetry;

use app::{
    App, shell,
    ssr::{
        clock::Clock,
        config::{AppConfig, SessionPolicy, SignInMethods},
        demo,
        state::AppState,
        store::{ConnectError, Store, StoreError, StoreOptions},
    },
};
use axum::{Router, routing::get};
use config::Settings;
use http::{HeaderName, Request};
use leptos::config::{Env, LeptosOptions};
use leptos_axum::{LeptosRoutes, file_and_error_handler, generate_route_list};
use std::{future::Future, net::SocketAddr, sync::Arc, time::Duration};
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::{
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    timeout::TimeoutLayer,
    trace::{DefaultOnResponse, TraceLayer},
};
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
    worker: Option<notify::worker::Worker>,
}

impl Application {
    /// Binds the port, opens (and migrates) the database and builds the router.
    ///
    /// The port is bound first, so a busy port is reported before anything is written.
    pub async fn build(settings: Settings) -> Result<Self, StartError> {
        Self::build_with_clock(settings, Clock::system()).await
    }

    /// As [`Application::build`], with a given clock (tests move a manual one).
    pub async fn build_with_clock(settings: Settings, clock: Clock) -> Result<Self, StartError> {
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
        let public_url = match &settings.public_url {
            Some(url) => url.clone(),
            None => Url::parse(&format!("http://{addr}")).map_err(|e| StartError::Bind {
                addr,
                source: std::io::Error::other(e),
            })?,
        };

        let settings = local_keys::fill(settings)?;
        let store = Store::open(
            settings.database_url(),
            &StoreOptions {
                max_connections: settings.db_max_connections,
                ..StoreOptions::default()
            },
        )
        .await?;
        if settings.seed_demo
            && demo::seed_if_empty(&store, chrono::Utc::now())
                .await
                .map_err(StartError::Seed)?
        {
            tracing::info!(slug = demo::DEMO_SLUG, "seeded the demo clinic");
        }

        let leptos_options = LeptosOptions::builder()
            .output_name("calentify")
            .site_root(settings.site_root.to_string_lossy().as_ref())
            .site_pkg_dir("pkg")
            .site_addr(addr)
            .env(Env::PROD)
            .build();
        let secret_key = match &settings.secret_key {
            Some(key) => key.clone(),
            None => {
                tracing::warn!(
                    "CALENTIFY_SECRET_KEY is not set: using a random key, so codes do not survive a restart"
                );
                app::ssr::crypto::random_bytes::<32>().to_vec().into()
            }
        };
        let providers =
            oauth::Providers::from_settings(&settings, &public_url).map_err(StartError::OAuth)?;
        let log_channel = Arc::new(notify::log::LogNotifier::default());
        let mut channels = notify::Channels::default();
        if let Some(smtp) = &settings.smtp {
            use secrecy::ExposeSecret;
            let email = notify::smtp::SmtpNotifier::new(smtp.url.expose_secret(), &smtp.from)
                .map_err(StartError::Smtp)?;
            channels = channels.with(app::domain::messaging::Channel::Email, Arc::new(email));
        }
        let public = public_url.as_str().trim_end_matches('/').to_owned();
        let twilio_hooks = settings
            .twilio
            .as_ref()
            .map(|t| routes::webhooks::TwilioHooks {
                auth_token: t.auth_token.clone(),
                status_url: format!("{public}/webhooks/twilio/status"),
                inbound_url: format!("{public}/webhooks/twilio/inbound"),
            });
        if let Some(t) = &settings.twilio {
            let notifier = Arc::new(notify::twilio::TwilioNotifier::new(
                notify::twilio::TwilioSettings {
                    account_sid: t.account_sid.clone(),
                    auth_token: t.auth_token.clone(),
                    sms_from: t.sms_from.clone(),
                    whatsapp_from: t.whatsapp_from.clone(),
                    content_sids: t.content_sids.clone(),
                    api_base: t.api_base.as_str().trim_end_matches('/').to_owned(),
                    status_callback: format!("{public}/webhooks/twilio/status"),
                },
            ));
            if t.sms_from.is_some() {
                channels = channels.with(app::domain::messaging::Channel::Sms, notifier.clone());
            }
            if t.whatsapp_from.is_some() {
                channels = channels.with(app::domain::messaging::Channel::WhatsApp, notifier);
            }
        }
        let meta_hooks = settings.meta.as_ref().map(|m| routes::webhooks::MetaHooks {
            app_secret: m.app_secret.clone(),
            verify_token: m.verify_token.clone(),
        });
        if let Some(m) = &settings.meta {
            let notifier = notify::meta::MetaNotifier::new(notify::meta::MetaSettings {
                token: m.token.clone(),
                phone_number_id: m.phone_number_id.clone(),
                graph_base: m.graph_base.as_str().trim_end_matches('/').to_owned(),
                templates: m.templates.clone(),
            });
            channels = channels.with(
                app::domain::messaging::Channel::WhatsApp,
                Arc::new(notifier),
            );
        }
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
        let delivery = match real {
            Some(real) if !settings.dev_tools => real,
            _ => {
                channels = channels.or(log_channel.clone());
                app::domain::messaging::ChannelSet::ALL
            }
        };
        if delivery != app::domain::messaging::ChannelSet::ALL {
            tracing::info!(channels = %delivery.to_list(), "messages go out on these channels only");
        }
        let config = AppConfig {
            public_url: public_url.clone(),
            secret_key,
            sessions: SessionPolicy {
                idle: chrono::Duration::hours(settings.session_idle_hours),
                absolute: chrono::Duration::days(settings.session_max_days),
            },
            otp: app::domain::otp::OtpPolicy {
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
        };
        let worker = settings.outbox_worker.then(|| notify::worker::Worker {
            store: store.clone(),
            channels: channels.clone(),
            public_url: public_url.as_str().trim_end_matches('/').to_owned(),
            clock: clock.clone(),
            batch: 100,
            lease: chrono::Duration::seconds(settings.outbox_lease_secs),
            code_ttl: config.otp.ttl,
            idle: Duration::from_millis(500),
        });
        let state = AppState {
            leptos_options,
            store: store.clone(),
            config: Arc::new(config),
            clock,
            dev_mailbox: settings
                .dev_tools
                .then(|| log_channel.clone() as Arc<dyn app::ssr::state::DevMailbox>),
            vault: Arc::new(match &settings.file_keys {
                Some(vault) => vault.clone(),
                None => {
                    tracing::warn!(
                        "CALENTIFY_FILE_KEYS is not set: files and notes use a temporary key and are unreadable after a restart"
                    );
                    app::ssr::vault::Vault::ephemeral()
                }
            }),
        };
        let router = router(
            state,
            public_url.scheme() == "https",
            settings.trust_proxy,
            twilio_hooks,
            meta_hooks,
            providers,
        );
        Ok(Self {
            listener,
            router,
            addr,
            public_url,
            store,
            worker,
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
        let maintenance = tokio::spawn(maintenance(self.store.clone()));
        let worker = self.worker.map(|w| tokio::spawn(w.run()));
        let served = axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await;
        maintenance.abort();
        if let Some(worker) = worker {
            worker.abort();
        }
        self.store.close().await;
        tracing::info!("stopped");
        served
    }
}

/// Deletes expired sessions, codes and sign-in tickets every ten minutes.
async fn maintenance(store: Store) {
    let mut tick = tokio::time::interval(Duration::from_secs(600));
    loop {
        tick.tick().await;
        match store.purge_expired_auth(chrono::Utc::now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(rows = n, "purged expired sign-in data"),
            Err(error) => tracing::warn!(%error, "purging expired sign-in data failed"),
        }
    }
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

fn router(
    state: AppState,
    https: bool,
    trust_proxy: bool,
    twilio_hooks: Option<routes::webhooks::TwilioHooks>,
    meta_hooks: Option<routes::webhooks::MetaHooks>,
    providers: oauth::Providers,
) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    let mut router = Router::new()
        .route("/healthz", get(routes::health::healthz))
        .route("/readyz", get(routes::health::readyz))
        .merge(routes::pictures::routes())
        .merge(routes::files::routes())
        .merge(routes::calendar::routes())
        .merge(routes::webhooks::routes(twilio_hooks))
        .merge(routes::webhooks::meta_routes(meta_hooks))
        .merge(routes::oauth::routes(providers))
        .leptos_routes(&state, routes, move || shell(options.clone()))
        .fallback(file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn(api_errors::fix_status))
        .layer(axum::middleware::from_fn(security::complete_page))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::reject_cross_site,
        ))
        .layer(axum::middleware::from_fn_with_state(
            trust_proxy,
            request_info::attach,
        ));
    for layer in security::header_layers(https) {
        router = router.layer(layer);
    }
    router
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(|req: &Request<_>| {
                            let id = req
                                .headers()
                                .get(REQUEST_ID)
                                .and_then(|v| v.to_str().ok())
                                .unwrap_or("-");
                            tracing::info_span!("request", %id, method = %req.method(), path = %req.uri().path())
                        })
                        .on_request(())
                        .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
                )
                .layer(TimeoutLayer::with_status_code(
                    http::StatusCode::REQUEST_TIMEOUT,
                    Duration::from_secs(30),
                )),
        )
        .with_state(state)
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
