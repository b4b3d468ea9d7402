//! Which appointments take files.

use super::{
    booking::AppointmentStatus,
    catalog::MinuteOfDay,
    schedule::{local_date, local_instant},
};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

/// Files are for the clinic to read at a visit: they go with one that is still to come
/// or happens today (in its branch's zone) and was not cancelled, never with a past or
/// cancelled one, which would only make the record an archive nobody asked for.
pub fn accepts_files(status: AppointmentStatus, starts_on: NaiveDate, today: NaiveDate) -> bool {
    status != AppointmentStatus::Cancelled && starts_on >= today
}

/// The first instant of today in `tz`: a visit starting at or after it is today's or
/// later, the same test as [`accepts_files`] in the form a database can check.
pub fn attachable_from(tz: Tz, now: DateTime<Utc>) -> DateTime<Utc> {
    local_instant(tz, local_date(tz, now), MinuteOfDay::MIDNIGHT, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn upcoming_and_todays_visits_take_files_past_and_cancelled_ones_do_not() {
        let today = day(2026, 12, 3);
        for status in [
            AppointmentStatus::Booked,
            AppointmentStatus::Confirmed,
            AppointmentStatus::CheckedIn,
            AppointmentStatus::Completed,
        ] {
            assert!(accepts_files(status, today, today), "{status:?} today");
            assert!(accepts_files(status, day(2026, 12, 9), today));
            assert!(!accepts_files(status, day(2026, 12, 2), today), "yesterday");
        }
        assert!(!accepts_files(AppointmentStatus::Cancelled, today, today));
        assert!(!accepts_files(
            AppointmentStatus::Cancelled,
            day(2026, 12, 9),
            today
        ));
    }

    #[test]
    fn today_starts_at_local_midnight_even_when_midnight_is_skipped() {
        let riyadh: Tz = chrono_tz::Asia::Riyadh;
        let now = Utc.with_ymd_and_hms(2026, 12, 3, 1, 0, 0).unwrap();
        // 04:00 in Riyadh: today began at 21:00 UTC the evening before.
        assert_eq!(
            attachable_from(riyadh, now),
            Utc.with_ymd_and_hms(2026, 12, 2, 21, 0, 0).unwrap()
        );
        // Cairo sprang from 00:00 to 01:00 on 26 April 2024: the day began at 01:00 EEST.
        let cairo: Tz = chrono_tz::Africa::Cairo;
        let now = Utc.with_ymd_and_hms(2024, 4, 26, 10, 0, 0).unwrap();
        assert_eq!(
            attachable_from(cairo, now),
            Utc.with_ymd_and_hms(2024, 4, 25, 22, 0, 0).unwrap()
        );
    }

    #[test]
    fn the_instant_form_agrees_with_the_date_form() {
        let tz: Tz = chrono_tz::America::New_York;
        let now = Utc.with_ymd_and_hms(2026, 3, 8, 12, 0, 0).unwrap();
        let from = attachable_from(tz, now);
        let today = local_date(tz, now);
        for minutes in (-3000..3000).step_by(7) {
            let start = from + chrono::Duration::minutes(minutes);
            assert_eq!(
                start >= from,
                accepts_files(AppointmentStatus::Booked, local_date(tz, start), today),
                "{start}"
            );
        }
    }
}
