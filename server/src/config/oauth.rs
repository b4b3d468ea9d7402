//! Third-party sign-in: Google and Facebook each read their own block, switched on by
//! setting both the client ID and the client secret.

use super::{
    ConfigError,
    reader::{Vars, invalid},
};
use secrecy::SecretString;
use url::Url;

/// A third-party sign-in provider's client registration and endpoints.
#[derive(Debug, Clone)]
pub struct OAuthProvider {
    pub client_id: String,
    pub client_secret: SecretString,
    /// Google: the issuer (discovery at `<issuer>/.well-known/openid-configuration`).
    /// Facebook: the dialog URL.
    pub auth_url: Url,
    /// Facebook only: the token endpoint.
    pub token_url: Option<Url>,
    /// Facebook only: the Graph API base.
    pub graph_url: Option<Url>,
}

pub(super) fn google(vars: &Vars) -> Result<Option<OAuthProvider>, ConfigError> {
    let Some((client_id, client_secret)) =
        client(vars, "GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET")?
    else {
        return Ok(None);
    };
    Ok(Some(OAuthProvider {
        client_id,
        client_secret,
        auth_url: vars.url_or("GOOGLE_ISSUER_URL", "https://accounts.google.com")?,
        token_url: None,
        graph_url: None,
    }))
}

pub(super) fn facebook(vars: &Vars) -> Result<Option<OAuthProvider>, ConfigError> {
    let Some((client_id, client_secret)) =
        client(vars, "FACEBOOK_CLIENT_ID", "FACEBOOK_CLIENT_SECRET")?
    else {
        return Ok(None);
    };
    Ok(Some(OAuthProvider {
        client_id,
        client_secret,
        auth_url: vars.url_or(
            "FACEBOOK_AUTH_URL",
            "https://www.facebook.com/v21.0/dialog/oauth",
        )?,
        token_url: Some(vars.url_or(
            "FACEBOOK_TOKEN_URL",
            "https://graph.facebook.com/v21.0/oauth/access_token",
        )?),
        graph_url: Some(vars.url_or("FACEBOOK_GRAPH_URL", "https://graph.facebook.com/v21.0")?),
    }))
}

/// The client ID and secret: both or neither; the missing half is named.
fn client(
    vars: &Vars,
    id_var: &'static str,
    secret_var: &'static str,
) -> Result<Option<(String, SecretString)>, ConfigError> {
    match (vars.get(id_var), vars.get(secret_var)) {
        (None, None) => Ok(None),
        (Some(id), Some(secret)) => {
            Ok(Some((id.to_owned(), SecretString::from(secret.to_owned()))))
        }
        (Some(_), None) => Err(invalid(secret_var, format!("missing ({id_var} is set)"))),
        (None, Some(_)) => Err(invalid(id_var, format!("missing ({secret_var} is set)"))),
    }
}
