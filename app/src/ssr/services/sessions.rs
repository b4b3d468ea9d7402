//! The signed-in person's sessions: listing them, ending one, ending all.

use super::Ctx;
use crate::{
    domain::{devices::describe_device, ids::SessionId},
    error::AppError,
    ssr::auth::session_cookie,
    views::security::SessionView,
};
use cookie::Cookie;

pub async fn list(ctx: &Ctx) -> Result<Vec<SessionView>, AppError> {
    let caller = ctx.require_caller().await?;
    Ok(ctx
        .store()
        .sessions_of(caller.user_id, ctx.now())
        .await?
        .into_iter()
        .map(|s| SessionView {
            id: s.id,
            current: s.id == caller.session_id,
            device: describe_device(&s.user_agent),
            ip: s.ip,
            started: s.created_at,
            last_seen: s.last_seen_at,
        })
        .collect())
}

/// Ends one of the caller's own sessions; another person's id changes nothing.
pub async fn end(ctx: &Ctx, id: SessionId) -> Result<(), AppError> {
    let caller = ctx.require_caller().await?;
    ctx.store().delete_session(caller.user_id, id).await?;
    Ok(())
}

/// Ends every session of the caller, this one included, and returns the cookie that
/// clears this browser's.
pub async fn end_all(ctx: &Ctx) -> Result<Cookie<'static>, AppError> {
    let caller = ctx.require_caller().await?;
    ctx.store().delete_sessions_of(caller.user_id).await?;
    Ok(session_cookie(&ctx.state, String::new(), None))
}
