//! The `.ics` file follows RFC 5545: every `TZID` it names has a `VTIMEZONE` with the
//! zone's real offsets, read back with a third-party iCalendar parser.

use crate::{
    accounts::{redirect_of, sign_up_by_phone},
    booking::{book_later, demo_clinic},
    on_both_backends,
    support::{Backend, Browser, TestApp, spawn_app_with_clock},
};
use chrono::{Datelike, NaiveDate, TimeZone, Utc};

on_both_backends!(the_calendar_file_describes_the_zone_it_names);

/// Properties of one component, by name.
type Props = Vec<(String, String)>;

/// A `VTIMEZONE`: its TZID and its observances as (STANDARD or DAYLIGHT, properties).
type Zone = (String, Vec<(String, Props)>);

/// The file's `VTIMEZONE` blocks, and the TZIDs its event uses.
fn read_zones(text: &str) -> (Vec<Zone>, Vec<String>) {
    let unfolded = icalendar::parser::unfold(text);
    let calendar = icalendar::parser::read_calendar(&unfolded).expect("the file parses");
    let props = |c: &icalendar::parser::Component<'_>| -> Props {
        c.properties
            .iter()
            .map(|p| (p.name.to_string(), p.val.to_string()))
            .collect()
    };
    let mut zones = Vec::new();
    let mut used = Vec::new();
    for c in &calendar.components {
        match c.name.as_str() {
            "VTIMEZONE" => {
                let tzid = c.find_prop("TZID").expect("a VTIMEZONE names its TZID");
                let parts = c
                    .components
                    .iter()
                    .map(|o| (o.name.to_string(), props(o)))
                    .collect();
                zones.push((tzid.val.to_string(), parts));
            }
            "VEVENT" => {
                for p in &c.properties {
                    for param in &p.params {
                        if param.key.as_str() == "TZID" {
                            used.extend(param.val.as_ref().map(|v| v.to_string()));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    (zones, used)
}

fn prop<'a>(props: &'a Props, name: &str) -> &'a str {
    props
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("{name} missing in {props:?}"))
}

async fn ics(patient: &Browser, id: &str) -> String {
    let res = patient
        .get(&format!("/appointments/{id}/calendar.ics"))
        .await;
    assert_eq!(res.status(), 200);
    res.text().await.unwrap()
}

/// Books the first free time of a provider at the demo clinic's Cairo branch.
async fn book_in_cairo(app: &TestApp, patient: &Browser) -> String {
    let catalog = app
        .store
        .clinic_catalog(demo_clinic(app).await)
        .await
        .unwrap();
    let branch = catalog
        .branches
        .iter()
        .find(|b| b.time_zone.name() == "Africa/Cairo")
        .expect("the demo clinic has a Cairo branch");
    let provider = catalog
        .providers
        .iter()
        .find(|p| p.branch_ids.contains(&branch.id))
        .expect("someone works in Cairo");
    for service in &provider.service_ids {
        let (service, branch, provider) = (
            service.to_string(),
            branch.id.to_string(),
            provider.id.to_string(),
        );
        let (status, free) = patient
            .fetch(
                "search_slots",
                &[
                    ("slug", "nakheel"),
                    ("service", &service),
                    ("branch", &branch),
                    ("provider", &provider),
                    ("days", "14"),
                ],
            )
            .await;
        let Some(start) = free
            .as_array()
            .and_then(|s| s.last())
            .and_then(|s| s["start"].as_str())
            .filter(|_| status == 200)
        else {
            continue;
        };
        let res = patient
            .call(
                "book_appointment",
                &[
                    ("slug", "nakheel"),
                    ("service", &service),
                    ("branch", &branch),
                    ("provider", &provider),
                    ("start", start),
                ],
            )
            .await;
        let location = redirect_of(&res).expect("a booking redirects to its page");
        return location
            .trim_start_matches("/appointments/")
            .split('?')
            .next()
            .unwrap()
            .to_owned();
    }
    panic!("no free time in Cairo");
}

async fn the_calendar_file_describes_the_zone_it_names(backend: Backend) {
    let app = spawn_app_with_clock(backend, &[]).await;

    // Riyadh keeps +03:00 all year: one STANDARD observance, no DAYLIGHT.
    let patient = sign_up_by_phone(&app, "+966501110071", "Calendar Patient").await;
    let (id, _) = book_later(&app, &patient).await;
    let text = ics(&patient, &id.to_string()).await;
    let (zones, used) = read_zones(&text);
    assert_eq!(
        used.first().map(String::as_str),
        Some("Asia/Riyadh"),
        "{text}"
    );
    let names: Vec<&str> = zones.iter().map(|(z, _)| z.as_str()).collect();
    assert_eq!(
        names,
        ["Asia/Riyadh"],
        "one VTIMEZONE per TZID used:\n{text}"
    );
    let parts = &zones[0].1;
    assert!(parts.iter().all(|(kind, _)| kind == "STANDARD"), "{text}");
    for (_, p) in parts {
        assert_eq!(prop(p, "TZOFFSETFROM"), "+0300");
        assert_eq!(prop(p, "TZOFFSETTO"), "+0300");
    }

    // A summer visit in Cairo: the file carries Egypt's daylight saving time (+03:00
    // from the last Friday of April) and its return to +02:00 in the autumn.
    let now = app.clock.now();
    let summer = Utc.from_utc_datetime(
        &NaiveDate::from_ymd_opt(now.year() + 1, 6, 10)
            .unwrap()
            .and_hms_opt(6, 0, 0)
            .unwrap(),
    );
    app.clock.set(summer);
    let patient = sign_up_by_phone(&app, "+966501110072", "Summer Patient").await;
    let id = book_in_cairo(&app, &patient).await;
    let text = ics(&patient, &id).await;
    let (zones, used) = read_zones(&text);
    assert!(
        used.iter().all(|z| z == "Africa/Cairo") && !used.is_empty(),
        "{text}"
    );
    let names: Vec<&str> = zones.iter().map(|(z, _)| z.as_str()).collect();
    assert_eq!(names, ["Africa/Cairo"], "{text}");
    let parts = &zones[0].1;
    let daylight: Vec<&Props> = parts
        .iter()
        .filter(|(k, _)| k == "DAYLIGHT")
        .map(|(_, p)| p)
        .collect();
    assert_eq!(daylight.len(), 1, "{text}");
    assert_eq!(prop(daylight[0], "TZOFFSETFROM"), "+0200");
    assert_eq!(prop(daylight[0], "TZOFFSETTO"), "+0300");
    let dst_start = prop(daylight[0], "DTSTART");
    assert!(
        dst_start.starts_with(&format!("{}04", now.year() + 1)),
        "daylight saving starts in April of the visit's year: {dst_start}"
    );
    let autumn = parts
        .iter()
        .filter(|(k, p)| k == "STANDARD" && prop(p, "TZOFFSETFROM") == "+0300")
        .count();
    assert_eq!(autumn, 1, "the return to standard time is there:\n{text}");
    // The visit itself is in summer time, inside the DAYLIGHT observance.
    let start = text
        .lines()
        .find_map(|l| l.strip_prefix("DTSTART;TZID=Africa/Cairo:"))
        .expect("the event starts in Cairo time");
    assert!(start.trim() > dst_start, "{start} after {dst_start}");
}
