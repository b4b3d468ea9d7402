//! The settings application code reads; the server crate builds them from the environment.

use url::Url;

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
    /// Who may register a clinic (`CALENTIFY_CLINIC_SIGNUP`).
    pub clinic_signup: crate::domain::clinic_setup::ClinicSignup,
    /// Who approves clinics (`CALENTIFY_OPERATORS`).
    pub operators: crate::domain::operators::Operators,
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
            clinic_signup: crate::domain::clinic_setup::ClinicSignup::default(),
            operators: crate::domain::operators::Operators::default(),
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
