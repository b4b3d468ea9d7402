//! Finishing a sign-in, whatever proved who the person is (a code, Google, Facebook):
//! sign in, link to the signed-in account, ask to confirm a link, or create an account.

use super::{Ctx, methods};
use crate::ssr::client_errors::internal;
use crate::{
    domain::{
        identity::VerifiedIdentity,
        ids::{IdentityId, UserId},
        people::clean_full_name,
        privacy::PRIVACY_NOTICE_VERSION,
    },
    error::{AppError, Conflict, Invalid},
    ssr::{
        auth::{self, flow_cookie, flow_cookie_value, removal_cookie},
        crypto,
        store::{NewUser, StoreError, TicketPurpose},
    },
    views::account::{LinkPrompt, SignUpPrompt},
};
use base64::{Engine, engine::general_purpose::STANDARD};
use cookie::Cookie;
use serde::{Deserialize, Serialize};

pub const SIGNUP_COOKIE: &str = "calentify_signup";
pub const LINK_COOKIE: &str = "calentify_link";
const PENDING_MINUTES: i64 = 15;

/// Where to send the browser next, and the cookies to set on the way.
#[derive(Debug)]
pub struct Outcome {
    pub redirect_to: String,
    pub cookies: Vec<Cookie<'static>>,
}

#[derive(Serialize, Deserialize)]
struct Pending {
    identity: VerifiedIdentity,
    /// For a link: the existing account whose email or phone matched.
    user: Option<UserId>,
    return_to: Option<String>,
    /// The provider's picture, already re-encoded by us (base64 JPEG), kept only until
    /// the person decides whether to use it.
    #[serde(default)]
    picture: Option<String>,
}

pub async fn finish(
    ctx: &Ctx,
    identity: VerifiedIdentity,
    return_to: Option<String>,
) -> Result<Outcome, AppError> {
    finish_with_picture(ctx, identity, None, return_to).await
}

/// As [`finish`], with the provider's profile picture (re-encoded by
/// [`crate::ssr::pictures::reencode`]) offered to a new account.
pub async fn finish_with_picture(
    ctx: &Ctx,
    identity: VerifiedIdentity,
    picture: Option<Vec<u8>>,
    return_to: Option<String>,
) -> Result<Outcome, AppError> {
    let store = ctx.store();
    let now = ctx.now();
    let caller = ctx.caller().await?;
    if let Some((owner, method)) = store.sign_in_method(&identity, now).await? {
        if let Some(caller) = &caller
            && caller.user_id != owner
        {
            return Err(AppError::Conflict(Conflict::IdentityInUse));
        }
        // Proving a method the account already has is what completes a pending link.
        let linked = complete_pending_link(ctx, owner).await?;
        let return_to = linked.as_ref().and_then(|l| l.clone()).or(return_to);
        let mut outcome = signed_in(ctx, owner, method, &identity, return_to.as_deref()).await?;
        if linked.is_some() {
            outcome
                .cookies
                .push(removal_cookie(&ctx.state, LINK_COOKIE));
        }
        return Ok(outcome);
    }
    if let Some(caller) = caller {
        // Signed in already: this is "connect another sign-in method".
        methods::connect(ctx, &caller, &identity).await?;
        claim_codes(ctx, caller.user_id, &identity).await?;
        return Ok(Outcome {
            redirect_to: "/account/security".to_owned(),
            cookies: Vec::new(),
        });
    }
    let existing = store.user_with_contact_of(&identity).await?;
    let (purpose, cookie, page) = match existing {
        Some(_) => (TicketPurpose::Link, LINK_COOKIE, "/sign-in/link"),
        None => (TicketPurpose::SignUp, SIGNUP_COOKIE, "/sign-up"),
    };
    let token = crypto::random_token();
    let payload = serde_json::to_string(&Pending {
        identity,
        user: existing,
        return_to,
        picture: picture
            .filter(|_| existing.is_none())
            .map(|p| STANDARD.encode(p)),
    })
    .map_err(|e| internal("a sign-up ticket could not be encoded", e))?;
    store
        .insert_ticket(
            &crypto::sha256(token.as_bytes()),
            purpose,
            None,
            &payload,
            now,
            now + chrono::Duration::minutes(PENDING_MINUTES),
        )
        .await?;
    Ok(Outcome {
        redirect_to: page.to_owned(),
        cookies: vec![flow_cookie(&ctx.state, cookie, token, PENDING_MINUTES)],
    })
}

/// How far back codes sent to a newly proved contact are filed under the account: the
/// sign-in flow that proved it, not a former holder of a recycled number.
const CODE_CLAIM_WINDOW_HOURS: i64 = 24;

async fn claim_codes(ctx: &Ctx, user: UserId, identity: &VerifiedIdentity) -> Result<(), AppError> {
    let contacts: Vec<&str> = identity
        .verified_phone
        .as_ref()
        .map(|p| p.as_str())
        .into_iter()
        .chain(identity.verified_email.as_ref().map(|e| e.as_str()))
        .collect();
    let since = ctx.now() - chrono::Duration::hours(CODE_CLAIM_WINDOW_HOURS);
    ctx.store()
        .claim_sign_in_codes(user, &contacts, since)
        .await?;
    Ok(())
}

/// Adds the method a pending link is for, when this browser started one for `owner`.
/// Returns `Some(where the link flow was headed)` when a link ticket was used up (added,
/// or dropped because the person proved a different account), `None` without one.
async fn complete_pending_link(
    ctx: &Ctx,
    owner: UserId,
) -> Result<Option<Option<String>>, AppError> {
    let Some(hash) = ticket_hash(ctx, LINK_COOKIE) else {
        return Ok(None);
    };
    let Some((_, payload)) = ctx
        .store()
        .take_ticket(&hash, TicketPurpose::Link, ctx.now())
        .await?
    else {
        return Ok(None);
    };
    let Ok(pending) = serde_json::from_str::<Pending>(&payload) else {
        return Ok(Some(None));
    };
    if pending.user != Some(owner) {
        return Ok(Some(None));
    }
    methods::attach(ctx, owner, &pending.identity).await?;
    claim_codes(ctx, owner, &pending.identity).await?;
    Ok(Some(pending.return_to))
}

async fn signed_in(
    ctx: &Ctx,
    user: UserId,
    method: IdentityId,
    identity: &VerifiedIdentity,
    return_to: Option<&str>,
) -> Result<Outcome, AppError> {
    claim_codes(ctx, user, identity).await?;
    if let Some(current) = ctx.caller().await? {
        // Replace, never reuse, the session the browser had before.
        let _ = ctx
            .store()
            .delete_session(current.user_id, current.session_id)
            .await;
    }
    let cookie = auth::start_session(&ctx.state, user, Some(method), &ctx.info).await?;
    Ok(Outcome {
        redirect_to: ctx.return_path(return_to),
        cookies: vec![cookie],
    })
}

fn ticket_hash(ctx: &Ctx, cookie: &'static str) -> Option<Vec<u8>> {
    flow_cookie_value(&ctx.state, &ctx.headers, cookie).map(|t| crypto::sha256(t.as_bytes()))
}

async fn peek(
    ctx: &Ctx,
    cookie: &'static str,
    purpose: TicketPurpose,
) -> Result<Option<Pending>, AppError> {
    let Some(hash) = ticket_hash(ctx, cookie) else {
        return Ok(None);
    };
    let payload = ctx.store().peek_ticket(&hash, purpose, ctx.now()).await?;
    Ok(payload.and_then(|p| serde_json::from_str(&p).ok()))
}

async fn take(
    ctx: &Ctx,
    cookie: &'static str,
    purpose: TicketPurpose,
) -> Result<Pending, AppError> {
    let hash = ticket_hash(ctx, cookie).ok_or(AppError::Invalid(Invalid::SignInExpired))?;
    let (_, payload) = ctx
        .store()
        .take_ticket(&hash, purpose, ctx.now())
        .await?
        .ok_or(AppError::Invalid(Invalid::SignInExpired))?;
    serde_json::from_str(&payload).map_err(|_| AppError::Invalid(Invalid::SignInExpired))
}

pub async fn sign_up_prompt(ctx: &Ctx) -> Result<Option<SignUpPrompt>, AppError> {
    Ok(peek(ctx, SIGNUP_COOKIE, TicketPurpose::SignUp)
        .await?
        .map(|p| SignUpPrompt {
            suggested_name: p.identity.name.clone().unwrap_or_default(),
            method: p.identity.kind,
            has_picture: p.picture.is_some(),
        }))
}

/// Creates the account once the person has given their name and accepted the privacy
/// notice; the acceptance is recorded with the notice's version and the time.
pub async fn complete_sign_up(
    ctx: &Ctx,
    full_name: &str,
    accept_privacy: bool,
    use_picture: bool,
) -> Result<Outcome, AppError> {
    let name = clean_full_name(full_name).ok_or(AppError::Invalid(Invalid::Name))?;
    if !accept_privacy {
        return Err(AppError::Invalid(Invalid::PrivacyConsentRequired));
    }
    let pending = take(ctx, SIGNUP_COOKIE, TicketPurpose::SignUp).await?;
    let user = ctx
        .store()
        .create_user(
            &NewUser {
                full_name: name,
                lang: ctx.lang(),
                privacy_version: PRIVACY_NOTICE_VERSION.to_owned(),
            },
            &pending.identity,
            ctx.now(),
        )
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => AppError::Conflict(Conflict::IdentityInUse),
            other => other.into(),
        })?;
    let picture = pending
        .picture
        .as_deref()
        .filter(|_| use_picture)
        .and_then(|p| STANDARD.decode(p).ok());
    if let Some(picture) = picture {
        // Choosing the picture is its consent, recorded with the notice's version.
        ctx.store()
            .set_picture(
                user,
                "image/jpeg",
                &picture,
                PRIVACY_NOTICE_VERSION,
                ctx.now(),
            )
            .await?;
    }
    let (_, method) = ctx
        .store()
        .sign_in_method(&pending.identity, ctx.now())
        .await?
        .ok_or(AppError::Internal)
        .inspect_err(|_| tracing::error!("a new account's sign-in method is missing"))?;
    let mut outcome = signed_in(
        ctx,
        user,
        method,
        &pending.identity,
        pending.return_to.as_deref(),
    )
    .await?;
    outcome
        .cookies
        .push(removal_cookie(&ctx.state, SIGNUP_COOKIE));
    Ok(outcome)
}

pub async fn link_prompt(ctx: &Ctx) -> Result<Option<LinkPrompt>, AppError> {
    Ok(peek(ctx, LINK_COOKIE, TicketPurpose::Link)
        .await?
        .map(|p| LinkPrompt {
            method: p.identity.kind,
            contact: p.identity.label(),
        }))
}

/// The person's answer to "this contact belongs to an existing account". Proving the
/// new method's contact is never proof of the account (a recycled number, a mailbox
/// taken over): `link` only sends them to sign in with a method the account already
/// has, which completes the link (see [`complete_pending_link`]); anything else drops
/// the pending link.
pub async fn confirm_link(ctx: &Ctx, accept: bool) -> Result<Outcome, AppError> {
    if accept {
        peek(ctx, LINK_COOKIE, TicketPurpose::Link)
            .await?
            .ok_or(AppError::Invalid(Invalid::SignInExpired))?;
        return Ok(Outcome {
            redirect_to: "/sign-in".to_owned(),
            cookies: Vec::new(),
        });
    }
    take(ctx, LINK_COOKIE, TicketPurpose::Link).await?;
    Ok(Outcome {
        redirect_to: "/sign-in".to_owned(),
        cookies: vec![removal_cookie(&ctx.state, LINK_COOKIE)],
    })
}

/// Ends the current session.
pub async fn sign_out(ctx: &Ctx) -> Result<Outcome, AppError> {
    if let Some(caller) = ctx.caller().await? {
        let _ = ctx
            .store()
            .delete_session(caller.user_id, caller.session_id)
            .await;
    }
    Ok(Outcome {
        redirect_to: "/".to_owned(),
        cookies: vec![auth::session_cookie(&ctx.state, String::new(), None)],
    })
}
