//! Bookings, moves and cancellations racing each other through the real server: many
//! clients at once either succeed or get a clear 409/422, never a 500, and no visit ends
//! in a state its history contradicts.

use crate::{
    accounts::sign_up_by_phone,
    booking::{book, demo_clinic, id_from, offer},
    on_both_backends,
    support::{Backend, Browser, TestApp, spawn_app},
};
use chrono::{DateTime, Duration, Utc};
use futures::future::join_all;
use std::collections::HashMap;

on_both_backends!(
    sixty_four_clients_booking_different_slots_all_succeed,
    sixty_four_clients_on_neighbouring_slots_get_a_booking_or_a_409,
    a_cancel_racing_a_reschedule_never_revives_the_visit,
    any_provider_goes_to_the_least_booked_free_provider,
);

/// The status check inside the move's own update, made to matter: a cancellation holds
/// the row while the move reads the visit as booked, and commits while the move's
/// update waits for the row. The move must then find nothing to move instead of
/// writing `booked` over the cancellation. PostgreSQL only: SQLite queues whole writing
/// transactions (`BEGIN IMMEDIATE`), so nothing can commit between the move's read and
/// its update.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_move_that_read_the_visit_before_a_cancel_committed_does_not_revive_it() {
    let app = spawn_app(Backend::Postgres).await;
    let (service, branch, provider) = offer(&app).await;
    let patient = &patients(&app, 1, 400).await[0];
    let held = held_minutes(&app, &service).await;
    let free = free_starts(patient, (&service, &branch), &provider, 40).await;
    let times = apart(&free, held, Utc::now() + Duration::days(2), 2);
    let res = book(patient, (&service, &branch), &provider, &times[0], &[]).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let id = id_from(&res);

    let pool = sqlx::PgPool::connect(&app.db.url).await.unwrap();
    let mut cancel = pool.begin().await.unwrap();
    sqlx::query("UPDATE appointments SET status = 'cancelled' WHERE id = $1::uuid")
        .bind(&id)
        .execute(&mut *cancel)
        .await
        .unwrap();
    let form = [("id", id.as_str()), ("start", times[1].as_str())];
    let commit_once_the_move_waits = async {
        let mut waited = false;
        for _ in 0..400 {
            let waiting: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM pg_stat_activity \
                 WHERE datname = current_database() AND wait_event_type = 'Lock'",
            )
            .fetch_one(&pool)
            .await
            .unwrap();
            if waiting > 0 {
                waited = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        cancel.commit().await.unwrap();
        waited
    };
    let (moved, waited) = tokio::join!(
        patient.call("reschedule_appointment", &form),
        commit_once_the_move_waits
    );
    assert!(waited, "the move never waited for the cancellation's row");
    let status = moved.status().as_u16();
    assert_eq!(status, 422, "{}", moved.text().await.unwrap());
    let row = app.store.appointment(id.parse().unwrap()).await.unwrap();
    assert_eq!(row.status, "cancelled");
    assert_eq!(row.starts_at.to_rfc3339(), times[0]);
}

/// Free starts of one provider (or `any`) over the next `days` days.
pub(crate) async fn free_starts(
    b: &Browser,
    (service, branch): (&str, &str),
    provider: &str,
    days: u32,
) -> Vec<DateTime<Utc>> {
    let days = days.to_string();
    let (status, body) = b
        .fetch(
            "search_slots",
            &[
                ("slug", "nakheel"),
                ("service", service),
                ("branch", branch),
                ("provider", provider),
                ("days", &days),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    body.as_array()
        .unwrap()
        .iter()
        .map(|s| s["start"].as_str().unwrap().parse().unwrap())
        .collect()
}

/// How long one visit of `service` holds its provider, buffers included.
pub(crate) async fn held_minutes(app: &TestApp, service: &str) -> i64 {
    let catalog = app
        .store
        .clinic_catalog(demo_clinic(app).await)
        .await
        .unwrap();
    let s = catalog
        .services
        .iter()
        .find(|s| s.id.to_string() == service)
        .unwrap();
    i64::from(s.duration_min + s.buffer_before_min + s.buffer_after_min)
}

/// `n` free starts, none of whose reservations overlap another's, all after `after`.
pub(crate) fn apart(
    starts: &[DateTime<Utc>],
    held: i64,
    after: DateTime<Utc>,
    n: usize,
) -> Vec<String> {
    let mut out: Vec<DateTime<Utc>> = Vec::new();
    for &s in starts.iter().filter(|s| **s > after) {
        if out
            .last()
            .is_none_or(|last| s >= *last + Duration::minutes(held))
        {
            out.push(s);
        }
    }
    assert!(out.len() >= n, "only {} separate free times", out.len());
    out.truncate(n);
    out.into_iter().map(|s| s.to_rfc3339()).collect()
}

pub(crate) async fn patients(app: &TestApp, n: usize, first: u32) -> Vec<Browser> {
    let mut out = Vec::new();
    for i in 0..n {
        let phone = format!("+9665012{:05}", first as usize + i);
        out.push(sign_up_by_phone(app, &phone, "Race Patient").await);
    }
    out
}

/// 64 bookings at once on 64 separate times (16 patients, four each): every one is
/// booked. PostgreSQL used to answer some with a 500 after a deadlock between the
/// exclusion checks.
async fn sixty_four_clients_booking_different_slots_all_succeed(backend: Backend) {
    let app = spawn_app(backend).await;
    let (service, branch, provider) = offer(&app).await;
    let people = patients(&app, 16, 100).await;
    let held = held_minutes(&app, &service).await;
    let free = free_starts(&people[0], (&service, &branch), &provider, 40).await;
    let times = apart(&free, held, Utc::now(), 64);
    let attempts = times.iter().enumerate().map(|(i, start)| {
        let b = &people[i % people.len()];
        let (service, branch, provider) = (&service, &branch, &provider);
        async move {
            let res = book(b, (service, branch), provider, start, &[]).await;
            let status = res.status().as_u16();
            (status, res.text().await.unwrap_or_default())
        }
    });
    let results = join_all(attempts).await;
    let failed: Vec<_> = results.iter().filter(|(s, _)| *s != 200).collect();
    assert!(
        failed.is_empty(),
        "{} of 64 failed: {failed:?}",
        failed.len()
    );
    let rows = app
        .store
        .busy_intervals(
            demo_clinic(&app).await,
            Utc::now(),
            Utc::now() + Duration::days(60),
        )
        .await
        .unwrap();
    assert_eq!(rows.len(), 64);
}

/// 64 bookings at once on 64 neighbouring times of one provider, which overlap one
/// another: each answer is a booking or a 409, and the provider's day holds no overlap.
async fn sixty_four_clients_on_neighbouring_slots_get_a_booking_or_a_409(backend: Backend) {
    let app = spawn_app(backend).await;
    let (service, branch, provider) = offer(&app).await;
    let people = patients(&app, 16, 200).await;
    let free = free_starts(&people[0], (&service, &branch), &provider, 14).await;
    let times: Vec<String> = free.iter().take(64).map(DateTime::to_rfc3339).collect();
    let attempts = (0..64).map(|i| {
        let b = &people[i % people.len()];
        let start = &times[i % times.len()];
        let (service, branch, provider) = (&service, &branch, &provider);
        async move {
            let res = book(b, (service, branch), provider, start, &[]).await;
            let status = res.status().as_u16();
            (status, res.text().await.unwrap_or_default())
        }
    });
    let results = join_all(attempts).await;
    let mut booked = 0;
    for (status, body) in &results {
        match status {
            200 => booked += 1,
            409 => assert!(
                body.contains("slot_taken") || body.contains("patient_busy"),
                "{body}"
            ),
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert!(booked >= 1, "{results:?}");
    let mut rows = app
        .store
        .busy_intervals(
            demo_clinic(&app).await,
            Utc::now(),
            Utc::now() + Duration::days(30),
        )
        .await
        .unwrap();
    assert_eq!(rows.len(), booked);
    rows.sort_by_key(|r| r.reserved_from);
    for pair in rows.windows(2) {
        assert!(pair[0].reserved_until <= pair[1].reserved_from, "{pair:?}");
    }
}

/// 30 visits, each cancelled and moved at the same moment. Whichever comes first, a
/// cancelled visit stays cancelled: it is where the answers say it is (moved only if the
/// move answered 200, which then came first) and none of its reminders is still waiting
/// to go out. (History entries carry each request's own time, so their order does not
/// tell which committed first.)
async fn a_cancel_racing_a_reschedule_never_revives_the_visit(backend: Backend) {
    let app = spawn_app(backend).await;
    let (service, branch, provider) = offer(&app).await;
    let people = patients(&app, 10, 300).await;
    let held = held_minutes(&app, &service).await;
    let free = free_starts(&people[0], (&service, &branch), &provider, 40).await;
    // Beyond the demo clinic's 24-hour cutoff, so the patient may still do both.
    let times = apart(&free, held, Utc::now() + Duration::days(2), 60);
    let mut visits = Vec::new();
    for (i, start) in times[..30].iter().enumerate() {
        let b = &people[i % people.len()];
        let res = book(b, (&service, &branch), &provider, start, &[]).await;
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
        visits.push((
            i % people.len(),
            id_from(&res),
            start.clone(),
            times[30 + i].clone(),
        ));
    }
    let races = visits.iter().map(|(who, id, _, target)| {
        let b = &people[*who];
        async move {
            let cancel_form = [("id", id.as_str()), ("reason", "race")];
            let move_form = [("id", id.as_str()), ("start", target.as_str())];
            let (cancel, moved) = tokio::join!(
                b.call("cancel_appointment", &cancel_form),
                b.call("reschedule_appointment", &move_form),
            );
            (cancel.status().as_u16(), moved.status().as_u16())
        }
    });
    let answers = join_all(races).await;
    let mut outcomes: HashMap<&str, usize> = HashMap::new();
    for ((_, id, first, target), (cancel, moved)) in visits.iter().zip(&answers) {
        assert!(matches!(cancel, 200 | 422), "cancel answered {cancel}");
        assert!(matches!(moved, 200 | 422), "reschedule answered {moved}");
        let appointment: app::domain::ids::AppointmentId = id.parse().unwrap();
        let row = app.store.appointment(appointment).await.unwrap();
        let events = app.store.appointment_events(appointment).await.unwrap();
        let where_now = row.starts_at.to_rfc3339();
        let expected_place = if *moved == 200 { target } else { first };
        assert_eq!(&where_now, expected_place, "{events:?}");
        match events.iter().find(|e| e.action == "cancel") {
            Some(_) => {
                assert_eq!(
                    row.status, "cancelled",
                    "revived after a cancel: {events:?}"
                );
                assert_eq!(*cancel, 200);
                let waiting = app
                    .store
                    .messages_for_appointment(appointment)
                    .await
                    .unwrap()
                    .into_iter()
                    .filter(|m| m.kind == "appointment_reminder" && m.status == "pending")
                    .count();
                assert_eq!(waiting, 0, "a cancelled visit keeps no reminder");
                *outcomes.entry("cancelled").or_default() += 1;
            }
            None => {
                assert_eq!(row.status, "booked", "{events:?}");
                assert_ne!(*cancel, 200, "a cancel that answered 200 must show");
                *outcomes.entry("moved").or_default() += 1;
            }
        }
    }
    assert_eq!(outcomes.values().sum::<usize>(), 30, "{outcomes:?}");
}

async fn share_hours(
    app: &TestApp,
    backend: Backend,
    from: app::domain::ids::ProviderId,
    to: app::domain::ids::ProviderId,
    branch: app::domain::ids::BranchId,
) {
    let link = "INSERT INTO provider_branches (provider_id, branch_id) VALUES ($1, $2)";
    // A catalogue change written by hand moves the generation as the store's writes do,
    // or the server would go on using the catalogue it keeps.
    let bump = "UPDATE catalog_generation SET generation = generation + 1 WHERE id = 1";
    let copy = |new_id: &str| {
        format!(
            "INSERT INTO working_hours (id, provider_id, branch_id, weekday, start_minute, end_minute) \
             SELECT {new_id}, $1, branch_id, weekday, start_minute, end_minute FROM working_hours \
             WHERE provider_id = $2 AND branch_id = $3"
        )
    };
    match backend {
        Backend::Sqlite => {
            let pool = sqlx::SqlitePool::connect(&app.db.url).await.unwrap();
            sqlx::query(link)
                .bind(to.0)
                .bind(branch.0)
                .execute(&pool)
                .await
                .unwrap();
            sqlx::query(&copy("randomblob(16)"))
                .bind(to.0)
                .bind(from.0)
                .bind(branch.0)
                .execute(&pool)
                .await
                .unwrap();
            sqlx::query(bump).execute(&pool).await.unwrap();
        }
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(&app.db.url).await.unwrap();
            sqlx::query(link)
                .bind(to.0)
                .bind(branch.0)
                .execute(&pool)
                .await
                .unwrap();
            sqlx::query(&copy("gen_random_uuid()"))
                .bind(to.0)
                .bind(from.0)
                .bind(branch.0)
                .execute(&pool)
                .await
                .unwrap();
            sqlx::query(bump).execute(&pool).await.unwrap();
        }
    }
}

/// "Anyone available" books the free provider with the fewest bookings that fortnight.
/// Booking at times when every provider of the service is free, one after another, the
/// chosen provider always had the least load, so the bookings alternate.
async fn any_provider_goes_to_the_least_booked_free_provider(backend: Backend) {
    let app = spawn_app(backend).await;
    let clinic = demo_clinic(&app).await;
    let catalog = app.store.clinic_catalog(clinic).await.unwrap();
    let (service, branch, _) = offer(&app).await;
    // The demo clinic has one provider per service and branch: another provider of the
    // same service (from the other city) takes the same hours at this branch too.
    let first = &catalog.providers[0];
    let other = catalog
        .providers
        .iter()
        .find(|p| p.id != first.id && p.service_ids.contains(&first.service_ids[0]))
        .unwrap();
    share_hours(&app, backend, first.id, other.id, first.branch_ids[0]).await;
    let team = vec![first.id.to_string(), other.id.to_string()];
    assert!(team.len() >= 2, "the demo service has several providers");
    let people = patients(&app, 2, 400).await;
    let held = held_minutes(&app, &service).await;
    let mut used: Vec<DateTime<Utc>> = Vec::new();
    for round in 0..6 {
        // A time every provider is free at, clear of the earlier bookings.
        let mut common: Option<Vec<DateTime<Utc>>> = None;
        for p in &team {
            let mine = free_starts(&people[0], (&service, &branch), p, 4).await;
            common = Some(match common {
                None => mine,
                Some(c) => c.into_iter().filter(|t| mine.contains(t)).collect(),
            });
        }
        let start = common
            .unwrap()
            .into_iter()
            .find(|t| used.iter().all(|u| (*t - *u).num_minutes().abs() >= held))
            .expect("a time when the whole team is free");
        used.push(start);
        let load: HashMap<String, i64> = app
            .store
            .provider_load(clinic, start - Duration::days(7), start + Duration::days(7))
            .await
            .unwrap()
            .into_iter()
            .map(|(p, n)| (p.to_string(), n))
            .collect();
        let least = team
            .iter()
            .map(|p| load.get(p).copied().unwrap_or(0))
            .min()
            .unwrap();
        let b = &people[round % people.len()];
        let res = book(b, (&service, &branch), "any", &start.to_rfc3339(), &[]).await;
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
        let row = app
            .store
            .appointment(id_from(&res).parse().unwrap())
            .await
            .unwrap();
        let chosen = row.provider_id.to_string();
        assert_eq!(
            load.get(&chosen).copied().unwrap_or(0),
            least,
            "round {round}: booked a provider with more bookings than another free one ({load:?})"
        );
    }
    let after = app
        .store
        .provider_load(clinic, Utc::now(), Utc::now() + Duration::days(30))
        .await
        .unwrap();
    let counts: Vec<i64> = team
        .iter()
        .map(|p| {
            after
                .iter()
                .find(|(id, _)| id.to_string() == *p)
                .map_or(0, |(_, n)| *n)
        })
        .collect();
    let (lo, hi) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
    assert!(hi - lo <= 1, "bookings spread across the team: {counts:?}");
}
