//! What a server function or page needs from the request: the application state, the
//! visitor's language, and a way to put an error's HTTP status on the response.

use super::store::{Store, StoreError};
use crate::{error::AppError, i18n::Lang};
use axum::extract::FromRef;
use http::{HeaderValue, StatusCode, header, request::Parts};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use std::sync::Arc;
use url::Url;

pub use secrecy::ExposeSecret;

/// Name of the cookie remembering the chosen interface language.
pub const LANG_COOKIE: &str = "lang";

/// Settings the application code needs; the server crate builds them from the environment.
#[derive(Clone, Debug)]
pub struct AppConfig {
    /// Where visitors reach us, e.g. `https://book.example.com`. Decides secure cookies,
    /// HSTS and which `Origin` counts as our own.
    pub public_url: Url,
    /// Keys one-time-code and client-address hashes, so a leaked database does not reveal
    /// codes by brute force. Never logged.
    pub secret_key: secrecy::SecretSlice<u8>,
    pub sessions: SessionPolicy,
    pub otp: crate::domain::otp::OtpPolicy,
    /// Region for phone numbers typed without a country code.
    pub default_region: Option<crate::domain::contact::Region>,
    /// Which third-party sign-in methods are configured (and so offered).
    pub sign_in: SignInMethods,
    /// Development helpers such as the page listing messages the `log` channel "sent".
    pub dev_tools: bool,
    /// The minimum age for holding an account.
    pub min_account_age: i32,
    /// The channels this deployment can send on. Messages are queued only on these, so a
    /// channel without a provider never swallows a patient's reminder.
    pub delivery: crate::domain::messaging::ChannelSet,
}

#[derive(Clone, Copy, Debug)]
pub struct SessionPolicy {
    /// A session unused for this long ends.
    pub idle: chrono::Duration,
    /// No session outlives this, however active.
    pub absolute: chrono::Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle: chrono::Duration::days(7),
            absolute: chrono::Duration::days(30),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SignInMethods {
    pub google: bool,
    pub facebook: bool,
}

impl AppConfig {
    /// A configuration for tests and tools: plain http on `public_url`, a random key.
    pub fn for_url(public_url: Url) -> Self {
        Self {
            public_url,
            secret_key: super::crypto::random_bytes::<32>().to_vec().into(),
            sessions: SessionPolicy::default(),
            otp: crate::domain::otp::OtpPolicy::default(),
            default_region: None,
            sign_in: SignInMethods::default(),
            dev_tools: false,
            min_account_age: crate::domain::people::DEFAULT_MIN_ACCOUNT_AGE,
            delivery: crate::domain::messaging::ChannelSet::ALL,
        }
    }

    /// The session cookie's name: `__Host-` prefixed over https, where browsers then
    /// guarantee it is host-only, secure and path `/`.
    pub fn session_cookie(&self) -> &'static str {
        if self.is_https() {
            "__Host-calentify_session"
        } else {
            "calentify_session"
        }
    }

    pub fn is_https(&self) -> bool {
        self.public_url.scheme() == "https"
    }

    /// `scheme://host[:port]`, as browsers send it in the `Origin` header.
    pub fn origin(&self) -> String {
        self.public_url.origin().ascii_serialization()
    }
}

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Store,
    pub config: Arc<AppConfig>,
    pub clock: Clock,
    /// What the development `log` channel "sent", for the dev messages page.
    pub dev_mailbox: Option<Arc<dyn DevMailbox>>,
    /// Encrypts notes and files at rest.
    pub vault: Arc<super::vault::Vault>,
}

/// Read access to the messages the `log` channel recorded (development only).
pub trait DevMailbox: Send + Sync {
    fn recent(&self) -> Vec<crate::api::account::DevMessage>;
}

/// The time source for everything that is not pure domain code. Tests swap in a manual
/// clock to move through reminder windows and expiries without waiting.
#[derive(Clone, Debug, Default)]
pub struct Clock(Option<Arc<std::sync::Mutex<chrono::DateTime<chrono::Utc>>>>);

impl Clock {
    pub fn system() -> Self {
        Self(None)
    }

    pub fn manual(start: chrono::DateTime<chrono::Utc>) -> Self {
        Self(Some(Arc::new(std::sync::Mutex::new(start))))
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        match &self.0 {
            None => chrono::Utc::now(),
            Some(t) => t.lock().map(|t| *t).unwrap_or_else(|p| *p.into_inner()),
        }
    }

    /// Moves a manual clock forward; a system clock ignores it.
    pub fn advance(&self, by: chrono::Duration) {
        if let Some(t) = &self.0
            && let Ok(mut t) = t.lock()
        {
            *t += by;
        }
    }

    pub fn set(&self, to: chrono::DateTime<chrono::Utc>) {
        if let Some(t) = &self.0
            && let Ok(mut t) = t.lock()
        {
            *t = to;
        }
    }
}

/// The application state, provided to every page render and server function.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("application state missing from the reactive context");
        AppError::Internal
    })
}

/// The language to render in: the visitor's saved choice, else their browser's
/// preference, else English. A malformed cookie is ignored, never an error.
pub fn request_lang() -> Lang {
    use_context::<Parts>()
        .map(|parts| lang_from_headers(&parts.headers))
        .unwrap_or_default()
}

pub fn lang_from_headers(headers: &http::HeaderMap) -> Lang {
    cookie_value(headers, LANG_COOKIE)
        .and_then(|v| Lang::parse(&v))
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::negotiate)
        })
        .unwrap_or_default()
}

/// Reads one cookie from the request headers.
pub fn cookie_value(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(cookie::Cookie::split_parse_encoded)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

/// Appends a `Set-Cookie` header to the current response.
pub fn set_cookie(cookie: cookie::Cookie<'_>) {
    if let Some(res) = use_context::<ResponseOptions>()
        && let Ok(value) = HeaderValue::from_str(&cookie.encoded().to_string())
    {
        res.append_header(header::SET_COOKIE, value);
    }
}

/// Whether the current request is a plain HTML form post (no JavaScript), which leptos
/// answers with a redirect rather than a status code.
fn is_form_navigation() -> bool {
    use_context::<Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
            && parts.method != http::Method::GET
    })
}

/// Puts the error's HTTP status on the response, so API clients and pages see a 404 or
/// 409 rather than a blanket 500. Form posts keep leptos's redirect-with-error instead.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(err) = &result
        && !is_form_navigation()
        && let Some(res) = use_context::<ResponseOptions>()
        && let Ok(status) = StatusCode::from_u16(err.status())
    {
        res.set_status(status);
    }
    result
}

/// The one place storage failures become client errors; the cause is logged here and
/// never sent to the client.
impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => AppError::NotFound,
            other => {
                tracing::error!(error = %other, "storage failure");
                AppError::Internal
            }
        }
    }
}

/// Sets the page's Content-Security-Policy with this response's nonce, so the inline
/// hydration and streaming scripts run and nothing injected does.
pub fn apply_page_headers() {
    let Some(res) = use_context::<ResponseOptions>() else {
        return;
    };
    let nonce = leptos::nonce::use_nonce().map(|n| n.as_inner().to_string());
    if let Ok(value) = HeaderValue::from_str(&page_csp(nonce.as_deref())) {
        res.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// The Content-Security-Policy of a page whose inline scripts carry `nonce`.
pub fn page_csp(nonce: Option<&str>) -> String {
    let nonce = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'{nonce} 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; \
         manifest-src 'self'; worker-src 'self'; form-action 'self'; base-uri 'self'; \
         object-src 'none'; frame-ancestors 'none'"
    )
}

/// Facts about the current request that server code may need: who is calling from
/// where. Inserted by the server's middleware; the signed-in caller is looked up at most
/// once per request.
#[derive(Clone, Debug, Default)]
pub struct RequestInfo {
    pub client_ip: String,
    pub user_agent: String,
    pub caller: std::sync::Arc<tokio::sync::OnceCell<Option<crate::ssr::auth::Caller>>>,
}

impl RequestInfo {
    pub fn new(client_ip: String, user_agent: &str) -> Self {
        Self {
            client_ip,
            // Enough to recognise a device in the sessions list; never more.
            user_agent: user_agent.chars().take(200).collect(),
            caller: Default::default(),
        }
    }
}

/// The current request's info (an empty one outside a request).
pub fn request_info() -> RequestInfo {
    use_context::<Parts>()
        .and_then(|p| p.extensions.get::<RequestInfo>().cloned())
        .unwrap_or_default()
}

/// The request's headers (empty outside a request).
pub fn request_headers() -> http::HeaderMap {
    use_context::<Parts>()
        .map(|p| p.headers)
        .unwrap_or_default()
}

/// Sends the browser elsewhere after this server function or page: a 302 for plain
/// form posts, a client-side navigation for the hydrated app.
pub fn redirect(path: &str) {
    leptos_axum::redirect(path);
}

/// The store, for services that only need storage.
pub fn store() -> Result<Store, AppError> {
    state().map(|s| s.store)
}
