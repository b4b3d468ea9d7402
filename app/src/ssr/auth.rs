//! Sessions: finding the signed-in person behind a session cookie, starting a session,
//! and the cookies of sessions and sign-in steps.

use super::{
    caller::Caller,
    context::RequestInfo,
    cookies::cookie_value,
    crypto,
    state::AppState,
    store::{NewSession, SignedIn},
};
use crate::{
    domain::ids::{IdentityId, SessionId, UserId},
    error::AppError,
};
use cookie::{Cookie, SameSite};
use uuid::Uuid;

/// Finds the caller behind the request's session cookie, extending the session's idle
/// deadline as it is used. Looked up at most once per request.
pub async fn caller_from(
    state: &AppState,
    headers: &http::HeaderMap,
    info: &RequestInfo,
) -> Result<Option<Caller>, AppError> {
    let cell = info.caller.clone();
    let found = cell
        .get_or_try_init(|| async { lookup(state, headers).await })
        .await?;
    Ok(found.clone())
}

async fn lookup(state: &AppState, headers: &http::HeaderMap) -> Result<Option<Caller>, AppError> {
    let Some(token) = cookie_value(headers, state.config.session_cookie()) else {
        return Ok(None);
    };
    let now = state.clock.now();
    let Some(SignedIn {
        session,
        user,
        memberships,
    }) = state
        .store
        .signed_in(&crypto::sha256(token.as_bytes()), now)
        .await?
    else {
        return Ok(None);
    };
    // Writing on every request would be wasteful; a minute's precision is plenty.
    if now - session.last_seen_at > chrono::Duration::minutes(1) {
        let idle = (now + state.config.sessions.idle).min(session.expires_at);
        state.store.touch_session(session.id, now, idle).await?;
    }
    Ok(Some(Caller {
        user_id: user.id,
        session_id: session.id,
        signed_in_at: session.created_at,
        user: std::sync::Arc::new(user),
        memberships,
    }))
}

/// Starts a fresh session (a new random id, so a session fixed before sign-in is worth
/// nothing after it) created through `identity`, and returns the cookie to set.
pub async fn start_session(
    state: &AppState,
    user: UserId,
    identity: Option<IdentityId>,
    info: &RequestInfo,
) -> Result<Cookie<'static>, AppError> {
    let token = crypto::random_token();
    let now = state.clock.now();
    let policy = state.config.sessions;
    let expires_at = now + policy.absolute;
    state
        .store
        .insert_session(&NewSession {
            id: SessionId(Uuid::now_v7()),
            token_hash: &crypto::sha256(token.as_bytes()),
            user_id: user,
            identity_id: identity,
            now,
            idle_expires_at: (now + policy.idle).min(expires_at),
            expires_at,
            ip: &info.client_ip,
            user_agent: &info.user_agent,
        })
        .await?;
    Ok(session_cookie(state, token, Some(policy.absolute)))
}

/// The session cookie: `HttpOnly`, `SameSite=Lax`, and `Secure` with the `__Host-`
/// prefix over https. `None` max-age clears it.
pub fn session_cookie(
    state: &AppState,
    value: String,
    max_age: Option<chrono::Duration>,
) -> Cookie<'static> {
    let mut c = Cookie::build((state.config.session_cookie(), value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.is_https())
        .build();
    match max_age.and_then(|a| cookie::time::Duration::try_from(a.to_std().ok()?).ok()) {
        Some(age) => c.set_max_age(age),
        None => c.make_removal(),
    }
    c
}

/// The name a sign-in step's helper cookie carries: `__Host-` prefixed over https, like
/// the session cookie, so a sibling subdomain or a plain-http page cannot plant or
/// overwrite it (browsers refuse a `__Host-` cookie that is not secure, host-only, `/`).
pub fn flow_cookie_name(state: &AppState, name: &'static str) -> String {
    if state.config.is_https() {
        format!("__Host-{name}")
    } else {
        name.to_owned()
    }
}

/// The value of a sign-in step's helper cookie, read under the same name it was set.
pub fn flow_cookie_value(
    state: &AppState,
    headers: &http::HeaderMap,
    name: &'static str,
) -> Option<String> {
    cookie_value(headers, &flow_cookie_name(state, name))
}

/// A short-lived helper cookie for a sign-in step (OAuth binding, code, pending sign-up
/// or link).
pub fn flow_cookie(
    state: &AppState,
    name: &'static str,
    value: String,
    minutes: i64,
) -> Cookie<'static> {
    Cookie::build((flow_cookie_name(state, name), value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.is_https())
        .max_age(cookie::time::Duration::minutes(minutes))
        .build()
}

pub fn removal_cookie(state: &AppState, name: &'static str) -> Cookie<'static> {
    let mut c = flow_cookie(state, name, String::new(), 0);
    c.make_removal();
    c
}
