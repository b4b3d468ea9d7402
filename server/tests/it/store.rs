//! The store contract: the same expectations, checked on SQLite and on PostgreSQL.

use crate::{
    on_both_backends,
    support::{Backend, TestDb},
};
use app::{
    domain::{
        booking_policy::{BookingPolicy, PolicyField},
        catalog::Slug,
        text::Localized,
    },
    ssr::{demo, store::StoreError},
};
use chrono::{NaiveDate, TimeZone, Utc};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap()
}

async fn migrations_create_an_empty_schema_and_the_demo_seeds_once(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await;
    store.ping().await.unwrap();
    assert_eq!(store.clinic_count().await.unwrap(), 0);
    assert!(demo::seed_if_empty(&store, now()).await.unwrap());
    assert!(!demo::seed_if_empty(&store, now()).await.unwrap());
    assert_eq!(store.clinic_count().await.unwrap(), 1);
    // Opening again re-runs migrations harmlessly.
    let again = db.store().await;
    assert_eq!(again.clinic_count().await.unwrap(), 1);
}

async fn a_seeded_catalog_reads_back_exactly(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await;
    let seed = demo::demo_catalog(now()).unwrap();
    store.insert_catalog(&seed).await.unwrap();

    let clinic = store.clinic_by_slug(&seed.clinic.slug).await.unwrap();
    assert_eq!(clinic, seed.clinic);
    assert_eq!(store.clinic(clinic.id).await.unwrap(), seed.clinic);

    let catalog = store.clinic_catalog(clinic.id).await.unwrap();
    assert_eq!(catalog.branches, seed.branches);
    assert_eq!(catalog.categories, seed.categories);
    assert_eq!(catalog.services, seed.services);
    let mut expected = seed.providers.clone();
    for p in &mut expected {
        p.branch_ids.sort();
        p.service_ids.sort();
    }
    assert_eq!(catalog.providers, expected);

    let mut hours = store.working_hours(clinic.id).await.unwrap();
    let mut seeded = seed.hours.clone();
    let key = |h: &app::domain::catalog::WorkingHours| {
        (h.provider_id, h.weekday.number_from_monday(), h.start)
    };
    hours.sort_by_key(key);
    seeded.sort_by_key(key);
    assert_eq!(hours, seeded);

    let summaries = store.clinic_summaries().await.unwrap();
    assert_eq!(summaries.len(), 1);
    assert_eq!(summaries[0].branches.len(), 2);
}

async fn exceptions_are_selected_by_the_days_they_touch(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await;
    let seed = demo::demo_catalog(now()).unwrap();
    store.insert_catalog(&seed).await.unwrap();
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();

    // Leave is seeded for days 10..=12 after `now` (5-7 December).
    let touching = store
        .schedule_exceptions(seed.clinic.id, day(12, 7), day(12, 20))
        .await
        .unwrap();
    assert!(
        touching
            .iter()
            .any(|e| e.reason == Localized::new("Annual leave", "إجازة سنوية"))
    );
    let before = store
        .schedule_exceptions(seed.clinic.id, day(11, 26), day(12, 4))
        .await
        .unwrap();
    assert!(before.iter().all(|e| e.reason.en != "Annual leave"));
    let all = store
        .schedule_exceptions(
            seed.clinic.id,
            day(1, 1),
            NaiveDate::from_ymd_opt(2028, 1, 1).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(all.len(), seed.exceptions.len());
    let extra = all.iter().find(|e| e.kind.adds_time()).unwrap();
    assert_eq!(extra.start.map(|m| m.to_hhmm()), Some("18:00".to_owned()));
}

async fn an_unknown_slug_is_not_found(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await;
    let slug = Slug::parse("nobody-here").unwrap();
    assert!(matches!(
        store.clinic_by_slug(&slug).await,
        Err(StoreError::NotFound)
    ));
}

async fn a_failed_catalog_insert_leaves_nothing_behind(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await;
    let first = demo::demo_catalog(now()).unwrap();
    store.insert_catalog(&first).await.unwrap();

    // Same slug: the clinic row fails after nothing else was written; then a catalogue
    // whose last provider row is invalid fails half way. Neither may leave rows behind.
    let duplicate = demo::demo_catalog(now()).unwrap();
    assert!(store.insert_catalog(&duplicate).await.is_err());

    let mut broken = demo::demo_catalog(now()).unwrap();
    broken.clinic.slug = Slug::parse("another-clinic").unwrap();
    if let Some(last) = broken.providers.last_mut() {
        last.name = Localized::new("  ", "  ");
    }
    assert!(store.insert_catalog(&broken).await.is_err());

    assert_eq!(store.clinic_count().await.unwrap(), 1);
    let summaries = store.clinic_summaries().await.unwrap();
    assert_eq!(summaries[0].branches.len(), 2, "no stray branches");
}

/// The policy's ranges are the database's: both ends of every field's range are stored
/// and read back unchanged, and one past an end never becomes a policy.
async fn booking_policies_at_the_ends_of_their_ranges_are_stored_and_read_back(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await;
    let seed = demo::demo_catalog(now()).unwrap();
    store.insert_catalog(&seed).await.unwrap();
    for field in PolicyField::ALL {
        let with = |value: i32| {
            let mut v = [0, 1, 5, 0];
            v[field as usize] = value;
            BookingPolicy::new(v[0], v[1], v[2], v[3])
        };
        for value in [*field.range().start(), *field.range().end()] {
            let policy = with(value).unwrap();
            store
                .set_booking_policy(seed.clinic.id, &policy, &[60], None)
                .await
                .unwrap();
            assert_eq!(store.clinic_policy(seed.clinic.id).await.unwrap(), policy);
        }
        for outside in [field.range().start() - 1, field.range().end() + 1] {
            assert_eq!(with(outside).unwrap_err().field(), field);
        }
    }
}

on_both_backends!(
    booking_policies_at_the_ends_of_their_ranges_are_stored_and_read_back,
    migrations_create_an_empty_schema_and_the_demo_seeds_once,
    a_seeded_catalog_reads_back_exactly,
    exceptions_are_selected_by_the_days_they_touch,
    an_unknown_slug_is_not_found,
    a_failed_catalog_insert_leaves_nothing_behind,
);
