//! What a clinic offers: branches, categories, services, providers and their hours.
//!
//! These are the shapes the public pages show and the availability rules consume.

use super::{
    ids::{BranchId, CategoryId, ClinicId, ExceptionId, ProviderId, ServiceId},
    lang::Lang,
    money::Money,
    text::Localized,
    timezone::TimeZone,
};
use chrono::{NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A clinic's public address segment: lowercase ASCII letters, digits and single dashes.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a valid clinic address (use a-z, 0-9 and dashes, 2-63 characters)")]
pub struct InvalidSlug(pub String);

impl Slug {
    pub fn parse(raw: &str) -> Result<Self, InvalidSlug> {
        let ok = (2..=63).contains(&raw.len())
            && raw
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !raw.starts_with('-')
            && !raw.ends_with('-')
            && !raw.contains("--");
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(InvalidSlug(raw.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Slug {
    type Error = InvalidSlug;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Slug::parse(&value)
    }
}

impl From<Slug> for String {
    fn from(s: Slug) -> Self {
        s.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Clinic {
    pub id: ClinicId,
    pub slug: Slug,
    pub name: Localized,
    pub description: Localized,
    pub default_lang: Lang,
    pub time_zone: TimeZone,
    /// Shown to patients: published by its owner and, where the deployment asks for it,
    /// approved by an operator. Its own staff see it either way.
    pub listed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Branch {
    pub id: BranchId,
    pub clinic_id: ClinicId,
    pub name: Localized,
    pub city: Localized,
    pub address: Localized,
    pub time_zone: TimeZone,
    /// E.164, e.g. `+966112345678`.
    pub phone: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Category {
    pub id: CategoryId,
    pub clinic_id: ClinicId,
    pub name: Localized,
    pub position: i32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Service {
    pub id: ServiceId,
    pub clinic_id: ClinicId,
    pub category_id: CategoryId,
    pub name: Localized,
    pub description: Localized,
    pub duration_min: i32,
    /// Preparation time reserved before the visit (room set-up, sterilisation).
    pub buffer_before_min: i32,
    /// Clean-up time reserved after the visit.
    pub buffer_after_min: i32,
    pub price: Option<Money>,
    pub position: i32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Provider {
    pub id: ProviderId,
    pub clinic_id: ClinicId,
    pub name: Localized,
    /// Role or speciality shown under the name, e.g. "Dentist".
    pub title: Localized,
    pub branch_ids: Vec<BranchId>,
    pub service_ids: Vec<ServiceId>,
}

/// Minutes since local midnight, `0..=1440`. Working hours are wall-clock times in the
/// branch's zone, so they stay "09:00" across daylight-saving changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct MinuteOfDay(u16);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} is not a time of day in minutes (0-1440)")]
pub struct InvalidMinuteOfDay(pub i64);

impl MinuteOfDay {
    pub const MIDNIGHT: MinuteOfDay = MinuteOfDay(0);
    pub const END_OF_DAY: MinuteOfDay = MinuteOfDay(1440);

    pub fn new(minutes: i64) -> Result<Self, InvalidMinuteOfDay> {
        u16::try_from(minutes)
            .ok()
            .filter(|m| *m <= 1440)
            .map(Self)
            .ok_or(InvalidMinuteOfDay(minutes))
    }

    pub fn hm(hours: u16, minutes: u16) -> Result<Self, InvalidMinuteOfDay> {
        Self::new(i64::from(hours) * 60 + i64::from(minutes))
    }

    pub fn minutes(self) -> u16 {
        self.0
    }

    /// `HH:MM`, the 24-hour form clinics in both regions use.
    pub fn to_hhmm(self) -> String {
        format!("{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// A weekly recurring shift of one provider at one branch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkingHours {
    pub provider_id: ProviderId,
    pub branch_id: BranchId,
    pub weekday: Weekday,
    pub start: MinuteOfDay,
    pub end: MinuteOfDay,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidShift {
    #[error("a shift must end after it starts")]
    EndsBeforeStart,
}

impl WorkingHours {
    pub fn new(
        provider_id: ProviderId,
        branch_id: BranchId,
        weekday: Weekday,
        start: MinuteOfDay,
        end: MinuteOfDay,
    ) -> Result<Self, InvalidShift> {
        if end <= start {
            return Err(InvalidShift::EndsBeforeStart);
        }
        Ok(Self {
            provider_id,
            branch_id,
            weekday,
            start,
            end,
        })
    }
}

/// Why the normal weekly hours do not apply on some dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExceptionKind {
    /// A provider is away (leave, conference); removes availability.
    TimeOff,
    /// The clinic or a branch is closed (public holiday); removes availability.
    Holiday,
    /// Additional hours outside the weekly pattern; adds availability.
    ExtraHours,
}

impl ExceptionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ExceptionKind::TimeOff => "time_off",
            ExceptionKind::Holiday => "holiday",
            ExceptionKind::ExtraHours => "extra_hours",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "time_off" => Some(ExceptionKind::TimeOff),
            "holiday" => Some(ExceptionKind::Holiday),
            "extra_hours" => Some(ExceptionKind::ExtraHours),
            _ => None,
        }
    }

    pub fn adds_time(self) -> bool {
        matches!(self, ExceptionKind::ExtraHours)
    }
}

/// A dated change to the weekly pattern, in the branch's local wall-clock time.
///
/// `provider_id = None` applies to every provider and `branch_id = None` to every branch,
/// so a national holiday is one row. Without `start`/`end` it covers whole days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleException {
    pub id: ExceptionId,
    pub clinic_id: ClinicId,
    pub provider_id: Option<ProviderId>,
    pub branch_id: Option<BranchId>,
    pub kind: ExceptionKind,
    pub first_day: NaiveDate,
    /// Inclusive.
    pub last_day: NaiveDate,
    pub start: Option<MinuteOfDay>,
    pub end: Option<MinuteOfDay>,
    pub reason: Localized,
}

impl ScheduleException {
    pub fn applies_to(&self, provider: ProviderId, branch: BranchId, day: NaiveDate) -> bool {
        self.provider_id.is_none_or(|p| p == provider)
            && self.branch_id.is_none_or(|b| b == branch)
            && (self.first_day..=self.last_day).contains(&day)
    }

    /// The local minutes the exception covers on each of its days.
    pub fn minutes(&self) -> (MinuteOfDay, MinuteOfDay) {
        (
            self.start.unwrap_or(MinuteOfDay::MIDNIGHT),
            self.end.unwrap_or(MinuteOfDay::END_OF_DAY),
        )
    }
}

/// ISO weekday number, Monday = 1 … Sunday = 7, as stored in the database.
pub fn weekday_number(day: Weekday) -> i16 {
    day.number_from_monday() as i16
}

pub fn weekday_from_number(n: i16) -> Option<Weekday> {
    match n {
        1 => Some(Weekday::Mon),
        2 => Some(Weekday::Tue),
        3 => Some(Weekday::Wed),
        4 => Some(Weekday::Thu),
        5 => Some(Weekday::Fri),
        6 => Some(Weekday::Sat),
        7 => Some(Weekday::Sun),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_strict() {
        assert!(Slug::parse("al-noor-clinic").is_ok());
        assert!(Slug::parse("Al-Noor").is_err());
        assert!(Slug::parse("-x").is_err());
        assert!(Slug::parse("a--b").is_err());
        assert!(Slug::parse("x").is_err());
        assert!(Slug::parse("../etc").is_err());
    }

    #[test]
    fn minutes_of_day_are_bounded() {
        assert_eq!(
            MinuteOfDay::hm(9, 30).map(MinuteOfDay::to_hhmm),
            Ok("09:30".into())
        );
        assert!(MinuteOfDay::new(1441).is_err());
        assert!(MinuteOfDay::new(-1).is_err());
    }

    #[test]
    fn shifts_must_have_positive_length() {
        let p = ProviderId(uuid::Uuid::nil());
        let b = BranchId(uuid::Uuid::nil());
        let nine = MinuteOfDay::hm(9, 0).unwrap_or(MinuteOfDay::MIDNIGHT);
        assert!(WorkingHours::new(p, b, Weekday::Sun, nine, nine).is_err());
    }

    #[test]
    fn weekday_numbers_round_trip() {
        for n in 1..=7 {
            let day = weekday_from_number(n).unwrap_or(Weekday::Mon);
            assert_eq!(weekday_number(day), n);
        }
        assert_eq!(weekday_from_number(0), None);
    }

    #[test]
    fn clinic_wide_exceptions_apply_to_everyone_in_range() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap_or_default();
        let ex = ScheduleException {
            id: ExceptionId(uuid::Uuid::nil()),
            clinic_id: ClinicId(uuid::Uuid::nil()),
            provider_id: None,
            branch_id: None,
            kind: ExceptionKind::Holiday,
            first_day: day(1),
            last_day: day(2),
            start: None,
            end: None,
            reason: Localized::new("National day", "اليوم الوطني"),
        };
        let p = ProviderId(uuid::Uuid::from_u128(1));
        let b = BranchId(uuid::Uuid::from_u128(2));
        assert!(ex.applies_to(p, b, day(2)));
        assert!(!ex.applies_to(p, b, day(3)));
        assert_eq!(
            ex.minutes(),
            (MinuteOfDay::MIDNIGHT, MinuteOfDay::END_OF_DAY)
        );
    }
}
