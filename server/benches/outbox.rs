//! Outbox throughput: messages delivered per second through the worker to a local
//! Twilio stand-in, and how long a backlog of due messages takes to drain.
//!
//! `OUTBOX_BENCH_N=100000 cargo bench -p server --bench outbox` (default 20,000).

use app::{
    domain::{catalog::Slug, ids::MessageId, lang::Lang, messaging::Channel},
    ssr::{
        demo,
        store::{NewMessage, Store, StoreOptions},
    },
};
use axum::{Json, http::StatusCode, response::IntoResponse, routing::post};
use server::{Application, config::Settings};
use std::{
    collections::HashMap,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("OUTBOX_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let received = Arc::new(AtomicUsize::new(0));
    let seen = received.clone();
    let router = axum::Router::new().route(
        "/2010-04-01/Accounts/{sid}/Messages.json",
        post(move || {
            let seen = seen.clone();
            async move {
                let i = seen.fetch_add(1, Ordering::Relaxed);
                (
                    StatusCode::CREATED,
                    Json(serde_json::json!({ "sid": format!("SM{i:032x}") })),
                )
                    .into_response()
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let twilio = format!(
        "http://{}",
        listener.local_addr().unwrap_or_else(|e| panic!("{e}"))
    );
    tokio::spawn(async move { axum::serve(listener, router).await });

    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let url = std::env::var("OUTBOX_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}/bench.db", dir.path().display()));
    let store = Store::open(&url, &StoreOptions::default())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    store.migrate().await.unwrap_or_else(|e| panic!("{e}"));
    let now = chrono::Utc::now();
    // Reminders belong to a clinic: the worker reads its allowed channels once a batch.
    demo::seed_if_empty(&store, now)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let clinic = store
        .clinic_by_slug(&Slug::parse(demo::DEMO_SLUG).unwrap_or_else(|e| panic!("{e}")))
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .id;
    let queued = Instant::now();
    for i in 0..n {
        let m = NewMessage {
            id: MessageId(uuid::Uuid::now_v7()),
            idempotency_key: format!("bench:{i}"),
            kind: app::domain::message_kind::MessageKind::AppointmentReminder,
            channel: Channel::Sms,
            recipient: format!("+9665{:08}", i),
            lang: Lang::En,
            payload: serde_json::json!({ "clinic": "Bench", "local_date": "2026-12-01", "local_time": "09:00" }),
            due_at: now,
            user_id: None,
            clinic_id: Some(clinic),
            appointment_id: None,
        };
        store
            .enqueue_message(&m, now)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }
    println!(
        "queued {n} due messages in {:.1} s",
        queued.elapsed().as_secs_f64()
    );

    let vars: HashMap<String, String> = [
        ("CALENTIFY_PORT", "0"),
        ("DATABASE_URL", url.as_str()),
        ("TWILIO_ACCOUNT_SID", "AC0123456789abcdef0123456789abcdef"),
        ("TWILIO_AUTH_TOKEN", "token"),
        ("TWILIO_SMS_FROM", "+15005550006"),
        ("TWILIO_API_BASE", twilio.as_str()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let settings = Settings::from_vars(&vars).unwrap_or_else(|e| panic!("{e}"));
    let app = Application::build(settings)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let started = Instant::now();
    tokio::spawn(app.run(std::future::pending()));
    while received.load(Ordering::Relaxed) < n {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "delivered {n} messages in {secs:.2} s: {:.0} messages/s",
        n as f64 / secs
    );
}
