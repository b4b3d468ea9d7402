//! Sign in with Google: OpenID Connect's authorization code flow with PKCE (S256).
//!
//! The provider's metadata and signing keys come from its discovery document, cached
//! for a while so a burst of sign-ins does not fetch them each time; an ID token signed
//! with a key we have not seen refreshes them once (Google rotates its keys).

use super::{OAuthError, http_client};
use app::domain::{contact::Email, identity::IdentityKind, identity::VerifiedIdentity};
use openidconnect::{
    AuthenticationFlow, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet,
    EndpointNotSet, EndpointSet, IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier,
    RedirectUrl, Scope,
    core::{CoreClient, CoreProviderMetadata, CoreResponseType},
};
use secrecy::{ExposeSecret, SecretString};
use std::time::{Duration, Instant};
use tokio::sync::RwLock;

/// The client type discovery gives: authorization endpoint set, token and user-info
/// endpoints as the provider's metadata says.
type GoogleClient = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// How long discovered metadata and keys are trusted before they are fetched again.
const METADATA_TTL: Duration = Duration::from_secs(15 * 60);

pub struct Google {
    issuer: IssuerUrl,
    client_id: ClientId,
    client_secret: SecretString,
    redirect: RedirectUrl,
    http: reqwest::Client,
    metadata: RwLock<Option<(Instant, CoreProviderMetadata)>>,
}

/// What the browser is sent to, and what must be kept (server-side) for the callback.
pub struct Started {
    pub authorize_url: url::Url,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

impl Google {
    pub fn new(
        issuer: &url::Url,
        client_id: &str,
        client_secret: SecretString,
        redirect: &str,
    ) -> Result<Self, OAuthError> {
        Ok(Self {
            // Issuers are compared as strings: "https://accounts.google.com", no slash.
            issuer: IssuerUrl::new(issuer.as_str().trim_end_matches('/').to_owned())
                .map_err(|e| OAuthError::Config(e.to_string()))?,
            client_id: ClientId::new(client_id.to_owned()),
            client_secret,
            redirect: RedirectUrl::new(redirect.to_owned())
                .map_err(|e| OAuthError::Config(e.to_string()))?,
            http: http_client()?,
            metadata: RwLock::new(None),
        })
    }

    async fn metadata(&self, refresh: bool) -> Result<CoreProviderMetadata, OAuthError> {
        if !refresh
            && let Some((at, m)) = self.metadata.read().await.as_ref()
            && at.elapsed() < METADATA_TTL
        {
            return Ok(m.clone());
        }
        let fresh = CoreProviderMetadata::discover_async(self.issuer.clone(), &self.http)
            .await
            .map_err(|e| OAuthError::Provider(format!("discovery: {e}")))?;
        *self.metadata.write().await = Some((Instant::now(), fresh.clone()));
        Ok(fresh)
    }

    fn client(&self, metadata: CoreProviderMetadata) -> GoogleClient {
        CoreClient::from_provider_metadata(
            metadata,
            self.client_id.clone(),
            Some(ClientSecret::new(
                self.client_secret.expose_secret().to_owned(),
            )),
        )
        .set_redirect_uri(self.redirect.clone())
    }

    /// A fresh authorization request: random `state` and `nonce`, and a PKCE pair whose
    /// challenge goes to Google while the verifier stays with us.
    pub async fn start(&self) -> Result<Started, OAuthError> {
        let metadata = self.metadata(false).await?;
        let client = self.client(metadata);
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (authorize_url, state, nonce) = client
            .authorize_url(
                AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("email".to_owned()))
            .add_scope(Scope::new("profile".to_owned()))
            .set_pkce_challenge(challenge)
            .url();
        Ok(Started {
            authorize_url,
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        })
    }

    /// Exchanges the code (with the PKCE verifier) and verifies the ID token: signature
    /// against the provider's keys, issuer, audience, expiry and our nonce.
    pub async fn finish(
        &self,
        code: &str,
        nonce: &str,
        pkce_verifier: &str,
    ) -> Result<VerifiedIdentity, OAuthError> {
        let metadata = self.metadata(false).await?;
        let client = self.client(metadata);
        let token = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| OAuthError::Config(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_owned()))
            .request_async(&self.http)
            .await
            .map_err(|e| OAuthError::CodeRefused(e.to_string()))?;
        let id_token = openidconnect::TokenResponse::id_token(&token)
            .ok_or_else(|| OAuthError::IdToken("no ID token in the response".to_owned()))?
            .clone();
        let nonce = Nonce::new(nonce.to_owned());
        let claims = match id_token.claims(&client.id_token_verifier(), &nonce) {
            Ok(claims) => claims.clone(),
            Err(openidconnect::ClaimsVerificationError::SignatureVerification(first)) => {
                // Perhaps the keys rotated since we cached them: look once more.
                let metadata = self.metadata(true).await?;
                let client = self.client(metadata);
                id_token
                    .claims(&client.id_token_verifier(), &nonce)
                    .map_err(|_| OAuthError::IdToken(first.to_string()))?
                    .clone()
            }
            Err(e) => return Err(OAuthError::IdToken(e.to_string())),
        };
        let verified_email = claims
            .email()
            .filter(|_| claims.email_verified() == Some(true))
            .and_then(|e| Email::parse(e.as_str()).ok());
        Ok(VerifiedIdentity {
            kind: IdentityKind::Google,
            issuer: claims.issuer().as_str().to_owned(),
            subject: claims.subject().as_str().to_owned(),
            verified_email,
            verified_phone: None,
            name: claims
                .name()
                .and_then(|n| n.get(None))
                .map(|n| n.as_str().to_owned()),
            picture_url: claims
                .picture()
                .and_then(|p| p.get(None))
                .map(|p| p.as_str().to_owned()),
        })
    }
}
