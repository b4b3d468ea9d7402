//! `/auth/{google,facebook}/{start,callback}`: the browser's round trip to a sign-in
//! provider. Failures come back to the sign-in page with a reason it shows in the
//! visitor's language; nothing is created unless the whole round trip succeeded.

use crate::oauth::{self, BROWSER_COOKIE, OAuthError, Providers};
use app::{
    domain::identity::IdentityKind,
    error::{AppError, Conflict, Invalid},
    ssr::{
        auth::{flow_cookie, removal_cookie},
        context::RequestInfo,
        services::{Ctx, sign_in},
        state::AppState,
    },
};
use axum::{
    Extension,
    extract::{Path, Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use serde::Deserialize;
use std::sync::Arc;

pub fn routes(providers: Providers) -> axum::Router<AppState> {
    let providers = Arc::new(providers);
    axum::Router::new()
        .route("/auth/{provider}/start", get(start))
        .route("/auth/{provider}/callback", get(callback))
        .layer(Extension(providers))
}

#[derive(Deserialize)]
struct StartQuery {
    return_to: Option<String>,
}

#[derive(Deserialize)]
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    /// Set by the provider when the person declined or something failed there.
    error: Option<String>,
}

fn provider_kind(name: &str, providers: &Providers) -> Option<IdentityKind> {
    IdentityKind::parse(name).filter(|k| providers.offers(*k))
}

/// A `303 See Other` that also sets cookies; `no-store` since it carries a session.
fn see_other(to: &str, cookies: Vec<cookie::Cookie<'static>>) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    let headers = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(to) {
        headers.insert(header::LOCATION, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(&c.to_string()) {
            headers.append(header::SET_COOKIE, v);
        }
    }
    res
}

async fn start(
    State(state): State<AppState>,
    Extension(providers): Extension<Arc<Providers>>,
    Path(name): Path<String>,
    Query(q): Query<StartQuery>,
) -> Response {
    let Some(kind) = provider_kind(&name, &providers) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match oauth::begin(&state, &providers, kind, q.return_to).await {
        Ok(redirect) => see_other(
            redirect.to.as_str(),
            vec![flow_cookie(
                &state,
                BROWSER_COOKIE,
                redirect.browser_token,
                oauth::ATTEMPT_MINUTES,
            )],
        ),
        Err(e) => {
            tracing::warn!(provider = kind.as_str(), error = %e, "could not start a sign-in");
            see_other("/sign-in?error=sign_in_failed", Vec::new())
        }
    }
}

async fn callback(
    State(state): State<AppState>,
    Extension(providers): Extension<Arc<Providers>>,
    Extension(info): Extension<RequestInfo>,
    headers: HeaderMap,
    Path(name): Path<String>,
    Query(q): Query<CallbackQuery>,
) -> Response {
    let Some(kind) = provider_kind(&name, &providers) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let clear = removal_cookie(&state, BROWSER_COOKIE);
    let fail = |reason: &str| see_other(&format!("/sign-in?error={reason}"), vec![clear.clone()]);
    let Some(state_token) = q.state.as_deref() else {
        return fail("sign_in_expired");
    };
    let attempt = match oauth::take_attempt(&state, kind, state_token, &headers).await {
        Ok(a) => a,
        Err(e) => {
            tracing::info!(provider = kind.as_str(), error = %e, "sign-in callback refused");
            return fail("sign_in_expired");
        }
    };
    if q.error.is_some() {
        return fail("sign_in_cancelled");
    }
    let Some(code) = q
        .code
        .as_deref()
        .filter(|c| !c.is_empty() && c.len() < 2048)
    else {
        return fail("sign_in_failed");
    };
    let identity = match oauth::complete(&providers, &attempt, code).await {
        Ok(identity) => identity,
        Err(e) => {
            log_failure(kind, &e);
            return fail("sign_in_failed");
        }
    };
    // A new person may want the provider's picture; fetch it only for them.
    let picture = match (
        &identity.picture_url,
        state
            .store
            .identity_owner(&identity, state.clock.now())
            .await,
    ) {
        (Some(address), Ok(None)) => oauth::fetch_picture(&providers, address).await,
        _ => None,
    };
    let ctx = Ctx::from_parts(state.clone(), headers, info);
    match sign_in::finish_with_picture(&ctx, identity, picture, attempt.return_to).await {
        Ok(outcome) => {
            let mut cookies = outcome.cookies;
            cookies.push(clear);
            see_other(&outcome.redirect_to, cookies)
        }
        Err(AppError::Conflict(Conflict::IdentityInUse)) => fail("identity_in_use"),
        Err(AppError::Invalid(Invalid::ReverifyRequired)) => fail("reverify_required"),
        Err(e) => {
            tracing::error!(provider = kind.as_str(), error = ?e, "could not finish a sign-in");
            fail("sign_in_failed")
        }
    }
}

/// Verification failures are worth a warning (someone may be tampering); the messages
/// carry claim names and endpoints, never the person's details.
fn log_failure(kind: IdentityKind, e: &OAuthError) {
    match e {
        OAuthError::IdToken(_) | OAuthError::CodeRefused(_) => {
            tracing::warn!(provider = kind.as_str(), error = %e, "sign-in refused")
        }
        _ => tracing::error!(provider = kind.as_str(), error = %e, "sign-in failed"),
    }
}
