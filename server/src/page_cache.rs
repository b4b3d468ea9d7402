//! Rendered public pages, kept for visitors who are not signed in.
//!
//! The home page, a clinic's page and the first steps of its booking flow look the same
//! to every signed-out visitor in one language: they show the catalogue and nothing
//! else (no free times, no person). Rendering one costs a few database reads and the
//! whole SSR pass; serving it again from memory costs a copy. An entry is reused while
//! the catalogue's generation is the one it was rendered at (see
//! `app::ssr::store::Store::catalog_generation`) and for at most [`PageCache::ttl`].
//!
//! Each page carries a fresh CSP nonce on every response: the kept copy's nonce is
//! replaced in the body and in its `Content-Security-Policy`, so two visitors never
//! share one.

use app::{
    domain::lang::Lang,
    ssr::{context::lang_from_headers, cookies::LANG_COOKIE, state::AppState},
};
use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

/// Says whether a public page came from the cache (`hit`) or was rendered (`miss`), for
/// operators and tests; it names nothing about the visitor.
pub const CACHE_HEADER: http::HeaderName = http::HeaderName::from_static("x-calentify-cache");
const HIT: HeaderValue = HeaderValue::from_static("hit");
const MISS: HeaderValue = HeaderValue::from_static("miss");

/// Pages are a few tens of kilobytes; a larger one is not kept.
const MAX_PAGE_BYTES: usize = 1024 * 1024;

/// The rendered pages of one server instance.
pub struct PageCache {
    entries: RwLock<HashMap<Key, Arc<Entry>>>,
    /// How long an entry may be reused at most, whatever the generation says: it bounds
    /// how stale anything that depends on the date alone can get.
    pub ttl: Duration,
    /// Entries kept at most; when full, the cache starts again empty (a clinic
    /// directory has far fewer public pages than this).
    pub capacity: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    lang: Lang,
    path_and_query: String,
}

struct Entry {
    generation: i64,
    stored: Instant,
    headers: HeaderMap,
    body: Bytes,
    nonce: Option<Nonce>,
}

/// The nonce the kept page was rendered with, and where it stands in the body (found
/// once when the page is kept, so a replay only copies).
struct Nonce {
    value: String,
    at: Vec<usize>,
}

impl Nonce {
    fn find(value: &str, body: &[u8]) -> Self {
        let needle = value.as_bytes();
        let at = if needle.is_empty() {
            Vec::new()
        } else {
            body.windows(needle.len())
                .enumerate()
                .filter(|(_, w)| *w == needle)
                .map(|(i, _)| i)
                .collect()
        };
        Self {
            value: value.to_owned(),
            at,
        }
    }

    /// `body` with `new` (of the same length) in every place of the old value.
    fn replaced(&self, body: &[u8], new: &str) -> Vec<u8> {
        let mut out = body.to_vec();
        if new.len() == self.value.len() {
            for &at in &self.at {
                out[at..at + new.len()].copy_from_slice(new.as_bytes());
            }
        }
        out
    }
}

impl PageCache {
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        Self {
            entries: RwLock::new(HashMap::new()),
            ttl,
            capacity,
        }
    }

    fn get(&self, key: &Key, generation: i64) -> Option<Arc<Entry>> {
        let entries = self.entries.read().ok()?;
        entries
            .get(key)
            .filter(|e| e.generation == generation && e.stored.elapsed() < self.ttl)
            .cloned()
    }

    fn put(&self, key: Key, entry: Entry) {
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() >= self.capacity {
                entries.clear();
            }
            entries.insert(key, Arc::new(entry));
        }
    }
}

/// Serves a kept copy when the request may have one, else renders and keeps the page.
pub async fn serve(
    State((state, cache)): State<(AppState, Arc<PageCache>)>,
    req: Request,
    next: Next,
) -> Response {
    if cache.ttl.is_zero() {
        return next.run(req).await;
    }
    let Some(key) = key_for(&req) else {
        return next.run(req).await;
    };
    let generation = state.store.catalog_generation();
    if let Some(entry) = cache.get(&key, generation) {
        return replay(&entry);
    }
    let res = next.run(req).await;
    if res.status() != StatusCode::OK
        || res.headers().contains_key(header::SET_COOKIE)
        || !is_html(res.headers())
    {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_PAGE_BYTES).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let nonce = parts
        .headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .and_then(csp_nonce)
        .map(|value| Nonce::find(value, &body));
    let mut kept = parts.headers.clone();
    kept.insert(CACHE_HEADER, HIT);
    cache.put(
        key,
        Entry {
            generation,
            stored: Instant::now(),
            headers: kept,
            body: body.clone(),
            nonce,
        },
    );
    parts.headers.insert(CACHE_HEADER, MISS);
    Response::from_parts(parts, Body::from(body))
}

/// The kept page with a nonce of its own.
fn replay(entry: &Entry) -> Response {
    let mut headers = entry.headers.clone();
    let body = match &entry.nonce {
        None => entry.body.clone(),
        Some(old) => {
            let new = fresh_nonce();
            if let Some(csp) = headers
                .get(header::CONTENT_SECURITY_POLICY)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| HeaderValue::from_str(&v.replace(old.value.as_str(), &new)).ok())
            {
                headers.insert(header::CONTENT_SECURITY_POLICY, csp);
            }
            Bytes::from(old.replaced(&entry.body, &new))
        }
    };
    let mut res = Response::new(Body::from(body));
    *res.headers_mut() = headers;
    res
}

/// The cache key of a request that may be answered from the cache: a signed-out `GET`
/// (no cookie but the language choice) of a public page.
fn key_for(req: &Request) -> Option<Key> {
    if req.method() != Method::GET || req.headers().contains_key(header::AUTHORIZATION) {
        return None;
    }
    if !only_language_cookie(req.headers()) {
        return None;
    }
    let uri = req.uri();
    if !is_public_page(uri.path(), uri.query()) {
        return None;
    }
    Some(Key {
        lang: lang_from_headers(req.headers()),
        path_and_query: uri.path_and_query().map(|p| p.as_str().to_owned())?,
    })
}

/// Whether every cookie the request carries is the language choice (which the key
/// holds): any other cookie (a session, a sign-in in progress) may change the page.
fn only_language_cookie(headers: &HeaderMap) -> bool {
    headers.get_all(header::COOKIE).iter().all(|value| {
        value.to_str().is_ok_and(|v| {
            v.split(';')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .all(|c| {
                    c.split_once('=')
                        .is_some_and(|(name, _)| name == LANG_COOKIE)
                })
        })
    })
}

/// The pages that show only the catalogue: the home page, the privacy notice, a
/// clinic's page (optionally one category) and the booking flow up to the choice of a
/// provider. From the day strip on, a step shows free times, which every booking
/// changes; those are never kept.
pub fn is_public_page(path: &str, query: Option<&str>) -> bool {
    let params: Vec<&str> = query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').map_or(p, |(k, _)| k))
        .collect();
    let only = |allowed: &[&str]| params.iter().all(|p| allowed.contains(p));
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match segments.as_slice() {
        [""] | ["privacy"] => params.is_empty(),
        ["c", slug] if !slug.is_empty() => only(&["category"]),
        ["c", slug, "book"] if !slug.is_empty() => only(&["service", "branch"]),
        _ => false,
    }
}

fn is_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

/// The nonce a page's policy allows scripts by (`'nonce-…'`).
fn csp_nonce(csp: &str) -> Option<&str> {
    let (_, rest) = csp.split_once("'nonce-")?;
    rest.split_once('\'').map(|(nonce, _)| nonce)
}

/// 128 random bits, as leptos makes its nonces.
fn fresh_nonce() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 16]>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_catalogue_pages_are_public() {
        for (path, query) in [
            ("/", None),
            ("/privacy", None),
            ("/c/nakheel", None),
            ("/c/nakheel", Some("category=abc")),
            ("/c/nakheel/book", None),
            ("/c/nakheel/book", Some("service=s")),
            ("/c/nakheel/book", Some("service=s&branch=b")),
        ] {
            assert!(is_public_page(path, query), "{path} {query:?}");
        }
        for (path, query) in [
            ("/", Some("saved=x")),
            ("/c/nakheel/book", Some("service=s&branch=b&provider=any")),
            ("/c/nakheel/book", Some("service=s&date=2026-12-08")),
            ("/c/nakheel/book", Some("reschedule=a")),
            ("/c/nakheel", Some("saved=clinic")),
            ("/appointments", None),
            ("/account", None),
            ("/dashboard/nakheel", None),
            ("/sign-in", None),
            ("/c/", None),
        ] {
            assert!(!is_public_page(path, query), "{path} {query:?}");
        }
    }

    #[test]
    fn a_session_or_any_other_cookie_turns_the_cache_off() {
        let mut h = HeaderMap::new();
        assert!(only_language_cookie(&h));
        h.insert(header::COOKIE, HeaderValue::from_static("lang=ar"));
        assert!(only_language_cookie(&h));
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("lang=ar; calentify_session=x"),
        );
        assert!(!only_language_cookie(&h));
        h.insert(header::COOKIE, HeaderValue::from_static("langx=1"));
        assert!(!only_language_cookie(&h));
    }

    #[test]
    fn a_replayed_page_carries_a_new_nonce_everywhere_the_old_one_was() {
        let old = "AAAAAAAAAAAAAAAAAAAAAA";
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&format!("script-src 'self' 'nonce-{old}'")).unwrap(),
        );
        let body = format!(r#"<link crossorigin="{old}"><script nonce="{old}">x</script>"#);
        let entry = Entry {
            generation: 0,
            stored: Instant::now(),
            headers: headers.clone(),
            body: Bytes::from(body.clone()),
            nonce: csp_nonce(headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap())
                .map(|n| Nonce::find(n, body.as_bytes())),
        };
        assert_eq!(entry.nonce.as_ref().map(|n| n.at.len()), Some(2));
        let first = replay(&entry);
        let second = replay(&entry);
        let csp = |r: &Response| r.headers()[header::CONTENT_SECURITY_POLICY].clone();
        assert!(!csp(&first).to_str().unwrap().contains(old));
        assert_ne!(csp(&first), csp(&second));
        let new = csp_nonce(csp(&first).to_str().unwrap()).unwrap().to_owned();
        assert_eq!(new.len(), old.len());
        let sent =
            futures::executor::block_on(axum::body::to_bytes(first.into_body(), 1 << 20)).unwrap();
        assert_eq!(
            sent.as_ref(),
            format!(r#"<link crossorigin="{new}"><script nonce="{new}">x</script>"#).as_bytes()
        );
    }

    #[test]
    fn entries_of_an_older_generation_or_past_their_time_are_not_reused() {
        let cache = PageCache::new(Duration::from_secs(60), 2);
        let key = |p: &str| Key {
            lang: Lang::En,
            path_and_query: p.to_owned(),
        };
        let entry = |generation| Entry {
            generation,
            stored: Instant::now(),
            headers: HeaderMap::new(),
            body: Bytes::from_static(b"page"),
            nonce: None,
        };
        cache.put(key("/"), entry(3));
        assert!(cache.get(&key("/"), 3).is_some());
        assert!(cache.get(&key("/"), 4).is_none());
        assert!(cache.get(&key("/privacy"), 3).is_none());
        let expired = PageCache::new(Duration::ZERO, 2);
        expired.put(key("/"), entry(3));
        assert!(expired.get(&key("/"), 3).is_none());
        // Full: starts again rather than growing.
        cache.put(key("/a"), entry(3));
        cache.put(key("/b"), entry(3));
        assert!(cache.get(&key("/"), 3).is_none());
        assert!(cache.get(&key("/b"), 3).is_some());
    }
}
