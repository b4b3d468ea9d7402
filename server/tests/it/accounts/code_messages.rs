//! Nothing personal stays in the message log: a sign-in code message keeps its code
//! only while it may still go out, and a provider's error text keeps no contact.

use crate::{
    on_both_backends,
    support::{Backend, TestApp, spawn_app, spawn_app_with_clock},
};
use axum::{Json, body::Bytes, http::StatusCode, response::IntoResponse, routing::post};
use std::time::Duration;

/// Answers like a Twilio that is down (503) for one number and refuses another (400);
/// both errors quote the number and an email address, as real provider texts may.
async fn failing_twilio() -> String {
    let handler = |body: Bytes| async move {
        let form: std::collections::HashMap<String, String> =
            url::form_urlencoded::parse(&body).into_owned().collect();
        let to = form.get("To").cloned().unwrap_or_default();
        let status = if to.ends_with("77") {
            StatusCode::SERVICE_UNAVAILABLE
        } else {
            StatusCode::BAD_REQUEST
        };
        let message = format!("The 'To' number {to} (owner sara.q@example.com) cannot be reached");
        (
            status,
            Json(serde_json::json!({ "code": 21211, "message": message })),
        )
            .into_response()
    };
    let router =
        axum::Router::new().route("/2010-04-01/Accounts/{sid}/Messages.json", post(handler));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    url
}

/// The newest message to `to` once `done` holds for it.
async fn settled(
    app: &TestApp,
    to: &str,
    done: impl Fn(&app::ssr::store::OutboxEntry) -> bool,
) -> app::ssr::store::OutboxEntry {
    for _ in 0..100 {
        if let Some(m) = app.store.messages_to(to, 1).await.unwrap().pop()
            && done(&m)
        {
            return m;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the message to {to} never settled");
}

fn assert_no_contact(error: Option<&str>) {
    let error = error.expect("the failure is recorded");
    assert!(
        error.contains("21211"),
        "the provider's code is kept: {error}"
    );
    assert!(
        error.contains("[phone]") && error.contains("[email]"),
        "{error}"
    );
    assert!(!error.contains("1234") && !error.contains('@'), "{error}");
}

async fn failed_and_expired_code_messages_keep_no_code_and_no_contact(backend: Backend) {
    let api = failing_twilio().await;
    let app = spawn_app_with_clock(
        backend,
        &[
            ("TWILIO_ACCOUNT_SID", crate::twilio::SID),
            ("TWILIO_AUTH_TOKEN", crate::twilio::TOKEN),
            ("TWILIO_SMS_FROM", "+15005550006"),
            ("TWILIO_API_BASE", &api),
            ("CALENTIFY_OUTBOX_WORKER", "true"),
        ],
    )
    .await;
    let b = app.browser();

    // Refused for good: failed, no code left, the error's contacts masked.
    let refused = "+966501234588";
    assert_eq!(
        b.call("request_code", &[("destination", refused)])
            .await
            .status(),
        200
    );
    let m = settled(&app, refused, |m| m.status == "failed").await;
    assert_eq!(m.payload, serde_json::json!({}));
    assert_no_contact(m.last_error.as_deref());

    // The provider is down: the message waits for a retry, its error masked …
    let unreachable = "+966501234577";
    assert_eq!(
        b.call("request_code", &[("destination", unreachable)])
            .await
            .status(),
        200
    );
    let m = settled(&app, unreachable, |m| {
        m.attempts == 1 && m.status == "pending"
    })
    .await;
    assert_no_contact(m.last_error.as_deref());
    // … and once its code has expired it is dropped unsent, the code gone with it.
    app.clock.advance(chrono::Duration::minutes(11));
    let m = settled(&app, unreachable, |m| m.status != "pending").await;
    assert_eq!(m.status, "cancelled");
    assert_eq!(m.payload, serde_json::json!({}));
}

async fn replaced_and_interrupted_code_messages_keep_no_code(backend: Backend) {
    let app = spawn_app(backend).await;
    let b = app.browser();
    let phone = "+966501234567";
    b.call("request_code", &[("destination", phone)]).await;
    b.call("request_code", &[("destination", phone)]).await;
    let log = app.store.messages_to(phone, 5).await.unwrap();
    let (newest, replaced) = (&log[0], &log[1]);
    assert_eq!(replaced.status, "cancelled", "a replaced code never leaves");
    assert_eq!(replaced.payload, serde_json::json!({}));
    assert!(
        newest.payload.get("code").is_some(),
        "the live code is still queued"
    );

    // A worker dies mid-send: the message is settled as `unknown`, without its code.
    let now = chrono::Utc::now();
    let claimed = app.store.claim_due_messages(now, now, 10).await.unwrap();
    assert_eq!(claimed.len(), 1);
    app.store
        .settle_abandoned_messages(now + chrono::Duration::seconds(1))
        .await
        .unwrap();
    let m = app.store.message(newest.id).await.unwrap().unwrap();
    assert_eq!(m.status, "unknown");
    assert_eq!(m.payload, serde_json::json!({}));
}

on_both_backends!(
    failed_and_expired_code_messages_keep_no_code_and_no_contact,
    replaced_and_interrupted_code_messages_keep_no_code,
);
