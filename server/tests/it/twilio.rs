//! SMS and WhatsApp through Twilio, against a local server that checks each request as
//! Twilio's Messaging API documents it (path, basic auth with the account SID, form
//! fields); status callbacks with good and bad signatures, replays and late statuses.

use crate::{
    accounts::redirect_of,
    on_both_backends,
    support::{Backend, Browser, TestApp, spawn_app_with, spawn_app_with_clock},
};
use axum::{
    Json,
    body::Bytes,
    extract::Path,
    http::{HeaderMap, StatusCode},
    response::IntoResponse,
    routing::post,
};
use base64::Engine;
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};

pub(crate) const SID: &str = "AC0123456789abcdef0123456789abcdef";
pub(crate) const TOKEN: &str = "test-auth-token";

pub(crate) type Received = Arc<Mutex<Vec<HashMap<String, String>>>>;

/// A stand-in for api.twilio.com that accepts only well-formed requests.
pub(crate) async fn fake_twilio() -> (String, Received) {
    let received: Received = Arc::default();
    let seen = received.clone();
    let handler = move |Path(sid): Path<String>, headers: HeaderMap, body: Bytes| {
        let seen = seen.clone();
        async move {
            let expected = format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!("{SID}:{TOKEN}"))
            );
            let auth = headers.get("authorization").and_then(|v| v.to_str().ok());
            if sid != SID || auth != Some(expected.as_str()) {
                let body = serde_json::json!({ "code": 20003, "message": "Authenticate" });
                return (StatusCode::UNAUTHORIZED, Json(body)).into_response();
            }
            let form_type = headers
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
            let form: HashMap<String, String> =
                url::form_urlencoded::parse(&body).into_owned().collect();
            let complete = form.contains_key("To")
                && form.contains_key("From")
                && (form.contains_key("Body") ^ form.contains_key("ContentSid"));
            if !form_type || !complete {
                let body =
                    serde_json::json!({ "code": 21602, "message": "Message body is required" });
                return (StatusCode::BAD_REQUEST, Json(body)).into_response();
            }
            if form["To"] == "whatsapp:+966501234599" {
                let body = serde_json::json!({ "code": 63003, "message": "Channel could not find To address" });
                return (StatusCode::BAD_REQUEST, Json(body)).into_response();
            }
            if form["To"].ends_with("+966500000000") {
                let body =
                    serde_json::json!({ "code": 21211, "message": "Invalid 'To' Phone Number" });
                return (StatusCode::BAD_REQUEST, Json(body)).into_response();
            }
            let mut seen = seen.lock().unwrap();
            seen.push(form);
            let sid = format!("SM{:032x}", seen.len());
            (
                StatusCode::CREATED,
                Json(serde_json::json!({ "sid": sid, "status": "queued" })),
            )
                .into_response()
        }
    };
    let router =
        axum::Router::new().route("/2010-04-01/Accounts/{sid}/Messages.json", post(handler));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    (url, received)
}

pub(crate) async fn wait_for(received: &Received, n: usize) -> HashMap<String, String> {
    for _ in 0..200 {
        if let Some(m) = received.lock().unwrap().get(n - 1) {
            return m.clone();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("Twilio received fewer than {n} messages");
}

async fn callback(app: &TestApp, params: &[(&str, &str)], signature: Option<&str>) -> u16 {
    let url = format!("{}/webhooks/twilio/status", app.url);
    let owned: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let good = server::notify::twilio::signature(TOKEN, &url, &owned);
    reqwest::Client::new()
        .post(&url)
        .header("x-twilio-signature", signature.unwrap_or(&good))
        .form(params)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

on_both_backends!(
    sms_and_whatsapp_go_out_through_twilio_and_receipts_only_move_forward,
    replies_confirm_cancel_and_stop_by_message,
    a_number_not_on_whatsapp_gets_the_code_by_sms,
);

async fn inbound(app: &TestApp, params: &[(&str, &str)], signature: Option<&str>) -> (u16, String) {
    let url = format!("{}/webhooks/twilio/inbound", app.url);
    let owned: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let good = server::notify::twilio::signature(TOKEN, &url, &owned);
    let res = reqwest::Client::new()
        .post(&url)
        .header("x-twilio-signature", signature.unwrap_or(&good))
        .form(params)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// Signs a new patient up with a code that went out through (fake) Twilio.
pub(crate) async fn sign_up_via_twilio(app: &TestApp, received: &Received, phone: &str) -> Browser {
    let b = app.browser();
    let before = received.lock().unwrap().len();
    assert_eq!(
        b.call(
            "request_code",
            &[("destination", phone), ("channel", "sms")]
        )
        .await
        .status(),
        200
    );
    let sms = wait_for(received, before + 1).await;
    let code: String = sms["Body"]
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .unwrap()
        .to_owned();
    assert_eq!(
        b.call("verify_code", &[("code", &code)]).await.status(),
        200
    );
    let res = b
        .call(
            "complete_sign_up",
            &[("full_name", "Reply Patient"), ("accept_privacy", "on")],
        )
        .await;
    assert_eq!(res.status(), 200);
    b
}

async fn replies_confirm_cancel_and_stop_by_message(backend: Backend) {
    let (api, received) = fake_twilio().await;
    let app = spawn_app_with_clock(
        backend,
        &[
            ("TWILIO_ACCOUNT_SID", SID),
            ("TWILIO_AUTH_TOKEN", TOKEN),
            ("TWILIO_SMS_FROM", "+15005550006"),
            ("TWILIO_API_BASE", &api),
            ("CALENTIFY_OUTBOX_WORKER", "true"),
        ],
    )
    .await;
    let clinic = app
        .store
        .clinic_by_slug(&app::domain::catalog::Slug::parse("nakheel").unwrap())
        .await
        .unwrap();
    // Reminders 48 hours ahead: a reply to one still falls before the 24-hour cutoff.
    app.store
        .set_reminder_offsets(clinic.id, &[2880])
        .await
        .unwrap();
    let phone = "+966501239001";
    let patient = sign_up_via_twilio(&app, &received, phone).await;
    let res = patient
        .call(
            "update_profile",
            &[("full_name", "Reply Patient"), ("preferred_channel", "sms")],
        )
        .await;
    assert_eq!(res.status(), 200);

    let (id, starts) = crate::booking::book_later(&app, &patient).await;

    // The confirmation goes out at once (after the sign-in code); nothing else is sent
    // before its time; at 48 hours before, the reminder goes out.
    let confirmation = wait_for(&received, 2).await;
    assert!(confirmation["Body"].contains("booked"), "{confirmation:?}");
    let sent_before = 1;
    app.clock
        .set(starts - chrono::Duration::hours(48) + chrono::Duration::minutes(1));
    let reminder = wait_for(&received, sent_before + 2).await;
    assert!(reminder["Body"].contains("Reply 1"), "{reminder:?}");

    // "١" (Arabic-Indic one) confirms.
    let (status, body) = inbound(
        &app,
        &[("MessageSid", "SMin1"), ("From", phone), ("Body", "١")],
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert!(body.contains("confirmed"), "{body}");
    assert_eq!(app.store.appointment(id).await.unwrap().status, "confirmed");
    let events = app.store.appointment_events(id).await.unwrap();
    assert_eq!(
        events.last().map(|e| e.actor_kind.as_str()),
        Some("patient")
    );

    // A replayed webhook does nothing; a forged one is refused.
    let (_, body) = inbound(
        &app,
        &[("MessageSid", "SMin1"), ("From", phone), ("Body", "2")],
        None,
    )
    .await;
    assert!(!body.contains("<Message>"), "{body}");
    assert_eq!(app.store.appointment(id).await.unwrap().status, "confirmed");
    let (status, _) = inbound(
        &app,
        &[("MessageSid", "SMin2"), ("From", phone), ("Body", "2")],
        Some("Zm9yZ2Vk"),
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(app.store.appointment(id).await.unwrap().status, "confirmed");

    // "2" cancels, within the clinic's policy; the reply says so.
    let (_, body) = inbound(
        &app,
        &[("MessageSid", "SMin3"), ("From", phone), ("Body", "2")],
        None,
    )
    .await;
    assert!(body.contains("cancelled"), "{body}");
    assert_eq!(app.store.appointment(id).await.unwrap().status, "cancelled");
    let notice = wait_for(&received, sent_before + 3).await;
    assert!(notice["Body"].contains("cancelled"), "{notice:?}");

    // STOP ends reminders on SMS; a later reminder to that number is dropped, not sent.
    let (_, body) = inbound(
        &app,
        &[("MessageSid", "SMin4"), ("From", phone), ("Body", "STOP")],
        None,
    )
    .await;
    assert!(body.contains("no longer"), "{body}");
    assert!(
        app.store
            .is_opted_out(phone, app::domain::messaging::Channel::Sms)
            .await
            .unwrap()
    );
    let count = received.lock().unwrap().len();
    let later = app::ssr::store::NewMessage {
        id: app::domain::ids::MessageId(uuid::Uuid::now_v7()),
        idempotency_key: "test-reminder-after-stop".to_owned(),
        kind: app::domain::message_kind::MessageKind::AppointmentReminder,
        channel: app::domain::messaging::Channel::Sms,
        recipient: phone.to_owned(),
        lang: app::domain::lang::Lang::En,
        payload: serde_json::json!({}),
        due_at: app.clock.now(),
        user_id: None,
        clinic_id: None,
        appointment_id: None,
    };
    app.store
        .enqueue_message(&later, app.clock.now())
        .await
        .unwrap();
    let mut dropped = false;
    for _ in 0..100 {
        let m = app.store.message(later.id).await.unwrap().unwrap();
        if m.status == "cancelled" {
            dropped = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(dropped, "the reminder after STOP is cancelled");
    assert_eq!(
        received.lock().unwrap().len(),
        count,
        "and never reaches Twilio"
    );
}

async fn sms_and_whatsapp_go_out_through_twilio_and_receipts_only_move_forward(backend: Backend) {
    let (api, received) = fake_twilio().await;
    let app = spawn_app_with(
        backend,
        &[
            ("TWILIO_ACCOUNT_SID", SID),
            ("TWILIO_AUTH_TOKEN", TOKEN),
            ("TWILIO_SMS_FROM", "+15005550006"),
            ("TWILIO_WHATSAPP_FROM", "+15005550007"),
            (
                "TWILIO_CONTENT_SIDS",
                "sign_in_code=HX0123456789abcdef0123456789abcdef",
            ),
            ("TWILIO_API_BASE", &api),
            ("CALENTIFY_OUTBOX_WORKER", "true"),
        ],
    )
    .await;

    // A sign-in code by SMS: the documented fields, and the code works.
    let b = app.browser();
    let res = b
        .call(
            "request_code",
            &[("destination", "+966501234567"), ("channel", "sms")],
        )
        .await;
    assert_eq!(res.status(), 200);
    let sms = wait_for(&received, 1).await;
    assert_eq!(sms["To"], "+966501234567");
    assert_eq!(sms["From"], "+15005550006");
    assert_eq!(
        sms["StatusCallback"],
        format!("{}/webhooks/twilio/status", app.url)
    );
    let code: String = sms["Body"]
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .unwrap()
        .to_owned();
    let res = b.call("verify_code", &[("code", &code)]).await;
    assert_eq!(redirect_of(&res).as_deref(), Some("/sign-up"));

    // WhatsApp with an approved template: ContentSid and ContentVariables, no Body.
    let other = app.browser();
    let res = other
        .call(
            "request_code",
            &[("destination", "+966501234568"), ("channel", "whatsapp")],
        )
        .await;
    assert_eq!(res.status(), 200);
    let wa = wait_for(&received, 2).await;
    assert_eq!(wa["To"], "whatsapp:+966501234568");
    assert_eq!(wa["From"], "whatsapp:+15005550007");
    assert_eq!(wa["ContentSid"], "HX0123456789abcdef0123456789abcdef");
    assert!(!wa.contains_key("Body"));
    let vars: serde_json::Value = serde_json::from_str(&wa["ContentVariables"]).unwrap();
    assert_eq!(vars["1"].as_str().map(str::len), Some(6));

    // The provider's message id is recorded with the message.
    let sent = app.store.messages_to("+966501234567", 5).await.unwrap();
    let sid = sent[0]
        .provider_message_id
        .clone()
        .expect("the Twilio SID is kept");
    assert_eq!(sent[0].provider.as_deref(), Some("twilio"));
    assert_eq!(sent[0].status, "sent");

    // A forged callback is refused and changes nothing.
    let forged = [("MessageSid", sid.as_str()), ("MessageStatus", "failed")];
    assert_eq!(
        callback(&app, &forged, Some("bm90IGEgc2lnbmF0dXJl")).await,
        403
    );
    assert_eq!(callback(&app, &forged, Some("")).await, 403);
    assert_eq!(
        app.store.messages_to("+966501234567", 5).await.unwrap()[0].status,
        "sent"
    );

    // Delivered, then a late "sent" and a replayed "delivered": the status stays delivered.
    let delivered = [
        ("MessageSid", sid.as_str()),
        ("MessageStatus", "delivered"),
        ("AccountSid", SID),
    ];
    assert_eq!(callback(&app, &delivered, None).await, 204);
    let late = [
        ("MessageSid", sid.as_str()),
        ("MessageStatus", "sent"),
        ("AccountSid", SID),
    ];
    assert_eq!(callback(&app, &late, None).await, 204);
    assert_eq!(callback(&app, &delivered, None).await, 204);
    assert_eq!(
        app.store.messages_to("+966501234567", 5).await.unwrap()[0].status,
        "delivered"
    );
    assert_eq!(
        app.store.receipts_of(&sid).await.unwrap(),
        vec!["delivered", "sent"]
    );
    let read = [("MessageSid", sid.as_str()), ("MessageStatus", "read")];
    assert_eq!(callback(&app, &read, None).await, 204);
    assert_eq!(
        app.store.messages_to("+966501234567", 5).await.unwrap()[0].status,
        "read"
    );

    // A number Twilio refuses: the message fails at once with the reason, no retries.
    let res = app
        .browser()
        .call(
            "request_code",
            &[("destination", "+966500000000"), ("channel", "sms")],
        )
        .await;
    assert_eq!(res.status(), 200);
    let mut failed = None;
    for _ in 0..100 {
        let m = app.store.messages_to("+966500000000", 1).await.unwrap();
        if m.first().is_some_and(|m| m.status == "failed") {
            failed = m.into_iter().next();
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let failed = failed.expect("the refused message is marked failed");
    assert!(failed.last_error.unwrap_or_default().contains("21211"));
    assert_eq!(failed.attempts, 1);
    assert_eq!(received.lock().unwrap().len(), 2, "nothing sent twice");
}

async fn a_number_not_on_whatsapp_gets_the_code_by_sms(backend: Backend) {
    let (api, received) = fake_twilio().await;
    let app = spawn_app_with(
        backend,
        &[
            ("TWILIO_ACCOUNT_SID", SID),
            ("TWILIO_AUTH_TOKEN", TOKEN),
            ("TWILIO_SMS_FROM", "+15005550006"),
            ("TWILIO_WHATSAPP_FROM", "+15005550007"),
            ("TWILIO_API_BASE", &api),
            ("CALENTIFY_OUTBOX_WORKER", "true"),
        ],
    )
    .await;
    let b = app.browser();
    let res = b
        .call(
            "request_code",
            &[("destination", "+966501234599"), ("channel", "whatsapp")],
        )
        .await;
    assert_eq!(res.status(), 200);
    // WhatsApp refuses the number; the same code arrives by SMS within moments.
    let sms = wait_for(&received, 1).await;
    assert_eq!(sms["To"], "+966501234599");
    assert_eq!(sms["From"], "+15005550006");
    let code: String = sms["Body"]
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .unwrap()
        .to_owned();
    let res = b.call("verify_code", &[("code", &code)]).await;
    assert_eq!(redirect_of(&res).as_deref(), Some("/sign-up"));
    let log = app.store.messages_to("+966501234599", 5).await.unwrap();
    let whatsapp = log.iter().find(|m| m.channel == "whatsapp").unwrap();
    assert_eq!(whatsapp.status, "failed");
    assert!(
        whatsapp
            .last_error
            .as_deref()
            .unwrap_or_default()
            .contains("63003")
    );
    assert!(log.iter().any(|m| m.channel == "sms" && m.status == "sent"));
    assert_eq!(
        received.lock().unwrap().len(),
        1,
        "one SMS, no second fallback"
    );
}
