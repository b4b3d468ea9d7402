//! The keys that protect codes, client addresses, notes and files. An https deployment
//! must set them: random ones would make codes and encrypted data unreadable after a
//! restart.

use super::{
    ConfigError,
    reader::{Vars, invalid},
};
use app::ssr::vault::Vault;
use secrecy::SecretSlice;

/// `CALENTIFY_SECRET_KEY`, required when the site is served over https.
pub(super) fn secret_key(vars: &Vars, https: bool) -> Result<Option<SecretSlice<u8>>, ConfigError> {
    const VAR: &str = "CALENTIFY_SECRET_KEY";
    match vars.get(VAR) {
        None if https => Err(invalid(
            VAR,
            "required when CALENTIFY_PUBLIC_URL is https (32 or more random bytes, base64)",
        )),
        None => Ok(None),
        Some(v) => parse_secret_key(v).map(Some).map_err(|e| invalid(VAR, e)),
    }
}

/// `CALENTIFY_FILE_KEYS`, required when the site is served over https.
pub(super) fn file_keys(vars: &Vars, https: bool) -> Result<Option<Vault>, ConfigError> {
    const VAR: &str = "CALENTIFY_FILE_KEYS";
    match vars.get(VAR) {
        None if https => Err(invalid(
            VAR,
            "required when CALENTIFY_PUBLIC_URL is https: `keyid:base64key` (32 random bytes), comma-separated for rotation",
        )),
        None => Ok(None),
        Some(v) => Vault::parse(v)
            .map(Some)
            .map_err(|e| invalid(VAR, e.to_string())),
    }
}

/// A secret key as `CALENTIFY_SECRET_KEY` (or a local key file) holds it.
pub fn parse_secret_key(v: &str) -> Result<SecretSlice<u8>, &'static str> {
    use base64::Engine;
    let v = v.trim();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(v)
        .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(v))
        .map_err(|_| "expected base64 (e.g. from `openssl rand -base64 32`)")?;
    if bytes.len() < 32 {
        return Err("must decode to at least 32 bytes");
    }
    Ok(SecretSlice::from(bytes))
}
