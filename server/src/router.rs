//! The HTTP surface: plain routes beside the Leptos pages and server functions, wrapped
//! in the security, request-id, tracing and timeout layers every response passes through.

use crate::{
    api_errors, config::Settings, oauth, page_cache, request_info, routes, security, stalled_render,
};
use app::{App, shell, ssr::state::AppState};
use axum::{Router, routing::get};
use http::{HeaderName, Request};
use leptos_axum::{LeptosRoutes, file_and_error_handler, generate_route_list};
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::{
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    timeout::TimeoutLayer,
    trace::{DefaultOnResponse, TraceLayer},
};
use url::Url;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// A request that takes longer is answered `408 Request Timeout`.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Rendered public pages kept per instance at most: pages are 20–40 KB, so about
/// 80 MB at worst. Past it the cache starts again empty.
const PAGE_CACHE_ENTRIES: usize = 2_048;

pub(crate) fn router(
    state: AppState,
    settings: &Settings,
    public_url: &Url,
    providers: oauth::Providers,
) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    let (twilio_hooks, meta_hooks) = webhooks(settings, public_url);
    let precache = std::sync::Arc::new(routes::pwa::Precache::of_site(
        std::path::Path::new(&*options.site_root),
        &options.site_pkg_dir,
    ));
    let mut router = Router::new()
        .route("/healthz", get(routes::health::healthz))
        .route("/readyz", get(routes::health::readyz))
        .merge(routes::pictures::routes())
        .merge(routes::files::routes())
        .merge(routes::calendar::routes())
        .merge(routes::webhooks::routes(twilio_hooks))
        .merge(routes::webhooks::meta_routes(meta_hooks))
        .merge(routes::oauth::routes(providers))
        .merge(routes::pwa::routes(precache.clone()))
        .merge(routes::site_files::routes(
            std::path::Path::new(&*options.site_root),
            &options.site_pkg_dir,
        ))
        .leptos_routes(&state, routes, move || shell(options.clone()))
        .fallback(file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn(api_errors::fix_status))
        .layer(axum::middleware::from_fn_with_state(
            (state.clone(), precache),
            routes::pwa::page_headers,
        ))
        .layer(axum::middleware::from_fn(security::complete_page))
        .layer(stalled_render::RetryStalledRenderLayer {
            deadline: stalled_render::RENDER_DEADLINE,
        })
        .layer(axum::middleware::from_fn_with_state(
            (
                state.clone(),
                std::sync::Arc::new(page_cache::PageCache::new(
                    Duration::from_secs(settings.page_cache_secs),
                    PAGE_CACHE_ENTRIES,
                )),
            ),
            page_cache::serve,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::reject_cross_site,
        ))
        .layer(axum::middleware::from_fn_with_state(
            settings.trust_proxy,
            request_info::attach,
        ));
    for layer in security::header_layers(public_url.scheme() == "https") {
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
                    REQUEST_TIMEOUT,
                )),
        )
        .with_state(state)
}

/// The providers' callbacks, for those configured: the secrets that authenticate them,
/// and (Twilio) the public URLs its signatures cover.
fn webhooks(
    settings: &Settings,
    public_url: &Url,
) -> (
    Option<routes::webhooks::TwilioHooks>,
    Option<routes::webhooks::MetaHooks>,
) {
    let public = public_url.as_str().trim_end_matches('/');
    let twilio = settings
        .twilio
        .as_ref()
        .map(|t| routes::webhooks::TwilioHooks {
            auth_token: t.auth_token.clone(),
            status_url: format!("{public}/webhooks/twilio/status"),
            inbound_url: format!("{public}/webhooks/twilio/inbound"),
        });
    let meta = settings.meta.as_ref().map(|m| routes::webhooks::MetaHooks {
        app_secret: m.app_secret.clone(),
        verify_token: m.verify_token.clone(),
    });
    (twilio, meta)
}
