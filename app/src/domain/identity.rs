//! Sign-in methods and what a sign-in proved about a person.

use super::contact::{Email, PhoneNumber};
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
