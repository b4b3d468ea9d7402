//! Delivery under failure: the server process killed in the middle of 1,000 due
//! messages, then restarted; two server processes draining one PostgreSQL outbox. The
//! local Twilio stand-in counts what arrives: nothing may arrive twice.

use crate::support::{Backend, TEST_FILE_KEYS, TEST_SECRET_KEY, TestDb};
use app::{
    domain::{ids::MessageId, lang::Lang, messaging::Channel},
    ssr::store::{NewMessage, Store},
};
use axum::{Json, body::Bytes, http::StatusCode, response::IntoResponse, routing::post};
use std::{
    collections::HashMap,
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::Duration,
};

const SID: &str = "AC0123456789abcdef0123456789abcdef";

/// Counts messages per recipient; answers slowly enough that a kill lands mid-batch.
async fn counting_twilio() -> (String, Arc<Mutex<HashMap<String, usize>>>) {
    let counts: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
    let seen = counts.clone();
    let handler = move |body: Bytes| {
        let seen = seen.clone();
        async move {
            tokio::time::sleep(Duration::from_millis(2)).await;
            let form: HashMap<String, String> =
                url::form_urlencoded::parse(&body).into_owned().collect();
            let to = form.get("To").cloned().unwrap_or_default();
            let n = {
                let mut seen = seen.lock().unwrap();
                *seen.entry(to).or_default() += 1;
                seen.values().sum::<usize>()
            };
            (
                StatusCode::CREATED,
                Json(serde_json::json!({ "sid": format!("SM{n:032x}") })),
            )
                .into_response()
        }
    };
    let router =
        axum::Router::new().route("/2010-04-01/Accounts/{sid}/Messages.json", post(handler));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    (url, counts)
}

fn start_server(db: &str, twilio: &str, dir: &std::path::Path) -> Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .current_dir(dir)
        .env("CALENTIFY_PORT", "0")
        .env("DATABASE_URL", db)
        .env("CALENTIFY_SECRET_KEY", TEST_SECRET_KEY)
        .env("CALENTIFY_FILE_KEYS", TEST_FILE_KEYS)
        .env("CALENTIFY_OUTBOX_LEASE_SECS", "2")
        .env("TWILIO_ACCOUNT_SID", SID)
        .env("TWILIO_AUTH_TOKEN", "token")
        .env("TWILIO_SMS_FROM", "+15005550006")
        .env("TWILIO_API_BASE", twilio)
        .env("CALENTIFY_LOG", "info")
        .env("CALENTIFY_LOG_FORMAT", "json")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    for line in lines.by_ref() {
        if line.unwrap().contains("listening") {
            break;
        }
    }
    std::thread::spawn(move || for _ in lines {});
    child
}

async fn queue(store: &Store, n: usize) {
    let now = chrono::Utc::now();
    for i in 0..n {
        let m = NewMessage {
            id: MessageId(uuid::Uuid::now_v7()),
            idempotency_key: format!("load:{i}"),
            kind: app::domain::message_kind::MessageKind::SignInCode,
            channel: Channel::Sms,
            recipient: format!("+9665{:08}", 10_000_000 + i),
            lang: Lang::En,
            payload: serde_json::json!({ "code": format!("{:06}", i) }),
            due_at: now,
            user_id: None,
            clinic_id: None,
            appointment_id: None,
        };
        store.enqueue_message(&m, now).await.unwrap();
    }
}

async fn statuses(store: &Store) -> HashMap<String, usize> {
    store
        .outbox_status_counts()
        .await
        .unwrap()
        .into_iter()
        .map(|(s, n)| (s.to_string(), usize::try_from(n).unwrap()))
        .collect()
}

async fn wait_until(mut done: impl AsyncFnMut() -> bool, secs: u64) -> bool {
    for _ in 0..secs * 10 {
        if done().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

async fn killed_mid_batch(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await;
    store.migrate().await.unwrap();
    queue(&store, 1000).await;
    let (twilio, counts) = counting_twilio().await;
    let dir = tempfile::tempdir().unwrap();
    let total = || counts.lock().unwrap().values().sum::<usize>();

    let mut first = start_server(&db.url, &twilio, dir.path());
    assert!(
        wait_until(async || total() >= 200, 60).await,
        "delivery started"
    );
    first.kill().unwrap(); // SIGKILL: no chance to finish anything
    first.wait().unwrap();
    let at_kill = total();
    assert!(at_kill < 1000, "killed in the middle ({at_kill} sent)");

    let mut second = start_server(&db.url, &twilio, dir.path());
    let finished = wait_until(
        async || {
            let s = statuses(&store).await;
            s.get("pending").copied().unwrap_or(0) + s.get("sending").copied().unwrap_or(0) == 0
        },
        120,
    )
    .await;
    second.kill().unwrap();
    second.wait().unwrap();
    assert!(finished, "every message reached a final status");
    let counts = counts.lock().unwrap().clone();
    assert!(counts.values().all(|n| *n == 1), "a message was sent twice");
    let s = statuses(&store).await;
    let sent = s.get("sent").copied().unwrap_or(0);
    let unknown = s.get("unknown").copied().unwrap_or(0);
    assert_eq!(sent + unknown, 1000, "{s:?}");
    // The ones interrupted mid-send are marked unknown, never resent.
    assert!(counts.len() >= sent && counts.len() <= sent + unknown);
}

crate::on_both_backends!(killed_mid_batch);

/// Two server processes draining one PostgreSQL outbox: each message exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_on_one_postgres_send_each_message_once() {
    let db = TestDb::new(Backend::Postgres).await;
    let store = db.store().await;
    store.migrate().await.unwrap();
    queue(&store, 1000).await;
    let (twilio, counts) = counting_twilio().await;
    let dir = tempfile::tempdir().unwrap();
    let mut a = start_server(&db.url, &twilio, dir.path());
    let mut b = start_server(&db.url, &twilio, dir.path());
    let total = || counts.lock().unwrap().values().sum::<usize>();
    let done = wait_until(async || total() >= 1000, 120).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    a.kill().unwrap();
    b.kill().unwrap();
    let _ = (a.wait(), b.wait());
    assert!(done, "all 1,000 delivered");
    let counts = counts.lock().unwrap();
    assert_eq!(counts.len(), 1000);
    assert!(counts.values().all(|n| *n == 1), "a message was sent twice");
}
