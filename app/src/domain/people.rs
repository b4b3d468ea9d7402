//! Facts about people: optional profile fields, ages, and what a clinic asks for.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Female,
    Male,
}

impl Gender {
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
        }
    }

    pub fn parse(s: &str) -> Option<Gender> {
        match s.trim() {
            "female" => Some(Gender::Female),
            "male" => Some(Gender::Male),
            _ => None,
        }
    }
}

/// How a clinic treats an optional profile field when someone books with it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldRequirement {
    Required,
    #[default]
    Optional,
    /// Not asked for and not shown to the clinic.
    Hidden,
}

impl FieldRequirement {
    pub fn as_str(self) -> &'static str {
        match self {
            FieldRequirement::Required => "required",
            FieldRequirement::Optional => "optional",
            FieldRequirement::Hidden => "hidden",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "required" => Some(FieldRequirement::Required),
            "optional" => Some(FieldRequirement::Optional),
            "hidden" => Some(FieldRequirement::Hidden),
            _ => None,
        }
    }
}

/// The profile fields a clinic can require, make optional or hide for booking.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileFieldRules {
    pub gender: FieldRequirement,
    pub date_of_birth: FieldRequirement,
    pub picture: FieldRequirement,
    /// Below this age a person is booked by a guardian, not through their own account.
    pub min_patient_age: i32,
}

/// The platform's default minimum age for holding an account.
pub const DEFAULT_MIN_ACCOUNT_AGE: i32 = 16;

/// Full years between `birth` and `today` (a birthday on 29 February counts on 1 March
/// in common years).
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> i32 {
    let mut age = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InvalidBirthDate {
    #[error("the date of birth is in the future")]
    InFuture,
    #[error("the date of birth is implausibly far in the past")]
    TooOld,
}

/// A date of birth must not lie in the future nor more than 130 years back.
pub fn check_birth_date(birth: NaiveDate, today: NaiveDate) -> Result<NaiveDate, InvalidBirthDate> {
    if birth > today {
        return Err(InvalidBirthDate::InFuture);
    }
    if age_on(birth, today) > 130 {
        return Err(InvalidBirthDate::TooOld);
    }
    Ok(birth)
}

/// A person's full name: trimmed, inner whitespace collapsed, 1–120 characters.
pub fn clean_full_name(raw: &str) -> Option<String> {
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let len = name.chars().count();
    ((1..=120).contains(&len) && !name.chars().any(char::is_control)).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn ages_count_full_years() {
        assert_eq!(age_on(d(2010, 11, 26), d(2026, 11, 25)), 15);
        assert_eq!(age_on(d(2010, 11, 25), d(2026, 11, 25)), 16);
        assert_eq!(age_on(d(2008, 2, 29), d(2026, 2, 28)), 17);
        assert_eq!(age_on(d(2008, 2, 29), d(2026, 3, 1)), 18);
    }

    #[test]
    fn birth_dates_in_the_future_are_refused() {
        assert_eq!(
            check_birth_date(d(2026, 11, 26), d(2026, 11, 25)),
            Err(InvalidBirthDate::InFuture)
        );
        assert_eq!(
            check_birth_date(d(1850, 1, 1), d(2026, 11, 25)),
            Err(InvalidBirthDate::TooOld)
        );
        assert!(check_birth_date(d(2026, 11, 25), d(2026, 11, 25)).is_ok());
    }

    #[test]
    fn names_are_tidied() {
        assert_eq!(
            clean_full_name("  Sara   Al-Qahtani "),
            Some("Sara Al-Qahtani".into())
        );
        assert_eq!(clean_full_name("   "), None);
        assert_eq!(clean_full_name(&"x".repeat(121)), None);
        assert_eq!(clean_full_name("a\u{0007}b"), None);
    }
}
