//! The message providers: SMTP for email, Twilio for SMS and WhatsApp, Meta's Cloud API
//! for WhatsApp. Each reads its own block of variables; a block that is partly set is an
//! error naming the missing or malformed variable.

use super::{
    ConfigError,
    reader::{Vars, invalid},
};
use secrecy::SecretString;
use std::collections::HashMap;
use url::Url;

#[derive(Debug, Clone)]
pub struct MetaConfig {
    pub token: SecretString,
    pub phone_number_id: String,
    pub app_secret: SecretString,
    pub verify_token: SecretString,
    pub graph_base: Url,
    /// Approved template names per message kind.
    pub templates: HashMap<String, String>,
}

#[derive(Debug, Clone)]
pub struct TwilioConfig {
    pub account_sid: String,
    pub auth_token: SecretString,
    pub sms_from: Option<String>,
    pub whatsapp_from: Option<String>,
    /// Approved WhatsApp templates (Content SIDs) per message kind.
    pub content_sids: HashMap<String, String>,
    pub api_base: Url,
}

/// Where and as whom email is sent.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    /// `smtps://user:pass@host:465` (TLS), `smtp://user:pass@host:587?tls=required`
    /// (STARTTLS) or `smtp://host:port` (plain, for a local relay).
    pub url: SecretString,
    /// The sender, e.g. `Calentify <no-reply@example.com>`.
    pub from: String,
}

/// `CALENTIFY_SMTP_URL` and `CALENTIFY_SMTP_FROM`: both or neither.
pub(super) fn smtp(vars: &Vars) -> Result<Option<SmtpSettings>, ConfigError> {
    const URL: &str = "CALENTIFY_SMTP_URL";
    const FROM: &str = "CALENTIFY_SMTP_FROM";
    let url = match (vars.get(URL), vars.get(FROM)) {
        (None, None) => return Ok(None),
        (None, Some(_)) => return Err(invalid(URL, format!("required with {FROM}"))),
        (Some(url), _) => url,
    };
    // The URL may hold a password: the message never echoes it.
    let valid = Url::parse(url)
        .is_ok_and(|u| matches!(u.scheme(), "smtp" | "smtps") && u.host_str().is_some());
    if !valid {
        return Err(invalid(
            URL,
            "expected smtps://user:pass@host:465, smtp://user:pass@host:587?tls=required or smtp://host:port",
        ));
    }
    let from = vars.required_with(FROM, URL)?;
    if from.parse::<lettre::message::Mailbox>().is_err() {
        return Err(invalid(
            FROM,
            format!("`{from}` is not an address such as `Calentify <no-reply@example.com>`"),
        ));
    }
    Ok(Some(SmtpSettings {
        url: SecretString::from(url.to_owned()),
        from: from.to_owned(),
    }))
}

/// The `TWILIO_*` block, switched on by `TWILIO_ACCOUNT_SID`.
pub(super) fn twilio(vars: &Vars) -> Result<Option<TwilioConfig>, ConfigError> {
    const SID: &str = "TWILIO_ACCOUNT_SID";
    let Some(sid) = vars.get(SID) else {
        return Ok(None);
    };
    if !(sid.starts_with("AC") && sid.len() == 34 && sid.chars().all(|c| c.is_ascii_alphanumeric()))
    {
        return Err(invalid(
            SID,
            "expected AC followed by 32 letters and digits",
        ));
    }
    let auth_token = vars.secret_required_with("TWILIO_AUTH_TOKEN", SID)?;
    let sms_from = phone_number(vars, "TWILIO_SMS_FROM")?;
    let whatsapp_from = phone_number(vars, "TWILIO_WHATSAPP_FROM")?;
    if sms_from.is_none() && whatsapp_from.is_none() {
        return Err(invalid(
            "TWILIO_SMS_FROM",
            "set TWILIO_SMS_FROM, TWILIO_WHATSAPP_FROM or both",
        ));
    }
    Ok(Some(TwilioConfig {
        account_sid: sid.to_owned(),
        auth_token,
        sms_from,
        whatsapp_from,
        content_sids: vars.pairs("TWILIO_CONTENT_SIDS", "expected kind=HX…,kind=HX…")?,
        api_base: vars.url_or("TWILIO_API_BASE", "https://api.twilio.com")?,
    }))
}

/// A sender number in E.164 form, normalised.
fn phone_number(vars: &Vars, var: &'static str) -> Result<Option<String>, ConfigError> {
    vars.get(var)
        .map(|v| {
            app::domain::contact::PhoneNumber::parse(v, None)
                .map(|p| p.as_str().to_owned())
                .map_err(|_| {
                    invalid(
                        var,
                        format!("`{v}` is not a phone number in E.164 form (+966…)"),
                    )
                })
        })
        .transpose()
}

/// The `META_*` block, switched on by `META_WHATSAPP_TOKEN`.
pub(super) fn meta(vars: &Vars) -> Result<Option<MetaConfig>, ConfigError> {
    const TOKEN: &str = "META_WHATSAPP_TOKEN";
    let Some(token) = vars.get(TOKEN) else {
        return Ok(None);
    };
    let phone_number_id = vars.required_with("META_WHATSAPP_PHONE_NUMBER_ID", TOKEN)?;
    if !phone_number_id.chars().all(|c| c.is_ascii_digit()) {
        return Err(invalid(
            "META_WHATSAPP_PHONE_NUMBER_ID",
            "expected the numeric phone number ID",
        ));
    }
    let app_secret = vars.secret_required_with("META_APP_SECRET", TOKEN)?;
    let verify_token = vars.secret_required_with("META_VERIFY_TOKEN", TOKEN)?;
    let graph_base = vars.url_or("META_GRAPH_BASE", "https://graph.facebook.com/v21.0")?;
    let templates = vars.pairs("META_WHATSAPP_TEMPLATES", "expected kind=template_name,…")?;
    Ok(Some(MetaConfig {
        token: SecretString::from(token.to_owned()),
        phone_number_id: phone_number_id.to_owned(),
        app_secret,
        verify_token,
        graph_base,
        templates,
    }))
}
