//! Gregorian to Umm al-Qura (the Hijri calendar of Saudi Arabia), through ICU4X's
//! `icu_calendar`, whose compiled data holds the official month starts.

use chrono::{Datelike, NaiveDate};
use icu_calendar::{Date, cal::Hijri};

/// A date of the Umm al-Qura calendar; `month` counts from 1 (Muharram).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HijriDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// The Umm al-Qura date of `date`; `None` outside the range the calendar can convert.
pub fn umm_al_qura(date: NaiveDate) -> Option<HijriDate> {
    let month = u8::try_from(date.month()).ok()?;
    let day = u8::try_from(date.day()).ok()?;
    let iso = Date::try_new_iso(date.year(), month, day).ok()?;
    let hijri = iso.to_calendar(Hijri::new_umm_al_qura());
    Some(HijriDate {
        year: hijri.year().extended_year(),
        month: hijri.month().ordinal,
        day: hijri.day_of_month().0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates_convert_to_their_umm_al_qura_dates() {
        // 1 Ramadan 1445 AH was 11 March 2024 in Saudi Arabia; 1 Muharram 1446 AH was
        // 7 July 2024.
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            umm_al_qura(d(2024, 3, 11)),
            Some(HijriDate {
                year: 1445,
                month: 9,
                day: 1
            })
        );
        assert_eq!(
            umm_al_qura(d(2024, 7, 7)),
            Some(HijriDate {
                year: 1446,
                month: 1,
                day: 1
            })
        );
    }
}
