//! The channels messages reach people on.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Sms,
    #[serde(rename = "whatsapp")]
    WhatsApp,
    Email,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::WhatsApp, Channel::Sms, Channel::Email];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::WhatsApp => "whatsapp",
            Channel::Email => "email",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "sms" => Some(Channel::Sms),
            "whatsapp" => Some(Channel::WhatsApp),
            "email" => Some(Channel::Email),
            _ => None,
        }
    }
}

/// A stored channel that is none of [`Channel`]'s.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown channel {0:?}")]
pub struct UnknownChannel(pub String);

/// Exactly the stored text: unlike [`Channel::parse`], which reads what a person typed,
/// a stored value with anything around it is damaged.
impl FromStr for Channel {
    type Err = UnknownChannel;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Channel::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| UnknownChannel(s.to_owned()))
    }
}

/// Compares with the stored text, so a check against a database value reads as the value
/// is stored (`status == "sent"`); an unknown text is simply unequal.
impl PartialEq<&str> for Channel {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The channels a clinic lets its messages use. A clinic that cannot answer WhatsApp, or
/// does not want to pay for SMS, turns that channel off; at least one stays on so its
/// patients can always be reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ChannelSet(u8);

impl ChannelSet {
    pub const ALL: ChannelSet = ChannelSet(0b111);

    fn bit(c: Channel) -> u8 {
        match c {
            Channel::WhatsApp => 0b001,
            Channel::Sms => 0b010,
            Channel::Email => 0b100,
        }
    }

    /// `None` for an empty set: a clinic must keep one way to reach its patients.
    pub fn of(channels: impl IntoIterator<Item = Channel>) -> Option<Self> {
        let bits = channels.into_iter().fold(0, |b, c| b | Self::bit(c));
        (bits != 0).then_some(ChannelSet(bits))
    }

    pub fn contains(self, c: Channel) -> bool {
        self.0 & Self::bit(c) != 0
    }

    /// The channels in both sets: what a clinic allows and this deployment can send on.
    /// `None` when they share none.
    pub fn and(self, other: ChannelSet) -> Option<Self> {
        let bits = self.0 & other.0;
        (bits != 0).then_some(ChannelSet(bits))
    }

    pub fn iter(self) -> impl Iterator<Item = Channel> {
        Channel::ALL.into_iter().filter(move |c| self.contains(*c))
    }

    /// As the `clinics.channels` column stores it: `whatsapp,sms,email`.
    pub fn to_list(self) -> String {
        self.iter()
            .map(Channel::as_str)
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Reads the stored list; an unreadable or empty one means every channel, so a
    /// damaged setting never silences a clinic.
    pub fn from_list(raw: &str) -> Self {
        Self::of(raw.split(',').filter_map(Channel::parse)).unwrap_or(Self::ALL)
    }
}

/// Which of a person's contacts we hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reach {
    pub phone: bool,
    pub email: bool,
}

impl Reach {
    pub fn can(self, c: Channel) -> bool {
        match c {
            Channel::Sms | Channel::WhatsApp => self.phone,
            Channel::Email => self.email,
        }
    }
}

/// The channel a message goes out on first: the person's preferred one when the clinic
/// allows it and we hold that contact, else the first allowed and reachable one in the
/// order WhatsApp, SMS, email (the order most of our clinics' patients read).
pub fn first_channel(
    preferred: Option<Channel>,
    reach: Reach,
    allowed: ChannelSet,
) -> Option<Channel> {
    let usable = |c: &Channel| allowed.contains(*c) && reach.can(*c);
    preferred
        .filter(usable)
        .or_else(|| Channel::ALL.into_iter().find(usable))
}

/// Where a message goes when `failed` could not deliver it: the next allowed and
/// reachable channel after it in the order WhatsApp → SMS → email. Each step moves
/// forward, so a message falls back at most twice and never returns to a channel.
pub fn fallback_after(failed: Channel, reach: Reach, allowed: ChannelSet) -> Option<Channel> {
    Channel::ALL
        .into_iter()
        .skip_while(|c| *c != failed)
        .skip(1)
        .find(|c| allowed.contains(*c) && reach.can(*c))
}

/// How a sign-in code reaches a phone: by the channel asked for (SMS unless said
/// otherwise) when this deployment can send on it, else by the other phone channel.
/// `None` when it can send on neither.
pub fn phone_code_channel(asked: Option<Channel>, delivery: ChannelSet) -> Option<Channel> {
    let order = match asked {
        Some(Channel::WhatsApp) => [Channel::WhatsApp, Channel::Sms],
        _ => [Channel::Sms, Channel::WhatsApp],
    };
    order.into_iter().find(|c| delivery.contains(*c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PHONE_ONLY: Reach = Reach {
        phone: true,
        email: false,
    };
    const BOTH: Reach = Reach {
        phone: true,
        email: true,
    };

    fn set(cs: &[Channel]) -> ChannelSet {
        ChannelSet::of(cs.iter().copied()).unwrap()
    }

    #[test]
    fn stored_channels_read_back_exactly() {
        for c in Channel::ALL {
            assert_eq!(c.as_str().parse::<Channel>(), Ok(c));
        }
        assert!(" sms".parse::<Channel>().is_err());
        assert!("fax".parse::<Channel>().is_err());
    }

    #[test]
    fn an_empty_set_is_refused_and_a_damaged_one_means_all() {
        assert_eq!(ChannelSet::of([]), None);
        assert_eq!(ChannelSet::from_list(""), ChannelSet::ALL);
        assert_eq!(ChannelSet::from_list("fax,pager"), ChannelSet::ALL);
        assert_eq!(
            ChannelSet::from_list("email, sms"),
            set(&[Channel::Sms, Channel::Email])
        );
        assert_eq!(
            set(&[Channel::Email, Channel::WhatsApp]).to_list(),
            "whatsapp,email"
        );
    }

    #[test]
    fn the_preference_wins_only_where_the_clinic_allows_it() {
        let no_whatsapp = set(&[Channel::Sms, Channel::Email]);
        assert_eq!(
            first_channel(Some(Channel::WhatsApp), BOTH, no_whatsapp),
            Some(Channel::Sms)
        );
        assert_eq!(
            first_channel(Some(Channel::Email), BOTH, ChannelSet::ALL),
            Some(Channel::Email)
        );
        assert_eq!(
            first_channel(Some(Channel::Email), PHONE_ONLY, ChannelSet::ALL),
            Some(Channel::WhatsApp)
        );
        assert_eq!(
            first_channel(None, PHONE_ONLY, set(&[Channel::Email])),
            None
        );
    }

    #[test]
    fn fallback_skips_what_the_clinic_turned_off() {
        let no_sms = set(&[Channel::WhatsApp, Channel::Email]);
        assert_eq!(
            fallback_after(Channel::WhatsApp, BOTH, no_sms),
            Some(Channel::Email)
        );
        assert_eq!(
            fallback_after(Channel::WhatsApp, BOTH, ChannelSet::ALL),
            Some(Channel::Sms)
        );
        assert_eq!(fallback_after(Channel::WhatsApp, PHONE_ONLY, no_sms), None);
        assert_eq!(fallback_after(Channel::Email, BOTH, ChannelSet::ALL), None);
    }

    #[test]
    fn phone_codes_go_by_the_channel_asked_for_when_it_is_set_up() {
        let sms_only = set(&[Channel::Sms, Channel::Email]);
        assert_eq!(
            phone_code_channel(Some(Channel::WhatsApp), ChannelSet::ALL),
            Some(Channel::WhatsApp)
        );
        assert_eq!(
            phone_code_channel(None, ChannelSet::ALL),
            Some(Channel::Sms)
        );
        assert_eq!(
            phone_code_channel(Some(Channel::WhatsApp), sms_only),
            Some(Channel::Sms)
        );
        assert_eq!(
            phone_code_channel(None, set(&[Channel::WhatsApp])),
            Some(Channel::WhatsApp)
        );
        assert_eq!(phone_code_channel(None, set(&[Channel::Email])), None);
    }

    fn channel() -> impl Strategy<Value = Channel> {
        prop::sample::select(Channel::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn chosen_channels_are_allowed_reachable_and_never_repeat(
            preferred in prop::option::of(channel()),
            phone in any::<bool>(),
            email in any::<bool>(),
            bits in 1u8..8,
        ) {
            let allowed = ChannelSet(bits);
            let reach = Reach { phone, email };
            let usable = Channel::ALL.into_iter().filter(|c| allowed.contains(*c) && reach.can(*c)).count();
            let mut seen = Vec::new();
            let mut next = first_channel(preferred, reach, allowed);
            prop_assert_eq!(next.is_some(), usable > 0);
            while let Some(c) = next {
                prop_assert!(allowed.contains(c) && reach.can(c));
                prop_assert!(!seen.contains(&c));
                seen.push(c);
                next = fallback_after(c, reach, allowed);
            }
            prop_assert!(seen.len() <= usable);
            prop_assert_eq!(ChannelSet::from_list(&allowed.to_list()), allowed);
        }

        #[test]
        fn both_sets_hold_exactly_the_shared_channels(a in 1u8..8, b in 1u8..8) {
            let (a, b) = (ChannelSet(a), ChannelSet(b));
            match a.and(b) {
                None => prop_assert!(Channel::ALL.iter().all(|c| !(a.contains(*c) && b.contains(*c)))),
                Some(both) => {
                    for c in Channel::ALL {
                        prop_assert_eq!(both.contains(c), a.contains(c) && b.contains(c));
                    }
                }
            }
        }
    }
}
