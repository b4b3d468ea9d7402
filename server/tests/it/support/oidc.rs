//! A small OpenID Connect provider on loopback, strict about the requests it takes, for
//! testing "Sign in with Google" without Google.
//!
//! It serves discovery and a JWKS, checks the authorization request (S256 PKCE, state,
//! nonce, scopes), and at the token endpoint checks the client's credentials, the code
//! (single use, bound to its redirect URI) and the PKCE verifier against the challenge.
//! A `Twist` makes it issue a token that a careful client must refuse.

use axum::{
    Form, Json, Router,
    extract::{Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use base64::Engine;
use openidconnect::{
    AccessToken, Audience, AuthorizationCode, EmptyAdditionalClaims, EndUserEmail, EndUserName,
    EndUserPictureUrl, IssuerUrl, JsonWebKeyId, LocalizedClaim, Nonce, PrivateSigningKey,
    StandardClaims, SubjectIdentifier,
    core::{
        CoreIdToken, CoreIdTokenClaims, CoreJsonWebKeySet, CoreJwsSigningAlgorithm,
        CoreRsaPrivateSigningKey,
    },
};
use sha2::Digest;
use std::{
    collections::HashMap,
    sync::{Arc, Mutex, OnceLock},
};

pub const CLIENT_ID: &str = "calentify-test-client";
/// A throwaway value for the fake provider; not a credential anywhere.
pub const CLIENT_SECRET: &str = "test-only-client-secret";

/// How the provider misbehaves (or not).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Twist {
    None,
    WrongNonce,
    WrongAudience,
    WrongIssuer,
    Expired,
    /// Signed with a key the JWKS does not hold (same key id).
    ForeignKey,
    /// The token endpoint refuses the code.
    RefuseCode,
}

#[derive(Clone, Debug)]
pub struct Person {
    pub sub: String,
    pub email: String,
    pub email_verified: bool,
    pub name: String,
}

struct Grant {
    redirect_uri: String,
    challenge: String,
    nonce: String,
    used: bool,
}

struct Inner {
    base: String,
    twist: Twist,
    person: Person,
    grants: HashMap<String, Grant>,
    /// Every token request's form, for tests to inspect.
    token_requests: Vec<HashMap<String, String>>,
}

#[derive(Clone)]
pub struct FakeOidc {
    pub base: String,
    inner: Arc<Mutex<Inner>>,
}

/// RSA keys take a moment to make; two per test process is enough.
fn keys() -> &'static (String, String) {
    static KEYS: OnceLock<(String, String)> = OnceLock::new();
    KEYS.get_or_init(|| {
        use rsa::pkcs1::EncodeRsaPrivateKey;
        let pem = || {
            rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048)
                .unwrap()
                .to_pkcs1_pem(rsa::pkcs1::LineEnding::LF)
                .unwrap()
                .to_string()
        };
        (pem(), pem())
    })
}

fn signing_key(foreign: bool) -> CoreRsaPrivateSigningKey {
    let (ours, theirs) = keys();
    let pem = if foreign { theirs } else { ours };
    CoreRsaPrivateSigningKey::from_pem(pem, Some(JsonWebKeyId::new("test-key-1".to_owned())))
        .unwrap()
}

impl FakeOidc {
    pub async fn start(person: Person) -> FakeOidc {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let fake = FakeOidc {
            base: base.clone(),
            inner: Arc::new(Mutex::new(Inner {
                base,
                twist: Twist::None,
                person,
                grants: HashMap::new(),
                token_requests: Vec::new(),
            })),
        };
        let router = Router::new()
            .route("/.well-known/openid-configuration", get(discovery))
            .route("/jwks", get(jwks))
            .route("/authorize", get(authorize))
            .route("/token", post(token))
            .with_state(fake.inner.clone());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        fake
    }

    pub fn set_twist(&self, twist: Twist) {
        self.inner.lock().unwrap().twist = twist;
    }

    pub fn set_person(&self, person: Person) {
        self.inner.lock().unwrap().person = person;
    }

    pub fn token_requests(&self) -> Vec<HashMap<String, String>> {
        self.inner.lock().unwrap().token_requests.clone()
    }
}

async fn discovery(State(inner): State<Arc<Mutex<Inner>>>) -> Json<serde_json::Value> {
    let base = inner.lock().unwrap().base.clone();
    Json(serde_json::json!({
        "issuer": base,
        "authorization_endpoint": format!("{base}/authorize"),
        "token_endpoint": format!("{base}/token"),
        "jwks_uri": format!("{base}/jwks"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic"],
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": ["openid", "email", "profile"],
    }))
}

async fn jwks() -> Json<CoreJsonWebKeySet> {
    Json(CoreJsonWebKeySet::new(vec![
        signing_key(false).as_verification_key(),
    ]))
}

fn refuse(why: &str) -> Response {
    (StatusCode::BAD_REQUEST, why.to_owned()).into_response()
}

async fn authorize(
    State(inner): State<Arc<Mutex<Inner>>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let need = |k: &str| q.get(k).filter(|v| !v.is_empty()).cloned();
    if need("response_type").as_deref() != Some("code") {
        return refuse("response_type must be code");
    }
    if need("client_id").as_deref() != Some(CLIENT_ID) {
        return refuse("unknown client_id");
    }
    // Exactly what sign-in needs, in any order: asking for more (mail, contacts, an
    // offline refresh token) is refused, as a reviewer of our Google app would.
    let mut scopes: Vec<String> = need("scope")
        .unwrap_or_default()
        .split(' ')
        .map(str::to_owned)
        .collect();
    scopes.sort();
    if scopes != ["email", "openid", "profile"] {
        return refuse("scope must be exactly openid, email and profile");
    }
    if need("code_challenge_method").as_deref() != Some("S256") {
        return refuse("PKCE with S256 is required");
    }
    let (Some(challenge), Some(state), Some(nonce), Some(redirect_uri)) = (
        need("code_challenge"),
        need("state"),
        need("nonce"),
        need("redirect_uri"),
    ) else {
        return refuse("code_challenge, state, nonce and redirect_uri are required");
    };
    if !redirect_uri.ends_with("/auth/google/callback") {
        return refuse("redirect_uri is not registered");
    }
    let code = format!("code-{}", uuid::Uuid::new_v4().simple());
    inner.lock().unwrap().grants.insert(
        code.clone(),
        Grant {
            redirect_uri: redirect_uri.clone(),
            challenge,
            nonce,
            used: false,
        },
    );
    let mut to = url::Url::parse(&redirect_uri).unwrap();
    to.query_pairs_mut()
        .append_pair("code", &code)
        .append_pair("state", &state);
    Redirect::to(to.as_str()).into_response()
}

fn token_error(kind: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(serde_json::json!({ "error": kind })),
    )
        .into_response()
}

async fn token(
    State(inner): State<Arc<Mutex<Inner>>>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let mut inner = inner.lock().unwrap();
    inner.token_requests.push(form.clone());
    // client_secret_basic: both parts form-urlencoded, then base64 (RFC 6749 §2.3.1).
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"))
    );
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(expected.as_str()) {
        return (
            StatusCode::UNAUTHORIZED,
            Json(serde_json::json!({ "error": "invalid_client" })),
        )
            .into_response();
    }
    if form.get("grant_type").map(String::as_str) != Some("authorization_code") {
        return token_error("unsupported_grant_type");
    }
    let twist = inner.twist;
    let base = inner.base.clone();
    let person = inner.person.clone();
    let code = form.get("code").cloned().unwrap_or_default();
    let Some(grant) = inner.grants.get_mut(&code) else {
        return token_error("invalid_grant");
    };
    if grant.used || twist == Twist::RefuseCode {
        return token_error("invalid_grant");
    }
    grant.used = true;
    if form.get("redirect_uri") != Some(&grant.redirect_uri) {
        return token_error("invalid_grant");
    }
    let Some(verifier) = form.get("code_verifier") else {
        return token_error("invalid_request");
    };
    let computed = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(sha2::Sha256::digest(verifier.as_bytes()));
    if computed != grant.challenge {
        return token_error("invalid_grant");
    }
    let now = chrono::Utc::now();
    let (issued, expires) = if twist == Twist::Expired {
        (
            now - chrono::Duration::minutes(30),
            now - chrono::Duration::minutes(10),
        )
    } else {
        (now, now + chrono::Duration::minutes(5))
    };
    // A picture address the provider does not serve (404).
    let picture = format!("{base}/no-such-picture.jpg");
    let issuer = if twist == Twist::WrongIssuer {
        "https://issuer.invalid".to_owned()
    } else {
        base
    };
    let audience = if twist == Twist::WrongAudience {
        "someone-else"
    } else {
        CLIENT_ID
    };
    let nonce = if twist == Twist::WrongNonce {
        "a-different-nonce".to_owned()
    } else {
        grant.nonce.clone()
    };
    let claims = CoreIdTokenClaims::new(
        IssuerUrl::new(issuer).unwrap(),
        vec![Audience::new(audience.to_owned())],
        expires,
        issued,
        StandardClaims::new(SubjectIdentifier::new(person.sub.clone()))
            .set_email(Some(EndUserEmail::new(person.email.clone())))
            .set_email_verified(Some(person.email_verified))
            .set_name(Some(LocalizedClaim::from(EndUserName::new(
                person.name.clone(),
            ))))
            .set_picture(Some(LocalizedClaim::from(EndUserPictureUrl::new(picture)))),
        EmptyAdditionalClaims {},
    )
    .set_nonce(Some(Nonce::new(nonce)));
    let access = AccessToken::new(format!("at-{}", uuid::Uuid::new_v4().simple()));
    let id_token = CoreIdToken::new(
        claims,
        &signing_key(twist == Twist::ForeignKey),
        CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
        Some(&access),
        Some(&AuthorizationCode::new(code)),
    )
    .unwrap();
    Json(serde_json::json!({
        "access_token": access.secret(),
        "token_type": "Bearer",
        "expires_in": 3600,
        "id_token": id_token.to_string(),
    }))
    .into_response()
}
