//! Settings, read once from the environment and validated before anything is written.
//!
//! A bad value stops start-up with a message naming the variable; no database file or
//! directory is created before every variable has been checked. Every variable is read
//! through `reader::Vars`; each provider block is read by its own module.

mod channels;
mod database;
mod keys;
mod oauth;
mod reader;
#[cfg(test)]
mod tests;

pub use channels::{MetaConfig, SmtpSettings, TwilioConfig};
pub use keys::parse_secret_key;
pub use oauth::OAuthProvider;

use app::domain::{clinic_setup::ClinicSignup, contact::Region, operators::Operators};
use reader::{Vars, invalid};
use secrecy::{ExposeSecret, SecretSlice, SecretString};
use std::{collections::HashMap, net::IpAddr, path::PathBuf};
use url::Url;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug)]
pub struct Settings {
    pub host: IpAddr,
    /// `0` asks the operating system for a free port (tests).
    pub port: u16,
    pub database_url: SecretString,
    pub db_max_connections: u32,
    /// Where visitors reach us; `None` means `http://<host>:<bound port>`.
    pub public_url: Option<Url>,
    /// Directory with the compiled site (`pkg/`, static files).
    pub site_root: PathBuf,
    pub log_filter: String,
    pub log_format: LogFormat,
    /// Insert the demo clinic when the database has no clinic yet.
    pub seed_demo: bool,
    /// Keys hashes of one-time codes and client addresses.
    pub secret_key: Option<SecretSlice<u8>>,
    pub session_idle_hours: i64,
    pub session_max_days: i64,
    pub otp_sends_per_destination: i64,
    pub otp_sends_per_ip: i64,
    /// Codes by SMS or WhatsApp the deployment sends per hour, all destinations together.
    pub otp_phone_sends_per_hour: i64,
    pub default_region: Option<Region>,
    pub dev_tools: bool,
    /// Run the outbox delivery worker in this process (on by default; tests that read
    /// queued messages turn it off).
    pub outbox_worker: bool,
    /// How long a claimed message is reserved for the worker that claimed it; after that
    /// an unfinished one is settled as `unknown` (never resent).
    pub outbox_lease_secs: i64,
    /// How long a rendered public page is reused for signed-out visitors at most (0: never).
    pub page_cache_secs: u64,
    pub min_account_age: i32,
    /// Take the client address from `X-Forwarded-For` (behind a reverse proxy).
    pub trust_proxy: bool,
    pub google: Option<OAuthProvider>,
    pub facebook: Option<OAuthProvider>,
    /// Keys that encrypt notes and files at rest; the first is used for new data.
    pub file_keys: Option<app::ssr::vault::Vault>,
    /// Where a local run keeps the keys the environment does not set (generated on
    /// first start, reused after), so its encrypted data survives a restart.
    pub local_keys_dir: Option<PathBuf>,
    /// Email goes out by SMTP when set; otherwise through the `log` channel.
    pub smtp: Option<SmtpSettings>,
    /// SMS and WhatsApp through Twilio when set; otherwise through the `log` channel.
    pub twilio: Option<TwilioConfig>,
    /// WhatsApp through Meta's Cloud API when set (preferred over Twilio for WhatsApp).
    pub meta: Option<MetaConfig>,
    /// Who may register a clinic, and whether patients see it before an operator does.
    pub clinic_signup: ClinicSignup,
    pub operators: Operators,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{var}: {problem}")]
pub struct ConfigError {
    pub var: &'static str,
    pub problem: String,
}

impl Settings {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(&std::env::vars().collect())
    }

    /// Reads settings from a map of variables, so tests need not touch the process
    /// environment.
    ///
    /// Variables are checked in a fixed order and the first bad one is reported, so the
    /// order of the reads below is part of the behaviour.
    pub fn from_vars(vars: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let vars = Vars::new(vars);
        let host = host(&vars)?;
        let port = vars.number_as(
            "CALENTIFY_PORT",
            3000,
            0..=u16::MAX,
            "a port number 0-65535",
        )?;
        let database = database::read(&vars)?;
        let public_url = public_url(&vars)?;
        let https = public_url.as_ref().is_some_and(|u| u.scheme() == "https");
        let site_root = PathBuf::from(vars.get("LEPTOS_SITE_ROOT").unwrap_or("target/site"));
        let log_filter = log_filter(&vars)?;
        let log_format = log_format(&vars)?;
        let seed_demo = vars.flag("CALENTIFY_SEED_DEMO", false)?;
        let dev_tools = vars.flag("CALENTIFY_DEV_TOOLS", false)?;
        let outbox_worker = vars.flag("CALENTIFY_OUTBOX_WORKER", true)?;
        let outbox_lease_secs = vars.number_as(
            "CALENTIFY_OUTBOX_LEASE_SECS",
            120,
            1..=3600,
            "seconds between 1 and 3600",
        )?;
        let page_cache_secs = vars.number_as(
            "CALENTIFY_PAGE_CACHE_SECS",
            60,
            0..=86_400,
            "seconds between 0 (off) and 86400",
        )?;
        let trust_proxy = vars.flag("CALENTIFY_TRUST_PROXY", false)?;
        forbid_dev_tools_in_public(dev_tools, https)?;
        let secret_key = keys::secret_key(&vars, https)?;
        let local_keys_dir = vars.get("CALENTIFY_LOCAL_KEYS_DIR").map(PathBuf::from);
        let session_idle_hours = vars.number("CALENTIFY_SESSION_IDLE_HOURS", 168, 1..=24 * 90)?;
        let session_max_days = vars.number("CALENTIFY_SESSION_MAX_DAYS", 30, 1..=365)?;
        let otp_sends_per_destination = vars.number("CALENTIFY_OTP_SENDS_PER_HOUR", 5, 1..=1000)?;
        let otp_sends_per_ip =
            vars.number("CALENTIFY_OTP_SENDS_PER_IP_PER_HOUR", 20, 1..=100_000)?;
        let otp_phone_sends_per_hour =
            vars.number("CALENTIFY_OTP_PHONE_SENDS_PER_HOUR", 1000, 1..=10_000_000)?;
        let min_account_age = vars.number("CALENTIFY_MIN_ACCOUNT_AGE", 16, 0..=21)?;
        let default_region = default_region(&vars)?;
        let clinic_signup = vars
            .parsed(
                "CALENTIFY_CLINIC_SIGNUP",
                "`open`, `approval` or `closed`",
                ClinicSignup::parse,
            )?
            .unwrap_or_default();
        let operators = operators(&vars, default_region)?;
        let file_keys = keys::file_keys(&vars, https)?;
        let smtp = channels::smtp(&vars)?;
        let twilio = channels::twilio(&vars)?;
        let meta = channels::meta(&vars)?;
        let google = oauth::google(&vars)?;
        let facebook = oauth::facebook(&vars)?;

        Ok(Settings {
            host,
            port,
            database_url: database.url,
            db_max_connections: database.max_connections,
            public_url,
            site_root,
            log_filter,
            log_format,
            seed_demo,
            secret_key,
            session_idle_hours,
            session_max_days,
            otp_sends_per_destination,
            otp_sends_per_ip,
            otp_phone_sends_per_hour,
            default_region,
            dev_tools,
            outbox_worker,
            outbox_lease_secs,
            page_cache_secs,
            min_account_age,
            trust_proxy,
            google,
            facebook,
            file_keys,
            local_keys_dir,
            smtp,
            twilio,
            meta,
            clinic_signup,
            operators,
        })
    }

    pub fn database_url(&self) -> &str {
        self.database_url.expose_secret()
    }
}

/// `CALENTIFY_HOST`: the address to listen on, `127.0.0.1` by default.
fn host(vars: &Vars) -> Result<IpAddr, ConfigError> {
    let host = vars.parsed(
        "CALENTIFY_HOST",
        "an IP address such as 127.0.0.1 or 0.0.0.0",
        |v| v.parse().ok(),
    )?;
    Ok(host.unwrap_or(IpAddr::from([127, 0, 0, 1])))
}

/// `CALENTIFY_PUBLIC_URL`: an http(s) URL with a host.
fn public_url(vars: &Vars) -> Result<Option<Url>, ConfigError> {
    const VAR: &str = "CALENTIFY_PUBLIC_URL";
    let Some(url) = vars.url(VAR)? else {
        return Ok(None);
    };
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        let v = vars.get(VAR).unwrap_or_default();
        return Err(invalid(
            VAR,
            format!("expected an http(s) URL with a host, got `{v}`"),
        ));
    }
    Ok(Some(url))
}

/// The dev tools list every sign-in code at `/dev/messages`: on a public (https) site
/// anyone could read them and sign in as anyone.
fn forbid_dev_tools_in_public(dev_tools: bool, https: bool) -> Result<(), ConfigError> {
    if dev_tools && https {
        return Err(invalid(
            "CALENTIFY_DEV_TOOLS",
            "must not be true when CALENTIFY_PUBLIC_URL is https (development tools expose sign-in codes)",
        ));
    }
    Ok(())
}

/// `CALENTIFY_LOG`: a `tracing` filter such as `info,sqlx=warn`.
fn log_filter(vars: &Vars) -> Result<String, ConfigError> {
    let filter = vars
        .get("CALENTIFY_LOG")
        .unwrap_or("info,sqlx=warn")
        .to_owned();
    tracing_subscriber::EnvFilter::try_new(&filter)
        .map_err(|e| invalid("CALENTIFY_LOG", format!("not a valid log filter: {e}")))?;
    Ok(filter)
}

fn log_format(vars: &Vars) -> Result<LogFormat, ConfigError> {
    let format = vars.parsed("CALENTIFY_LOG_FORMAT", "`text` or `json`", |v| match v {
        "text" => Some(LogFormat::Text),
        "json" => Some(LogFormat::Json),
        _ => None,
    })?;
    Ok(format.unwrap_or(LogFormat::Text))
}

/// `CALENTIFY_DEFAULT_REGION`: how numbers without a country code are read; `none`
/// requires every number to carry one.
fn default_region(vars: &Vars) -> Result<Option<Region>, ConfigError> {
    const VAR: &str = "CALENTIFY_DEFAULT_REGION";
    match vars.get(VAR) {
        None => Ok(Region::parse("SA")),
        Some("none") => Ok(None),
        Some(_) => vars.parsed(
            VAR,
            "a two-letter region such as SA, EG or DE",
            Region::parse,
        ),
    }
}

/// `CALENTIFY_OPERATORS`: comma-separated emails or phone numbers. A bad entry is named
/// by its position, never echoed: the list holds people's contacts.
fn operators(vars: &Vars, region: Option<Region>) -> Result<Operators, ConfigError> {
    const VAR: &str = "CALENTIFY_OPERATORS";
    Operators::parse(vars.get(VAR).unwrap_or(""), region).map_err(|e| invalid(VAR, e.to_string()))
}
