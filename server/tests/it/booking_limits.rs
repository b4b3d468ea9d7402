//! Limits on what one patient can hold: the clinic's cap on upcoming appointments, and
//! removing a dependent only after their visits are cancelled the normal way.

use crate::{
    accounts::{sign_up_by_phone, staff::sign_in_by_email},
    booking::{book, id_from, offer},
    booking_races::{apart, free_starts, held_minutes, patients},
    on_both_backends,
    support::{Backend, Browser, TestApp, spawn_app},
};
use app::domain::ids::AppointmentId;
use chrono::{Duration, Utc};
use futures::future::join_all;

on_both_backends!(
    a_patient_holds_at_most_the_clinics_upcoming_appointments,
    concurrent_bookings_cannot_pass_the_upcoming_limit,
    removing_a_dependent_with_upcoming_visits_needs_confirmation_and_cancels_them,
);

async fn set_cap(owner: &Browser, cap: &str) -> reqwest::Response {
    owner
        .call(
            "update_booking_policy",
            &[
                ("slug", "nakheel"),
                ("min_notice_min", "60"),
                ("horizon_days", "60"),
                ("slot_step_min", "15"),
                ("cancel_cutoff_min", "1440"),
                ("reminder_offsets", "1440,120"),
                ("max_upcoming_per_patient", cap),
            ],
        )
        .await
}

/// `n` separate free times of the demo provider, at least two days ahead.
async fn times(app: &TestApp, b: &Browser, n: usize) -> Vec<String> {
    let (service, branch, provider) = offer(app).await;
    let held = held_minutes(app, &service).await;
    let free = free_starts(b, (&service, &branch), &provider, 30).await;
    apart(&free, held, Utc::now() + Duration::days(2), n)
}

async fn book_at(
    app: &TestApp,
    b: &Browser,
    start: &str,
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let (service, branch, provider) = offer(app).await;
    book(b, (&service, &branch), &provider, start, extra).await
}

async fn add_dependent(b: &Browser, name: &str) -> String {
    let res = b
        .call(
            "save_dependent",
            &[("full_name", name), ("date_of_birth", "2018-05-01")],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let (_, deps) = b.fetch("list_dependents", &[]).await;
    deps.as_array()
        .unwrap()
        .iter()
        .find(|d| d["full_name"] == name)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn assert_refused(res: reqwest::Response, status: u16, detail: &str) {
    assert_eq!(res.status(), status);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["detail"], detail, "{body}");
}

async fn a_patient_holds_at_most_the_clinics_upcoming_appointments(backend: Backend) {
    let app = spawn_app(backend).await;
    let owner = sign_in_by_email(&app, "owner@nakheel.example").await;
    let (_, settings) = owner
        .fetch("get_clinic_settings", &[("slug", "nakheel")])
        .await;
    assert_eq!(
        settings["policy"]["max_upcoming_per_patient"], 6,
        "the default"
    );
    // Out of range: refused, nothing written.
    for bad in ["0", "51", "x"] {
        assert_refused(set_cap(&owner, bad).await, 422, "policy").await;
    }
    let reception = sign_in_by_email(&app, "reception@nakheel.example").await;
    assert_eq!(set_cap(&reception, "1").await.status(), 403);
    let (_, settings) = owner
        .fetch("get_clinic_settings", &[("slug", "nakheel")])
        .await;
    assert_eq!(settings["policy"]["max_upcoming_per_patient"], 6);
    let res = set_cap(&owner, "2").await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());

    let patient = sign_up_by_phone(&app, "+966501130001", "Capped Patient").await;
    let child = add_dependent(&patient, "Capped Child").await;
    let at = times(&app, &patient, 6).await;
    let mut mine = Vec::new();
    for start in &at[..2] {
        let res = book_at(&app, &patient, start, &[]).await;
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
        mine.push(id_from(&res));
    }
    assert_refused(
        book_at(&app, &patient, &at[2], &[]).await,
        409,
        "too_many_upcoming",
    )
    .await;
    // The cap is per person booked: the child has an allowance of their own.
    for start in &at[2..4] {
        let res = book_at(&app, &patient, start, &[("patient", &child)]).await;
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    }
    assert_refused(
        book_at(&app, &patient, &at[4], &[("patient", &child)]).await,
        409,
        "too_many_upcoming",
    )
    .await;
    // A cancelled visit no longer counts.
    let res = patient
        .call("cancel_appointment", &[("id", &mine[0])])
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let res = book_at(&app, &patient, &at[5], &[]).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
}

/// Twelve bookings at once on twelve separate times for one patient, with a cap of two:
/// exactly two are booked. The count runs inside the booking's transaction, after the
/// patient's lock on PostgreSQL, so parallel bookings cannot all see room.
async fn concurrent_bookings_cannot_pass_the_upcoming_limit(backend: Backend) {
    let app = spawn_app(backend).await;
    let owner = sign_in_by_email(&app, "owner@nakheel.example").await;
    assert_eq!(set_cap(&owner, "2").await.status(), 200);
    let patient = patients(&app, 1, 500).await.remove(0);
    let at = times(&app, &patient, 12).await;
    let results = join_all(at.iter().map(|start| {
        let (app, patient) = (&app, &patient);
        async move {
            let res = book_at(app, patient, start, &[]).await;
            let status = res.status().as_u16();
            (status, res.text().await.unwrap_or_default())
        }
    }))
    .await;
    let booked = results.iter().filter(|(s, _)| *s == 200).count();
    assert_eq!(booked, 2, "{results:?}");
    for (status, body) in results.iter().filter(|(s, _)| *s != 200) {
        assert_eq!(*status, 409, "{body}");
        assert!(body.contains("too_many_upcoming"), "{body}");
    }
}

async fn removing_a_dependent_with_upcoming_visits_needs_confirmation_and_cancels_them(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let guardian = sign_up_by_phone(&app, "+966501130002", "Guardian").await;
    let child = add_dependent(&guardian, "Leaving Child").await;
    let at = times(&app, &guardian, 3).await;
    let mut visits: Vec<AppointmentId> = Vec::new();
    for start in &at[..2] {
        let res = book_at(&app, &guardian, start, &[("patient", &child)]).await;
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
        visits.push(id_from(&res).parse().unwrap());
    }
    let res = book_at(&app, &guardian, &at[2], &[]).await;
    assert_eq!(res.status(), 200);
    let own: AppointmentId = id_from(&res).parse().unwrap();

    // The page lists the visits that removing would cancel.
    let (_, deps) = guardian.fetch("list_dependents", &[]).await;
    assert_eq!(deps[0]["upcoming"].as_array().unwrap().len(), 2, "{deps}");

    // Without confirmation: a conflict, and nothing changes.
    assert_refused(
        guardian.call("remove_dependent", &[("id", &child)]).await,
        409,
        "dependent_has_visits",
    )
    .await;
    let (_, deps) = guardian.fetch("list_dependents", &[]).await;
    assert_eq!(deps.as_array().unwrap().len(), 1);
    for id in &visits {
        assert_eq!(app.store.appointment(*id).await.unwrap().status, "booked");
    }

    // Someone else cannot remove (or learn of) the child.
    let stranger = sign_up_by_phone(&app, "+966501130003", "Stranger").await;
    let res = stranger
        .call("remove_dependent", &[("id", &child), ("confirm", "on")])
        .await;
    assert_eq!(res.status(), 404);

    // Confirmed: each visit is cancelled the normal way, then the child is removed.
    let res = guardian
        .call("remove_dependent", &[("id", &child), ("confirm", "on")])
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let (_, deps) = guardian.fetch("list_dependents", &[]).await;
    assert_eq!(deps.as_array().unwrap().len(), 0);
    for id in &visits {
        let row = app.store.appointment(*id).await.unwrap();
        assert_eq!(row.status, "cancelled");
        assert_eq!(row.cancelled_by.as_deref(), Some("patient"));
        let events = app.store.appointment_events(*id).await.unwrap();
        assert_eq!(events.last().unwrap().action, "cancel");
        let messages = app.store.messages_for_appointment(*id).await.unwrap();
        assert!(
            messages
                .iter()
                .any(|m| m.kind == "appointment_cancelled" && m.status == "pending"),
            "the cancellation goes out"
        );
        assert!(
            !messages
                .iter()
                .any(|m| m.kind == "appointment_reminder" && m.status == "pending"),
            "no reminder for a cancelled visit"
        );
    }
    assert_eq!(app.store.appointment(own).await.unwrap().status, "booked");
    // The record of the visits keeps the child's name; no new booking for them.
    let (_, list) = guardian.fetch("my_appointments", &[]).await;
    let named = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["patient_name"] == "Leaving Child")
        .count();
    assert_eq!(named, 2, "{list}");
    let res = book_at(&app, &guardian, &at[0], &[("patient", &child)]).await;
    assert_eq!(res.status(), 404);
}
