//! A page whose render stalls is rendered once more.
//!
//! Under load, leptos 0.8's server rendering now and then never finishes a page: a
//! resource's wake-up is lost between the page's parallel Suspense boundaries (leptos
//! issues #4851, #4673 and #4647; 0.8.23 fixes some of these races, not all), and the
//! visitor would wait until the request times out. The load test in
//! `server/tests/it/load.rs` saw about one such page in 10,000 on a busy machine.
//! Pages are rendered whole before they are sent (`SsrMode::Async`), and rendering a
//! page again changes nothing but a second access-log line, so a GET whose answer has
//! not fully arrived within [`RENDER_DEADLINE`] is dropped and asked again, once.
//! Server functions and the bundle are never retried here.

use axum::{
    body::Body,
    extract::Request,
    response::{IntoResponse, Response},
};
use futures::future::BoxFuture;
use http::{Method, StatusCode, header};
use std::{
    convert::Infallible,
    task::{Context, Poll},
    time::Duration,
};
use tower::{Layer, Service, ServiceExt};

/// Far above any healthy render (milliseconds in a release build, about a second on a
/// loaded debug build), well inside the 30-second request timeout.
pub const RENDER_DEADLINE: Duration = Duration::from_secs(8);

/// A page is at most this large; the same bound as the page completion check.
const MAX_PAGE_BYTES: usize = 8 * 1024 * 1024;

#[derive(Clone, Copy, Debug)]
pub struct RetryStalledRenderLayer {
    pub deadline: Duration,
}

impl<S> Layer<S> for RetryStalledRenderLayer {
    type Service = RetryStalledRender<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RetryStalledRender {
            inner,
            deadline: self.deadline,
        }
    }
}

#[derive(Clone, Debug)]
pub struct RetryStalledRender<S> {
    inner: S,
    deadline: Duration,
}

impl<S> Service<Request> for RetryStalledRender<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<Response, Infallible>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let again = copy_of_page_request(&req).map(|r| (r, self.inner.clone()));
        // The service that was made ready answers this call; a clone waits for the next.
        let fresh = self.inner.clone();
        let ready = std::mem::replace(&mut self.inner, fresh).call(req);
        let deadline = self.deadline;
        Box::pin(async move {
            let Some((again, service)) = again else {
                return ready.await;
            };
            match tokio::time::timeout(deadline, whole(ready)).await {
                Ok(res) => Ok(res),
                Err(_) => {
                    // The path may name a record; the request id on the span says which.
                    tracing::warn!(
                        deadline_s = deadline.as_secs(),
                        "a page render stalled; rendering it again"
                    );
                    Ok(whole(service.oneshot(again)).await)
                }
            }
        })
    }
}

/// A bodiless copy of a page request (GET or HEAD outside `/api` and `/pkg`); `None`
/// for anything that must not be sent twice.
fn copy_of_page_request(req: &Request) -> Option<Request> {
    let path = req.uri().path();
    if !(req.method() == Method::GET || req.method() == Method::HEAD)
        || path.starts_with("/api/")
        || path.starts_with("/pkg/")
    {
        return None;
    }
    let mut copy = Request::new(Body::empty());
    *copy.method_mut() = req.method().clone();
    *copy.uri_mut() = req.uri().clone();
    *copy.version_mut() = req.version();
    *copy.headers_mut() = req.headers().clone();
    *copy.extensions_mut() = req.extensions().clone();
    Some(copy)
}

/// The answer with its body read to the end when it is a page; anything else as it
/// comes, so downloads stream.
async fn whole(answer: impl Future<Output = Result<Response, Infallible>>) -> Response {
    let Ok(res) = answer.await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return res;
    }
    let (parts, body) = res.into_parts();
    match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => Response::from_parts(parts, Body::from(bytes)),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    };

    /// Answers a page whose body never ends on the first call, a whole page after.
    fn stalls_once(
        calls: Arc<AtomicUsize>,
    ) -> impl Service<
        Request,
        Response = Response,
        Error = Infallible,
        Future = BoxFuture<'static, Result<Response, Infallible>>,
    > + Clone {
        tower::service_fn(move |_req: Request| {
            let n = calls.fetch_add(1, Ordering::SeqCst);
            Box::pin(async move {
                let body = if n == 0 {
                    Body::from_stream(
                        futures::stream::pending::<Result<&'static [u8], Infallible>>(),
                    )
                } else {
                    Body::from("<html><body>done</body></html>")
                };
                Ok(Response::builder()
                    .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
                    .body(body)
                    .unwrap())
            }) as BoxFuture<'static, Result<Response, Infallible>>
        })
    }

    fn get(path: &str, method: Method) -> Request {
        Request::builder()
            .method(method)
            .uri(path)
            .body(Body::empty())
            .unwrap()
    }

    #[tokio::test(start_paused = true)]
    async fn a_stalled_page_is_rendered_again_once() {
        let calls = Arc::new(AtomicUsize::new(0));
        let layer = RetryStalledRenderLayer {
            deadline: Duration::from_secs(8),
        };
        let service = layer.layer(stalls_once(calls.clone()));
        let res = service
            .oneshot(get("/appointments", Method::GET))
            .await
            .unwrap();
        let body = axum::body::to_bytes(res.into_body(), 1024).await.unwrap();
        assert_eq!(&body[..], b"<html><body>done</body></html>");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn server_functions_and_posts_are_never_sent_twice() {
        for req in [
            get("/api/get_me", Method::GET),
            get("/appointments", Method::POST),
            get("/pkg/calentify.js", Method::GET),
        ] {
            let calls = Arc::new(AtomicUsize::new(0));
            let layer = RetryStalledRenderLayer {
                deadline: Duration::from_secs(8),
            };
            let res = layer
                .layer(stalls_once(calls.clone()))
                .oneshot(req)
                .await
                .unwrap();
            // The stalled body is handed on as it is; nobody asks again.
            let read = tokio::time::timeout(
                Duration::from_secs(60),
                axum::body::to_bytes(res.into_body(), 1024),
            )
            .await;
            assert!(read.is_err(), "the stalled body stays stalled");
            assert_eq!(calls.load(Ordering::SeqCst), 1);
        }
    }
}
