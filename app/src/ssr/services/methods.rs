//! Adding and removing sign-in methods. Either changes how the account can be entered,
//! so it needs a recent proof of the account (not just a session someone left open) and
//! is always told to the account's existing contacts, in the transaction of the change.

use super::Ctx;
use crate::{
    domain::{
        identity::{IdentityKind, VerifiedIdentity, proof_is_recent},
        ids::{IdentityId, MessageId, UserId},
        message_kind::MessageKind,
        messaging::{Channel, phone_code_channel},
    },
    error::{AppError, Conflict, Invalid},
    ssr::{
        caller::Caller,
        store::{NewMessage, StoreError},
    },
    views::security::SignInMethodView,
};
use uuid::Uuid;

/// The message kinds of the notices (templates in `server/src/notify/templates.rs`).
pub const METHOD_ADDED: MessageKind = MessageKind::SignInMethodAdded;
pub const METHOD_REMOVED: MessageKind = MessageKind::SignInMethodRemoved;

/// Whether the caller may add or remove a sign-in method now.
/// The caller's sign-in methods, as the security page lists them.
pub async fn list(ctx: &Ctx, caller: &Caller) -> Result<Vec<SignInMethodView>, AppError> {
    Ok(ctx
        .store()
        .identities(caller.user_id)
        .await?
        .into_iter()
        .map(|i| SignInMethodView {
            id: i.id,
            kind: i.kind,
            label: i.label,
            added: i.created_at,
            last_used: i.last_used_at,
        })
        .collect())
}

pub fn has_recent_proof(ctx: &Ctx, caller: &Caller) -> bool {
    proof_is_recent(caller.signed_in_at, ctx.now())
}

fn require_recent_proof(ctx: &Ctx, caller: &Caller) -> Result<(), AppError> {
    if has_recent_proof(ctx, caller) {
        Ok(())
    } else {
        Err(AppError::Invalid(Invalid::ReverifyRequired))
    }
}

/// Connects `identity` to the signed-in caller's account.
pub async fn connect(
    ctx: &Ctx,
    caller: &Caller,
    identity: &VerifiedIdentity,
) -> Result<IdentityId, AppError> {
    require_recent_proof(ctx, caller)?;
    attach(ctx, caller.user_id, identity).await
}

/// Adds `identity` to `user`, whose ownership the caller has just proved in this flow.
pub async fn attach(
    ctx: &Ctx,
    user: UserId,
    identity: &VerifiedIdentity,
) -> Result<IdentityId, AppError> {
    let notices = notices(ctx, user, METHOD_ADDED, identity.kind).await?;
    ctx.store()
        .attach_identity(user, identity, &notices, ctx.now())
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => AppError::Conflict(Conflict::IdentityInUse),
            other => other.into(),
        })
}

/// Removes one of the caller's sign-in methods, ending the sessions it created.
pub async fn disconnect(ctx: &Ctx, caller: &Caller, id: IdentityId) -> Result<(), AppError> {
    let method = ctx
        .store()
        .identities(caller.user_id)
        .await?
        .into_iter()
        .find(|i| i.id == id)
        .ok_or(AppError::NotFound)?;
    require_recent_proof(ctx, caller)?;
    let notices = notices(ctx, caller.user_id, METHOD_REMOVED, method.kind).await?;
    ctx.store()
        .detach_identity(caller.user_id, id, &notices, ctx.now())
        .await
        .map_err(|e| match e {
            StoreError::Refused(_) => AppError::Invalid(Invalid::LastSignInMethod),
            other => other.into(),
        })
}

/// "A sign-in method was added/removed", to every contact the account has before the
/// change (so the holder of a removed number hears of it too), on channels this
/// deployment can deliver.
async fn notices(
    ctx: &Ctx,
    user: UserId,
    kind: MessageKind,
    method: IdentityKind,
) -> Result<Vec<NewMessage>, AppError> {
    let account = ctx.store().user(user).await?;
    let delivery = ctx.state.config.delivery;
    let email = account
        .email
        .as_ref()
        .filter(|_| delivery.contains(Channel::Email))
        .map(|e| (Channel::Email, e.as_str().to_owned()));
    let phone = account
        .phone
        .as_ref()
        .and_then(|p| Some((phone_code_channel(None, delivery)?, p.as_str().to_owned())));
    let now = ctx.now();
    Ok(email
        .into_iter()
        .chain(phone)
        .map(|(channel, recipient)| {
            let id = MessageId(Uuid::now_v7());
            NewMessage {
                id,
                idempotency_key: format!("{kind}:{id}"),
                kind,
                channel,
                recipient,
                lang: account.lang,
                payload: serde_json::json!({ "method": method.as_str() }),
                due_at: now,
                user_id: Some(user),
                clinic_id: None,
                appointment_id: None,
            }
        })
        .collect())
}
