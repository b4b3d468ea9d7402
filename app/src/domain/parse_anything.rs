//! Every parser a request reaches, fed arbitrary text: each answers a value or an error,
//! and none panics (a panic on a request path resets the connection).

use super::{
    booking::{Action, AppointmentStatus},
    catalog::{ExceptionKind, Slug},
    contact::{Email, PhoneNumber, Region},
    dates::{parse_day, parse_instant},
    identity::IdentityKind,
    ids::{AppointmentId, DependentId, FileId, ServiceId},
    lang::Lang,
    messaging::{Channel, ChannelSet},
    money::Currency,
    otp::normalise_code,
    people::{FieldRequirement, Gender, clean_full_name},
    reminders::parse_reminder_offsets,
    replies::parse_reply,
    roles::Role,
    timezone::TimeZone,
};
use chrono::{DateTime, NaiveDate};
use proptest::prelude::*;

/// Any text, including control characters, right-to-left marks and Arabic digits.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9+\\-:T Z.]{0,40}",
        "[\\x00-\\x7f\u{0660}-\u{0669}\u{200f}\u{202e}]{0,60}",
    ]
}

fn parse_everything(raw: &str) {
    let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap_or_default();
    let _ = parse_day(raw, today);
    let _ = parse_day(raw, NaiveDate::MAX);
    let _ = parse_day(raw, NaiveDate::MIN);
    let _ = parse_instant(
        raw,
        today.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc(),
    );
    let _ = parse_instant(raw, DateTime::<chrono::Utc>::MAX_UTC);
    let _ = parse_instant(raw, DateTime::<chrono::Utc>::MIN_UTC);
    let _ = PhoneNumber::parse(raw, Region::parse("SA"));
    let _ = PhoneNumber::parse(raw, None);
    let _ = Region::parse(raw);
    let _ = Email::parse(raw);
    let _ = Slug::parse(raw);
    let _ = Lang::parse(raw);
    let _ = Lang::negotiate(raw);
    let _ = TimeZone::parse(raw);
    let _ = Currency::parse(raw);
    let _ = raw.parse::<AppointmentId>();
    let _ = raw.parse::<DependentId>();
    let _ = raw.parse::<FileId>();
    let _ = raw.parse::<ServiceId>();
    let _ = Role::parse(raw);
    let _ = Gender::parse(raw);
    let _ = FieldRequirement::parse(raw);
    let _ = Channel::parse(raw);
    let _ = ChannelSet::from_list(raw);
    let _ = IdentityKind::parse(raw);
    let _ = AppointmentStatus::parse(raw);
    let _ = Action::parse(raw);
    let _ = ExceptionKind::parse(raw);
    let _ = parse_reminder_offsets(raw);
    let _ = normalise_code(raw);
    let _ = clean_full_name(raw);
    let _ = parse_reply(raw, None);
    let _ = parse_reply("", Some(raw));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn no_parser_panics_on_any_text(raw in text()) {
        parse_everything(&raw);
    }
}

#[test]
fn no_parser_panics_on_the_texts_that_broke_servers_before() {
    for raw in [
        "-262143-01-01",
        "+262142-12-31",
        "262143-01-01",
        "-262143-01-01T00:00:00Z",
        "+262142-12-31T23:59:59+23:59",
        "0000-00-00",
        "9999-99-99T99:99:99Z",
        "\u{0}",
        "٢٠٢٦-١٢-٠٣",
    ] {
        parse_everything(raw);
    }
}
