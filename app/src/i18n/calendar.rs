//! Names of days and months, day periods and the words that join lists.
//!
//! Which name a date takes is computed by `format`; the names themselves are texts like
//! any other. Arabic uses the month names of the Gulf and Egypt (يناير … ديسمبر) and the
//! Hijri month names of the Umm al-Qura calendar.

texts! {
pub struct CalendarStrings {
    /// Monday first, as `chrono::Weekday::num_days_from_monday` counts.
    pub weekdays: &'static [&'static str],
    pub weekdays_short: &'static [&'static str],
    pub months: &'static [&'static str],
    pub months_short: &'static [&'static str],
    /// Muharram first.
    pub hijri_months: &'static [&'static str],
    /// Before and after noon, for languages that read a twelve-hour clock.
    pub day_periods: &'static [&'static str],
    /// Day and month: "6 December".
    pub day_month: fn(&str, &str) -> String,
    /// Weekday, day and month, year: "Sunday 6 December 2026".
    pub full_date: fn(&str, &str, &str) -> String,
    /// Day, Hijri month and year: "15 Jumada II 1448 AH".
    pub hijri_date: fn(&str, &str, &str) -> String,
    /// A Gregorian date with its Hijri equivalent beside it.
    pub with_hijri: fn(&str, &str) -> String,
    /// A date and a time of day.
    pub date_at_time: fn(&str, &str) -> String,
    /// Between the items of a list, except the last two.
    pub list_separator: &'static str,
    /// The last two items of a list.
    pub list_last: fn(&str, &str) -> String,
}
}

pub static EN: CalendarStrings = CalendarStrings {
    weekdays: &[
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
    weekdays_short: &["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    months: &[
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    months_short: &[
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    hijri_months: &[
        "Muharram",
        "Safar",
        "Rabiʻ I",
        "Rabiʻ II",
        "Jumada I",
        "Jumada II",
        "Rajab",
        "Shaʻban",
        "Ramadan",
        "Shawwal",
        "Dhuʻl-Qiʻdah",
        "Dhuʻl-Hijjah",
    ],
    day_periods: &["AM", "PM"],
    day_month: |day, month| format!("{day} {month}"),
    full_date: |weekday, day_month, year| format!("{weekday} {day_month} {year}"),
    hijri_date: |day, month, year| format!("{day} {month} {year} AH"),
    with_hijri: |gregorian, hijri| format!("{gregorian} ({hijri})"),
    date_at_time: |date, time| format!("{date}, {time}"),
    list_separator: ", ",
    list_last: |a, b| format!("{a} and {b}"),
};

pub static AR: CalendarStrings = CalendarStrings {
    weekdays: &[
        "الإثنين",
        "الثلاثاء",
        "الأربعاء",
        "الخميس",
        "الجمعة",
        "السبت",
        "الأحد",
    ],
    // Arabic weekday names have no customary abbreviation.
    weekdays_short: &[
        "الإثنين",
        "الثلاثاء",
        "الأربعاء",
        "الخميس",
        "الجمعة",
        "السبت",
        "الأحد",
    ],
    months: &[
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ],
    months_short: &[
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ],
    hijri_months: &[
        "محرم",
        "صفر",
        "ربيع الأول",
        "ربيع الآخر",
        "جمادى الأولى",
        "جمادى الآخرة",
        "رجب",
        "شعبان",
        "رمضان",
        "شوال",
        "ذو القعدة",
        "ذو الحجة",
    ],
    day_periods: &["ص", "م"],
    day_month: |day, month| format!("{day} {month}"),
    full_date: |weekday, day_month, year| format!("{weekday} {day_month} {year}"),
    hijri_date: |day, month, year| format!("{day} {month} {year} هـ"),
    with_hijri: |gregorian, hijri| format!("{gregorian} ({hijri})"),
    date_at_time: |date, time| format!("{date}، {time}"),
    list_separator: "، ",
    list_last: |a, b| format!("{a} و{b}"),
};
