//! Delivery receipts from Twilio: signature checked, acknowledged fast, de-duplicated by
//! the provider's message id and applied as a one-way state machine.

use crate::notify::twilio;
use app::{
    domain::{message_status::MessageStatus, messaging::Channel},
    ssr::{
        context::RequestInfo,
        services::{Ctx, replies},
        state::AppState,
        store::Receipt,
    },
};
use axum::{
    Extension,
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
};
use secrecy::ExposeSecret;
use std::{collections::HashMap, sync::Arc};

/// What the webhook needs to check a request: the token that signs it and the exact URL
/// we gave Twilio as `StatusCallback`.
#[derive(Clone)]
pub struct TwilioHooks {
    pub auth_token: secrecy::SecretString,
    pub status_url: String,
    pub inbound_url: String,
}

pub fn routes(hooks: Option<TwilioHooks>) -> axum::Router<AppState> {
    match hooks {
        Some(hooks) => {
            let hooks = Arc::new(hooks);
            let for_inbound = hooks.clone();
            axum::Router::new()
                .route(
                    "/webhooks/twilio/status",
                    post(
                        move |state: State<AppState>, headers: HeaderMap, body: Bytes| {
                            status(state, hooks.clone(), headers, body)
                        },
                    ),
                )
                .route(
                    "/webhooks/twilio/inbound",
                    post(
                        move |state: State<AppState>,
                              info: Extension<RequestInfo>,
                              headers: HeaderMap,
                              body: Bytes| {
                            inbound(state, for_inbound.clone(), info, headers, body)
                        },
                    ),
                )
        }
        None => axum::Router::new(),
    }
}

/// The form parameters of a request Twilio signed for `url`; `None` (and a warning) when
/// `X-Twilio-Signature` does not match.
fn signed_params(
    auth_token: &secrecy::SecretString,
    url: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Option<Vec<(String, String)>> {
    let params: Vec<(String, String)> = url::form_urlencoded::parse(body).into_owned().collect();
    let signature = headers
        .get("x-twilio-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if twilio::verify(auth_token.expose_secret(), url, &params, signature) {
        Some(params)
    } else {
        tracing::warn!(url, "refused a Twilio request with a bad signature");
        None
    }
}

/// Twilio's message statuses, in our vocabulary; `None` for the ones we do not track
/// (Twilio's list is theirs to extend).
fn our_status(twilio_status: &str) -> Option<MessageStatus> {
    match twilio_status {
        "accepted" | "queued" | "sending" | "scheduled" => Some(MessageStatus::Sending),
        "sent" => Some(MessageStatus::Sent),
        "delivered" => Some(MessageStatus::Delivered),
        "read" => Some(MessageStatus::Read),
        "undelivered" | "failed" | "canceled" => Some(MessageStatus::Failed),
        _ => None,
    }
}

async fn status(
    State(state): State<AppState>,
    hooks: Arc<TwilioHooks>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(params) = signed_params(&hooks.auth_token, &hooks.status_url, &headers, &body) else {
        return StatusCode::FORBIDDEN.into_response();
    };
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let (Some(sid), Some(status)) = (get("MessageSid"), get("MessageStatus").and_then(our_status))
    else {
        // Signed but not a status we track: acknowledge so Twilio does not retry.
        return StatusCode::NO_CONTENT.into_response();
    };
    match state
        .store
        .record_receipt(sid, status, get("ErrorCode"), state.clock.now())
        .await
    {
        Ok(Receipt::Applied | Receipt::Stale | Receipt::Duplicate | Receipt::Unknown) => {
            StatusCode::NO_CONTENT.into_response()
        }
        // Twilio retries on 5xx: the receipt is not lost.
        Err(error) => {
            tracing::warn!(%error, "recording a delivery receipt failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// A patient's message to one of our numbers: `1`/`2` (or `١`/`٢`, or a template's
/// quick-reply button) confirms or cancels their reminded appointment within the
/// clinic's policy; `STOP` ends reminders on that channel. Answered with TwiML.
async fn inbound(
    State(state): State<AppState>,
    hooks: Arc<TwilioHooks>,
    Extension(info): Extension<RequestInfo>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(params) = signed_params(&hooks.auth_token, &hooks.inbound_url, &headers, &body) else {
        return StatusCode::FORBIDDEN.into_response();
    };
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let (Some(sid), Some(from)) = (get("MessageSid"), get("From")) else {
        return twiml(None);
    };
    let now = state.clock.now();
    match state.store.record_inbound(sid, now).await {
        Ok(true) => {}
        Ok(false) => return twiml(None),
        Err(error) => {
            tracing::warn!(%error, "recording an inbound message failed");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    }
    let (channel, number) = match from.strip_prefix("whatsapp:") {
        Some(n) => (Channel::WhatsApp, n),
        None => (Channel::Sms, from),
    };
    let ctx = Ctx::from_parts(state, headers, info);
    match replies::handle(
        &ctx,
        channel,
        number,
        get("Body").unwrap_or_default(),
        get("ButtonPayload"),
    )
    .await
    {
        Ok((outcome, lang)) => {
            tracing::info!(?outcome, channel = channel.as_str(), "handled a reply");
            twiml(Some(crate::notify::templates::reply_text(outcome, lang)))
        }
        Err(error) => {
            tracing::warn!(?error, "handling a reply failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// A TwiML answer: one message back, or nothing.
fn twiml(message: Option<&str>) -> Response {
    let body = match message {
        Some(text) => {
            let text = text
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>{text}</Message></Response>"
            )
        }
        None => "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>".to_owned(),
    };
    (
        [(axum::http::header::CONTENT_TYPE, "text/xml; charset=utf-8")],
        body,
    )
        .into_response()
}

/// What the Meta webhook needs: the app secret that signs callbacks and the token we
/// chose for the subscription handshake.
#[derive(Clone)]
pub struct MetaHooks {
    pub app_secret: secrecy::SecretString,
    pub verify_token: secrecy::SecretString,
}

pub fn meta_routes(hooks: Option<MetaHooks>) -> axum::Router<AppState> {
    let Some(hooks) = hooks else {
        return axum::Router::new();
    };
    let hooks = Arc::new(hooks);
    let for_post = hooks.clone();
    axum::Router::new().route(
        "/webhooks/meta",
        axum::routing::get(
            move |query: axum::extract::Query<HashMap<String, String>>| {
                meta_handshake(hooks.clone(), query)
            },
        )
        .post(
            move |state: State<AppState>,
                  info: Extension<RequestInfo>,
                  headers: HeaderMap,
                  body: Bytes| {
                meta_event(state, for_post.clone(), info, headers, body)
            },
        ),
    )
}

/// The subscription handshake: echo `hub.challenge` when the verify token matches.
async fn meta_handshake(
    hooks: Arc<MetaHooks>,
    axum::extract::Query(q): axum::extract::Query<HashMap<String, String>>,
) -> Response {
    use subtle::ConstantTimeEq;
    let token_ok = q.get("hub.verify_token").is_some_and(|t| {
        bool::from(
            t.as_bytes()
                .ct_eq(hooks.verify_token.expose_secret().as_bytes()),
        )
    });
    match (
        q.get("hub.mode").map(String::as_str),
        q.get("hub.challenge"),
    ) {
        (Some("subscribe"), Some(challenge)) if token_ok => challenge.clone().into_response(),
        _ => StatusCode::FORBIDDEN.into_response(),
    }
}

/// Delivery statuses and patients' messages, in one signed JSON callback.
async fn meta_event(
    State(state): State<AppState>,
    hooks: Arc<MetaHooks>,
    Extension(info): Extension<RequestInfo>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let signature = headers
        .get("x-hub-signature-256")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !crate::notify::meta::verify(hooks.app_secret.expose_secret(), &body, signature) {
        tracing::warn!("refused a Meta callback with a bad signature");
        return StatusCode::FORBIDDEN.into_response();
    }
    let Ok(event) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let now = state.clock.now();
    let values = event["entry"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|e| e["changes"].as_array().into_iter().flatten())
        .map(|c| c["value"].clone())
        .collect::<Vec<_>>();
    let ctx = Ctx::from_parts(state.clone(), headers, info);
    for value in values {
        let handled = match meta_statuses(&state, &value, now).await {
            Ok(()) => meta_messages(&state, &ctx, &value, now).await,
            Err(refused) => Err(refused),
        };
        if let Err(status) = handled {
            return status.into_response();
        }
    }
    StatusCode::OK.into_response()
}

/// Delivery receipts in one callback value. A receipt that cannot be recorded asks Meta
/// to send the callback again.
async fn meta_statuses(
    state: &AppState,
    value: &serde_json::Value,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), StatusCode> {
    for s in value["statuses"].as_array().into_iter().flatten() {
        let (Some(id), Some(status)) = (s["id"].as_str(), s["status"].as_str()) else {
            continue;
        };
        // Meta's statuses we track; others (e.g. `deleted`) are theirs to add.
        let ours = match status {
            "sent" => MessageStatus::Sent,
            "delivered" => MessageStatus::Delivered,
            "read" => MessageStatus::Read,
            "failed" => MessageStatus::Failed,
            _ => continue,
        };
        let code = s["errors"][0]["code"].as_i64().map(|c| c.to_string());
        if let Err(error) = state
            .store
            .record_receipt(id, ours, code.as_deref(), now)
            .await
        {
            tracing::warn!(%error, "recording a delivery receipt failed");
            return Err(StatusCode::SERVICE_UNAVAILABLE);
        }
    }
    Ok(())
}

/// Patients' messages in one callback value: each handled once (Meta may repeat a
/// callback), and answered on WhatsApp in the patient's language.
async fn meta_messages(
    state: &AppState,
    ctx: &Ctx,
    value: &serde_json::Value,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), StatusCode> {
    for m in value["messages"].as_array().into_iter().flatten() {
        let (Some(id), Some(from)) = (m["id"].as_str(), m["from"].as_str()) else {
            continue;
        };
        match state.store.record_inbound(id, now).await {
            Ok(true) => {}
            Ok(false) => continue,
            Err(_) => return Err(StatusCode::SERVICE_UNAVAILABLE),
        }
        let text = m["text"]["body"].as_str().unwrap_or_default();
        let button = m["button"]["payload"]
            .as_str()
            .or_else(|| m["interactive"]["button_reply"]["id"].as_str());
        let number = format!("+{}", from.trim_start_matches('+'));
        match replies::handle(ctx, Channel::WhatsApp, &number, text, button).await {
            Ok((outcome, lang)) => {
                let answer = app::ssr::store::NewMessage {
                    id: app::domain::ids::MessageId(uuid::Uuid::now_v7()),
                    idempotency_key: format!("reply-ack:{id}"),
                    kind: app::domain::message_kind::MessageKind::ReplyAck,
                    channel: Channel::WhatsApp,
                    recipient: number,
                    lang,
                    payload: serde_json::json!({
                        "text": crate::notify::templates::reply_text(outcome, lang)
                    }),
                    due_at: now,
                    user_id: None,
                    clinic_id: None,
                    appointment_id: None,
                };
                if let Err(error) = state.store.enqueue_message(&answer, now).await {
                    tracing::warn!(%error, "queueing the answer to a reply failed");
                }
            }
            Err(error) => tracing::warn!(?error, "handling a reply failed"),
        }
    }
    Ok(())
}
