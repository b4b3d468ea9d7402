//! Sign-in by one-time code sent to a phone (SMS or WhatsApp) or an email address.

use super::{Ctx, sign_in};
use crate::{
    domain::{
        contact::{Email, PhoneNumber},
        identity::VerifiedIdentity,
        ids::MessageId,
        messaging::{Channel, phone_code_channel},
        otp::{CodeCheck, CodeState, SendDecision, normalise_code},
    },
    error::{AppError, Invalid},
    ssr::{
        auth::{flow_cookie, flow_cookie_value, removal_cookie},
        crypto,
        store::{NewCode, NewMessage},
    },
};
use cookie::Cookie;
use secrecy::ExposeSecret;
use uuid::Uuid;

/// Remembers, for ten minutes, where the code went, so the code page can say so and
/// the person only has to type the code.
pub const OTP_COOKIE: &str = "calentify_otp";

/// Where a code goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    Phone(PhoneNumber),
    Email(Email),
}

impl Destination {
    /// Reads what was typed: an email address if it has an `@`, else a phone number.
    pub fn parse(
        raw: &str,
        region: Option<crate::domain::contact::Region>,
    ) -> Result<Self, AppError> {
        if raw.contains('@') {
            Email::parse(raw)
                .map(Destination::Email)
                .map_err(|_| AppError::Invalid(Invalid::Email))
        } else {
            PhoneNumber::parse(raw, region)
                .map(Destination::Phone)
                .map_err(|_| AppError::Invalid(Invalid::Phone))
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Destination::Phone(p) => p.as_str(),
            Destination::Email(e) => e.as_str(),
        }
    }

    pub fn masked(&self) -> String {
        match self {
            Destination::Phone(p) => p.masked(),
            Destination::Email(e) => e.masked(),
        }
    }

    fn identity(self) -> VerifiedIdentity {
        match self {
            Destination::Phone(p) => VerifiedIdentity::phone(p),
            Destination::Email(e) => VerifiedIdentity::email(e),
        }
    }
}

/// Sends a fresh code and returns the masked destination plus the cookie remembering it.
pub async fn request_code(
    ctx: &Ctx,
    raw: &str,
    channel: Option<Channel>,
) -> Result<(String, Cookie<'static>), AppError> {
    let config = &ctx.state.config;
    let destination = Destination::parse(raw, config.default_region)?;
    let channel = match (&destination, channel) {
        (Destination::Email(_), _) if !config.delivery.contains(Channel::Email) => {
            return Err(AppError::Invalid(Invalid::NoEmailCodes));
        }
        (Destination::Email(_), _) => Channel::Email,
        (Destination::Phone(_), Some(Channel::Email)) => {
            return Err(AppError::Invalid(Invalid::Channel));
        }
        (Destination::Phone(_), asked) => phone_code_channel(asked, config.delivery)
            .ok_or(AppError::Invalid(Invalid::NoPhoneCodes))?,
    };
    let now = ctx.now();
    let key = config.secret_key.expose_secret();
    let code = crypto::random_code();
    let id = MessageId(Uuid::now_v7());
    let message = NewMessage {
        id,
        idempotency_key: format!("sign-in-code:{id}"),
        kind: crate::domain::message_kind::MessageKind::SignInCode,
        channel,
        recipient: destination.as_str().to_owned(),
        lang: ctx.lang(),
        payload: serde_json::json!({ "code": code }),
        due_at: now,
        user_id: None,
        clinic_id: None,
        appointment_id: None,
    };
    let decision = ctx
        .store()
        .create_code(
            &NewCode {
                destination: destination.as_str(),
                channel,
                code_hash: &code_hash(key, destination.as_str(), &code),
                requester: &crypto::keyed_hash(key, &[b"client", ctx.info.client_ip.as_bytes()]),
                now,
                expires_at: now + config.otp.ttl,
            },
            &message,
            &config.otp,
        )
        .await?;
    match decision {
        SendDecision::Send => {}
        SendDecision::Refuse => return Err(AppError::RateLimited),
        SendDecision::WaitUntil(_) => {
            let minutes = decision.minutes_to_wait(now).unwrap_or(1);
            return Err(AppError::RetryIn {
                minutes: i32::try_from(minutes).unwrap_or(i32::MAX),
            });
        }
    }
    let cookie = flow_cookie(
        &ctx.state,
        OTP_COOKIE,
        destination.as_str().to_owned(),
        config.otp.ttl.num_minutes(),
    );
    Ok((destination.masked(), cookie))
}

fn code_hash(key: &[u8], destination: &str, code: &str) -> Vec<u8> {
    crypto::keyed_hash(key, &[b"otp", destination.as_bytes(), code.as_bytes()])
}

/// Where the last code went, masked, for the code-entry page.
pub fn pending_destination(ctx: &Ctx) -> Option<String> {
    let raw = flow_cookie_value(&ctx.state, &ctx.headers, OTP_COOKIE)?;
    Destination::parse(&raw, None).ok().map(|d| d.masked())
}

/// Checks a typed code. A wrong code counts against the code's five tries; the sixth
/// try fails even with the right code. The right code works once.
pub async fn verify_code(
    ctx: &Ctx,
    raw_code: &str,
    destination: Option<&str>,
    return_to: Option<String>,
) -> Result<sign_in::Outcome, AppError> {
    let config = &ctx.state.config;
    let raw_destination = match destination.filter(|d| !d.trim().is_empty()) {
        Some(d) => d.to_owned(),
        None => flow_cookie_value(&ctx.state, &ctx.headers, OTP_COOKIE)
            .ok_or(AppError::Invalid(Invalid::CodeExpired))?,
    };
    let destination = Destination::parse(&raw_destination, config.default_region)?;
    let code = normalise_code(raw_code).ok_or(AppError::Invalid(Invalid::CodeFormat))?;
    let now = ctx.now();
    let stored = ctx
        .store()
        .latest_code(destination.as_str())
        .await?
        .ok_or(AppError::Invalid(Invalid::CodeExpired))?;
    let state = CodeState {
        expires_at: stored.expires_at,
        attempts: stored.attempts,
        consumed: stored.consumed_at.is_some(),
    };
    if config.otp.check(state, now) == CodeCheck::Dead {
        return Err(AppError::Invalid(Invalid::CodeExpired));
    }
    let expected = code_hash(
        config.secret_key.expose_secret(),
        destination.as_str(),
        &code,
    );
    if !crypto::same(&expected, &stored.code_hash) {
        ctx.store().record_failed_code_attempt(stored.id).await?;
        return Err(AppError::Invalid(Invalid::CodeWrong));
    }
    if !ctx
        .store()
        .consume_code(stored.id, now, config.otp.max_attempts)
        .await?
    {
        return Err(AppError::Invalid(Invalid::CodeExpired));
    }
    let mut outcome = sign_in::finish(ctx, destination.identity(), return_to).await?;
    outcome.cookies.push(removal_cookie(&ctx.state, OTP_COOKIE));
    Ok(outcome)
}
