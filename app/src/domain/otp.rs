//! One-time sign-in codes: the rules, without the storage.

use chrono::{DateTime, Duration, Utc};

/// How one-time codes behave. The defaults are what the product promises: six digits,
/// ten minutes, five wrong tries, five sends per destination per hour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OtpPolicy {
    pub ttl: Duration,
    pub max_attempts: i32,
    pub sends_per_destination_per_hour: i64,
    pub sends_per_ip_per_hour: i64,
}

impl Default for OtpPolicy {
    fn default() -> Self {
        Self {
            ttl: Duration::minutes(10),
            max_attempts: 5,
            sends_per_destination_per_hour: 5,
            sends_per_ip_per_hour: 20,
        }
    }
}

/// What is known about the most recent code for a destination.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeState {
    pub expires_at: DateTime<Utc>,
    pub attempts: i32,
    pub consumed: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeCheck {
    /// The code may be compared.
    Open,
    /// Expired, used, or out of tries: ask for a new one.
    Dead,
}

impl OtpPolicy {
    pub fn check(&self, state: CodeState, now: DateTime<Utc>) -> CodeCheck {
        if state.consumed || now >= state.expires_at || state.attempts >= self.max_attempts {
            CodeCheck::Dead
        } else {
            CodeCheck::Open
        }
    }

    pub fn may_send(&self, sent_to_destination: i64, sent_from_ip: i64) -> bool {
        sent_to_destination < self.sends_per_destination_per_hour
            && sent_from_ip < self.sends_per_ip_per_hour
    }
}

/// Accepts what a person types for a code: six digits, allowing spaces and Arabic-Indic
/// digits (`١٢٣ ٤٥٦`).
pub fn normalise_code(raw: &str) -> Option<String> {
    let digits: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c {
            '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
            '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
            other => other,
        })
        .collect();
    (digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_code_dies_when_expired_used_or_out_of_tries() {
        let p = OtpPolicy::default();
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 10, 0, 0).unwrap();
        let fresh = CodeState {
            expires_at: now + Duration::minutes(10),
            attempts: 0,
            consumed: false,
        };
        assert_eq!(p.check(fresh, now), CodeCheck::Open);
        assert_eq!(p.check(fresh, now + Duration::minutes(10)), CodeCheck::Dead);
        assert_eq!(
            p.check(
                CodeState {
                    attempts: 5,
                    ..fresh
                },
                now
            ),
            CodeCheck::Dead
        );
        assert_eq!(
            p.check(
                CodeState {
                    attempts: 4,
                    ..fresh
                },
                now
            ),
            CodeCheck::Open
        );
        assert_eq!(
            p.check(
                CodeState {
                    consumed: true,
                    ..fresh
                },
                now
            ),
            CodeCheck::Dead
        );
    }

    #[test]
    fn sending_is_limited_per_destination_and_ip() {
        let p = OtpPolicy::default();
        assert!(p.may_send(4, 19));
        assert!(!p.may_send(5, 0));
        assert!(!p.may_send(0, 20));
    }

    #[test]
    fn codes_are_read_forgivingly_but_strictly() {
        assert_eq!(normalise_code(" 123 456 "), Some("123456".into()));
        assert_eq!(normalise_code("١٢٣٤٥٦"), Some("123456".into()));
        assert_eq!(normalise_code("12345"), None);
        assert_eq!(normalise_code("12345a"), None);
        assert_eq!(normalise_code("1234567"), None);
    }
}
