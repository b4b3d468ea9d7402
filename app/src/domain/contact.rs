//! Phone numbers and email addresses, parsed once at the boundary.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A phone number in E.164 form (`+966501234567`). Only valid numbers can be built.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid phone number")]
pub struct InvalidPhone;

impl PhoneNumber {
    /// Parses what a person typed: `+966 50 123 4567`, `0501234567` (with the region the
    /// clinic or deployment is in), `00966…`. Spaces, dashes, brackets and Arabic-Indic
    /// digits are accepted; the result is validated against libphonenumber's metadata.
    pub fn parse(raw: &str, default_region: Option<Region>) -> Result<Self, InvalidPhone> {
        let normalised: String = raw
            .trim()
            .chars()
            .map(|c| match c {
                '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
                '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
                other => other,
            })
            .collect();
        let normalised = match normalised.strip_prefix("00") {
            Some(rest) => format!("+{rest}"),
            None => normalised,
        };
        if normalised.is_empty() || normalised.len() > 32 {
            return Err(InvalidPhone);
        }
        let number = phonenumber::parse(default_region.map(|r| r.0), &normalised)
            .map_err(|_| InvalidPhone)?;
        if !phonenumber::is_valid(&number) {
            return Err(InvalidPhone);
        }
        Ok(Self(
            number.format().mode(phonenumber::Mode::E164).to_string(),
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number with all but the last three digits hidden, for "we sent a code to …".
    pub fn masked(&self) -> String {
        let digits = self.0.len();
        let keep = 3.min(digits);
        let country_len = 4.min(digits.saturating_sub(keep));
        format!(
            "{}{}{}",
            &self.0[..country_len],
            "•".repeat(digits - keep - country_len),
            &self.0[digits - keep..]
        )
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = InvalidPhone;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        PhoneNumber::parse(&value, None)
    }
}

impl From<PhoneNumber> for String {
    fn from(p: PhoneNumber) -> Self {
        p.0
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An ISO 3166 region used to read national phone numbers (`SA`, `EG`, `DE`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region(phonenumber::country::Id);

impl Region {
    pub fn parse(code: &str) -> Option<Region> {
        code.trim().to_ascii_uppercase().parse().ok().map(Region)
    }
}

/// An email address, trimmed and lower-cased so one mailbox is one account.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid email address")]
pub struct InvalidEmail;

impl Email {
    pub fn parse(raw: &str) -> Result<Self, InvalidEmail> {
        let candidate = raw.trim().to_lowercase();
        if candidate.len() > 254 || !candidate.contains('@') {
            return Err(InvalidEmail);
        }
        let parsed = email_address::EmailAddress::parse_with_options(
            &candidate,
            email_address::Options::default()
                .without_display_text()
                .without_domain_literal(),
        )
        .map_err(|_| InvalidEmail)?;
        // A deliverable address needs a dotted domain.
        if !parsed.domain().contains('.') || parsed.domain().ends_with('.') {
            return Err(InvalidEmail);
        }
        Ok(Self(parsed.as_str().to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `s•••@example.com`, for "we sent a code to …".
    pub fn masked(&self) -> String {
        match self.0.split_once('@') {
            Some((local, domain)) => {
                let first: String = local.chars().take(1).collect();
                format!("{first}•••@{domain}")
            }
            None => "•••".to_owned(),
        }
    }
}

impl TryFrom<String> for Email {
    type Error = InvalidEmail;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Email::parse(&value)
    }
}

impl From<Email> for String {
    fn from(e: Email) -> Self {
        e.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_in_many_spellings_become_e164() {
        let sa = Region::parse("sa");
        for raw in [
            "+966 50 123 4567",
            "00966501234567",
            "050 123 4567",
            "+966-50-123-4567",
            "٠٥٠١٢٣٤٥٦٧",
        ] {
            assert_eq!(
                PhoneNumber::parse(raw, sa).map(|p| p.to_string()),
                Ok("+966501234567".into()),
                "{raw}"
            );
        }
        assert_eq!(
            PhoneNumber::parse("010 1234 5678", Region::parse("EG")).map(|p| p.to_string()),
            Ok("+201012345678".into())
        );
    }

    #[test]
    fn invalid_phone_numbers_are_rejected() {
        for raw in ["", "abc", "123", "+966 12", "+999 123456789", "0501234567"] {
            assert!(PhoneNumber::parse(raw, None).is_err(), "{raw}");
        }
    }

    #[test]
    fn masking_keeps_the_country_code_and_last_digits() {
        let p = PhoneNumber::parse("+966501234567", None).unwrap();
        assert_eq!(p.masked(), "+966••••••567");
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Sara@Example.COM ").map(|e| e.to_string()),
            Ok("sara@example.com".into())
        );
        for raw in [
            "",
            "sara",
            "sara@",
            "@example.com",
            "sara@localhost",
            "a b@example.com",
            "Sara <s@example.com>",
        ] {
            assert!(Email::parse(raw).is_err(), "{raw}");
        }
        assert_eq!(
            Email::parse("sara@example.com").unwrap().masked(),
            "s•••@example.com"
        );
    }
}
