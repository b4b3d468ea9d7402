//! Signing in through another provider's account (Google, Facebook).
//!
//! A sign-in starts here with a redirect to the provider and comes back to our callback
//! with a code. Everything the callback needs (the PKCE verifier, the nonce, where to go
//! afterwards) stays on the server in a single-use ticket found by the hash of `state`,
//! and that ticket is bound to the browser that started it by a cookie: a `state`
//! replayed, guessed, or carried to another browser finds nothing.

pub mod facebook;
pub mod google;

use crate::config::Settings;
use app::{
    domain::{
        identity::{IdentityKind, VerifiedIdentity},
        return_to::resolve_return_to,
    },
    ssr::{
        auth::flow_cookie_value,
        crypto,
        state::AppState,
        store::{StoreError, TicketPurpose},
    },
};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The cookie that ties a sign-in in progress to the browser that began it.
pub const BROWSER_COOKIE: &str = "calentify_oauth";
/// How long a person may spend at the provider before the attempt lapses.
pub const ATTEMPT_MINUTES: i64 = 10;

#[derive(Debug, thiserror::Error)]
pub enum OAuthError {
    #[error("sign-in provider misconfigured: {0}")]
    Config(String),
    #[error("sign-in provider unreachable or answered badly: {0}")]
    Provider(String),
    #[error("the provider refused the authorization code: {0}")]
    CodeRefused(String),
    #[error("the ID token failed verification: {0}")]
    IdToken(String),
    #[error("the provider's profile has no account id")]
    Profile,
    #[error("no sign-in in progress for this state and browser")]
    UnknownAttempt,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Calls to providers never follow redirects (a redirect from a token endpoint is not
/// an answer) and never wait long.
fn http_client() -> Result<reqwest::Client, OAuthError> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(15))
        .build()
        .map_err(|e| OAuthError::Config(e.to_string()))
}

/// The providers this deployment offers; a provider without configuration is absent.
#[derive(Clone, Default)]
pub struct Providers {
    pub google: Option<Arc<google::Google>>,
    pub facebook: Option<Arc<facebook::Facebook>>,
    /// Fetches profile pictures from the providers' picture hosts.
    pictures: reqwest::Client,
}

impl Providers {
    pub fn from_settings(settings: &Settings, public_url: &url::Url) -> Result<Self, OAuthError> {
        let base = public_url.as_str().trim_end_matches('/');
        let google = settings
            .google
            .as_ref()
            .map(|g| {
                google::Google::new(
                    &g.auth_url,
                    &g.client_id,
                    g.client_secret.clone(),
                    &format!("{base}/auth/google/callback"),
                )
                .map(Arc::new)
            })
            .transpose()?;
        let facebook = settings
            .facebook
            .as_ref()
            .map(|f| -> Result<_, OAuthError> {
                let missing = |what: &str| OAuthError::Config(format!("Facebook {what} URL"));
                Ok(Arc::new(facebook::Facebook::new(
                    &f.client_id,
                    f.client_secret.clone(),
                    f.auth_url.clone(),
                    f.token_url.clone().ok_or_else(|| missing("token"))?,
                    f.graph_url.clone().ok_or_else(|| missing("Graph"))?,
                    &format!("{base}/auth/facebook/callback"),
                )?))
            })
            .transpose()?;
        Ok(Self {
            google,
            facebook,
            pictures: http_client()?,
        })
    }

    pub fn offers(&self, kind: IdentityKind) -> bool {
        match kind {
            IdentityKind::Google => self.google.is_some(),
            IdentityKind::Facebook => self.facebook.is_some(),
            IdentityKind::Phone | IdentityKind::Email => false,
        }
    }
}

/// What the callback needs, kept server-side for the length of one attempt.
#[derive(Serialize, Deserialize)]
pub struct Attempt {
    pub provider: IdentityKind,
    pub nonce: Option<String>,
    pub pkce_verifier: Option<String>,
    pub return_to: Option<String>,
}

/// A started sign-in: where to send the browser, and the cookie value binding it.
pub struct Redirect {
    pub to: url::Url,
    pub browser_token: String,
}

/// Begins a sign-in with `provider`, bound to a new browser token (a second start in
/// another tab replaces the first attempt's binding).
pub async fn begin(
    state: &AppState,
    providers: &Providers,
    provider: IdentityKind,
    return_to: Option<String>,
) -> Result<Redirect, OAuthError> {
    let (to, state_token, nonce, pkce_verifier) = match provider {
        IdentityKind::Google => {
            let g = providers
                .google
                .as_ref()
                .ok_or(OAuthError::UnknownAttempt)?;
            let s = g.start().await?;
            (
                s.authorize_url,
                s.state,
                Some(s.nonce),
                Some(s.pkce_verifier),
            )
        }
        IdentityKind::Facebook => {
            let f = providers
                .facebook
                .as_ref()
                .ok_or(OAuthError::UnknownAttempt)?;
            let state_token = crypto::random_token();
            (f.authorize_url(&state_token), state_token, None, None)
        }
        IdentityKind::Phone | IdentityKind::Email => return Err(OAuthError::UnknownAttempt),
    };
    // Always a fresh binding: a token the browser brought may have been planted by
    // someone else (a login-CSRF), and reusing it would let them finish this attempt.
    let browser_token = crypto::random_token();
    let attempt = Attempt {
        provider,
        nonce,
        pkce_verifier,
        return_to: return_to.map(|r| resolve_return_to(&state.config.public_url, Some(&r))),
    };
    let payload = serde_json::to_string(&attempt).map_err(|e| OAuthError::Config(e.to_string()))?;
    let now = state.clock.now();
    state
        .store
        .insert_ticket(
            &crypto::sha256(state_token.as_bytes()),
            TicketPurpose::OAuth,
            Some(&crypto::sha256(browser_token.as_bytes())),
            &payload,
            now,
            now + chrono::Duration::minutes(ATTEMPT_MINUTES),
        )
        .await?;
    Ok(Redirect { to, browser_token })
}

/// Takes the attempt `state` names, if this browser began it. Taking is single-use:
/// whatever happens next, the same `state` never works twice.
pub async fn take_attempt(
    state: &AppState,
    provider: IdentityKind,
    state_token: &str,
    headers: &http::HeaderMap,
) -> Result<Attempt, OAuthError> {
    let taken = state
        .store
        .take_ticket(
            &crypto::sha256(state_token.as_bytes()),
            TicketPurpose::OAuth,
            state.clock.now(),
        )
        .await?;
    let Some((Some(binding), payload)) = taken else {
        return Err(OAuthError::UnknownAttempt);
    };
    let browser =
        flow_cookie_value(state, headers, BROWSER_COOKIE).ok_or(OAuthError::UnknownAttempt)?;
    if !crypto::same(&binding, &crypto::sha256(browser.as_bytes())) {
        return Err(OAuthError::UnknownAttempt);
    }
    let attempt: Attempt =
        serde_json::from_str(&payload).map_err(|_| OAuthError::UnknownAttempt)?;
    if attempt.provider != provider {
        return Err(OAuthError::UnknownAttempt);
    }
    Ok(attempt)
}

/// Turns the code into a verified identity with the provider the attempt was for.
pub async fn complete(
    providers: &Providers,
    attempt: &Attempt,
    code: &str,
) -> Result<VerifiedIdentity, OAuthError> {
    match attempt.provider {
        IdentityKind::Google => {
            let g = providers
                .google
                .as_ref()
                .ok_or(OAuthError::UnknownAttempt)?;
            let (Some(nonce), Some(verifier)) = (&attempt.nonce, &attempt.pkce_verifier) else {
                return Err(OAuthError::UnknownAttempt);
            };
            g.finish(code, nonce, verifier).await
        }
        IdentityKind::Facebook => {
            let f = providers
                .facebook
                .as_ref()
                .ok_or(OAuthError::UnknownAttempt)?;
            f.finish(code).await
        }
        IdentityKind::Phone | IdentityKind::Email => Err(OAuthError::UnknownAttempt),
    }
}

/// The provider's profile picture, re-encoded by us, for a new account to use if the
/// person chooses to. Any failure (unreachable, too large, not an image) just means no
/// picture is offered.
pub async fn fetch_picture(providers: &Providers, address: &str) -> Option<Vec<u8>> {
    use app::ssr::pictures::{MAX_UPLOAD_BYTES, reencode_queued};
    let url = url::Url::parse(address).ok()?;
    if !matches!(url.scheme(), "https" | "http") {
        return None;
    }
    let mut res = providers.pictures.get(url).send().await.ok()?;
    if !res.status().is_success() {
        return None;
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = res.chunk().await.ok()? {
        if bytes.len() + chunk.len() > MAX_UPLOAD_BYTES {
            return None;
        }
        bytes.extend_from_slice(&chunk);
    }
    reencode_queued(bytes).await.ok()
}
