//! Booking through the real server: slot search, booking, idempotency, races (HTTP 409),
//! rescheduling, cancelling, need-to-know, the calendar file and the outbox.

use crate::{
    accounts::{redirect_of, sign_up_by_phone, staff::sign_in_by_email},
    on_both_backends,
    support::{Backend, Browser, TestApp, spawn_app},
};
use app::domain::{catalog::Slug, ids::AppointmentId};
use futures::future::join_all;
use std::collections::HashSet;

/// The demo clinic's first provider, a service and branch they offer.
/// The newest sign-in code sent to `recipient`.
async fn latest_code_in(app: &TestApp, recipient: &str) -> String {
    let messages = app.store.messages_to(recipient, 50).await.unwrap();
    let message = messages.iter().find(|m| m.kind == "sign_in_code").unwrap();
    let payload = &message.payload;
    payload["code"].as_str().unwrap().to_owned()
}

pub(crate) async fn offer(app: &TestApp) -> (String, String, String) {
    let clinic = app
        .store
        .clinic_by_slug(&Slug::parse("nakheel").unwrap())
        .await
        .unwrap();
    let catalog = app.store.clinic_catalog(clinic.id).await.unwrap();
    let p = &catalog.providers[0];
    (
        p.service_ids[0].to_string(),
        p.branch_ids[0].to_string(),
        p.id.to_string(),
    )
}

pub(crate) async fn slots(
    b: &Browser,
    service: &str,
    branch: &str,
    provider: &str,
) -> Vec<serde_json::Value> {
    let (status, body) = b
        .fetch(
            "search_slots",
            &[
                ("slug", "nakheel"),
                ("service", service),
                ("branch", branch),
                ("provider", provider),
                ("days", "14"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    body.as_array().cloned().unwrap_or_default()
}

async fn service_minutes(app: &TestApp, service: &str) -> i64 {
    let clinic = app
        .store
        .clinic_by_slug(&Slug::parse("nakheel").unwrap())
        .await
        .unwrap();
    let catalog = app.store.clinic_catalog(clinic.id).await.unwrap();
    let found = catalog
        .services
        .iter()
        .find(|s| s.id.to_string() == service)
        .expect("the offered service is in the catalogue");
    i64::from(found.duration_min)
}

/// The first two free starts less than one visit apart, so booking either blocks the other.
fn overlapping_pair(free: &[serde_json::Value], duration_min: i64) -> (String, String) {
    let starts: Vec<chrono::DateTime<chrono::Utc>> = free
        .iter()
        .map(|s| s["start"].as_str().unwrap().parse().unwrap())
        .collect();
    let (a, b) = starts
        .windows(2)
        .map(|w| (w[0], w[1]))
        .find(|(a, b)| *b - *a < chrono::Duration::minutes(duration_min))
        .expect("two overlapping free slots within 14 days");
    (a.to_rfc3339(), b.to_rfc3339())
}

pub(crate) async fn book(
    b: &Browser,
    (service, branch): (&str, &str),
    provider: &str,
    start: &str,
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let mut form = vec![
        ("slug", "nakheel"),
        ("service", service),
        ("branch", branch),
        ("provider", provider),
        ("start", start),
    ];
    form.extend_from_slice(extra);
    b.call("book_appointment", &form).await
}

/// Books the demo clinic's first free slot at least three days ahead.
pub(crate) async fn book_later(
    app: &TestApp,
    patient: &Browser,
) -> (AppointmentId, chrono::DateTime<chrono::Utc>) {
    let (service, branch, provider) = offer(app).await;
    let (_, slots) = patient
        .fetch(
            "search_slots",
            &[
                ("slug", "nakheel"),
                ("service", &service),
                ("branch", &branch),
                ("provider", &provider),
            ],
        )
        .await;
    let after = app.clock.now() + chrono::Duration::days(3);
    let start = slots
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["start"].as_str().unwrap().to_owned())
        .find(|s| chrono::DateTime::parse_from_rfc3339(s).unwrap() > after)
        .unwrap();
    let res = book(patient, (&service, &branch), &provider, &start, &[]).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let id = id_from(&res).parse().unwrap();
    let start = chrono::DateTime::parse_from_rfc3339(&start)
        .unwrap()
        .with_timezone(&chrono::Utc);
    (id, start)
}

pub(crate) async fn demo_clinic(app: &TestApp) -> app::domain::ids::ClinicId {
    app.store
        .clinic_by_slug(&Slug::parse("nakheel").unwrap())
        .await
        .unwrap()
        .id
}

pub(crate) fn id_from(res: &reqwest::Response) -> String {
    let location = redirect_of(res).expect("a booking redirects to its page");
    location
        .trim_start_matches("/appointments/")
        .split('?')
        .next()
        .unwrap()
        .to_owned()
}

on_both_backends!(
    a_patient_books_sees_downloads_moves_and_cancels,
    two_hundred_concurrent_bookings_give_one_appointment,
    concurrent_moves_onto_one_slot_leave_one_winner,
    outsiders_and_bad_input_change_nothing,
    any_provider_spreads_and_never_double_books,
    the_clinics_required_fields_are_enforced,
    owners_set_the_booking_policy_and_bad_values_change_nothing,
);

async fn a_patient_books_sees_downloads_moves_and_cancels(backend: Backend) {
    let app = spawn_app(backend).await;
    let (service, branch, provider) = offer(&app).await;
    let patient = sign_up_by_phone(&app, "+966501110001", "Huda Patient").await;
    let add = patient
        .call(
            "save_dependent",
            &[
                ("full_name", "Yousef Child"),
                ("date_of_birth", "2019-04-02"),
            ],
        )
        .await;
    assert_eq!(add.status(), 200, "{}", add.text().await.unwrap());
    let (_, deps) = patient.fetch("list_dependents", &[]).await;
    let dependent = deps[0]["id"].as_str().unwrap().to_owned();

    let free = slots(&patient, &service, &branch, &provider).await;
    assert!(!free.is_empty(), "the demo provider has free times");
    // Far enough ahead that the patient may still move it (the demo clinic's cutoff is
    // 24 hours).
    let soon = (chrono::Utc::now() + chrono::Duration::days(2))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let start = free
        .iter()
        .map(|s| s["start"].as_str().unwrap().to_owned())
        .find(|s| *s > soon)
        .unwrap();
    let res = book(
        &patient,
        (&service, &branch),
        &provider,
        &start,
        &[
            ("patient", &dependent),
            ("note", "Allergic to penicillin"),
            ("idempotency_key", "k-1"),
        ],
    )
    .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let id = id_from(&res);

    // A double click (same key) returns the same appointment, not a second one.
    let again = book(
        &patient,
        (&service, &branch),
        &provider,
        &start,
        &[("patient", &dependent), ("idempotency_key", "k-1")],
    )
    .await;
    assert_eq!(again.status(), 200);
    assert_eq!(id_from(&again), id);

    // The time is gone from the search, for everyone.
    let after = slots(&app.browser(), &service, &branch, &provider).await;
    assert!(
        after
            .iter()
            .all(|s| s["start"].as_str() != Some(start.as_str()))
    );

    let (status, mine) = patient.fetch("my_appointments", &[]).await;
    assert_eq!(status, 200);
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["patient_name"], "Yousef Child");
    assert_eq!(mine[0]["for_dependent"], true);
    assert_eq!(mine[0]["time_zone"], "Asia/Riyadh");

    let (status, details) = patient.fetch("get_appointment", &[("id", &id)]).await;
    assert_eq!(status, 200);
    assert_eq!(details["note"], "Allergic to penicillin");
    assert_eq!(details["history"][0]["action"], "booked");

    // The note is encrypted at rest.
    let row = app
        .store
        .appointment(id.parse::<AppointmentId>().unwrap())
        .await
        .unwrap();
    let raw = row.note_ciphertext.unwrap();
    assert!(!String::from_utf8_lossy(&raw).contains("penicillin"));

    // The confirmation and reminders were queued with the booking.
    let queued = app.store.messages_to("+966501110001", 20).await.unwrap();
    let kinds: Vec<&str> = queued.iter().map(|m| m.kind.as_str()).collect();
    assert!(kinds.contains(&"appointment_confirmation"), "{kinds:?}");

    // The communication log: the patient sees what was sent and when, never the content.
    let (status, log) = patient.fetch("my_messages", &[]).await;
    assert_eq!(status, 200, "{log}");
    let log = log.as_array().unwrap().clone();
    let kinds: Vec<&str> = log.iter().map(|m| m["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"appointment_confirmation"), "{kinds:?}");
    assert!(kinds.contains(&"appointment_reminder"), "{kinds:?}");
    let confirmation = log
        .iter()
        .find(|m| m["kind"] == "appointment_confirmation")
        .unwrap();
    assert_eq!(confirmation["to"], "+966••••••001");
    assert_eq!(confirmation["status"], "pending");
    assert!(confirmation.get("payload").is_none());
    let sent_code = latest_code_in(&app, "+966501110001").await;
    assert!(!log.iter().any(|m| m.to_string().contains(&sent_code)));
    // The appointment shows its own messages to its patient…
    let (_, details) = patient.fetch("get_appointment", &[("id", &id)]).await;
    let messages = details["messages"].as_array().unwrap();
    assert!(messages.iter().all(|m| m["appointment_id"] == id.as_str()));
    assert!(
        messages
            .iter()
            .any(|m| m["kind"] == "appointment_confirmation")
    );
    assert!(!messages.iter().any(|m| m["kind"] == "sign_in_code"));
    let page = patient
        .get(&format!("/appointments/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("data-testid=\"message-log\""));
    assert!(page.contains("Booking confirmation"));

    // A valid iCalendar file, times in the branch's zone.
    let ics = patient
        .get(&format!("/appointments/{id}/calendar.ics"))
        .await;
    assert_eq!(ics.status(), 200);
    assert!(
        ics.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let text = ics.text().await.unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR"), "{text}");
    assert!(text.contains("DTSTART;TZID=Asia/Riyadh:"), "{text}");
    assert!(text.contains(&format!("UID:{id}@calentify")), "{text}");
    let parsed: Result<icalendar::Calendar, _> = text.parse();
    assert!(parsed.is_ok(), "parses as iCalendar");

    // Someone else trying that time is told it is taken and offered the nearest ones.
    let late = sign_up_by_phone(&app, "+966501110002", "Late Comer").await;
    let res = book(&late, (&service, &branch), &provider, &start, &[]).await;
    assert_eq!(res.status(), 409);
    let (status, near) = late
        .fetch(
            "nearest_slots",
            &[
                ("slug", "nakheel"),
                ("service", &service),
                ("branch", &branch),
                ("provider", &provider),
                ("start", &start),
            ],
        )
        .await;
    assert_eq!(status, 200);
    let near = near.as_array().unwrap();
    assert!(!near.is_empty() && near.len() <= 6);
    assert!(
        near.iter()
            .all(|s| s["start"].as_str() != Some(start.as_str()))
    );

    // Move it to another free time: same appointment, old time in the history.
    let later = free
        .iter()
        .map(|s| s["start"].as_str().unwrap().to_owned())
        .find(|s| *s > start && s[..10] != start[..10])
        .expect("a free time on another day");
    let moved = patient
        .call("reschedule_appointment", &[("id", &id), ("start", &later)])
        .await;
    assert_eq!(moved.status(), 200, "{}", moved.text().await.unwrap());
    let (_, details) = patient.fetch("get_appointment", &[("id", &id)]).await;
    assert_eq!(
        details["summary"]["starts_at"]
            .as_str()
            .map(|s| s[..16].to_owned()),
        Some(later[..16].to_owned())
    );
    assert_eq!(details["history"][1]["action"], "rescheduled");
    // The reminders moved with it: the old ones are cancelled, new ones are due 24 h and
    // 2 h before the new time.
    let queued = app.store.messages_to("+966501110001", 50).await.unwrap();
    let new_start = chrono::DateTime::parse_from_rfc3339(&later)
        .unwrap()
        .with_timezone(&chrono::Utc);
    let mut pending: Vec<_> = queued
        .iter()
        .filter(|m| m.kind == "appointment_reminder" && m.status == "pending")
        .map(|m| new_start - m.due_at)
        .collect();
    pending.sort();
    assert_eq!(
        pending,
        vec![chrono::Duration::hours(2), chrono::Duration::hours(24)]
    );
    assert_eq!(
        queued
            .iter()
            .filter(|m| m.kind == "appointment_reminder" && m.status == "cancelled")
            .count(),
        2
    );
    // The old time is free again.
    let after = slots(&patient, &service, &branch, &provider).await;
    assert!(
        after
            .iter()
            .any(|s| s["start"].as_str() == Some(start.as_str()))
    );

    // Cancel with a reason: pending reminders are dropped.
    let cancel = patient
        .call(
            "cancel_appointment",
            &[("id", &id), ("reason", "Travelling")],
        )
        .await;
    assert_eq!(cancel.status(), 200, "{}", cancel.text().await.unwrap());
    let (_, details) = patient.fetch("get_appointment", &[("id", &id)]).await;
    assert_eq!(details["summary"]["status"], "cancelled");
    assert_eq!(details["history"][2]["reason"], "Travelling");
    let queued = app.store.messages_to("+966501110001", 50).await.unwrap();
    assert!(
        queued
            .iter()
            .filter(|m| m.kind == "appointment_reminder")
            .all(|m| m.status == "cancelled")
    );
    assert!(queued.iter().any(|m| m.kind == "appointment_cancelled"));
    // Cancelled is final.
    let twice = patient.call("cancel_appointment", &[("id", &id)]).await;
    assert_eq!(twice.status(), 422);

    // The clinic's reception sees it on the day view and in the access log.
    let reception = sign_in_by_email(&app, "reception@nakheel.example").await;
    let (status, details) = reception.fetch("get_appointment", &[("id", &id)]).await;
    assert_eq!(status, 200, "{details}");
    assert_eq!(details["as_clinic"], true);
}

async fn two_hundred_concurrent_bookings_give_one_appointment(backend: Backend) {
    let app = spawn_app(backend).await;
    let (service, branch, provider) = offer(&app).await;
    let patients = [
        sign_up_by_phone(&app, "+966501110011", "A One").await,
        sign_up_by_phone(&app, "+966501110012", "B Two").await,
        sign_up_by_phone(&app, "+966501110013", "C Three").await,
        sign_up_by_phone(&app, "+966501110014", "D Four").await,
    ];
    let free = slots(&patients[0], &service, &branch, &provider).await;
    // Two overlapping candidate times: the service lasts longer than the step, but the
    // first two free slots need not overlap (the first may close a working day).
    let duration = service_minutes(&app, &service).await;
    let (first, second) = overlapping_pair(&free, duration);
    let attempts = (0..200).map(|i| {
        let b = &patients[i % patients.len()];
        let start = if i % 2 == 0 { &first } else { &second };
        let (service, branch, provider) = (&service, &branch, &provider);
        async move { book(b, (service, branch), provider, start, &[]).await }
    });
    let results = join_all(attempts).await;
    let mut ok = 0;
    for res in results {
        match res.status().as_u16() {
            200 => ok += 1,
            409 => {
                let body: serde_json::Value = res.json().await.unwrap();
                assert!(
                    body["detail"] == "slot_taken" || body["detail"] == "patient_busy",
                    "{body}"
                );
            }
            other => panic!("unexpected status {other}: {}", res.text().await.unwrap()),
        }
    }
    assert_eq!(ok, 1, "exactly one booking wins");
    let rows = app
        .store
        .busy_intervals(
            app.store
                .clinic_by_slug(&Slug::parse("nakheel").unwrap())
                .await
                .unwrap()
                .id,
            chrono::Utc::now(),
            chrono::Utc::now() + chrono::Duration::days(30),
        )
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
}

async fn concurrent_moves_onto_one_slot_leave_one_winner(backend: Backend) {
    let app = spawn_app(backend).await;
    let (service, branch, provider) = offer(&app).await;
    let free = slots(&app.browser(), &service, &branch, &provider).await;
    let starts: Vec<String> = free
        .iter()
        .map(|s| s["start"].as_str().unwrap().to_owned())
        .collect();
    // Four patients hold four separate times late in the list; all try to move onto
    // the first free time at once.
    let mut owners = Vec::new();
    for (i, phone) in [
        "+966501110021",
        "+966501110022",
        "+966501110023",
        "+966501110024",
    ]
    .iter()
    .enumerate()
    {
        let b = sign_up_by_phone(&app, phone, "Mover").await;
        let start = &starts[starts.len() - 1 - i * 8];
        let res = book(&b, (&service, &branch), &provider, start, &[]).await;
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
        let id = id_from(&res);
        owners.push((b, id));
    }
    let target = starts[0].clone();
    let attempts = (0..200).map(|i| {
        let (b, id) = &owners[i % owners.len()];
        let target = &target;
        async move {
            let res = b
                .call("reschedule_appointment", &[("id", id), ("start", target)])
                .await;
            (id.clone(), res.status().as_u16())
        }
    });
    let results = join_all(attempts).await;
    let winners: HashSet<String> = results
        .iter()
        .filter(|(_, s)| *s == 200)
        .map(|(id, _)| id.clone())
        .collect();
    assert_eq!(winners.len(), 1, "one appointment moved: {results:?}");
    // Everyone else is told the time is taken. The winner's own later attempts may
    // succeed again (a no-op) or be refused because its new time is now inside the
    // cancellation cutoff.
    for (id, status) in &results {
        if winners.contains(id) {
            assert!(*status == 200 || *status == 422, "{results:?}");
        } else {
            assert_eq!(*status, 409, "{results:?}");
        }
    }
    let mut at_target = 0;
    for (_, id) in &owners {
        let row = app.store.appointment(id.parse().unwrap()).await.unwrap();
        if row
            .starts_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            == target
        {
            at_target += 1;
        }
    }
    assert_eq!(at_target, 1);
}

async fn outsiders_and_bad_input_change_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let (service, branch, provider) = offer(&app).await;
    let owner = sign_up_by_phone(&app, "+966501110031", "Owner Patient").await;
    let free = slots(&owner, &service, &branch, &provider).await;
    let start = free[0]["start"].as_str().unwrap().to_owned();

    // A visitor cannot book.
    let visitor = app.browser();
    assert_eq!(
        book(&visitor, (&service, &branch), &provider, &start, &[])
            .await
            .status(),
        401
    );

    // A time that is not offered, a time in the past, an unknown service: refused, 422.
    let odd = start
        .replace(":00:00Z", ":07:00Z")
        .replace(":15:00Z", ":07:00Z")
        .replace(":30:00Z", ":07:00Z")
        .replace(":45:00Z", ":07:00Z");
    for (s, svc) in [
        (odd.as_str(), service.as_str()),
        ("2020-01-01T08:00:00Z", service.as_str()),
        (start.as_str(), "00000000-0000-0000-0000-000000000000"),
        ("not-a-time", service.as_str()),
    ] {
        let res = book(&owner, (svc, &branch), &provider, s, &[]).await;
        assert_eq!(res.status(), 422, "{s} {svc}");
    }
    // Someone else's dependent id: not found, nothing booked.
    let res = book(
        &owner,
        (&service, &branch),
        &provider,
        &start,
        &[("patient", "0195b2a0-0000-7000-8000-000000000000")],
    )
    .await;
    assert_eq!(res.status(), 404);
    let (_, mine) = owner.fetch("my_appointments", &[]).await;
    assert_eq!(mine.as_array().unwrap().len(), 0, "no partial rows");

    let res = book(&owner, (&service, &branch), &provider, &start, &[]).await;
    assert_eq!(res.status(), 200);
    let id = id_from(&res);

    // Another patient and another clinic's staff see nothing, not even existence.
    let stranger = sign_up_by_phone(&app, "+966501110032", "Stranger").await;
    let (status, _) = stranger.fetch("get_appointment", &[("id", &id)]).await;
    assert_eq!(status, 404);
    assert_eq!(
        stranger
            .get(&format!("/appointments/{id}/calendar.ics"))
            .await
            .status(),
        404
    );
    assert_eq!(
        stranger
            .call("cancel_appointment", &[("id", &id)])
            .await
            .status(),
        404
    );
    assert_eq!(
        stranger
            .call("reschedule_appointment", &[("id", &id), ("start", &start)])
            .await
            .status(),
        404
    );
    let other = crate::accounts::staff::other_clinic_owner(&app).await;
    let (status, _) = other.fetch("get_appointment", &[("id", &id)]).await;
    assert_eq!(status, 404);
    let (status, _) = other.fetch("clinic_day", &[("slug", "nakheel")]).await;
    assert_eq!(status, 404);
    // A patient cannot run the clinic's actions.
    assert_eq!(
        owner
            .call("update_appointment", &[("id", &id), ("action", "check_in")])
            .await
            .status(),
        422
    );
    let (_, details) = owner.fetch("get_appointment", &[("id", &id)]).await;
    assert_eq!(details["summary"]["status"], "booked");
}

async fn any_provider_spreads_and_never_double_books(backend: Backend) {
    let app = spawn_app(backend).await;
    let (service, branch, _) = offer(&app).await;
    let free = slots(&app.browser(), &service, &branch, "any").await;
    // A time at which several providers are free.
    let patients = [
        sign_up_by_phone(&app, "+966501110041", "Any One").await,
        sign_up_by_phone(&app, "+966501110042", "Any Two").await,
        sign_up_by_phone(&app, "+966501110043", "Any Three").await,
    ];
    let start = free[0]["start"].as_str().unwrap().to_owned();
    let results = join_all(
        patients
            .iter()
            .map(|b| book(b, (&service, &branch), "any", &start, &[])),
    )
    .await;
    let mut providers = HashSet::new();
    let mut booked = 0;
    for res in results {
        if res.status() == 200 {
            booked += 1;
            let id = id_from(&res);
            let row = app.store.appointment(id.parse().unwrap()).await.unwrap();
            assert!(
                providers.insert(row.provider_id),
                "two bookings on one provider"
            );
        } else {
            assert_eq!(res.status(), 409);
        }
    }
    // Spread: each booking fell to a different free provider, so as many were booked as
    // there were providers free at that time (up to the three patients).
    let catalog = app
        .store
        .clinic_catalog(demo_clinic(&app).await)
        .await
        .unwrap();
    let mut free_providers = 0;
    for p in catalog.providers.iter().filter(|p| {
        p.service_ids.iter().any(|s| s.to_string() == service)
            && p.branch_ids.iter().any(|b| b.to_string() == branch)
    }) {
        let theirs = slots(&app.browser(), &service, &branch, &p.id.to_string()).await;
        let still_free = theirs.iter().any(|s| s["start"] == start.as_str());
        if still_free || providers.contains(&p.id) {
            free_providers += 1;
        }
    }
    assert_eq!(
        booked,
        free_providers.min(patients.len()),
        "bookings spread"
    );
}

/// Two server processes on one PostgreSQL database: the in-process server and the real
/// binary, each with its own connection pool. 200 concurrent attempts split between
/// them still give exactly one appointment.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_server_processes_on_one_postgres_never_double_book() {
    use std::io::{BufRead, BufReader};
    let app = spawn_app(Backend::Postgres).await;
    let (service, branch, provider) = offer(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .current_dir(dir.path())
        .env("CALENTIFY_PORT", "0")
        .env("DATABASE_URL", &app.db.url)
        .env("CALENTIFY_SECRET_KEY", crate::support::TEST_SECRET_KEY)
        .env("CALENTIFY_FILE_KEYS", crate::support::TEST_FILE_KEYS)
        .env("CALENTIFY_OUTBOX_WORKER", "false")
        .env("CALENTIFY_LOG", "info")
        .env("CALENTIFY_LOG_FORMAT", "json")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let addr = tokio::task::spawn_blocking(move || {
        let mut lines = BufReader::new(stdout).lines();
        for line in lines.by_ref() {
            let line = line.unwrap();
            if line.contains("listening") {
                let at = line.find("127.0.0.1:").expect("the address is logged");
                let port: String = line[at + 10..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                // Keep draining so the child never blocks on a full pipe.
                std::thread::spawn(move || for _ in lines {});
                return format!("127.0.0.1:{port}");
            }
        }
        panic!("the second server did not start");
    })
    .await
    .unwrap();

    let patient = sign_up_by_phone(&app, "+966501110051", "Two Servers").await;
    let other_patient = sign_up_by_phone(&app, "+966501110052", "Two Servers B").await;
    // The same people, talking to the second process (cookies are per host, not port).
    let second = Browser {
        base: format!("http://{addr}"),
        client: patient.client.clone(),
    };
    let second_b = Browser {
        base: format!("http://{addr}"),
        client: other_patient.client.clone(),
    };
    let free = slots(&second, &service, &branch, &provider).await;
    let start = free[0]["start"].as_str().unwrap().to_owned();
    let browsers = [&patient, &second, &other_patient, &second_b];
    let results = join_all((0..200).map(|i| {
        let b = browsers[i % browsers.len()];
        let (service, branch, provider, start) = (&service, &branch, &provider, &start);
        async move {
            book(b, (service, branch), provider, start, &[])
                .await
                .status()
                .as_u16()
        }
    }))
    .await;
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(
        results.iter().filter(|s| **s == 200).count(),
        1,
        "{results:?}"
    );
    assert!(
        results.iter().all(|s| *s == 200 || *s == 409),
        "{results:?}"
    );
}

async fn the_clinics_required_fields_are_enforced(backend: Backend) {
    let app = spawn_app(backend).await;
    let (service, branch, provider) = offer(&app).await;
    let owner = sign_in_by_email(&app, "owner@nakheel.example").await;
    let res = owner
        .call(
            "update_clinic_settings",
            &[
                ("slug", "nakheel"),
                ("gender", "required"),
                ("date_of_birth", "required"),
                ("picture", "hidden"),
                ("min_patient_age", "16"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());

    let patient = sign_up_by_phone(&app, "+966501110061", "Fields Patient").await;
    let free = slots(&patient, &service, &branch, &provider).await;
    let start = free[0]["start"].as_str().unwrap().to_owned();
    let res = book(&patient, (&service, &branch), &provider, &start, &[]).await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["detail"], "missing_profile_fields");
    let (_, page) = patient.fetch("booking_page", &[("slug", "nakheel")]).await;
    assert_eq!(page["missing_gender"], true);
    assert_eq!(page["missing_birth_date"], true);
    assert_eq!(
        page["missing_picture"], false,
        "hidden fields are never asked"
    );

    let res = patient
        .call(
            "update_profile",
            &[
                ("full_name", "Fields Patient"),
                ("gender", "female"),
                ("date_of_birth", "1990-01-02"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let res = book(&patient, (&service, &branch), &provider, &start, &[]).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
}

async fn owners_set_the_booking_policy_and_bad_values_change_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let (service, branch, provider) = offer(&app).await;
    let owner = sign_in_by_email(&app, "owner@nakheel.example").await;
    let form = |step: &'static str, offsets: &'static str| {
        vec![
            ("slug", "nakheel"),
            ("min_notice_min", "120"),
            ("horizon_days", "30"),
            ("slot_step_min", step),
            ("cancel_cutoff_min", "60"),
            ("reminder_offsets", offsets),
        ]
    };
    let res = owner
        .call("update_booking_policy", &form("30", "2880, 60"))
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let (_, settings) = owner
        .fetch("get_clinic_settings", &[("slug", "nakheel")])
        .await;
    assert_eq!(settings["policy"]["slot_step_min"], 30);
    assert_eq!(settings["policy"]["reminder_offsets"], "2880,60");

    // Offered times follow the new step; nothing sooner than the new notice.
    let free = slots(&app.browser(), &service, &branch, &provider).await;
    let soonest = chrono::Utc::now() + chrono::Duration::minutes(119);
    for s in &free {
        let t = chrono::DateTime::parse_from_rfc3339(s["start"].as_str().unwrap()).unwrap();
        assert!(t.with_timezone(&chrono::Utc) >= soonest);
        assert!(
            s["local_time"].as_str().unwrap().ends_with(":00")
                || s["local_time"].as_str().unwrap().ends_with(":30"),
            "{s}"
        );
    }

    // Out-of-range values are refused and change nothing.
    for bad in [
        form("3", "60"),
        form("30", "0"),
        form("30", "60,60,60,60,60,60"),
        form("x", "60"),
    ] {
        let res = owner.call("update_booking_policy", &bad).await;
        assert_eq!(res.status(), 422);
    }
    let (_, settings) = owner
        .fetch("get_clinic_settings", &[("slug", "nakheel")])
        .await;
    assert_eq!(settings["policy"]["slot_step_min"], 30);

    // Reception may read but not change it; patients learn nothing.
    let reception = sign_in_by_email(&app, "reception@nakheel.example").await;
    assert_eq!(
        reception
            .call("update_booking_policy", &form("15", "60"))
            .await
            .status(),
        403
    );
    let patient = sign_up_by_phone(&app, "+966501110071", "Policy Patient").await;
    assert_eq!(
        patient
            .call("update_booking_policy", &form("15", "60"))
            .await
            .status(),
        404
    );
}
