//! Dates, times and spans a request carries, checked where they enter.
//!
//! chrono accepts years from -262143 to 262142, and arithmetic near those ends panics.
//! Every date or time a visitor can type is therefore held to a window around today
//! before any code adds a day to it, and spans are bounded, so the date arithmetic
//! behind a request can never overflow.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeDelta, Utc};

/// How far from today a requested date may lie, either way (about ten years).
pub const WINDOW_DAYS: u64 = 3_660;

/// The longest span one slot search may cover.
pub const MAX_SEARCH_DAYS: i32 = 62;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("not a date in the form YYYY-MM-DD")]
    DateFormat,
    #[error("not a time in RFC 3339 form")]
    TimeFormat,
    #[error("more than {WINDOW_DAYS} days from today")]
    OutOfWindow,
    #[error("a search covers 1 to {MAX_SEARCH_DAYS} days")]
    SearchDays,
}

/// A calendar day as `YYYY-MM-DD`, within the window around `today`.
pub fn parse_day(raw: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let raw = raw.trim();
    // chrono also reads signed and five-digit years; a request never means those.
    if raw.len() != 10 || !raw.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(DateError::DateFormat);
    }
    let day = NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| DateError::DateFormat)?;
    check_day(day, today)
}

/// `day` if it lies within the window around `today`.
pub fn check_day(day: NaiveDate, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let earliest = today.checked_sub_days(Days::new(WINDOW_DAYS));
    let latest = today.checked_add_days(Days::new(WINDOW_DAYS));
    match (earliest, latest) {
        (Some(earliest), Some(latest)) if (earliest..=latest).contains(&day) => Ok(day),
        _ => Err(DateError::OutOfWindow),
    }
}

/// An instant in RFC 3339 form (any offset), within the window around `now`.
pub fn parse_instant(raw: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, DateError> {
    let at = DateTime::parse_from_rfc3339(raw.trim())
        .map_err(|_| DateError::TimeFormat)?
        .with_timezone(&Utc);
    check_day(at.date_naive(), now.date_naive())?;
    Ok(at)
}

/// The number of days a slot search covers, 1 to [`MAX_SEARCH_DAYS`].
pub fn search_days(days: i32) -> Result<u32, DateError> {
    if (1..=MAX_SEARCH_DAYS).contains(&days) {
        u32::try_from(days).map_err(|_| DateError::SearchDays)
    } else {
        Err(DateError::SearchDays)
    }
}

/// `day` moved by `days` (negative: earlier), or an error instead of an overflow.
pub fn add_days(day: NaiveDate, days: i64) -> Result<NaiveDate, DateError> {
    let n = Days::new(days.unsigned_abs());
    if days < 0 {
        day.checked_sub_days(n)
    } else {
        day.checked_add_days(n)
    }
    .ok_or(DateError::OutOfWindow)
}

/// The UTC instants that cover local `day` in every zone (offsets reach 14 hours
/// either side of UTC), for loading a day's appointments before filtering them.
pub fn utc_span_of_local_day(day: NaiveDate) -> Result<(DateTime<Utc>, DateTime<Utc>), DateError> {
    let midnight = day.and_time(NaiveTime::MIN).and_utc();
    let from = midnight.checked_sub_signed(TimeDelta::hours(14));
    let to = midnight.checked_add_signed(TimeDelta::hours(24 + 14));
    from.zip(to).ok_or(DateError::OutOfWindow)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
    }

    #[test]
    fn ordinary_dates_parse_and_far_ones_are_refused() {
        assert_eq!(
            parse_day("2026-12-24", today()),
            Ok(NaiveDate::from_ymd_opt(2026, 12, 24).unwrap())
        );
        assert_eq!(
            parse_day("-262143-01-01", today()),
            Err(DateError::DateFormat)
        );
        assert_eq!(
            parse_day("+20000-01-01", today()),
            Err(DateError::DateFormat)
        );
        assert_eq!(
            parse_day("9999-12-31", today()),
            Err(DateError::OutOfWindow)
        );
        assert_eq!(
            parse_day("1900-01-01", today()),
            Err(DateError::OutOfWindow)
        );
        assert_eq!(parse_day("2026-02-30", today()), Err(DateError::DateFormat));
    }

    #[test]
    fn instants_far_from_now_are_refused() {
        let now = today().and_hms_opt(9, 0, 0).unwrap().and_utc();
        assert!(parse_instant("2026-12-06T09:00:00+03:00", now).is_ok());
        assert_eq!(
            parse_instant("9999-12-31T23:59:59Z", now),
            Err(DateError::OutOfWindow)
        );
        assert_eq!(parse_instant("tomorrow", now), Err(DateError::TimeFormat));
    }

    #[test]
    fn search_spans_are_one_to_sixty_two_days() {
        assert_eq!(search_days(1), Ok(1));
        assert_eq!(search_days(62), Ok(62));
        for bad in [0, -1, 63, i32::MIN, i32::MAX] {
            assert_eq!(search_days(bad), Err(DateError::SearchDays));
        }
    }

    #[test]
    fn moving_past_the_ends_of_the_calendar_is_an_error() {
        assert_eq!(add_days(NaiveDate::MAX, 1), Err(DateError::OutOfWindow));
        assert_eq!(add_days(NaiveDate::MIN, -1), Err(DateError::OutOfWindow));
        assert_eq!(
            add_days(NaiveDate::MIN, i64::MIN),
            Err(DateError::OutOfWindow)
        );
        assert_eq!(
            utc_span_of_local_day(NaiveDate::MIN),
            Err(DateError::OutOfWindow)
        );
        assert_eq!(
            utc_span_of_local_day(NaiveDate::MAX),
            Err(DateError::OutOfWindow)
        );
    }

    proptest! {
        #[test]
        fn any_text_gives_a_date_in_the_window_or_an_error(raw in ".{0,40}") {
            if let Ok(day) = parse_day(&raw, today()) {
                prop_assert!(add_days(day, 400).is_ok() && add_days(day, -400).is_ok());
            }
        }

        #[test]
        fn any_date_like_text_gives_a_date_in_the_window_or_an_error(
            raw in "[+-]?[0-9]{1,7}-[0-9]{1,2}-[0-9]{1,2}",
        ) {
            let _ = parse_day(&raw, today());
        }

        #[test]
        fn any_time_like_text_gives_an_instant_in_the_window_or_an_error(
            raw in "[+-]?[0-9]{1,7}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})",
        ) {
            let now = today().and_hms_opt(0, 0, 0).unwrap().and_utc();
            if let Ok(at) = parse_instant(&raw, now) {
                prop_assert!(check_day(at.date_naive(), today()).is_ok());
            }
        }

        #[test]
        fn any_span_is_accepted_only_within_its_bounds(days in any::<i32>()) {
            prop_assert_eq!(search_days(days).is_ok(), (1..=MAX_SEARCH_DAYS).contains(&days));
        }
    }
}
