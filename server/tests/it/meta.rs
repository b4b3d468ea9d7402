//! WhatsApp through Meta's Cloud API, against a local Graph server that checks each
//! request as the Cloud API documents it (Bearer token, JSON body, template fields);
//! the webhook's subscription handshake, signatures, statuses and patients' replies.

use crate::{
    accounts::redirect_of,
    on_both_backends,
    support::{Backend, TestApp, spawn_app_with},
};
use axum::{
    Json,
    extract::Path,
    http::{HeaderMap, StatusCode},
    response::IntoResponse,
    routing::post,
};
use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

const TOKEN: &str = "meta-test-token";
const PHONE_ID: &str = "1234567890";
const APP_SECRET: &str = "meta-app-secret";
const VERIFY: &str = "verify-me";

type Received = Arc<Mutex<Vec<serde_json::Value>>>;

async fn fake_graph() -> (String, Received) {
    let received: Received = Arc::default();
    let seen = received.clone();
    let handler = move |Path(phone_id): Path<String>,
                        headers: HeaderMap,
                        Json(body): Json<serde_json::Value>| {
        let seen = seen.clone();
        async move {
            let auth = headers.get("authorization").and_then(|v| v.to_str().ok());
            if phone_id != PHONE_ID || auth != Some(format!("Bearer {TOKEN}").as_str()) {
                let e = serde_json::json!({ "error": { "code": 190, "message": "Invalid OAuth access token" } });
                return (StatusCode::UNAUTHORIZED, Json(e)).into_response();
            }
            let to = body["to"].as_str().unwrap_or_default().to_owned();
            let well_formed = body["messaging_product"] == "whatsapp"
                && !to.is_empty()
                && to.chars().all(|c| c.is_ascii_digit())
                && match body["type"].as_str() {
                    Some("template") => {
                        body["template"]["name"].is_string()
                            && body["template"]["language"]["code"].is_string()
                            && body["template"]["components"][0]["type"] == "body"
                            && body["template"]["components"][0]["parameters"].is_array()
                    }
                    Some("text") => body["text"]["body"].is_string(),
                    _ => false,
                };
            if !well_formed {
                let e =
                    serde_json::json!({ "error": { "code": 100, "message": "Invalid parameter" } });
                return (StatusCode::BAD_REQUEST, Json(e)).into_response();
            }
            let mut seen = seen.lock().unwrap();
            seen.push(body);
            let id = format!("wamid.{}", seen.len());
            let ok = serde_json::json!({
                "messaging_product": "whatsapp",
                "contacts": [{ "input": to, "wa_id": to }],
                "messages": [{ "id": id }],
            });
            (StatusCode::OK, Json(ok)).into_response()
        }
    };
    let router = axum::Router::new().route("/v21.0/{phone_id}/messages", post(handler));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    (url, received)
}

async fn wait_for(received: &Received, n: usize) -> serde_json::Value {
    for _ in 0..200 {
        if let Some(m) = received.lock().unwrap().get(n - 1) {
            return m.clone();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the Graph API received fewer than {n} messages");
}

async fn webhook(app: &TestApp, body: &serde_json::Value, signed: bool) -> u16 {
    let raw = serde_json::to_vec(body).unwrap();
    let signature = if signed {
        server::notify::meta::sign(APP_SECRET, &raw)
    } else {
        server::notify::meta::sign("not-the-secret", &raw)
    };
    reqwest::Client::new()
        .post(format!("{}/webhooks/meta", app.url))
        .header("x-hub-signature-256", signature)
        .header("content-type", "application/json")
        .body(raw)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

fn change(value: serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": "WABA", "changes": [{ "field": "messages", "value": value }] }],
    })
}

on_both_backends!(whatsapp_cloud_templates_receipts_and_replies);

async fn whatsapp_cloud_templates_receipts_and_replies(backend: Backend) {
    let (graph, received) = fake_graph().await;
    let base = format!("{graph}/v21.0");
    let app = spawn_app_with(
        backend,
        &[
            ("META_WHATSAPP_TOKEN", TOKEN),
            ("META_WHATSAPP_PHONE_NUMBER_ID", PHONE_ID),
            ("META_APP_SECRET", APP_SECRET),
            ("META_VERIFY_TOKEN", VERIFY),
            ("META_GRAPH_BASE", &base),
            (
                "META_WHATSAPP_TEMPLATES",
                "sign_in_code=calentify_sign_in_code",
            ),
            ("CALENTIFY_OUTBOX_WORKER", "true"),
        ],
    )
    .await;

    // The subscription handshake.
    let hub = |token: &str| {
        format!(
            "{}/webhooks/meta?hub.mode=subscribe&hub.verify_token={token}&hub.challenge=1158201444",
            app.url
        )
    };
    let ok = reqwest::get(hub(VERIFY)).await.unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.text().await.unwrap(), "1158201444");
    assert_eq!(reqwest::get(hub("wrong")).await.unwrap().status(), 403);

    // A sign-in code as an approved template, in the visitor's language.
    let b = app.browser();
    let res = b
        .call(
            "request_code",
            &[("destination", "+966501234570"), ("channel", "whatsapp")],
        )
        .await;
    assert_eq!(res.status(), 200);
    let sent = wait_for(&received, 1).await;
    assert_eq!(sent["to"], "966501234570");
    assert_eq!(sent["type"], "template");
    assert_eq!(sent["template"]["name"], "calentify_sign_in_code");
    assert_eq!(sent["template"]["language"]["code"], "en");
    let code = sent["template"]["components"][0]["parameters"][0]["text"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = b.call("verify_code", &[("code", &code)]).await;
    assert_eq!(redirect_of(&res).as_deref(), Some("/sign-up"));
    let row = &app.store.messages_to("+966501234570", 1).await.unwrap()[0];
    assert_eq!(row.provider.as_deref(), Some("meta"));
    assert_eq!(row.provider_message_id.as_deref(), Some("wamid.1"));

    // Statuses: unsigned refused; delivered applied; a late "sent" ignored.
    let status = |s: &str| {
        change(serde_json::json!({
            "messaging_product": "whatsapp",
            "statuses": [{ "id": "wamid.1", "status": s, "timestamp": "1764000000", "recipient_id": "966501234570" }],
        }))
    };
    assert_eq!(webhook(&app, &status("delivered"), false).await, 403);
    assert_eq!(
        app.store.messages_to("+966501234570", 1).await.unwrap()[0].status,
        "sent"
    );
    assert_eq!(webhook(&app, &status("delivered"), true).await, 200);
    assert_eq!(webhook(&app, &status("sent"), true).await, 200);
    assert_eq!(
        app.store.messages_to("+966501234570", 1).await.unwrap()[0].status,
        "delivered"
    );

    // A patient's "STOP": reminders end on WhatsApp and the answer goes back as text.
    let stop = change(serde_json::json!({
        "messaging_product": "whatsapp",
        "contacts": [{ "wa_id": "966501234570", "profile": { "name": "Test" } }],
        "messages": [{ "from": "966501234570", "id": "wamid.in1", "timestamp": "1764000001", "type": "text", "text": { "body": "إيقاف" } }],
    }));
    assert_eq!(webhook(&app, &stop, true).await, 200);
    assert_eq!(
        webhook(&app, &stop, true).await,
        200,
        "a redelivered callback is acknowledged"
    );
    assert!(
        app.store
            .is_opted_out("+966501234570", app::domain::messaging::Channel::WhatsApp)
            .await
            .unwrap()
    );
    let answer = wait_for(&received, 2).await;
    assert_eq!(answer["type"], "text");
    assert!(
        answer["text"]["body"]
            .as_str()
            .unwrap()
            .contains("no longer"),
        "{answer}"
    );
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(
        received.lock().unwrap().len(),
        2,
        "the replayed STOP was handled once"
    );
}
