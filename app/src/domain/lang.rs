//! The languages Calentify speaks, and how a visitor's language is chosen.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

/// A supported interface language. Every user-visible text exists in each of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Ar,
}

/// Text direction of a language, as HTML's `dir` attribute spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ar];

    /// The BCP 47 code used in `<html lang>`, cookies and the database.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ar => "ar",
        }
    }

    pub fn dir(self) -> Direction {
        match self {
            Lang::En => Direction::Ltr,
            Lang::Ar => Direction::Rtl,
        }
    }

    /// The language's name written in itself, as a language switcher shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ar => "العربية",
        }
    }

    /// The other language, for a two-language switcher.
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Ar,
            Lang::Ar => Lang::En,
        }
    }

    /// Parses a language code or tag (`ar`, `ar-SA`, `EN_us`); anything else is `None`.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "ar" => Some(Lang::Ar),
            _ => None,
        }
    }

    /// Picks the supported language the visitor prefers most, from an `Accept-Language`
    /// header. Malformed entries are skipped rather than failing the whole header.
    pub fn negotiate(accept_language: &str) -> Option<Lang> {
        let mut best: Option<(Lang, u16)> = None;
        for entry in accept_language.split(',').take(32) {
            let mut parts = entry.split(';');
            let Some(lang) = parts.next().and_then(Lang::parse) else {
                continue;
            };
            let quality = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1000), parse_quality);
            let Some(quality) = quality else { continue };
            if quality == 0 {
                continue;
            }
            // Equal weights keep header order: the first listed wins.
            if best.is_none_or(|(_, q)| quality > q) {
                best = Some((lang, quality));
            }
        }
        best.map(|(lang, _)| lang)
    }
}

/// `q` values are 0..=1 with up to three decimals; scaled to 0..=1000.
fn parse_quality(q: &str) -> Option<u16> {
    let value: f32 = q.trim().parse().ok()?;
    if !(0.0..=1.0).contains(&value) {
        return None;
    }
    Some((value * 1000.0).round() as u16)
}

/// A stored language code that is none of [`Lang`]'s.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown language code {0:?}")]
pub struct UnknownLang(pub String);

/// Exactly a stored code (`en`, `ar`): unlike [`Lang::parse`], which reads a visitor's
/// tag, it takes no region and no other case, so a damaged value is not taken for one.
impl FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::ALL
            .into_iter()
            .find(|l| l.code() == s)
            .ok_or_else(|| UnknownLang(s.to_owned()))
    }
}

/// Compares with the stored text, so a check against a database value reads as the value
/// is stored (`status == "sent"`); an unknown text is simply unequal.
impl PartialEq<&str> for Lang {
    fn eq(&self, other: &&str) -> bool {
        self.code() == *other
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_with_regions_are_understood() {
        assert_eq!(Lang::parse("ar-SA"), Some(Lang::Ar));
        assert_eq!(Lang::parse("EN_us"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::parse(""), None);
        assert_eq!(Lang::parse("%%%"), None);
    }

    #[test]
    fn accept_language_prefers_the_highest_weight() {
        assert_eq!(Lang::negotiate("fr-FR, ar;q=0.8, en;q=0.5"), Some(Lang::Ar));
        assert_eq!(Lang::negotiate("en-GB,en;q=0.9,ar;q=0.8"), Some(Lang::En));
        assert_eq!(Lang::negotiate("ar-EG"), Some(Lang::Ar));
    }

    #[test]
    fn accept_language_keeps_header_order_on_ties_and_skips_junk() {
        assert_eq!(Lang::negotiate("ar, en"), Some(Lang::Ar));
        assert_eq!(Lang::negotiate("en;q=abc, ar;q=0.3"), Some(Lang::Ar));
        assert_eq!(Lang::negotiate("ar;q=0, en;q=0.1"), Some(Lang::En));
        assert_eq!(Lang::negotiate("de, fr"), None);
        assert_eq!(Lang::negotiate(""), None);
    }

    #[test]
    fn stored_codes_read_back_exactly() {
        for lang in Lang::ALL {
            assert_eq!(lang.code().parse::<Lang>(), Ok(lang));
        }
        assert!("ar-SA".parse::<Lang>().is_err());
        assert!("EN".parse::<Lang>().is_err());
    }

    #[test]
    fn arabic_is_right_to_left() {
        assert_eq!(Lang::Ar.dir(), Direction::Rtl);
        assert_eq!(Lang::En.dir().as_str(), "ltr");
    }
}
