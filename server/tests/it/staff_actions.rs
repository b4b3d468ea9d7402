//! The clinic runs its day over HTTP: the day list per role, and confirm, check-in,
//! complete and no-show by the staff allowed to, each recorded in the appointment's
//! history, completion queueing the follow-up message.

use crate::{
    access_matrix::{book_with, provider_of},
    accounts::{sign_up_by_phone, staff::sign_in_by_email},
    on_both_backends,
    support::{Backend, Browser, spawn_app_with_clock},
};
use app::domain::ids::AppointmentId;
use chrono::Duration;
use serde_json::Value;

async fn act(b: &Browser, a: AppointmentId, action: &str) {
    let res = b
        .call(
            "update_appointment",
            &[("id", &a.to_string()), ("action", action)],
        )
        .await;
    assert_eq!(res.status(), 200, "{action}: {}", res.text().await.unwrap());
}

async fn day_of(b: &Browser, date: &str) -> (u16, Vec<String>) {
    let (status, body) = b
        .fetch("clinic_day", &[("slug", "nakheel"), ("date", date)])
        .await;
    let ids = body[1]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|a| a["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    (status, ids)
}

async fn the_front_desk_and_the_provider_run_the_day_and_the_follow_up_is_queued(backend: Backend) {
    let app = spawn_app_with_clock(backend, &[]).await;
    let patient = sign_up_by_phone(&app, "+966501118001", "Day Patient").await;
    let sara = provider_of(&app, "sara@nakheel.example").await;
    let after = app.clock.now() + Duration::days(1);
    let (visit, start) = book_with(&app, &patient, sara, after, &[]).await;
    let (missed, missed_start) =
        book_with(&app, &patient, sara, start + Duration::hours(1), &[]).await;
    let (_, details) = patient
        .fetch("get_appointment", &[("id", &visit.to_string())])
        .await;
    let date = details["summary"]["local_date"]
        .as_str()
        .unwrap()
        .to_owned();

    // The day list: the whole clinic for the front desk and the owner, the provider's
    // own column for providers.
    let reception = sign_in_by_email(&app, "reception@nakheel.example").await;
    let owner = sign_in_by_email(&app, "owner@nakheel.example").await;
    let provider = sign_in_by_email(&app, "sara@nakheel.example").await;
    let colleague = sign_in_by_email(&app, "khalid@nakheel.example").await;
    for (who, b) in [
        ("reception", &reception),
        ("owner", &owner),
        ("its provider", &provider),
    ] {
        let (status, ids) = day_of(b, &date).await;
        assert_eq!(status, 200, "{who}");
        assert!(ids.contains(&visit.to_string()), "{who}: {ids:?}");
    }
    let (status, ids) = day_of(&colleague, &date).await;
    assert_eq!(status, 200);
    assert!(!ids.contains(&visit.to_string()), "{ids:?}");
    assert_eq!(day_of(&patient, &date).await.0, 404);

    // The front desk confirms and checks the patient in; the provider completes.
    act(&reception, visit, "confirm").await;
    act(&reception, visit, "check_in").await;
    let completed_at = app.clock.now();
    act(&provider, visit, "complete").await;

    let (_, details) = owner
        .fetch("get_appointment", &[("id", &visit.to_string())])
        .await;
    assert_eq!(details["summary"]["status"], "completed");
    let steps: Vec<(Value, Value)> = details["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["actor"].clone(), e["action"].clone()))
        .collect();
    assert_eq!(
        steps,
        [
            ("patient", "booked"),
            ("clinic", "confirm"),
            ("clinic", "check_in"),
            ("clinic", "complete"),
        ]
        .map(|(a, b)| (Value::from(a), Value::from(b)))
    );
    let events = app.store.appointment_events(visit).await.unwrap();
    let statuses: Vec<(Option<&str>, Option<&str>)> = events
        .iter()
        .skip(1)
        .map(|e| {
            let name = |s: Option<app::domain::booking::AppointmentStatus>| s.map(|s| s.as_str());
            (name(e.from_status), name(e.to_status))
        })
        .collect();
    assert_eq!(
        statuses,
        [
            (Some("booked"), Some("confirmed")),
            (Some("confirmed"), Some("checked_in")),
            (Some("checked_in"), Some("completed")),
        ]
    );
    // Completing the visit queued the follow-up, due two hours later, for the patient.
    let messages = app.store.messages_for_appointment(visit).await.unwrap();
    let follow_up = messages
        .iter()
        .find(|m| m.kind == "appointment_follow_up")
        .expect("the follow-up is queued");
    assert_eq!(follow_up.status, "pending");
    assert_eq!(follow_up.recipient, "+966501118001");
    let off = follow_up.due_at - (completed_at + Duration::hours(2));
    assert!(off.num_milliseconds().abs() < 1000, "{off}");

    // A no-show is recorded once the visit has started, and not before.
    let early = reception
        .call(
            "update_appointment",
            &[("id", &missed.to_string()), ("action", "no_show")],
        )
        .await;
    assert_eq!(early.status(), 422);
    app.clock
        .advance(missed_start - app.clock.now() + Duration::minutes(15));
    act(&reception, missed, "no_show").await;
    let row = app.store.appointment(missed).await.unwrap();
    assert_eq!(row.status, "no_show");
    let pending_reminders = app
        .store
        .messages_for_appointment(missed)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.kind == "appointment_reminder" && m.status == "pending")
        .count();
    assert_eq!(pending_reminders, 0, "a missed visit is not reminded");

    // Each change is in the patient's access log under the staff member's name.
    let (_, log) = patient.fetch("list_access_to_me", &[]).await;
    let by = |who: &str, action: &str| {
        log.as_array()
            .unwrap()
            .iter()
            .any(|e| e["who"] == who && e["action"] == action)
    };
    assert!(by("Noura Al-Saud", "check_in"), "{log}");
    assert!(by("Dr. Sara Al-Qahtani", "complete"), "{log}");
}

on_both_backends!(the_front_desk_and_the_provider_run_the_day_and_the_follow_up_is_queued);
