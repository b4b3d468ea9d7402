//! Sign in with Facebook: the OAuth 2 code flow as Facebook's "manually build a login
//! flow" guide describes it, then one Graph API call for the profile.
//!
//! We ask only for `public_profile`, keep the account id, name and picture address, and
//! drop Facebook's access token as soon as the profile is read. Facebook's Graph API
//! does not assert that a profile's email address was verified, so we neither ask for
//! it nor use one for linking accounts: a Facebook sign-in proves the Facebook account
//! and nothing else.

use super::{OAuthError, http_client};
use app::domain::identity::{FACEBOOK_ISSUER, IdentityKind, VerifiedIdentity};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

pub struct Facebook {
    client_id: String,
    client_secret: SecretString,
    dialog_url: url::Url,
    token_url: url::Url,
    graph_url: url::Url,
    redirect: String,
    http: reqwest::Client,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
}

#[derive(Deserialize)]
struct Profile {
    id: String,
    name: Option<String>,
    picture: Option<Picture>,
}

#[derive(Deserialize)]
struct Picture {
    data: PictureData,
}

#[derive(Deserialize)]
struct PictureData {
    url: Option<String>,
    #[serde(default)]
    is_silhouette: bool,
}

impl Facebook {
    pub fn new(
        client_id: &str,
        client_secret: SecretString,
        dialog_url: url::Url,
        token_url: url::Url,
        graph_url: url::Url,
        redirect: &str,
    ) -> Result<Self, OAuthError> {
        Ok(Self {
            client_id: client_id.to_owned(),
            client_secret,
            dialog_url,
            token_url,
            graph_url,
            redirect: redirect.to_owned(),
            http: http_client()?,
        })
    }

    /// The login dialog's address for a request identified by `state`.
    pub fn authorize_url(&self, state: &str) -> url::Url {
        let mut url = self.dialog_url.clone();
        url.query_pairs_mut()
            .append_pair("client_id", &self.client_id)
            .append_pair("redirect_uri", &self.redirect)
            .append_pair("state", state)
            .append_pair("response_type", "code")
            .append_pair("scope", "public_profile");
        url
    }

    /// Exchanges the code for an access token, reads the profile with it, and forgets it.
    pub async fn finish(&self, code: &str) -> Result<VerifiedIdentity, OAuthError> {
        let mut url = self.token_url.clone();
        url.query_pairs_mut()
            .append_pair("client_id", &self.client_id)
            .append_pair("redirect_uri", &self.redirect)
            .append_pair("client_secret", self.client_secret.expose_secret())
            .append_pair("code", code);
        let res =
            self.http.get(url).send().await.map_err(|e| {
                OAuthError::Provider(format!("token endpoint: {}", e.without_url()))
            })?;
        if !res.status().is_success() {
            return Err(OAuthError::CodeRefused(format!(
                "token endpoint answered {}",
                res.status()
            )));
        }
        let token: TokenResponse = res
            .json()
            .await
            .map_err(|e| OAuthError::Provider(format!("token response: {e}")))?;
        let profile = self.profile(&token.access_token).await?;
        if profile.id.is_empty() {
            return Err(OAuthError::Profile);
        }
        Ok(VerifiedIdentity {
            kind: IdentityKind::Facebook,
            issuer: FACEBOOK_ISSUER.to_owned(),
            subject: profile.id,
            verified_email: None,
            verified_phone: None,
            name: profile.name,
            picture_url: profile
                .picture
                .filter(|p| !p.data.is_silhouette)
                .and_then(|p| p.data.url),
        })
    }

    /// One Graph call, signed with `appsecret_proof` so a leaked token alone is useless.
    async fn profile(&self, access_token: &str) -> Result<Profile, OAuthError> {
        let mut url = self.graph_url.clone();
        url.path_segments_mut()
            .map_err(|()| OAuthError::Config("FACEBOOK_GRAPH_URL cannot be a base".to_owned()))?
            .pop_if_empty()
            .push("me");
        url.query_pairs_mut()
            .append_pair("fields", "id,name,picture.width(256).height(256)")
            .append_pair("access_token", access_token)
            .append_pair(
                "appsecret_proof",
                &appsecret_proof(self.client_secret.expose_secret(), access_token),
            );
        let res = self
            .http
            .get(url)
            .send()
            .await
            .map_err(|e| OAuthError::Provider(format!("graph: {}", e.without_url())))?;
        if !res.status().is_success() {
            return Err(OAuthError::Provider(format!(
                "graph answered {}",
                res.status()
            )));
        }
        res.json()
            .await
            .map_err(|e| OAuthError::Provider(format!("graph response: {e}")))
    }
}

/// HMAC-SHA256 of the access token keyed with the app secret, lowercase hex, as Graph's
/// "Securing requests" guide specifies.
pub fn appsecret_proof(app_secret: &str, access_token: &str) -> String {
    crate::notify::meta::hmac_sha256_hex(app_secret, access_token.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dialog_asks_for_the_public_profile_only() {
        let fb = Facebook::new(
            "123",
            SecretString::from("s".to_owned()),
            url::Url::parse("https://www.facebook.com/v21.0/dialog/oauth").unwrap(),
            url::Url::parse("https://graph.facebook.com/v21.0/oauth/access_token").unwrap(),
            url::Url::parse("https://graph.facebook.com/v21.0").unwrap(),
            "https://clinic.example/auth/facebook/callback",
        )
        .unwrap();
        let url = fb.authorize_url("xyz");
        let q: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
        assert_eq!(q["client_id"], "123");
        assert_eq!(q["state"], "xyz");
        assert_eq!(q["scope"], "public_profile");
        assert_eq!(
            q["redirect_uri"],
            "https://clinic.example/auth/facebook/callback"
        );
    }

    #[test]
    fn the_proof_is_hex_hmac_sha256() {
        // Independent value: `printf %s token | openssl dgst -sha256 -hmac secret`.
        assert_eq!(
            appsecret_proof("secret", "token"),
            "e941110e3d2bfe82621f0e3e1434730d7305d106c5f68c87165d0b27a4611a4a"
        );
    }
}
