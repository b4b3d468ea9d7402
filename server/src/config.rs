//! Settings, read once from the environment and validated before anything is written.
//!
//! A bad value stops start-up with a message naming the variable; no database file or
//! directory is created before every variable has been checked.

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
    pub default_region: Option<app::domain::contact::Region>,
    pub dev_tools: bool,
    /// Run the outbox delivery worker in this process (on by default; tests that read
    /// queued messages turn it off).
    pub outbox_worker: bool,
    /// How long a claimed message is reserved for the worker that claimed it; after that
    /// an unfinished one is settled as `unknown` (never resent).
    pub outbox_lease_secs: i64,
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
}

#[derive(Debug, Clone)]
pub struct MetaConfig {
    pub token: SecretString,
    pub phone_number_id: String,
    pub app_secret: SecretString,
    pub verify_token: SecretString,
    pub graph_base: Url,
    /// Approved template names per message kind.
    pub templates: std::collections::HashMap<String, String>,
}

#[derive(Debug, Clone)]
pub struct TwilioConfig {
    pub account_sid: String,
    pub auth_token: SecretString,
    pub sms_from: Option<String>,
    pub whatsapp_from: Option<String>,
    /// Approved WhatsApp templates (Content SIDs) per message kind.
    pub content_sids: std::collections::HashMap<String, String>,
    pub api_base: Url,
}

/// Where and as whom email is sent.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    /// `smtps://user:pass@host:465` (TLS), `smtp://user:pass@host:587?tls=required`
    /// (STARTTLS) or `smtp://host:port` (plain, for a local relay).
    pub url: SecretString,
    /// The sender, e.g. `Calentify <no-reply@example.com>`.
    pub from: String,
}

/// A third-party sign-in provider's client registration and endpoints.
#[derive(Debug, Clone)]
pub struct OAuthProvider {
    pub client_id: String,
    pub client_secret: SecretString,
    /// Google: the issuer (discovery at `<issuer>/.well-known/openid-configuration`).
    /// Facebook: the dialog URL.
    pub auth_url: Url,
    /// Facebook only: the token endpoint.
    pub token_url: Option<Url>,
    /// Facebook only: the Graph API base.
    pub graph_url: Option<Url>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{var}: {problem}")]
pub struct ConfigError {
    pub var: &'static str,
    pub problem: String,
}

fn invalid(var: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError {
        var,
        problem: problem.into(),
    }
}

impl Settings {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(&std::env::vars().collect())
    }

    /// Reads settings from a map of variables, so tests need not touch the process
    /// environment.
    pub fn from_vars(vars: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let get = |name: &str| vars.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());

        let host = match get("CALENTIFY_HOST") {
            None => IpAddr::from([127, 0, 0, 1]),
            Some(v) => v.parse().map_err(|_| {
                invalid(
                    "CALENTIFY_HOST",
                    format!("expected an IP address such as 127.0.0.1 or 0.0.0.0, got `{v}`"),
                )
            })?,
        };
        let port = match get("CALENTIFY_PORT") {
            None => 3000,
            Some(v) => v.parse().map_err(|_| {
                invalid(
                    "CALENTIFY_PORT",
                    format!("expected a port number 0-65535, got `{v}`"),
                )
            })?,
        };
        let database_url = get("DATABASE_URL").unwrap_or("sqlite://data/calentify.db");
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            // The URL may hold a password: name the scheme only.
            let scheme = database_url.split(':').next().unwrap_or_default();
            return Err(invalid(
                "DATABASE_URL",
                format!("expected sqlite://… or postgres://…, got a `{scheme}` URL"),
            ));
        }
        let db_max_connections = match get("CALENTIFY_DB_MAX_CONNECTIONS") {
            None => 10,
            Some(v) => v
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=1000).contains(n))
                .ok_or_else(|| {
                    invalid(
                        "CALENTIFY_DB_MAX_CONNECTIONS",
                        format!("expected a number 1-1000, got `{v}`"),
                    )
                })?,
        };
        let public_url = match get("CALENTIFY_PUBLIC_URL") {
            None => None,
            Some(v) => {
                let url = Url::parse(v).map_err(|e| {
                    invalid("CALENTIFY_PUBLIC_URL", format!("`{v}` is not a URL: {e}"))
                })?;
                if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
                    return Err(invalid(
                        "CALENTIFY_PUBLIC_URL",
                        format!("expected an http(s) URL with a host, got `{v}`"),
                    ));
                }
                Some(url)
            }
        };
        let site_root = PathBuf::from(get("LEPTOS_SITE_ROOT").unwrap_or("target/site"));
        let log_filter = get("CALENTIFY_LOG").unwrap_or("info,sqlx=warn").to_owned();
        tracing_subscriber::EnvFilter::try_new(&log_filter)
            .map_err(|e| invalid("CALENTIFY_LOG", format!("not a valid log filter: {e}")))?;
        let log_format = match get("CALENTIFY_LOG_FORMAT") {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(v) => {
                return Err(invalid(
                    "CALENTIFY_LOG_FORMAT",
                    format!("expected `text` or `json`, got `{v}`"),
                ));
            }
        };
        let seed_demo = parse_bool(get("CALENTIFY_SEED_DEMO"), false).map_err(|v| {
            invalid(
                "CALENTIFY_SEED_DEMO",
                format!("expected true or false, got `{v}`"),
            )
        })?;

        let dev_tools = parse_bool(get("CALENTIFY_DEV_TOOLS"), false).map_err(|v| {
            invalid(
                "CALENTIFY_DEV_TOOLS",
                format!("expected true or false, got `{v}`"),
            )
        })?;
        let outbox_worker = parse_bool(get("CALENTIFY_OUTBOX_WORKER"), true).map_err(|v| {
            invalid(
                "CALENTIFY_OUTBOX_WORKER",
                format!("expected true or false, got `{v}`"),
            )
        })?;
        let outbox_lease_secs = match get("CALENTIFY_OUTBOX_LEASE_SECS") {
            None => 120,
            Some(v) => v
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|s| (1..=3600).contains(s))
                .ok_or_else(|| {
                    invalid(
                        "CALENTIFY_OUTBOX_LEASE_SECS",
                        format!("expected seconds between 1 and 3600, got `{v}`"),
                    )
                })?,
        };
        let trust_proxy = parse_bool(get("CALENTIFY_TRUST_PROXY"), false).map_err(|v| {
            invalid(
                "CALENTIFY_TRUST_PROXY",
                format!("expected true or false, got `{v}`"),
            )
        })?;
        let https = public_url.as_ref().is_some_and(|u| u.scheme() == "https");
        if dev_tools && https {
            // The dev tools list every sign-in code at `/dev/messages`: on a public site
            // anyone could read them and sign in as anyone.
            return Err(invalid(
                "CALENTIFY_DEV_TOOLS",
                "must not be true when CALENTIFY_PUBLIC_URL is https (development tools expose sign-in codes)",
            ));
        }
        let secret_key = match get("CALENTIFY_SECRET_KEY") {
            None if https => {
                return Err(invalid(
                    "CALENTIFY_SECRET_KEY",
                    "required when CALENTIFY_PUBLIC_URL is https (32 or more random bytes, base64)",
                ));
            }
            None => None,
            Some(v) => Some(parse_secret_key(v).map_err(|e| invalid("CALENTIFY_SECRET_KEY", e))?),
        };
        let local_keys_dir = get("CALENTIFY_LOCAL_KEYS_DIR").map(PathBuf::from);
        let number = |var: &'static str,
                      default: i64,
                      range: std::ops::RangeInclusive<i64>|
         -> Result<i64, ConfigError> {
            match get(var) {
                None => Ok(default),
                Some(v) => v
                    .parse::<i64>()
                    .ok()
                    .filter(|n| range.contains(n))
                    .ok_or_else(|| {
                        invalid(
                            var,
                            format!(
                                "expected a number {}-{}, got `{v}`",
                                range.start(),
                                range.end()
                            ),
                        )
                    }),
            }
        };
        let session_idle_hours = number("CALENTIFY_SESSION_IDLE_HOURS", 168, 1..=24 * 90)?;
        let session_max_days = number("CALENTIFY_SESSION_MAX_DAYS", 30, 1..=365)?;
        let otp_sends_per_destination = number("CALENTIFY_OTP_SENDS_PER_HOUR", 5, 1..=1000)?;
        let otp_sends_per_ip = number("CALENTIFY_OTP_SENDS_PER_IP_PER_HOUR", 20, 1..=100_000)?;
        let otp_phone_sends_per_hour =
            number("CALENTIFY_OTP_PHONE_SENDS_PER_HOUR", 1000, 1..=10_000_000)?;
        let min_account_age = number("CALENTIFY_MIN_ACCOUNT_AGE", 16, 0..=21)? as i32;
        let default_region = match get("CALENTIFY_DEFAULT_REGION") {
            None => app::domain::contact::Region::parse("SA"),
            Some("none") => None,
            Some(v) => Some(app::domain::contact::Region::parse(v).ok_or_else(|| {
                invalid(
                    "CALENTIFY_DEFAULT_REGION",
                    format!("expected a two-letter region such as SA, EG or DE, got `{v}`"),
                )
            })?),
        };
        let file_keys = match get("CALENTIFY_FILE_KEYS") {
            None if https => {
                return Err(invalid(
                    "CALENTIFY_FILE_KEYS",
                    "required when CALENTIFY_PUBLIC_URL is https: `keyid:base64key` (32 random bytes), comma-separated for rotation",
                ));
            }
            None => None,
            Some(v) => Some(
                app::ssr::vault::Vault::parse(v)
                    .map_err(|e| invalid("CALENTIFY_FILE_KEYS", e.to_string()))?,
            ),
        };
        let smtp = match (get("CALENTIFY_SMTP_URL"), get("CALENTIFY_SMTP_FROM")) {
            (None, None) => None,
            (None, Some(_)) => {
                return Err(invalid(
                    "CALENTIFY_SMTP_URL",
                    "required with CALENTIFY_SMTP_FROM",
                ));
            }
            (Some(url), from) => {
                let valid = Url::parse(url).is_ok_and(|u| {
                    matches!(u.scheme(), "smtp" | "smtps") && u.host_str().is_some()
                });
                if !valid {
                    return Err(invalid(
                        "CALENTIFY_SMTP_URL",
                        "expected smtps://user:pass@host:465, smtp://user:pass@host:587?tls=required or smtp://host:port",
                    ));
                }
                let from = from.ok_or_else(|| {
                    invalid("CALENTIFY_SMTP_FROM", "required with CALENTIFY_SMTP_URL")
                })?;
                if from.parse::<lettre::message::Mailbox>().is_err() {
                    return Err(invalid(
                        "CALENTIFY_SMTP_FROM",
                        format!(
                            "`{from}` is not an address such as `Calentify <no-reply@example.com>`"
                        ),
                    ));
                }
                Some(SmtpSettings {
                    url: SecretString::from(url.to_owned()),
                    from: from.to_owned(),
                })
            }
        };
        let twilio = match get("TWILIO_ACCOUNT_SID") {
            None => None,
            Some(sid) => {
                if !(sid.starts_with("AC")
                    && sid.len() == 34
                    && sid.chars().all(|c| c.is_ascii_alphanumeric()))
                {
                    return Err(invalid(
                        "TWILIO_ACCOUNT_SID",
                        "expected AC followed by 32 letters and digits",
                    ));
                }
                let auth_token = get("TWILIO_AUTH_TOKEN").ok_or_else(|| {
                    invalid("TWILIO_AUTH_TOKEN", "required with TWILIO_ACCOUNT_SID")
                })?;
                let number = |var: &'static str| -> Result<Option<String>, ConfigError> {
                    get(var)
                        .map(|v| {
                            app::domain::contact::PhoneNumber::parse(v, None)
                                .map(|p| p.as_str().to_owned())
                                .map_err(|_| {
                                    invalid(
                                        var,
                                        format!(
                                            "`{v}` is not a phone number in E.164 form (+966…)"
                                        ),
                                    )
                                })
                        })
                        .transpose()
                };
                let sms_from = number("TWILIO_SMS_FROM")?;
                let whatsapp_from = number("TWILIO_WHATSAPP_FROM")?;
                if sms_from.is_none() && whatsapp_from.is_none() {
                    return Err(invalid(
                        "TWILIO_SMS_FROM",
                        "set TWILIO_SMS_FROM, TWILIO_WHATSAPP_FROM or both",
                    ));
                }
                let mut content_sids = std::collections::HashMap::new();
                for pair in get("TWILIO_CONTENT_SIDS")
                    .unwrap_or_default()
                    .split(',')
                    .filter(|p| !p.trim().is_empty())
                {
                    let Some((kind, sid)) = pair.split_once('=') else {
                        return Err(invalid("TWILIO_CONTENT_SIDS", "expected kind=HX…,kind=HX…"));
                    };
                    content_sids.insert(kind.trim().to_owned(), sid.trim().to_owned());
                }
                let base = get("TWILIO_API_BASE").unwrap_or("https://api.twilio.com");
                let api_base = Url::parse(base).map_err(|e| {
                    invalid("TWILIO_API_BASE", format!("`{base}` is not a URL: {e}"))
                })?;
                Some(TwilioConfig {
                    account_sid: sid.to_owned(),
                    auth_token: SecretString::from(auth_token.to_owned()),
                    sms_from,
                    whatsapp_from,
                    content_sids,
                    api_base,
                })
            }
        };
        let meta = match get("META_WHATSAPP_TOKEN") {
            None => None,
            Some(token) => {
                let need = |var: &'static str| {
                    get(var).ok_or_else(|| invalid(var, "required with META_WHATSAPP_TOKEN"))
                };
                let phone_number_id = need("META_WHATSAPP_PHONE_NUMBER_ID")?;
                if !phone_number_id.chars().all(|c| c.is_ascii_digit()) {
                    return Err(invalid(
                        "META_WHATSAPP_PHONE_NUMBER_ID",
                        "expected the numeric phone number ID",
                    ));
                }
                let app_secret = need("META_APP_SECRET")?;
                let verify_token = need("META_VERIFY_TOKEN")?;
                let base = get("META_GRAPH_BASE").unwrap_or("https://graph.facebook.com/v21.0");
                let graph_base = Url::parse(base).map_err(|e| {
                    invalid("META_GRAPH_BASE", format!("`{base}` is not a URL: {e}"))
                })?;
                let mut templates = std::collections::HashMap::new();
                for pair in get("META_WHATSAPP_TEMPLATES")
                    .unwrap_or_default()
                    .split(',')
                    .filter(|p| !p.trim().is_empty())
                {
                    let Some((kind, name)) = pair.split_once('=') else {
                        return Err(invalid(
                            "META_WHATSAPP_TEMPLATES",
                            "expected kind=template_name,…",
                        ));
                    };
                    templates.insert(kind.trim().to_owned(), name.trim().to_owned());
                }
                Some(MetaConfig {
                    token: SecretString::from(token.to_owned()),
                    phone_number_id: phone_number_id.to_owned(),
                    app_secret: SecretString::from(app_secret.to_owned()),
                    verify_token: SecretString::from(verify_token.to_owned()),
                    graph_base,
                    templates,
                })
            }
        };
        let url_var = |var: &'static str, default: &str| -> Result<Url, ConfigError> {
            let v = get(var).unwrap_or(default);
            Url::parse(v).map_err(|e| invalid(var, format!("`{v}` is not a URL: {e}")))
        };
        let google = match (get("GOOGLE_CLIENT_ID"), get("GOOGLE_CLIENT_SECRET")) {
            (None, None) => None,
            (Some(id), Some(secret)) => Some(OAuthProvider {
                client_id: id.to_owned(),
                client_secret: SecretString::from(secret.to_owned()),
                auth_url: url_var("GOOGLE_ISSUER_URL", "https://accounts.google.com")?,
                token_url: None,
                graph_url: None,
            }),
            (Some(_), None) => {
                return Err(invalid(
                    "GOOGLE_CLIENT_SECRET",
                    "missing (GOOGLE_CLIENT_ID is set)",
                ));
            }
            (None, Some(_)) => {
                return Err(invalid(
                    "GOOGLE_CLIENT_ID",
                    "missing (GOOGLE_CLIENT_SECRET is set)",
                ));
            }
        };
        let facebook = match (get("FACEBOOK_CLIENT_ID"), get("FACEBOOK_CLIENT_SECRET")) {
            (None, None) => None,
            (Some(id), Some(secret)) => Some(OAuthProvider {
                client_id: id.to_owned(),
                client_secret: SecretString::from(secret.to_owned()),
                auth_url: url_var(
                    "FACEBOOK_AUTH_URL",
                    "https://www.facebook.com/v21.0/dialog/oauth",
                )?,
                token_url: Some(url_var(
                    "FACEBOOK_TOKEN_URL",
                    "https://graph.facebook.com/v21.0/oauth/access_token",
                )?),
                graph_url: Some(url_var(
                    "FACEBOOK_GRAPH_URL",
                    "https://graph.facebook.com/v21.0",
                )?),
            }),
            (Some(_), None) => {
                return Err(invalid(
                    "FACEBOOK_CLIENT_SECRET",
                    "missing (FACEBOOK_CLIENT_ID is set)",
                ));
            }
            (None, Some(_)) => {
                return Err(invalid(
                    "FACEBOOK_CLIENT_ID",
                    "missing (FACEBOOK_CLIENT_SECRET is set)",
                ));
            }
        };

        Ok(Settings {
            host,
            port,
            database_url: SecretString::from(database_url.to_owned()),
            db_max_connections,
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
            min_account_age,
            trust_proxy,
            google,
            facebook,
            file_keys,
            local_keys_dir,
            smtp,
            twilio,
            meta,
        })
    }

    pub fn database_url(&self) -> &str {
        self.database_url.expose_secret()
    }
}

/// A secret key as `CALENTIFY_SECRET_KEY` (or a local key file) holds it.
pub fn parse_secret_key(v: &str) -> Result<SecretSlice<u8>, &'static str> {
    use base64::Engine;
    let v = v.trim();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(v)
        .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(v))
        .map_err(|_| "expected base64 (e.g. from `openssl rand -base64 32`)")?;
    if bytes.len() < 32 {
        return Err("must decode to at least 32 bytes");
    }
    Ok(SecretSlice::from(bytes))
}

fn parse_bool(value: Option<&str>, default: bool) -> Result<bool, String> {
    match value.map(str::to_ascii_lowercase).as_deref() {
        None => Ok(default),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some("0" | "false" | "no" | "off") => Ok(false),
        Some(_) => Err(value.unwrap_or_default().to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_serve_sqlite_on_localhost_3000() {
        let s = Settings::from_vars(&HashMap::new()).unwrap();
        assert_eq!(s.port, 3000);
        assert_eq!(s.host.to_string(), "127.0.0.1");
        assert_eq!(s.database_url(), "sqlite://data/calentify.db");
        assert!(!s.seed_demo);
    }

    #[test]
    fn a_bad_port_names_the_variable() {
        let err = Settings::from_vars(&vars(&[("CALENTIFY_PORT", "eighty")])).unwrap_err();
        assert_eq!(err.var, "CALENTIFY_PORT");
        assert!(err.to_string().starts_with("CALENTIFY_PORT: "));
    }

    #[test]
    fn smtp_settings_are_checked_at_start_up() {
        let err = Settings::from_vars(&vars(&[("CALENTIFY_SMTP_URL", "smtp://mail.example")]))
            .unwrap_err();
        assert_eq!(err.var, "CALENTIFY_SMTP_FROM");
        let err = Settings::from_vars(&vars(&[
            ("CALENTIFY_SMTP_URL", "http://mail.example"),
            ("CALENTIFY_SMTP_FROM", "a@b.example"),
        ]))
        .unwrap_err();
        assert_eq!(err.var, "CALENTIFY_SMTP_URL");
        let err = Settings::from_vars(&vars(&[
            ("CALENTIFY_SMTP_URL", "smtps://mail.example"),
            ("CALENTIFY_SMTP_FROM", "not an address"),
        ]))
        .unwrap_err();
        assert_eq!(err.var, "CALENTIFY_SMTP_FROM");
        let ok = Settings::from_vars(&vars(&[
            ("CALENTIFY_SMTP_URL", "smtps://u:p@mail.example:465"),
            ("CALENTIFY_SMTP_FROM", "Calentify <no-reply@example.com>"),
            ("CALENTIFY_OUTBOX_WORKER", "false"),
        ]))
        .unwrap();
        assert!(ok.smtp.is_some() && !ok.outbox_worker);
    }

    #[test]
    fn half_configured_sign_in_providers_name_the_missing_half() {
        let err = Settings::from_vars(&vars(&[("GOOGLE_CLIENT_SECRET", "s")])).unwrap_err();
        assert_eq!(err.var, "GOOGLE_CLIENT_ID");
        let err = Settings::from_vars(&vars(&[("FACEBOOK_CLIENT_ID", "id")])).unwrap_err();
        assert_eq!(err.var, "FACEBOOK_CLIENT_SECRET");
        let err = Settings::from_vars(&vars(&[
            ("GOOGLE_CLIENT_ID", "id"),
            ("GOOGLE_CLIENT_SECRET", "s"),
            ("GOOGLE_ISSUER_URL", "::"),
        ]))
        .unwrap_err();
        assert_eq!(err.var, "GOOGLE_ISSUER_URL");
    }

    #[test]
    fn https_deployments_must_set_a_secret_key() {
        let err = Settings::from_vars(&vars(&[(
            "CALENTIFY_PUBLIC_URL",
            "https://book.example.com",
        )]))
        .unwrap_err();
        assert_eq!(err.var, "CALENTIFY_SECRET_KEY");
        let key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
        let ok = Settings::from_vars(&vars(&[
            ("CALENTIFY_PUBLIC_URL", "https://book.example.com"),
            ("CALENTIFY_SECRET_KEY", key),
            (
                "CALENTIFY_FILE_KEYS",
                "k1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
            ),
        ]));
        assert!(ok.is_ok());
        assert!(
            !format!("{:?}", ok.unwrap()).contains(key),
            "secrets stay out of Debug output"
        );
    }

    #[test]
    fn database_url_errors_never_echo_the_url() {
        let err = Settings::from_vars(&vars(&[("DATABASE_URL", "mysql://root:hunter2@db/x")]))
            .unwrap_err();
        assert_eq!(err.var, "DATABASE_URL");
        assert!(!err.to_string().contains("hunter2"));
    }

    #[test]
    fn each_variable_is_checked() {
        for (var, value) in [
            ("CALENTIFY_HOST", "localhost:80"),
            ("CALENTIFY_PUBLIC_URL", "ftp://x"),
            ("CALENTIFY_PUBLIC_URL", "not a url"),
            ("CALENTIFY_LOG_FORMAT", "yaml"),
            ("CALENTIFY_SEED_DEMO", "maybe"),
            ("CALENTIFY_DB_MAX_CONNECTIONS", "0"),
            ("CALENTIFY_LOG", "[[["),
            ("CALENTIFY_SECRET_KEY", "c2hvcnQ="),
            ("CALENTIFY_SECRET_KEY", "not base64 !!"),
            ("CALENTIFY_DEFAULT_REGION", "Saudi"),
            ("CALENTIFY_MIN_ACCOUNT_AGE", "40"),
            ("CALENTIFY_SESSION_IDLE_HOURS", "0"),
        ] {
            let err = Settings::from_vars(&vars(&[(var, value)])).unwrap_err();
            assert_eq!(err.var, var, "{value}");
        }
    }
}
