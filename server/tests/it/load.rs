//! Pages under concurrency: 50 clients at once get complete pages, in their own
//! language, and the server does not panic.
//!
//! These tests build their own runtime with named worker threads, so a panic hook can
//! tell the server's panics in this test from anything else the test binary runs.

use crate::{
    accounts::sign_up_by_phone,
    booking::demo_clinic,
    support::{Backend, Browser, spawn_app},
};
use std::{
    sync::{Arc, Mutex, Once},
    time::{Duration, Instant},
};

const CLIENTS: usize = 50;
const LOAD_FOR: Duration = Duration::from_secs(4);

/// Names of the threads that panicked since the hook was installed, with the message.
static PANICS: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());

/// Records every panic (then lets the default hook print it); installed once.
fn record_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let thread = std::thread::current().name().unwrap_or("").to_owned();
            if let Ok(mut panics) = PANICS.lock() {
                panics.push((thread, info.to_string()));
            }
            previous(info);
        }));
    });
}

fn panics_on(prefix: &str) -> Vec<String> {
    PANICS
        .lock()
        .map(|p| {
            p.iter()
                .filter(|(thread, _)| thread.starts_with(prefix))
                .map(|(_, message)| message.clone())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn fifty_clients_get_every_page_complete_and_nothing_panics_sqlite() {
    under_load(Backend::Sqlite, "load-sqlite");
}

#[test]
fn fifty_clients_get_every_page_complete_and_nothing_panics_postgres() {
    under_load(Backend::Postgres, "load-postgres");
}

fn under_load(backend: Backend, threads: &'static str) {
    record_panics();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .thread_name(threads)
        .enable_all()
        .build()
        .unwrap();
    let failures = runtime.block_on(load(backend));
    // Let the server's tasks finish (and any late panic surface) before judging.
    runtime.shutdown_timeout(Duration::from_secs(5));
    let panics = panics_on(threads);
    assert!(panics.is_empty(), "the server panicked: {panics:#?}");
    assert!(failures.is_empty(), "incomplete answers: {failures:#?}");
}

/// One page and what a complete answer to it looks like.
#[derive(Clone)]
struct Page {
    path: String,
    status: u16,
    lang: &'static str,
    /// Text the page must contain in that language (its `<title>` when it has one).
    contains: &'static str,
    signed_in: bool,
}

fn page(path: impl Into<String>, status: u16, lang: &'static str, contains: &'static str) -> Page {
    Page {
        path: path.into(),
        status,
        lang,
        contains,
        signed_in: false,
    }
}

async fn load(backend: Backend) -> Vec<String> {
    let app = spawn_app(backend).await;
    let patient = Arc::new(sign_up_by_phone(&app, "+966501110091", "Busy Patient").await);
    let catalog = app
        .store
        .clinic_catalog(demo_clinic(&app).await)
        .await
        .unwrap();
    let p = &catalog.providers[0];
    let (service, branch, provider) = (p.service_ids[0], p.branch_ids[0], p.id);
    let book = "/c/nakheel/book";
    let mut pages = Vec::new();
    for (lang, clinic_title, not_found) in [
        (
            "en",
            "<title>Nakheel Family Clinics · Calentify</title>",
            "We could not find that page",
        ),
        (
            "ar",
            "<title>عيادات النخيل للعائلة · Calentify</title>",
            "لم نعثر على هذه الصفحة",
        ),
    ] {
        pages.extend([
            page("/", 200, lang, "<title>Calentify</title>"),
            page("/c/nakheel", 200, lang, clinic_title),
            page(book, 200, lang, "</main>"),
            page(format!("{book}?service={service}"), 200, lang, "</main>"),
            page(
                format!("{book}?service={service}&branch={branch}"),
                200,
                lang,
                "</main>",
            ),
            page(
                format!("{book}?service={service}&branch={branch}&provider={provider}"),
                200,
                lang,
                "</main>",
            ),
            page("/sign-in", 200, lang, "</main>"),
            page("/privacy", 200, lang, "</main>"),
            page("/c/no-such-clinic", 404, lang, not_found),
            page("/no/such/page", 404, lang, not_found),
            Page {
                signed_in: true,
                ..page("/appointments", 200, lang, "</main>")
            },
        ]);
    }
    let pages = Arc::new(pages);
    let visitor = Arc::new(app.browser());
    let deadline = Instant::now() + LOAD_FOR;
    let clients = (0..CLIENTS).map(|client| {
        let (pages, visitor, patient) = (pages.clone(), visitor.clone(), patient.clone());
        tokio::spawn(async move {
            let mut failures = Vec::new();
            let mut n = client;
            while Instant::now() < deadline {
                let page = &pages[n % pages.len()];
                n += 1;
                let who: &Browser = if page.signed_in { &patient } else { &visitor };
                if let Err(problem) = fetch(who, page).await {
                    failures.push(format!("{} ({}): {problem}", page.path, page.lang));
                }
            }
            failures
        })
    });
    let mut failures = Vec::new();
    for client in futures::future::join_all(clients).await {
        failures.extend(client.unwrap());
    }
    failures
}

async fn fetch(who: &Browser, page: &Page) -> Result<(), String> {
    let res = who
        .client
        .get(who.at(&page.path))
        .header("accept-language", page.lang)
        .timeout(Duration::from_secs(30))
        .send()
        .await
        .map_err(|e| format!("no answer: {e}"))?;
    let status = res.status().as_u16();
    let html = res
        .text()
        .await
        .map_err(|e| format!("answer cut short: {e}"))?;
    if status != page.status {
        return Err(format!("status {status}"));
    }
    // The document, then leptos's closing scripts (resolved resources) after it.
    let end = html.trim_end();
    if !html.contains("</body></html>") || !(end.ends_with("</html>") || end.ends_with("</script>"))
    {
        return Err(format!("incomplete page ({} bytes)", html.len()));
    }
    // A signed-in page follows the account's language, not the header.
    let in_language = page.signed_in || html.contains(&format!(r#"lang="{}""#, page.lang));
    if !in_language || !html.contains(page.contains) {
        return Err(format!("not the expected page in {}", page.lang));
    }
    Ok(())
}
