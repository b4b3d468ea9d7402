//! IANA time zones, parsed once at the boundary.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone as _, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};
use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

/// A valid IANA time zone name such as `Asia/Riyadh`. Invalid names cannot be built,
/// so code holding one never has to handle "unknown zone" again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TimeZone(Tz);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an IANA time zone name")]
pub struct UnknownTimeZone(pub String);

impl TimeZone {
    pub fn parse(name: &str) -> Result<Self, UnknownTimeZone> {
        Tz::from_str(name.trim())
            .map(Self)
            .map_err(|_| UnknownTimeZone(name.to_owned()))
    }

    pub fn tz(self) -> Tz {
        self.0
    }

    pub fn name(self) -> &'static str {
        self.0.name()
    }

    /// The zones a person picks from: one per region name (`Asia/Riyadh`), sorted, with
    /// `UTC`; the legacy aliases (`US/Eastern`, `Egypt`) are left out of the list but
    /// still accepted by [`TimeZone::parse`].
    pub fn all_names() -> Vec<&'static str> {
        const REGIONS: [&str; 9] = [
            "Africa",
            "America",
            "Antarctica",
            "Asia",
            "Atlantic",
            "Australia",
            "Europe",
            "Indian",
            "Pacific",
        ];
        let mut names: Vec<&'static str> = chrono_tz::TZ_VARIANTS
            .iter()
            .map(|tz| tz.name())
            .filter(|n| {
                n.split_once('/')
                    .is_some_and(|(region, _)| REGIONS.contains(&region))
            })
            .chain(["UTC"])
            .collect();
        names.sort_unstable();
        names
    }
}

/// Whether an observance is the zone's standard time or its daylight saving time
/// (RFC 5545 `STANDARD` / `DAYLIGHT`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObservanceKind {
    Standard,
    Daylight,
}

/// One period of a zone's offset, as a `VTIMEZONE` sub-component describes it: from
/// `starts` (local wall time under `offset_from`) the zone is `offset_to` ahead of UTC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Observance {
    pub kind: ObservanceKind,
    pub starts: NaiveDateTime,
    pub offset_from_secs: i32,
    pub offset_to_secs: i32,
    pub name: Option<String>,
}

impl TimeZone {
    /// The offsets in force during `year`: the one at the year's first instant, then one
    /// per change within the year (daylight saving starts and ends). A calendar client
    /// that does not know the zone places any time of that year correctly from these.
    ///
    /// Changes are found by scanning the year hour by hour and narrowing each to the
    /// minute, so no rule table is needed beyond the zone data itself. `None` for a year
    /// outside what dates can express.
    pub fn observances_in(self, year: i32) -> Option<Vec<Observance>> {
        let tz = self.0;
        let at = |t: DateTime<Utc>| tz.offset_from_utc_datetime(&t.naive_utc());
        let secs = |t: DateTime<Utc>| at(t).fix().local_minus_utc();
        // The instant of local midnight on 1 January (zones do not change offset then).
        let new_year = |y: i32| {
            let guess = NaiveDate::from_ymd_opt(y, 1, 1)?
                .and_hms_opt(0, 0, 0)?
                .and_utc();
            guess.checked_sub_signed(Duration::seconds(i64::from(secs(guess))))
        };
        let first = new_year(year)?;
        let end = new_year(year.checked_add(1)?)?;
        let observance = |t: DateTime<Utc>, from: i32| {
            let offset = at(t);
            Some(Observance {
                kind: if offset.dst_offset().is_zero() {
                    ObservanceKind::Standard
                } else {
                    ObservanceKind::Daylight
                },
                starts: t
                    .naive_utc()
                    .checked_add_signed(Duration::seconds(i64::from(from)))?,
                offset_from_secs: from,
                offset_to_secs: offset.fix().local_minus_utc(),
                name: offset.abbreviation().map(str::to_owned),
            })
        };
        let mut out = vec![observance(first, secs(first))?];
        let step = Duration::hours(1);
        let mut t = first;
        while t < end {
            let next = t + step;
            let before = secs(t);
            if secs(next) != before {
                // The change lies in (t, next]: find its first minute.
                let (mut lo, mut hi) = (t, next);
                while hi - lo > Duration::minutes(1) {
                    let mid = lo + (hi - lo) / 2;
                    if secs(mid) == before {
                        lo = mid
                    } else {
                        hi = mid
                    }
                }
                out.push(observance(hi, before)?);
            }
            t = next;
        }
        Some(out)
    }
}

impl From<Tz> for TimeZone {
    fn from(tz: Tz) -> Self {
        Self(tz)
    }
}

impl fmt::Display for TimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for TimeZone {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for TimeZone {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        TimeZone::parse(&name).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_zones_parse_and_unknown_ones_do_not() {
        assert_eq!(
            TimeZone::parse("Africa/Cairo").map(TimeZone::name),
            Ok("Africa/Cairo")
        );
        assert!(TimeZone::parse("Mars/Olympus").is_err());
        assert!(TimeZone::parse("").is_err());
    }

    #[test]
    fn the_pick_list_has_every_zone_once_and_each_one_parses() {
        let names = TimeZone::all_names();
        assert!(names.contains(&"Asia/Riyadh") && names.contains(&"Europe/Berlin"));
        assert!(!names.contains(&"US/Eastern"), "aliases are left out");
        assert!(names.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats");
        assert!(names.iter().all(|n| TimeZone::parse(n).is_ok()));
    }

    fn zone(name: &str) -> TimeZone {
        TimeZone::parse(name).unwrap()
    }

    fn at(date: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(date, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn riyadh_keeps_one_standard_offset_all_year() {
        let all = zone("Asia/Riyadh").observances_in(2026).unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].kind, ObservanceKind::Standard);
        assert_eq!(
            (all[0].offset_from_secs, all[0].offset_to_secs),
            (10_800, 10_800)
        );
        assert_eq!(all[0].starts, at("2026-01-01 00:00"));
    }

    #[test]
    fn cairo_has_its_daylight_saving_start_and_end_at_the_right_local_times() {
        // Egypt: last Friday of April 00:00 -> 01:00, last Thursday of October 24:00 -> 23:00.
        let all = zone("Africa/Cairo").observances_in(2026).unwrap();
        assert_eq!(all.len(), 3, "{all:?}");
        assert_eq!(all[0].kind, ObservanceKind::Standard);
        assert_eq!(all[0].offset_to_secs, 7_200);
        assert_eq!(all[1].kind, ObservanceKind::Daylight);
        assert_eq!(
            (all[1].offset_from_secs, all[1].offset_to_secs),
            (7_200, 10_800)
        );
        assert_eq!(all[1].starts, at("2026-04-24 00:00"));
        assert_eq!(all[2].kind, ObservanceKind::Standard);
        assert_eq!(
            (all[2].offset_from_secs, all[2].offset_to_secs),
            (10_800, 7_200)
        );
        assert_eq!(all[2].starts, at("2026-10-30 00:00"));
    }

    #[test]
    fn a_year_dates_cannot_hold_has_no_observances() {
        assert!(zone("Africa/Cairo").observances_in(i32::MAX).is_none());
    }
}
