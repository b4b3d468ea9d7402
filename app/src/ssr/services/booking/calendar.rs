//! Calendar output: the `.ics` file and the "add to Google/Outlook" links.

use super::names;
use crate::domain::access_action::AccessAction;
use crate::{
    domain::{
        booking::AppointmentStatus,
        ids::AppointmentId,
        lang::Lang,
        text::Localized,
        timezone::{ObservanceKind, TimeZone},
    },
    error::AppError,
    ssr::{services::Ctx, store::AppointmentRow},
    views::appointments::AppointmentSummary,
};
use chrono::{DateTime, Datelike, Utc};

/// Links that open the visit in Google's and Outlook's "new event" pages.
pub(super) fn calendar_links(s: &AppointmentSummary, row: &AppointmentRow) -> (String, String) {
    let title = format!("{} — {}", s.service_name.en, s.clinic_name.en);
    let place = format!("{}, {}", s.branch_name.en, s.branch_address.en);
    let fmt = |t: DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    let google = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("action", "TEMPLATE")
        .append_pair("text", &title)
        .append_pair(
            "dates",
            &format!("{}/{}", fmt(row.starts_at), fmt(row.ends_at)),
        )
        .append_pair("location", &place)
        .append_pair("ctz", &s.time_zone)
        .finish();
    let outlook = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("subject", &title)
        .append_pair("startdt", &row.starts_at.to_rfc3339())
        .append_pair("enddt", &row.ends_at.to_rfc3339())
        .append_pair("location", &place)
        .finish();
    (
        format!("https://calendar.google.com/calendar/render?{google}"),
        format!("https://outlook.live.com/calendar/0/deeplink/compose?{outlook}"),
    )
}

/// The appointment as an iCalendar file, with times in the branch's zone (`TZID`), for
/// the patient's calendar and the confirmation email.
pub async fn ics(ctx: &Ctx, id: &str) -> Result<String, AppError> {
    let names::Opened { row, summary, .. } =
        names::open(ctx, id, AccessAction::ExportAppointment).await?;
    let base = ctx
        .state
        .config
        .public_url
        .as_str()
        .trim_end_matches('/')
        .to_owned();
    Ok(calendar_file(
        &summary,
        row.ends_at,
        &format!("{base}/appointments/{}", row.id),
        ctx.lang(),
    ))
}

/// Builds the iCalendar text; pure so the email worker can attach the same file.
pub fn calendar_file(
    s: &AppointmentSummary,
    ends_at: DateTime<Utc>,
    url: &str,
    lang: Lang,
) -> String {
    use icalendar::{CalendarDateTime, Component, EventLike, EventStatus};
    let tz: chrono_tz::Tz = s.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let title = format!("{} — {}", s.service_name.get(lang), s.clinic_name.get(lang));
    let location = format!(
        "{}, {}",
        s.branch_name.get(lang),
        s.branch_address.get(lang)
    );
    let mut event = icalendar::Event::new();
    event
        .uid(&format!("{}@calentify", s.id))
        .summary(&title)
        .location(&location)
        .description(&format!("{}\n{url}", s.provider_name.get(lang)))
        .url(url)
        .starts(CalendarDateTime::from_date_time(
            s.starts_at.with_timezone(&tz),
        ))
        .ends(CalendarDateTime::from_date_time(ends_at.with_timezone(&tz)))
        .status(if s.status == AppointmentStatus::Cancelled {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        });
    let mut calendar = icalendar::Calendar::new();
    calendar.name(s.clinic_name.get(lang));
    if let Some(zone) = vtimezone(tz, s.starts_at.with_timezone(&tz).year()) {
        calendar.push(zone);
    }
    calendar.push(event.done());
    calendar.done().to_string()
}

/// The `VTIMEZONE` RFC 5545 (§3.6.5) requires for the `TZID` the event names, with the
/// offsets of the visit's year, so a client without the zone (Outlook, older phones)
/// still places the visit at the right hour.
fn vtimezone(tz: chrono_tz::Tz, year: i32) -> Option<icalendar::CalendarComponent> {
    use icalendar::parser::{Component, Property};
    fn offset(secs: i32) -> String {
        let sign = if secs < 0 { '-' } else { '+' };
        let secs = secs.unsigned_abs();
        format!("{sign}{:02}{:02}", secs / 3600, secs % 3600 / 60)
    }
    let observances = TimeZone::from(tz).observances_in(year)?;
    let owned: Vec<(&str, Vec<(&str, String)>)> = observances
        .into_iter()
        .map(|o| {
            let kind = match o.kind {
                ObservanceKind::Standard => "STANDARD",
                ObservanceKind::Daylight => "DAYLIGHT",
            };
            let mut props = vec![
                ("DTSTART", o.starts.format("%Y%m%dT%H%M%S").to_string()),
                ("TZOFFSETFROM", offset(o.offset_from_secs)),
                ("TZOFFSETTO", offset(o.offset_to_secs)),
            ];
            props.extend(o.name.map(|n| ("TZNAME", n)));
            (kind, props)
        })
        .collect();
    let zone = Component {
        name: "VTIMEZONE".into(),
        properties: vec![Property::new_ref("TZID", tz.name())],
        components: owned
            .iter()
            .map(|(kind, props)| Component {
                name: (*kind).into(),
                properties: props.iter().map(|(k, v)| Property::new_ref(k, v)).collect(),
                components: Vec::new(),
            })
            .collect(),
    };
    Some(zone.into())
}

/// The calendar file for a message about an appointment, rebuilt from the facts its
/// outbox row carries (the email worker attaches it).
pub fn calendar_from_payload(
    p: &serde_json::Value,
    lang: Lang,
    base_url: &str,
    cancelled: bool,
) -> Option<String> {
    let text = |k: &str| p.get(k).and_then(serde_json::Value::as_str);
    let localized = |k: &str| serde_json::from_value::<Localized>(p.get(k)?.clone()).ok();
    let time = |k: &str| {
        DateTime::parse_from_rfc3339(text(k)?)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    };
    let id: AppointmentId = text("appointment_id")?.parse().ok()?;
    let (starts_at, ends_at) = (time("starts_at")?, time("ends_at")?);
    let time_zone = text("time_zone")?;
    let tz: chrono_tz::Tz = time_zone.parse().ok()?;
    let local = starts_at.with_timezone(&tz);
    let summary = AppointmentSummary {
        id,
        clinic_slug: text("clinic_slug").unwrap_or_default().to_owned(),
        clinic_name: localized("clinic")?,
        branch_name: localized("branch")?,
        branch_address: localized("address")?,
        provider_name: localized("provider")?,
        service_name: localized("service")?,
        patient_name: String::new(),
        for_dependent: false,
        starts_at,
        ends_at,
        local_date: local.date_naive(),
        local_time: local.format("%H:%M").to_string(),
        time_zone: time_zone.to_owned(),
        status: if cancelled {
            AppointmentStatus::Cancelled
        } else {
            AppointmentStatus::Booked
        },
        display: Default::default(),
    };
    let url = format!("{}/appointments/{id}", base_url.trim_end_matches('/'));
    Some(calendar_file(&summary, ends_at, &url, lang))
}
