//! The booking rules the database enforces, checked on SQLite and PostgreSQL without the
//! HTTP layer: no two active appointments of a provider overlap (buffers included), a
//! patient is never booked twice at once, retries with the same key book once.

use crate::{
    on_both_backends,
    support::{Backend, TestDb},
};
use app::{
    domain::{
        booking::{ActorKind, AppointmentStatus},
        history::Change,
        identity::VerifiedIdentity,
        ids::{AppointmentId, UserId},
    },
    ssr::{
        demo,
        store::{AppointmentEvent, BookingConflict, CatalogSeed, NewAppointment, NewUser, Store},
    },
};
use chrono::{DateTime, Duration, TimeZone, Utc};
use std::sync::Arc;

fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 6, h, m, 0).unwrap()
}

async fn setup(backend: Backend) -> (TestDb, Store, CatalogSeed) {
    let db = TestDb::new(backend).await;
    let store = db.store().await;
    let seed = demo::demo_catalog(Utc::now()).unwrap();
    store.insert_catalog(&seed).await.unwrap();
    (db, store, seed)
}

async fn patient(store: &Store, phone: &str) -> UserId {
    let identity =
        VerifiedIdentity::phone(app::domain::contact::PhoneNumber::parse(phone, None).unwrap());
    store
        .create_user(
            &NewUser {
                full_name: "P".into(),
                lang: app::domain::lang::Lang::En,
                privacy_version: "v".into(),
            },
            &identity,
            Utc::now(),
        )
        .await
        .unwrap()
}

fn appointment(
    seed: &CatalogSeed,
    who: UserId,
    start: DateTime<Utc>,
    minutes: i64,
    buffer_after: i64,
) -> NewAppointment {
    let p = &seed.providers[0];
    NewAppointment {
        id: AppointmentId(uuid::Uuid::now_v7()),
        clinic_id: seed.clinic.id,
        branch_id: p.branch_ids[0],
        provider_id: p.id,
        service_id: p.service_ids[0],
        booked_by: who,
        dependent_id: None,
        starts_at: start,
        ends_at: start + Duration::minutes(minutes),
        reserved_from: start,
        reserved_until: start + Duration::minutes(minutes + buffer_after),
        idempotency_key: None,
        note: None,
    }
}

fn booked(now: DateTime<Utc>) -> AppointmentEvent {
    AppointmentEvent {
        at: now,
        actor_id: None,
        actor_kind: ActorKind::Patient,
        action: Change::Booked,
        from_status: None,
        to_status: Some(AppointmentStatus::Booked),
        old_starts_at: None,
        new_starts_at: None,
        reason: None,
    }
}

async fn overlapping_reservations_of_a_provider_are_refused(backend: Backend) {
    let (_db, store, seed) = setup(backend).await;
    let a = patient(&store, "+966501234567").await;
    let b = patient(&store, "+966501234568").await;
    let now = Utc::now();
    store
        .book(
            &appointment(&seed, a, at(9, 0), 20, 5),
            &booked(now),
            &[],
            now,
        )
        .await
        .unwrap();
    // 09:20 overlaps the 5-minute buffer after the first visit.
    let clash = store
        .book(
            &appointment(&seed, b, at(9, 20), 20, 0),
            &booked(now),
            &[],
            now,
        )
        .await;
    assert!(
        matches!(clash, Err(BookingConflict::SlotTaken)),
        "{clash:?}"
    );
    // 09:25 is free: half-open intervals touch without overlapping.
    store
        .book(
            &appointment(&seed, b, at(9, 25), 20, 0),
            &booked(now),
            &[],
            now,
        )
        .await
        .unwrap();
}

async fn a_patient_cannot_be_in_two_places_at_once(backend: Backend) {
    let (_db, store, seed) = setup(backend).await;
    let a = patient(&store, "+966501234567").await;
    let now = Utc::now();
    store
        .book(
            &appointment(&seed, a, at(9, 0), 30, 0),
            &booked(now),
            &[],
            now,
        )
        .await
        .unwrap();
    let mut other = appointment(&seed, a, at(9, 15), 30, 0);
    other.provider_id = seed.providers[1].id;
    let clash = store.book(&other, &booked(now), &[], now).await;
    assert!(
        matches!(clash, Err(BookingConflict::PatientBusy)),
        "{clash:?}"
    );
}

async fn a_retried_submission_returns_the_first_booking(backend: Backend) {
    let (_db, store, seed) = setup(backend).await;
    let a = patient(&store, "+966501234567").await;
    let now = Utc::now();
    let mut first = appointment(&seed, a, at(10, 0), 20, 0);
    first.idempotency_key = Some("form-123".into());
    let id = store.book(&first, &booked(now), &[], now).await.unwrap();
    let mut again = appointment(&seed, a, at(11, 0), 20, 0);
    again.idempotency_key = Some("form-123".into());
    assert_eq!(
        store.book(&again, &booked(now), &[], now).await.unwrap(),
        id
    );
    assert_eq!(store.appointments_booked_by(a).await.unwrap().len(), 1);
}

async fn two_hundred_concurrent_bookings_of_one_slot_succeed_once(backend: Backend) {
    let (_db, store, seed) = setup(backend).await;
    let seed = Arc::new(seed);
    let mut people = Vec::new();
    for i in 0..200 {
        people.push(patient(&store, &format!("+9665012{i:05}")).await);
    }
    let now = Utc::now();
    let mut tasks = Vec::new();
    for (i, who) in people.into_iter().enumerate() {
        let store = store.clone();
        let seed = seed.clone();
        // Overlapping, not identical, times: 09:00, 09:01, … 09:09.
        let start = at(9, (i % 10) as u32);
        tasks.push(tokio::spawn(async move {
            store
                .book(
                    &appointment(&seed, who, start, 20, 5),
                    &booked(now),
                    &[],
                    now,
                )
                .await
        }));
    }
    let mut ok = 0;
    let mut taken = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(BookingConflict::SlotTaken) => taken += 1,
            Err(e) => panic!("unexpected: {e:?}"),
        }
    }
    assert_eq!((ok, taken), (1, 199));
}

async fn moving_onto_a_taken_time_is_refused_and_keeps_history(backend: Backend) {
    let (_db, store, seed) = setup(backend).await;
    let a = patient(&store, "+966501234567").await;
    let b = patient(&store, "+966501234568").await;
    let now = Utc::now();
    let first = store
        .book(
            &appointment(&seed, a, at(9, 0), 20, 0),
            &booked(now),
            &[],
            now,
        )
        .await
        .unwrap();
    let second = store
        .book(
            &appointment(&seed, b, at(10, 0), 20, 0),
            &booked(now),
            &[],
            now,
        )
        .await
        .unwrap();
    let moved = AppointmentEvent {
        action: Change::Rescheduled,
        old_starts_at: Some(at(10, 0)),
        new_starts_at: Some(at(9, 10)),
        ..booked(now)
    };
    let clash = store
        .reschedule(
            second,
            at(9, 10),
            at(9, 30),
            at(9, 10),
            at(9, 30),
            &moved,
            &[],
            &[],
            now,
        )
        .await;
    assert!(
        matches!(clash, Err(BookingConflict::SlotTaken)),
        "{clash:?}"
    );
    // A move that only overlaps itself is fine.
    let moved = AppointmentEvent {
        new_starts_at: Some(at(10, 10)),
        ..moved
    };
    store
        .reschedule(
            second,
            at(10, 10),
            at(10, 30),
            at(10, 10),
            at(10, 30),
            &moved,
            &[],
            &[],
            now,
        )
        .await
        .unwrap();
    let row = store.appointment(second).await.unwrap();
    assert_eq!(row.starts_at, at(10, 10));
    let events = store.appointment_events(second).await.unwrap();
    assert_eq!(events.last().unwrap().old_starts_at, Some(at(10, 0)));
    assert_eq!(store.appointment(first).await.unwrap().starts_at, at(9, 0));
}

async fn cancelled_appointments_free_their_time(backend: Backend) {
    let (_db, store, seed) = setup(backend).await;
    let a = patient(&store, "+966501234567").await;
    let b = patient(&store, "+966501234568").await;
    let now = Utc::now();
    let id = store
        .book(
            &appointment(&seed, a, at(9, 0), 20, 0),
            &booked(now),
            &[],
            now,
        )
        .await
        .unwrap();
    let cancel = AppointmentEvent {
        action: Change::Cancel,
        from_status: Some(AppointmentStatus::Booked),
        to_status: Some(AppointmentStatus::Cancelled),
        ..booked(now)
    };
    assert!(
        store
            .set_appointment_status(
                id,
                "booked",
                "cancelled",
                Some("patient"),
                None,
                &cancel,
                &[],
                &[],
                now
            )
            .await
            .unwrap()
    );
    assert!(
        !store
            .set_appointment_status(
                id,
                "booked",
                "cancelled",
                Some("patient"),
                None,
                &cancel,
                &[],
                &[],
                now
            )
            .await
            .unwrap(),
        "no lost update"
    );
    store
        .book(
            &appointment(&seed, b, at(9, 0), 20, 0),
            &booked(now),
            &[],
            now,
        )
        .await
        .unwrap();
}

on_both_backends!(
    overlapping_reservations_of_a_provider_are_refused,
    a_patient_cannot_be_in_two_places_at_once,
    a_retried_submission_returns_the_first_booking,
    two_hundred_concurrent_bookings_of_one_slot_succeed_once,
    moving_onto_a_taken_time_is_refused_and_keeps_history,
    cancelled_appointments_free_their_time,
);
