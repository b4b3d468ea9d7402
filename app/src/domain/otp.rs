//! One-time sign-in codes: the rules, without the storage.

use chrono::{DateTime, Duration, Utc};

/// How one-time codes behave. The defaults are what the product promises: six digits,
/// ten minutes, five wrong tries.
///
/// Sending is limited so that nobody can lock a person out or run up the SMS bill:
/// - per (destination, client address) and per client address: hard hourly limits, so
///   one address cannot flood a number, yet cannot stop the owner asking from theirs;
/// - per destination from every address: a higher ceiling past which each further code
///   waits twice as long as the one before (it slows, never locks);
/// - per deployment: an hourly cap on codes sent by SMS or WhatsApp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OtpPolicy {
    pub ttl: Duration,
    pub max_attempts: i32,
    /// Codes one client address may have sent to one destination in an hour.
    pub sends_per_destination_per_hour: i64,
    /// Codes one client address may have sent in an hour, to any destination.
    pub sends_per_ip_per_hour: i64,
    /// Codes to one destination in an hour, from all addresses, before backoff starts.
    pub destination_sends_before_backoff: i64,
    /// The first wait once backoff starts; each further code doubles it.
    pub backoff_base: Duration,
    /// The longest wait backoff asks for.
    pub backoff_max: Duration,
    /// Codes by SMS or WhatsApp the whole deployment sends in an hour.
    pub phone_sends_per_hour: i64,
}

impl Default for OtpPolicy {
    fn default() -> Self {
        Self {
            ttl: Duration::minutes(10),
            max_attempts: 5,
            sends_per_destination_per_hour: 5,
            sends_per_ip_per_hour: 20,
            destination_sends_before_backoff: 10,
            backoff_base: Duration::minutes(1),
            backoff_max: Duration::hours(1),
            phone_sends_per_hour: 1000,
        }
    }
}

/// Codes sent in the last hour, as counted inside the transaction that would add one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SendCounts {
    /// To this destination from this client address.
    pub pair: i64,
    /// From this client address, to any destination.
    pub requester: i64,
    /// To this destination, from every address.
    pub destination: i64,
    /// When the newest code to this destination was sent.
    pub last_to_destination: Option<DateTime<Utc>>,
    /// By SMS or WhatsApp across the deployment; `None` when this code goes by email.
    pub phone_sends: Option<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SendDecision {
    Send,
    /// An hourly limit is reached.
    Refuse,
    /// The destination is in backoff: the next code may go at this time.
    WaitUntil(DateTime<Utc>),
}

impl SendDecision {
    /// Whole minutes until a waiting request may be repeated, at least one.
    pub fn minutes_to_wait(self, now: DateTime<Utc>) -> Option<i64> {
        match self {
            SendDecision::WaitUntil(at) => {
                let seconds = (at - now).num_seconds().max(1);
                Some((seconds + 59) / 60)
            }
            _ => None,
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

    /// Whether one more code may go now, given what was sent in the last hour.
    pub fn may_send(&self, sent: SendCounts, now: DateTime<Utc>) -> SendDecision {
        let over_cap = sent
            .phone_sends
            .is_some_and(|n| n >= self.phone_sends_per_hour);
        if sent.pair >= self.sends_per_destination_per_hour
            || sent.requester >= self.sends_per_ip_per_hour
            || over_cap
        {
            return SendDecision::Refuse;
        }
        match (self.backoff(sent.destination), sent.last_to_destination) {
            (Some(wait), Some(last)) if now < last + wait => SendDecision::WaitUntil(last + wait),
            _ => SendDecision::Send,
        }
    }

    /// How long after the newest code to a destination the next may go, once `sent`
    /// codes went there in the last hour: nothing below the ceiling, then the base wait
    /// doubling with each code, up to the maximum.
    pub fn backoff(&self, sent: i64) -> Option<Duration> {
        let over = sent.checked_sub(self.destination_sends_before_backoff)?;
        if over < 0 {
            return None;
        }
        let factor = 1_i32
            .checked_shl(u32::try_from(over).unwrap_or(u32::MAX))
            .filter(|f| *f > 0)
            .unwrap_or(i32::MAX);
        let wait = self
            .backoff_base
            .checked_mul(factor)
            .unwrap_or(self.backoff_max);
        Some(wait.min(self.backoff_max))
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

    fn quiet() -> SendCounts {
        SendCounts {
            pair: 0,
            requester: 0,
            destination: 0,
            last_to_destination: None,
            phone_sends: Some(0),
        }
    }

    fn noon() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap()
    }

    #[test]
    fn sending_is_refused_per_pair_per_address_and_over_the_phone_cap() {
        let p = OtpPolicy::default();
        let now = noon();
        assert_eq!(p.may_send(quiet(), now), SendDecision::Send);
        let refused = [
            SendCounts { pair: 5, ..quiet() },
            SendCounts {
                requester: 20,
                ..quiet()
            },
            SendCounts {
                phone_sends: Some(1000),
                ..quiet()
            },
        ];
        for counts in refused {
            assert_eq!(p.may_send(counts, now), SendDecision::Refuse, "{counts:?}");
        }
        let email = SendCounts {
            phone_sends: None,
            ..quiet()
        };
        assert_eq!(
            p.may_send(email, now),
            SendDecision::Send,
            "the cap is for phones"
        );
    }

    #[test]
    fn a_busy_destination_slows_down_instead_of_locking() {
        let p = OtpPolicy::default();
        let now = noon();
        let busy = SendCounts {
            destination: 10,
            last_to_destination: Some(now - Duration::seconds(30)),
            ..quiet()
        };
        let decision = p.may_send(busy, now);
        assert_eq!(
            decision,
            SendDecision::WaitUntil(now + Duration::seconds(30))
        );
        assert_eq!(decision.minutes_to_wait(now), Some(1));
        let waited = SendCounts {
            last_to_destination: Some(now - Duration::minutes(1)),
            ..busy
        };
        assert_eq!(p.may_send(waited, now), SendDecision::Send);
    }

    #[test]
    fn backoff_doubles_and_stops_at_the_maximum() {
        let p = OtpPolicy::default();
        assert_eq!(p.backoff(9), None);
        assert_eq!(p.backoff(10), Some(Duration::minutes(1)));
        assert_eq!(p.backoff(11), Some(Duration::minutes(2)));
        assert_eq!(p.backoff(13), Some(Duration::minutes(8)));
        assert_eq!(p.backoff(20), Some(Duration::hours(1)));
        assert_eq!(p.backoff(i64::MAX), Some(Duration::hours(1)));
    }

    proptest::proptest! {
        #[test]
        fn backoff_never_shrinks_and_never_locks(sent in 0_i64..10_000, ago in 0_i64..7_200) {
            let p = OtpPolicy::default();
            let now = noon();
            let this = p.backoff(sent).unwrap_or_else(Duration::zero);
            let next = p.backoff(sent + 1).unwrap_or_else(Duration::zero);
            proptest::prop_assert!(next >= this);
            proptest::prop_assert!(next <= p.backoff_max);
            let counts = SendCounts {
                destination: sent,
                last_to_destination: Some(now - Duration::seconds(ago)),
                ..quiet()
            };
            match p.may_send(counts, now) {
                SendDecision::Refuse => proptest::prop_assert!(false, "busy is never refused"),
                SendDecision::WaitUntil(at) => {
                    proptest::prop_assert!(at > now && at <= now + p.backoff_max);
                    let m = SendDecision::WaitUntil(at).minutes_to_wait(now).unwrap_or(0);
                    proptest::prop_assert!((1..=60).contains(&m));
                }
                SendDecision::Send => {}
            }
        }
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
