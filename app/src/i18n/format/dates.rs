//! Dates and times of day in the reader's language.
//!
//! Values arrive already in the clinic's time zone (a `NaiveDate`, a `NaiveTime`): a
//! view never converts zones, so the server and the browser write the same text.

use super::Formatter;
use crate::domain::lang::Lang;
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Timelike, Utc};

impl Formatter {
    /// A short day for a row of days: "Sun 6 Dec", "الأحد ٦ ديسمبر".
    pub fn day(self, date: NaiveDate) -> String {
        let t = self.calendar();
        let weekday = name(t.weekdays_short, date.weekday().num_days_from_monday());
        let month = name(t.months_short, date.month0());
        let day = self.number(i64::from(date.day()));
        format!("{weekday} {}", (t.day_month)(&day, month))
    }

    /// A date in full: "Sunday 6 December 2026", "الأحد ٦ ديسمبر ٢٠٢٦".
    pub fn date(self, date: NaiveDate) -> String {
        let t = self.calendar();
        let weekday = name(t.weekdays, date.weekday().num_days_from_monday());
        let month = name(t.months, date.month0());
        let day_month = (t.day_month)(&self.number(i64::from(date.day())), month);
        (t.full_date)(weekday, &day_month, &self.number(i64::from(date.year())))
    }

    /// A time of day. English keeps the 24-hour clock the clinic pages have always
    /// shown (09:00); Arabic reads a twelve-hour clock with ص and م, as CLDR's `ar` does.
    pub fn time(self, time: NaiveTime) -> String {
        match self.lang {
            Lang::En => format!("{:02}:{:02}", time.hour(), time.minute()),
            Lang::Ar => {
                let (pm, hour) = time.hour12();
                let period = name(self.calendar().day_periods, u32::from(pm));
                self.digits(&format!("{hour}:{:02} {period}", time.minute()))
            }
        }
    }

    /// A time the server sent as `HH:MM` (a slot's label); anything else is shown as it
    /// came, with the clinic's digits.
    pub fn time_label(self, hh_mm: &str) -> String {
        match NaiveTime::parse_from_str(hh_mm, "%H:%M") {
            Ok(time) => self.time(time),
            Err(_) => self.digits(hh_mm),
        }
    }

    /// A date and a time the server sent as `HH:MM` (an appointment's local time).
    pub fn date_time_label(self, date: NaiveDate, hh_mm: &str) -> String {
        (self.calendar().date_at_time)(&self.date(date), &self.time_label(hh_mm))
    }

    /// An instant where no clinic's zone applies (sign-ins, consents, the access log),
    /// in UTC and saying so, so the server and the browser write the same text.
    pub fn utc(self, at: DateTime<Utc>) -> String {
        format!("{} UTC", self.date_time(at.date_naive(), at.time()))
    }

    /// A date and a time: "Sunday 6 December 2026, 09:00".
    pub fn date_time(self, date: NaiveDate, time: NaiveTime) -> String {
        (self.calendar().date_at_time)(&self.date(date), &self.time(time))
    }
}

/// The `i`-th name of a table; the tables are complete, so the fallback never shows.
fn name(table: &'static [&'static str], i: u32) -> &'static str {
    usize::try_from(i)
        .ok()
        .and_then(|i| table.get(i))
        .copied()
        .unwrap_or_default()
}

#[cfg(feature = "ssr")]
impl Formatter {
    /// A date in full with, when the clinic asks for it, its Umm al-Qura date beside it.
    /// Server-only: the calendar's data stays off the browser bundle, so pages that
    /// re-render in the browser show the Gregorian date alone.
    pub fn date_with_hijri(self, date: NaiveDate) -> String {
        let gregorian = self.date(date);
        if !self.display.hijri_date || self.lang != Lang::Ar {
            return gregorian;
        }
        match super::hijri::umm_al_qura(date) {
            Some(h) => {
                let t = self.calendar();
                let month = name(t.hijri_months, u32::from(h.month).saturating_sub(1));
                let hijri = (t.hijri_date)(
                    &self.number(i64::from(h.day)),
                    month,
                    &self.number(i64::from(h.year)),
                );
                (t.with_hijri)(&gregorian, &hijri)
            }
            None => gregorian,
        }
    }

    /// [`Formatter::date_time`] with the Hijri date when the clinic asks for it.
    pub fn date_time_with_hijri(self, date: NaiveDate, time: NaiveTime) -> String {
        (self.calendar().date_at_time)(&self.date_with_hijri(date), &self.time(time))
    }
}
