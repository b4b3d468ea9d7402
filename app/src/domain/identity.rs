//! Sign-in methods and what a sign-in proved about a person.

use super::contact::{Email, PhoneNumber};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentityKind {
    Google,
    Facebook,
    Phone,
    Email,
}

impl IdentityKind {
    pub const ALL: [IdentityKind; 4] = [
        IdentityKind::Google,
        IdentityKind::Facebook,
        IdentityKind::Phone,
        IdentityKind::Email,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IdentityKind::Google => "google",
            IdentityKind::Facebook => "facebook",
            IdentityKind::Phone => "phone",
            IdentityKind::Email => "email",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "google" => Some(IdentityKind::Google),
            "facebook" => Some(IdentityKind::Facebook),
            "phone" => Some(IdentityKind::Phone),
            "email" => Some(IdentityKind::Email),
            _ => None,
        }
    }
}

/// The issuer recorded for codes we sent ourselves.
pub const OTP_ISSUER: &str = "calentify";
/// The issuer recorded for Facebook accounts (Facebook ids are app-scoped).
pub const FACEBOOK_ISSUER: &str = "facebook";

/// How recently a person must have proved a sign-in method before adding or removing
/// one: an unattended or stolen session alone cannot change how the account is entered.
pub const METHOD_CHANGE_PROOF_MINUTES: i64 = 10;

/// Whether a sign-in at `proved_at` still allows changing sign-in methods at `now`.
pub fn proof_is_recent(proved_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    proved_at <= now && now - proved_at <= Duration::minutes(METHOD_CHANGE_PROOF_MINUTES)
}

/// What a completed sign-in proved. Accounts are found by `(kind, issuer, subject)` —
/// never by an email address alone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifiedIdentity {
    pub kind: IdentityKind,
    pub issuer: String,
    pub subject: String,
    /// An email the provider vouched for (Google's `email_verified`, or a code we sent).
    pub verified_email: Option<Email>,
    /// A phone number a code we sent proved.
    pub verified_phone: Option<PhoneNumber>,
    pub name: Option<String>,
    pub picture_url: Option<String>,
}

impl VerifiedIdentity {
    pub fn phone(phone: PhoneNumber) -> Self {
        Self {
            kind: IdentityKind::Phone,
            issuer: OTP_ISSUER.to_owned(),
            subject: phone.as_str().to_owned(),
            verified_email: None,
            verified_phone: Some(phone),
            name: None,
            picture_url: None,
        }
    }

    pub fn email(email: Email) -> Self {
        Self {
            kind: IdentityKind::Email,
            issuer: OTP_ISSUER.to_owned(),
            subject: email.as_str().to_owned(),
            verified_email: Some(email),
            verified_phone: None,
            name: None,
            picture_url: None,
        }
    }

    /// The contact this method proved and may put on the account: the phone number a
    /// code reached, else an email the provider asserted verified. A Facebook profile's
    /// email is never one (see `server/src/oauth/facebook.rs`).
    pub fn contact(&self) -> Option<&str> {
        match self.kind {
            IdentityKind::Phone => self.verified_phone.as_ref().map(|p| p.as_str()),
            _ => self.verified_email.as_ref().map(|e| e.as_str()),
        }
    }

    /// How the method is shown in "connected sign-in methods".
    pub fn label(&self) -> String {
        match self.kind {
            IdentityKind::Phone => self
                .verified_phone
                .as_ref()
                .map(|p| p.masked())
                .unwrap_or_default(),
            _ => self
                .verified_email
                .as_ref()
                .map(|e| e.masked())
                .unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_proof_counts_for_ten_minutes() {
        let at = Utc.with_ymd_and_hms(2026, 12, 3, 10, 0, 0).unwrap();
        assert!(proof_is_recent(at, at));
        assert!(proof_is_recent(at, at + Duration::minutes(10)));
        assert!(!proof_is_recent(
            at,
            at + Duration::minutes(10) + Duration::seconds(1)
        ));
        assert!(
            !proof_is_recent(at, at - Duration::seconds(1)),
            "not from the future"
        );
    }

    #[test]
    fn the_contact_follows_the_kind() {
        let phone = PhoneNumber::parse("+966501234567", None).unwrap();
        assert_eq!(
            VerifiedIdentity::phone(phone).contact(),
            Some("+966501234567")
        );
        let email = Email::parse("amal@mail.example").unwrap();
        assert_eq!(
            VerifiedIdentity::email(email).contact(),
            Some("amal@mail.example")
        );
    }
}
