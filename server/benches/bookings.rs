//! Booking throughput through the HTTP API: 64 signed-in patients book at once, each
//! with its own list of free times, and one time in ten is asked for by two patients at
//! the same moment (exactly one may get it). Afterwards the database is searched for
//! overlapping visits of one provider or one patient; there must be none.
//!
//! ```text
//! cargo bench -p server --bench bookings                                   # SQLite
//! BOOKING_BENCH_POSTGRES=postgres://postgres:postgres@127.0.0.1:5432/postgres \
//!   cargo bench -p server --bench bookings                                 # PostgreSQL
//! BOOKING_BENCH_POSTGRES=… BOOKING_BENCH_INSTANCES=2 cargo bench -p server --bench bookings
//! ```
//!
//! `BOOKING_BENCH_CLIENTS` (64) and `BOOKING_BENCH_PER_CLIENT` (45; with the shared
//! times a patient stays within the 50 upcoming visits a clinic may allow) set the load. With PostgreSQL the bench makes a
//! database of its own on that server and drops it afterwards. The outbox worker is off,
//! so the figure is the booking itself (its confirmation and reminders are queued in
//! the same transaction, as always).

use app::{
    domain::{booking_policy::BookingPolicy, catalog::Slug, contact::PhoneNumber},
    ssr::{
        demo,
        store::{Store, StoreOptions},
    },
};
use server::{Application, config::Settings};
use std::{
    collections::{HashMap, HashSet},
    sync::Arc,
    time::{Duration, Instant},
};

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn fail(what: impl std::fmt::Display) -> ! {
    panic!("{what}")
}

/// A free time of one provider.
#[derive(Clone, Debug)]
struct Slot {
    service: String,
    branch: String,
    provider: String,
    start: String,
}

#[derive(Default)]
struct Outcome {
    booked: usize,
    taken: usize,
    other: Vec<String>,
    latencies: Vec<Duration>,
}

#[tokio::main]
async fn main() {
    let clients = env_number("BOOKING_BENCH_CLIENTS", 64);
    // 45 of its own and about 5 asked for by two: within the limit of 50 upcoming visits.
    let per_client = env_number("BOOKING_BENCH_PER_CLIENT", 45);
    let instances = env_number("BOOKING_BENCH_INSTANCES", 1).max(1);
    let dir = tempfile::tempdir().unwrap_or_else(|e| fail(e));
    let (url, drop_db) = database(&dir).await;
    let label = if url.starts_with("postgres") {
        format!("PostgreSQL, {instances} instance(s)")
    } else {
        format!("SQLite, {instances} instance(s)")
    };

    let mut bases = Vec::new();
    for _ in 0..instances {
        let vars: HashMap<String, String> = [
            ("CALENTIFY_PORT", "0"),
            ("DATABASE_URL", url.as_str()),
            ("CALENTIFY_SEED_DEMO", "true"),
            ("CALENTIFY_OUTBOX_WORKER", "false"),
            ("CALENTIFY_OTP_SENDS_PER_IP_PER_HOUR", "100000"),
            ("CALENTIFY_LOG", "warn"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let settings = Settings::from_vars(&vars).unwrap_or_else(|e| fail(e));
        let app = Application::build(settings)
            .await
            .unwrap_or_else(|e| fail(e));
        bases.push(format!("http://{}", app.addr()));
        tokio::spawn(app.run(std::future::pending()));
    }

    let store = Store::open(&url, &StoreOptions::default())
        .await
        .unwrap_or_else(|e| fail(e));
    let slug = Slug::parse(demo::DEMO_SLUG).unwrap_or_else(|e| fail(e));
    let clinic = store
        .clinic_by_slug(&slug)
        .await
        .unwrap_or_else(|e| fail(e));
    // A year ahead, no notice, and as many visits per patient as a clinic may allow.
    let policy = BookingPolicy::new(0, 365, 15, 0).unwrap_or_else(|e| fail(e));
    store
        .set_booking_policy(clinic.id, &policy, &[1440], Some(50))
        .await
        .unwrap_or_else(|e| fail(e));

    let started = Instant::now();
    let mut patients = Vec::new();
    for i in 0..clients {
        patients.push(sign_up(&store, &bases[i % bases.len()], i).await);
    }
    let slots = free_times(&store, &bases[0], clinic.id, clients * per_client).await;
    println!(
        "{label}: {} patients signed up and {} free times found in {:.1} s",
        patients.len(),
        slots.len(),
        started.elapsed().as_secs_f64()
    );

    // Client i books slots i, i + clients, …: 64 neighbours in time are spread over 64
    // patients, so one patient's own times never overlap. Every tenth time is also asked
    // for by the client half a round away, whose own times are hours apart from it.
    let mut work: Vec<Vec<Slot>> = vec![Vec::new(); clients];
    for (i, slot) in slots.iter().enumerate() {
        work[i % clients].push(slot.clone());
        if i % 10 == 0 {
            work[(i + clients / 2) % clients].push(slot.clone());
        }
    }
    let asked: usize = work.iter().map(Vec::len).sum();
    let unique = slots.len();

    let started = Instant::now();
    let mut tasks = Vec::new();
    for (client, list) in patients.into_iter().zip(work) {
        tasks.push(tokio::spawn(book_all(client, list)));
    }
    let mut total = Outcome::default();
    for task in tasks {
        let o = task.await.unwrap_or_else(|e| fail(e));
        total.booked += o.booked;
        total.taken += o.taken;
        total.other.extend(o.other);
        total.latencies.extend(o.latencies);
    }
    let secs = started.elapsed().as_secs_f64();
    total.latencies.sort();
    let pct = |p: f64| {
        let i = ((total.latencies.len() as f64 - 1.0) * p).round() as usize;
        total
            .latencies
            .get(i)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    let overlaps = overlaps(&url).await;
    println!(
        "{label}: {asked} requests for {unique} times by {clients} clients in {secs:.2} s: \
         {} booked ({:.0} bookings/s), {} refused as taken, {} other answers; \
         latency p50 {:.1} ms, p99 {:.1} ms; overlapping visits afterwards: {overlaps}",
        total.booked,
        total.booked as f64 / secs,
        total.taken,
        total.other.len(),
        pct(0.5),
        pct(0.99),
    );
    for other in total.other.iter().take(5) {
        println!("  other answer: {other}");
    }
    store.close().await;
    if let Some(drop_db) = drop_db {
        drop_db.await;
    }
    // A 409 may also be the patient's own rule (their upcoming visits, or another visit
    // at that time), so a few times can stay free; none may be given twice.
    println!(
        "{label}: times left free: {}",
        unique.saturating_sub(total.booked)
    );
    assert_eq!(overlaps, 0, "double bookings");
    assert!(total.booked <= unique, "a time was booked twice");
}

type DropDb = std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;

/// A fresh SQLite file, or a fresh database on the PostgreSQL server given.
async fn database(dir: &tempfile::TempDir) -> (String, Option<DropDb>) {
    use sqlx::Connection;
    let Ok(admin) = std::env::var("BOOKING_BENCH_POSTGRES") else {
        return (format!("sqlite://{}/bench.db", dir.path().display()), None);
    };
    let name = format!("calentify_booking_bench_{}", std::process::id());
    let mut conn = sqlx::PgConnection::connect(&admin)
        .await
        .unwrap_or_else(|e| fail(e));
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| fail(e));
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    let url = format!("{base}/{name}");
    let drop_db: DropDb = Box::pin(async move {
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut conn)
            .await;
    });
    (url, Some(drop_db))
}

/// A patient signed in with a phone code, as the sign-in page does it.
async fn sign_up(store: &Store, base: &str, i: usize) -> (reqwest::Client, String) {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_else(|e| fail(e));
    let phone = format!("+96650{:07}", 1_000_000 + i);
    let call = |endpoint: &str, form: Vec<(&str, String)>| {
        client
            .post(format!("{base}/api/{endpoint}"))
            .header("origin", base)
            .header("sec-fetch-site", "same-origin")
            .form(&form)
            .send()
    };
    let res = call(
        "request_code",
        vec![("destination", phone.clone()), ("channel", "sms".into())],
    )
    .await
    .unwrap_or_else(|e| fail(e));
    assert_eq!(res.status(), 200, "request_code");
    let e164 = PhoneNumber::parse(&phone, None).unwrap_or_else(|e| fail(e));
    let messages = store
        .messages_to(e164.as_str(), 1)
        .await
        .unwrap_or_else(|e| fail(e));
    let code = messages
        .first()
        .and_then(|m| m.payload["code"].as_str())
        .unwrap_or_else(|| fail("no code was queued"))
        .to_owned();
    let res = call("verify_code", vec![("code", code)])
        .await
        .unwrap_or_else(|e| fail(e));
    assert_eq!(res.status(), 200, "verify_code");
    let res = call(
        "complete_sign_up",
        vec![
            ("full_name", format!("Bench Patient {i}")),
            ("accept_privacy", "on".into()),
        ],
    )
    .await
    .unwrap_or_else(|e| fail(e));
    assert_eq!(res.status(), 200, "complete_sign_up");
    (client, base.to_owned())
}

/// At least `wanted` free times that do not overlap for their provider: the shortest
/// service's times, one provider at a time, each taken only when it starts after the
/// provider's previous one ends, nearest first.
async fn free_times(
    store: &Store,
    base: &str,
    clinic: app::domain::ids::ClinicId,
    wanted: usize,
) -> Vec<Slot> {
    let catalog = store
        .clinic_catalog(clinic)
        .await
        .unwrap_or_else(|e| fail(e));
    let service = catalog
        .services
        .iter()
        .min_by_key(|s| s.duration_min + s.buffer_before_min + s.buffer_after_min)
        .unwrap_or_else(|| fail("the demo clinic has services"));
    let length = chrono::Duration::minutes(i64::from(
        service.duration_min + service.buffer_before_min + service.buffer_after_min,
    ));
    let client = reqwest::Client::new();
    let mut found: Vec<(chrono::DateTime<chrono::Utc>, Slot)> = Vec::new();
    let mut busy_until: HashMap<String, chrono::DateTime<chrono::Utc>> = HashMap::new();
    let today = chrono::Utc::now().date_naive();
    let earliest = chrono::Utc::now() + chrono::Duration::hours(2);
    for window in 0..6 {
        let from = today + chrono::Days::new(window * 60);
        for provider in &catalog.providers {
            if !provider.service_ids.contains(&service.id) {
                continue;
            }
            for branch in &provider.branch_ids {
                let res = client
                    .get(format!("{base}/api/search_slots"))
                    .query(&[
                        ("slug", demo::DEMO_SLUG.to_owned()),
                        ("service", service.id.to_string()),
                        ("branch", branch.to_string()),
                        ("provider", provider.id.to_string()),
                        ("from", from.to_string()),
                        ("days", "60".to_owned()),
                    ])
                    .send()
                    .await
                    .unwrap_or_else(|e| fail(e));
                let list: Vec<serde_json::Value> = res.json().await.unwrap_or_else(|e| fail(e));
                for s in list {
                    let Some(raw) = s["start"].as_str() else {
                        continue;
                    };
                    let Ok(start) = chrono::DateTime::parse_from_rfc3339(raw) else {
                        continue;
                    };
                    let start = start.with_timezone(&chrono::Utc);
                    // Clear of the run's own duration, so no time passes before it is booked.
                    if start < earliest {
                        continue;
                    }
                    let key = provider.id.to_string();
                    if busy_until.get(&key).is_some_and(|until| start < *until) {
                        continue;
                    }
                    busy_until.insert(key.clone(), start + length);
                    found.push((
                        start,
                        Slot {
                            service: service.id.to_string(),
                            branch: branch.to_string(),
                            provider: key,
                            start: raw.to_owned(),
                        },
                    ));
                }
            }
        }
        if found.len() >= wanted {
            break;
        }
    }
    found.sort_by_key(|(start, _)| *start);
    let mut seen = HashSet::new();
    found
        .into_iter()
        .filter(|(_, s)| seen.insert((s.provider.clone(), s.start.clone())))
        .map(|(_, s)| s)
        .take(wanted)
        .collect()
}

/// One patient books its list one after another, as fast as answers come.
async fn book_all((client, base): (reqwest::Client, String), list: Vec<Slot>) -> Outcome {
    let client = Arc::new(client);
    let mut out = Outcome::default();
    for slot in list {
        let form = [
            ("slug", demo::DEMO_SLUG),
            ("service", slot.service.as_str()),
            ("branch", slot.branch.as_str()),
            ("provider", slot.provider.as_str()),
            ("start", slot.start.as_str()),
        ];
        let asked = Instant::now();
        let res = client
            .post(format!("{base}/api/book_appointment"))
            .header("origin", &base)
            .header("sec-fetch-site", "same-origin")
            .form(&form)
            .send()
            .await;
        out.latencies.push(asked.elapsed());
        match res {
            Ok(r) if r.status() == 200 => out.booked += 1,
            Ok(r) if r.status() == 409 => out.taken += 1,
            Ok(r) => {
                let status = r.status();
                let body = r.text().await.unwrap_or_default();
                out.other.push(format!("{status}: {body}"));
            }
            Err(e) => out.other.push(e.to_string()),
        }
    }
    out
}

/// Active visits that share provider time or patient time with another.
async fn overlaps(url: &str) -> i64 {
    const SQL: &str = "SELECT COUNT(*) FROM appointments a JOIN appointments b \
        ON a.id < b.id AND a.status <> 'cancelled' AND b.status <> 'cancelled' \
        AND ((a.provider_id = b.provider_id \
              AND a.reserved_from < b.reserved_until AND b.reserved_from < a.reserved_until) \
          OR (a.patient_key = b.patient_key \
              AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at))";
    if url.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(url).await.unwrap_or_else(|e| fail(e));
        let n: i64 = sqlx::query_scalar(SQL)
            .fetch_one(&pool)
            .await
            .unwrap_or_else(|e| fail(e));
        pool.close().await;
        n
    } else {
        let pool = sqlx::SqlitePool::connect(url)
            .await
            .unwrap_or_else(|e| fail(e));
        let n: i64 = sqlx::query_scalar(SQL)
            .fetch_one(&pool)
            .await
            .unwrap_or_else(|e| fail(e));
        pool.close().await;
        n
    }
}
