use super::*;
use chrono::{NaiveDate, NaiveTime};

const DIGITS: DisplaySettings = DisplaySettings {
    arabic_indic_digits: true,
    hijri_date: false,
};

fn ar() -> Formatter {
    Formatter::plain(Lang::Ar)
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 6).unwrap_or_default()
}

#[test]
fn arabic_counts_take_each_of_the_six_cldr_forms() {
    let minutes = &strings(Lang::Ar).minutes;
    let cases = [
        (0, "0 دقيقة"),
        (1, "دقيقة واحدة"),
        (2, "دقيقتان"),
        (3, "3 دقائق"),
        (10, "10 دقائق"),
        (11, "11 دقيقةً"),
        (45, "45 دقيقةً"),
        (99, "99 دقيقةً"),
        (100, "100 دقيقة"),
        (102, "102 دقيقة"),
        (103, "103 دقائق"),
    ];
    for (n, want) in cases {
        assert_eq!(ar().count(minutes, n), want, "{n}");
    }
}

#[test]
fn english_counts_have_a_singular_and_a_plural() {
    let t = strings(Lang::En);
    let en = Formatter::plain(Lang::En);
    assert_eq!(en.count(&t.branch_count, 1), "1 branch");
    assert_eq!(en.count(&t.branch_count, 2), "2 branches");
    assert_eq!(en.count(&t.account.dependent_age, 0), "under 1 year");
    assert_eq!(en.count(&t.account.dependent_age, 21), "21 years");
}

#[test]
fn arabic_indic_digits_only_on_arabic_texts_of_clinics_that_ask() {
    let minutes = &strings(Lang::Ar).minutes;
    let with = Formatter::new(Lang::Ar, DIGITS);
    assert_eq!(with.count(minutes, 45), "٤٥ دقيقةً");
    assert_eq!(with.number(2026), "٢٠٢٦");
    assert_eq!(ar().number(2026), "2026");
    assert_eq!(Formatter::new(Lang::En, DIGITS).number(2026), "2026");
    assert_eq!(to_arabic_indic("09:30, x7"), "٠٩:٣٠, x٧");
}

#[test]
fn dates_use_the_readers_month_and_day_names() {
    let en = Formatter::plain(Lang::En);
    assert_eq!(en.date(date()), "Sunday 6 December 2026");
    assert_eq!(en.day(date()), "Sun 6 Dec");
    assert_eq!(ar().date(date()), "الأحد 6 ديسمبر 2026");
    assert_eq!(
        Formatter::new(Lang::Ar, DIGITS).day(date()),
        "الأحد ٦ ديسمبر"
    );
}

#[test]
fn times_follow_each_languages_clock() {
    let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default();
    let en = Formatter::plain(Lang::En);
    assert_eq!(en.time(t(9, 0)), "09:00");
    assert_eq!(en.time(t(15, 30)), "15:30");
    assert_eq!(ar().time(t(9, 0)), "9:00 ص");
    assert_eq!(ar().time(t(15, 30)), "3:30 م");
    assert_eq!(ar().time(t(0, 5)), "12:05 ص");
    assert_eq!(
        Formatter::new(Lang::Ar, DIGITS).time_label("15:30"),
        "٣:٣٠ م"
    );
    assert_eq!(en.time_label("not a time"), "not a time");
    assert_eq!(
        en.date_time(date(), t(9, 0)),
        "Sunday 6 December 2026, 09:00"
    );
}

#[test]
fn lists_are_joined_as_each_language_joins_them() {
    let en = Formatter::plain(Lang::En);
    assert_eq!(en.list(&[]), "");
    assert_eq!(en.list(&["Riyadh"]), "Riyadh");
    assert_eq!(en.list(&["Riyadh", "Cairo"]), "Riyadh and Cairo");
    assert_eq!(en.list(&["a", "b", "c"]), "a, b and c");
    assert_eq!(
        ar().list(&["الرياض", "جدة", "القاهرة"]),
        "الرياض، جدة والقاهرة"
    );
}

#[cfg(feature = "ssr")]
#[test]
fn the_hijri_date_is_added_for_arabic_readers_of_clinics_that_ask() {
    let hijri = DisplaySettings {
        arabic_indic_digits: true,
        hijri_date: true,
    };
    let d = NaiveDate::from_ymd_opt(2024, 3, 11).unwrap_or_default();
    assert_eq!(
        Formatter::new(Lang::Ar, hijri).date_with_hijri(d),
        "الإثنين ١١ مارس ٢٠٢٤ (١ رمضان ١٤٤٥ هـ)"
    );
    assert_eq!(ar().date_with_hijri(d), "الإثنين 11 مارس 2024");
    assert_eq!(
        Formatter::new(Lang::En, hijri).date_with_hijri(d),
        "Monday 11 March 2024"
    );
}
