//! WhatsApp through Meta's WhatsApp Cloud API: a JSON POST to the business phone
//! number's `messages` edge with a Bearer token. Outside the 24-hour customer service
//! window only approved templates may be sent, so kinds with a configured template go
//! out as `type: template` with the message's values as body parameters.

use super::{Notifier, Outgoing, SendError};
use async_trait::async_trait;
use std::collections::HashMap;

#[derive(Clone, Debug)]
pub struct MetaSettings {
    pub token: secrecy::SecretString,
    pub phone_number_id: String,
    /// `https://graph.facebook.com/v21.0` in production; a local server in tests.
    pub graph_base: String,
    /// Approved template names per message kind.
    pub templates: HashMap<String, String>,
}

pub struct MetaNotifier {
    settings: MetaSettings,
    http: reqwest::Client,
}

impl MetaNotifier {
    pub fn new(settings: MetaSettings) -> Self {
        Self {
            settings,
            http: super::http_client(),
        }
    }

    /// The request body, as the Cloud API's messages reference documents it.
    pub fn body(&self, m: &Outgoing) -> serde_json::Value {
        let to = m.to.trim_start_matches('+');
        match self.settings.templates.get(m.kind.as_str()) {
            Some(name) => serde_json::json!({
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": to,
                "type": "template",
                "template": {
                    "name": name,
                    "language": { "code": m.lang.code() },
                    "components": [{
                        "type": "body",
                        "parameters": m.variables.iter()
                            .map(|v| serde_json::json!({ "type": "text", "text": v }))
                            .collect::<Vec<_>>(),
                    }],
                },
            }),
            None => serde_json::json!({
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": to,
                "type": "text",
                "text": { "preview_url": false, "body": m.text },
            }),
        }
    }
}

#[derive(serde::Deserialize)]
struct Sent {
    messages: Vec<SentMessage>,
}

#[derive(serde::Deserialize)]
struct SentMessage {
    id: String,
}

#[async_trait]
impl Notifier for MetaNotifier {
    fn name(&self) -> &'static str {
        "meta"
    }

    async fn send(&self, m: &Outgoing) -> Result<Option<String>, SendError> {
        use secrecy::ExposeSecret;
        let s = &self.settings;
        let url = format!(
            "{}/{}/messages",
            s.graph_base.trim_end_matches('/'),
            s.phone_number_id
        );
        let res = self
            .http
            .post(url)
            .bearer_auth(s.token.expose_secret())
            .json(&self.body(m))
            .send()
            .await
            .map_err(|e| SendError::Transient(format!("WhatsApp Cloud API unreachable: {e}")))?;
        let status = res.status();
        if status.is_success() {
            let sent: Sent = res
                .json()
                .await
                .map_err(|e| SendError::Transient(format!("unreadable WhatsApp answer: {e}")))?;
            return Ok(sent.messages.into_iter().next().map(|m| m.id));
        }
        let body: serde_json::Value = res.json().await.unwrap_or_default();
        let code = body["error"]["code"].as_i64().unwrap_or_default();
        let reason = format!(
            "WhatsApp {} (code {code}): {}",
            status.as_u16(),
            body["error"]["message"].as_str().unwrap_or_default()
        );
        // 429 and Meta's throttling codes are worth retrying; the rest (not on WhatsApp,
        // template rejected, outside the window) are not.
        if status.as_u16() == 429
            || status.is_server_error()
            || matches!(code, 4 | 80007 | 130429 | 131016)
        {
            Err(SendError::Transient(reason))
        } else {
            Err(SendError::Permanent(reason))
        }
    }
}

/// Checks `X-Hub-Signature-256: sha256=<hex>`: HMAC-SHA256 of the raw body keyed with the
/// app secret, compared in constant time.
pub fn verify(app_secret: &str, body: &[u8], header: &str) -> bool {
    use hmac::{Hmac, Mac};
    let Some(hex_sig) = header.strip_prefix("sha256=") else {
        return false;
    };
    let Ok(expected) = hex::decode(hex_sig) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<sha2::Sha256>::new_from_slice(app_secret.as_bytes()) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&expected).is_ok()
}

/// The header value Meta would send for `body` (tests and tools).
pub fn sign(app_secret: &str, body: &[u8]) -> String {
    format!("sha256={}", hmac_sha256_hex(app_secret, body))
}

/// HMAC-SHA256 keyed with the app secret, lowercase hex: Meta's webhook signatures and
/// Facebook's Graph `appsecret_proof` are both this.
pub fn hmac_sha256_hex(app_secret: &str, data: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    let Ok(mut mac) = Hmac::<sha2::Sha256>::new_from_slice(app_secret.as_bytes()) else {
        return String::new();
    };
    mac.update(data);
    hex::encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_cover_the_raw_body() {
        let body = br#"{"object":"whatsapp_business_account"}"#;
        let header = sign("app-secret", body);
        assert!(header.starts_with("sha256=") && header.len() == 71);
        assert!(verify("app-secret", body, &header));
        assert!(!verify("other-secret", body, &header));
        assert!(!verify("app-secret", br#"{"object":"x"}"#, &header));
        assert!(!verify("app-secret", body, "sha1=abc"));
    }
}
