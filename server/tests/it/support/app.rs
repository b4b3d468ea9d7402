//! The real server, in process, on a free port.

use super::db::{Backend, TestDb};
use app::ssr::store::Store;
use server::{Application, config::Settings};
use std::collections::HashMap;
use tokio::sync::oneshot;

/// Test-only keys, shared with servers started as separate processes.
pub const TEST_SECRET_KEY: &str = "dGVzdC1vbmx5LWtleS10ZXN0LW9ubHkta2V5LTMyYnl0ZXMhIQ==";
pub const TEST_FILE_KEYS: &str = "test1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

pub struct TestApp {
    pub url: String,
    pub clock: app::ssr::clock::Clock,
    pub client: reqwest::Client,
    pub store: Store,
    pub db: TestDb,
    stop: Option<oneshot::Sender<()>>,
}

/// Starts the server on a fresh database seeded with the demo clinic.
pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, &[]).await
}

/// Starts the server with extra environment variables (over the test defaults).
pub async fn spawn_app_with(backend: Backend, extra: &[(&str, &str)]) -> TestApp {
    spawn_app_full(backend, extra, app::ssr::clock::Clock::system()).await
}

/// Starts the server with a manual clock the test moves with `app.clock.advance(..)`.
pub async fn spawn_app_with_clock(backend: Backend, extra: &[(&str, &str)]) -> TestApp {
    let start = chrono::Utc::now();
    spawn_app_full(backend, extra, app::ssr::clock::Clock::manual(start)).await
}

async fn spawn_app_full(
    backend: Backend,
    extra: &[(&str, &str)],
    clock: app::ssr::clock::Clock,
) -> TestApp {
    let db = TestDb::new(backend).await;
    let mut vars: HashMap<String, String> = [
        ("CALENTIFY_PORT", "0"),
        ("CALENTIFY_SEED_DEMO", "true"),
        // Tests read queued messages (and their codes) from the outbox.
        ("CALENTIFY_OUTBOX_WORKER", "false"),
        ("CALENTIFY_DB_MAX_CONNECTIONS", "5"),
        ("CALENTIFY_SECRET_KEY", TEST_SECRET_KEY),
        ("CALENTIFY_FILE_KEYS", TEST_FILE_KEYS),
        ("DATABASE_URL", db.url.as_str()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    for (k, v) in extra {
        vars.insert((*k).to_owned(), (*v).to_owned());
    }
    let settings = Settings::from_vars(&vars).expect("test settings are valid");
    // `DATABASE_URL` in `extra` points a second server at another test's database.
    let store = Store::open(settings.database_url(), &Default::default())
        .await
        .unwrap();
    let app = Application::build_with_clock(settings, clock.clone())
        .await
        .expect("server starts");
    let url = format!("http://{}", app.addr());
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(app.run(async move {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    TestApp {
        url,
        clock,
        client,
        store,
        db,
        stop: Some(stop),
    }
}

impl TestApp {
    /// A fresh browser: its own cookie jar, same-origin headers on posts.
    pub fn browser(&self) -> Browser {
        Browser {
            base: self.url.clone(),
            // A new connection per request, as a server may close one it answered
            // before reading the whole body (a refused upload).
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .pool_max_idle_per_host(0)
                .build()
                .unwrap(),
        }
    }

    /// A fresh browser whose requests come from `address`, as a reverse proxy reports it
    /// (the server must be started with `CALENTIFY_TRUST_PROXY=true`).
    pub fn browser_at(&self, address: &str) -> Browser {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-forwarded-for", address.parse().unwrap());
        Browser {
            base: self.url.clone(),
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .default_headers(headers)
                .build()
                .unwrap(),
        }
    }

    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.at(path)).send().await.unwrap()
    }

    /// GET with an `Accept-Language` header, as a browser sends it.
    pub async fn get_in(&self, path: &str, accept_language: &str) -> reqwest::Response {
        self.client
            .get(self.at(path))
            .header("accept-language", accept_language)
            .send()
            .await
            .unwrap()
    }

    /// A form post as the hydrated app sends it (same origin, JSON answer).
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.at(path))
            .header("sec-fetch-site", "same-origin")
            .header("origin", &self.url)
            .form(form)
            .send()
            .await
            .unwrap()
    }
}

impl TestApp {
    /// Stops the server (in-flight requests finish) and keeps the database.
    pub fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// One person's browser: a cookie jar and helpers to call server functions as the
/// hydrated app does.
pub struct Browser {
    pub base: String,
    pub client: reqwest::Client,
}

impl Browser {
    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.at(path)).send().await.unwrap()
    }

    /// Calls a POST server function with form fields, as the hydrated app does.
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.at(&format!("/api/{endpoint}")))
            .header("sec-fetch-site", "same-origin")
            .header("origin", &self.base)
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// Calls a GET server function and decodes its JSON answer.
    pub async fn fetch(&self, endpoint: &str, query: &[(&str, &str)]) -> (u16, serde_json::Value) {
        let res = self
            .client
            .get(self.at(&format!("/api/{endpoint}")))
            .query(query)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(serde_json::Value::Null))
    }
}
