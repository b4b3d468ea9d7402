//! Facebook's token endpoint and Graph `/me` on loopback, checking each request as
//! Facebook's login and Graph documentation specify (query parameters, app secret,
//! `appsecret_proof`), and recording what it was asked.

use axum::{
    Json, Router,
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

pub const APP_ID: &str = "4242424242";
/// A throwaway value for the fake Graph API; not a credential anywhere.
pub const APP_SECRET: &str = "test-only-app-secret";
/// The only code the fake accepts (once).
pub const GOOD_CODE: &str = "fb-good-code";

#[derive(Default)]
struct Inner {
    base: String,
    code_used: bool,
    issued: Vec<String>,
    pub requests: Vec<(String, HashMap<String, String>)>,
}

#[derive(Clone)]
pub struct FakeFacebook {
    pub base: String,
    inner: Arc<Mutex<Inner>>,
}

impl FakeFacebook {
    pub async fn start() -> FakeFacebook {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let inner = Arc::new(Mutex::new(Inner {
            base: base.clone(),
            ..Inner::default()
        }));
        let router = Router::new()
            .route("/v21.0/oauth/access_token", get(access_token))
            .route("/v21.0/me", get(me))
            .route("/pictures/layla.png", get(picture))
            .with_state(inner.clone());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        FakeFacebook { base, inner }
    }

    /// The variables that point the server at this fake.
    pub fn settings(&self) -> Vec<(&'static str, String)> {
        vec![
            ("FACEBOOK_CLIENT_ID", APP_ID.to_owned()),
            ("FACEBOOK_CLIENT_SECRET", APP_SECRET.to_owned()),
            (
                "FACEBOOK_AUTH_URL",
                format!("{}/v21.0/dialog/oauth", self.base),
            ),
            (
                "FACEBOOK_TOKEN_URL",
                format!("{}/v21.0/oauth/access_token", self.base),
            ),
            ("FACEBOOK_GRAPH_URL", format!("{}/v21.0", self.base)),
        ]
    }

    pub fn requests(&self) -> Vec<(String, HashMap<String, String>)> {
        self.inner.lock().unwrap().requests.clone()
    }

    pub fn issued_tokens(&self) -> Vec<String> {
        self.inner.lock().unwrap().issued.clone()
    }
}

fn graph_error(status: StatusCode, message: &str) -> Response {
    (
        status,
        Json(serde_json::json!({
            "error": { "message": message, "type": "OAuthException", "code": 100 }
        })),
    )
        .into_response()
}

async fn access_token(
    State(inner): State<Arc<Mutex<Inner>>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let mut inner = inner.lock().unwrap();
    inner.requests.push(("access_token".to_owned(), q.clone()));
    if q.get("client_id").map(String::as_str) != Some(APP_ID)
        || q.get("client_secret").map(String::as_str) != Some(APP_SECRET)
    {
        return graph_error(StatusCode::BAD_REQUEST, "Error validating client secret.");
    }
    if !q
        .get("redirect_uri")
        .is_some_and(|r| r.ends_with("/auth/facebook/callback"))
    {
        return graph_error(StatusCode::BAD_REQUEST, "Invalid redirect_uri.");
    }
    if q.get("code").map(String::as_str) != Some(GOOD_CODE) || inner.code_used {
        return graph_error(
            StatusCode::BAD_REQUEST,
            "This authorization code has been used.",
        );
    }
    inner.code_used = true;
    let token = format!("EAAG{}", uuid::Uuid::new_v4().simple());
    inner.issued.push(token.clone());
    Json(serde_json::json!({
        "access_token": token,
        "token_type": "bearer",
        "expires_in": 5183944,
    }))
    .into_response()
}

async fn me(
    State(inner): State<Arc<Mutex<Inner>>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let mut inner = inner.lock().unwrap();
    inner.requests.push(("me".to_owned(), q.clone()));
    let Some(token) = q.get("access_token").filter(|t| inner.issued.contains(t)) else {
        return graph_error(StatusCode::UNAUTHORIZED, "Invalid OAuth access token.");
    };
    // Computed here independently of the server's code.
    let proof = {
        use hmac::Mac;
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(APP_SECRET.as_bytes()).unwrap();
        mac.update(token.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    };
    if q.get("appsecret_proof") != Some(&proof) {
        return graph_error(StatusCode::BAD_REQUEST, "Invalid appsecret_proof.");
    }
    let fields: Vec<&str> = q
        .get("fields")
        .map(|f| f.split(',').collect())
        .unwrap_or_default();
    let mut body = serde_json::json!({ "id": "10158000000000001" });
    if fields.contains(&"name") {
        body["name"] = "Layla Haddad".into();
    }
    if fields.contains(&"email") {
        body["email"] = "layla@facebook.example".into();
    }
    if fields.iter().any(|f| f.starts_with("picture")) {
        body["picture"] = serde_json::json!({
            "data": { "height": 256, "width": 256, "is_silhouette": false,
                      "url": format!("{}/pictures/layla.png", inner.base) }
        });
    }
    Json(body).into_response()
}

/// A real PNG, as Facebook's picture host would serve.
async fn picture() -> Response {
    let image = image::RgbImage::from_pixel(300, 300, image::Rgb([40, 120, 200]));
    let mut png = std::io::Cursor::new(Vec::new());
    image.write_to(&mut png, image::ImageFormat::Png).unwrap();
    ([("content-type", "image/png")], png.into_inner()).into_response()
}
