//! Sign-in methods and sessions of the signed-in person.

use crate::{
    api::account::{AccessView, SessionView, SignInMethodView},
    error::AppError,
};
use leptos::{prelude::*, server_fn::codec::GetUrl};

#[cfg(feature = "ssr")]
use crate::ssr::{
    context::respond,
    services::{Ctx, profile::format_time},
};

#[server(prefix = "/api", endpoint = "list_sign_in_methods", input = GetUrl)]
pub async fn list_sign_in_methods() -> Result<Vec<SignInMethodView>, AppError> {
    respond(
        async {
            let ctx = Ctx::from_leptos()?;
            let caller = ctx.require_caller().await?;
            Ok(ctx
                .store()
                .identities(caller.user_id)
                .await?
                .into_iter()
                .map(|i| SignInMethodView {
                    id: i.id,
                    kind: i.kind,
                    label: i.label,
                    added: format_time(i.created_at),
                    last_used: format_time(i.last_used_at),
                })
                .collect())
        }
        .await,
    )
}

/// Disconnects a sign-in method, as long as another one remains.
#[server(prefix = "/api", endpoint = "disconnect_sign_in_method")]
pub async fn disconnect_sign_in_method(id: String) -> Result<(), AppError> {
    respond(
        async {
            let ctx = Ctx::from_leptos()?;
            let caller = ctx.require_caller().await?;
            let id = id.parse().map_err(|_| AppError::NotFound)?;
            crate::ssr::services::methods::disconnect(&ctx, &caller, id).await
        }
        .await,
    )
}

/// Whether the caller signed in recently enough to add or remove sign-in methods; the
/// security page otherwise asks them to sign in again first.
#[server(prefix = "/api", endpoint = "can_change_sign_in_methods", input = GetUrl)]
pub async fn can_change_sign_in_methods() -> Result<bool, AppError> {
    respond(
        async {
            let ctx = Ctx::from_leptos()?;
            let caller = ctx.require_caller().await?;
            Ok(crate::ssr::services::methods::has_recent_proof(
                &ctx, &caller,
            ))
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "list_sessions", input = GetUrl)]
pub async fn list_sessions() -> Result<Vec<SessionView>, AppError> {
    respond(
        async {
            let ctx = Ctx::from_leptos()?;
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
                    started: format_time(s.created_at),
                    last_seen: format_time(s.last_seen_at),
                })
                .collect())
        }
        .await,
    )
}

/// A short description of a browser from its user agent, for the sessions list.
#[cfg(feature = "ssr")]
fn describe_device(ua: &str) -> String {
    let browser = ["Edg/", "OPR/", "Firefox/", "Chrome/", "Safari/"]
        .iter()
        .find(|b| ua.contains(*b))
        .map(|b| match *b {
            "Edg/" => "Edge",
            "OPR/" => "Opera",
            "Firefox/" => "Firefox",
            "Chrome/" => "Chrome",
            _ => "Safari",
        });
    let os = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS", "macOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(needle, _)| ua.contains(needle))
    .map(|(_, name)| *name);
    match (browser, os) {
        (Some(b), Some(o)) => format!("{b} · {o}"),
        (Some(b), None) => b.to_owned(),
        (None, Some(o)) => o.to_owned(),
        (None, None) => ua.chars().take(40).collect(),
    }
}

/// Ends one of the caller's sessions (e.g. a lost phone).
#[server(prefix = "/api", endpoint = "end_session")]
pub async fn end_session(id: String) -> Result<(), AppError> {
    respond(
        async {
            let ctx = Ctx::from_leptos()?;
            let caller = ctx.require_caller().await?;
            let id = id.parse().map_err(|_| AppError::NotFound)?;
            ctx.store().delete_session(caller.user_id, id).await?;
            Ok(())
        }
        .await,
    )
}

/// Ends every session of the caller, this one included.
#[server(prefix = "/api", endpoint = "sign_out_everywhere")]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    respond(
        async {
            let ctx = Ctx::from_leptos()?;
            let caller = ctx.require_caller().await?;
            ctx.store().delete_sessions_of(caller.user_id).await?;
            crate::ssr::context::set_cookie(crate::ssr::auth::session_cookie(
                &ctx.state,
                String::new(),
                None,
            ));
            crate::ssr::context::redirect("/sign-in");
            Ok(())
        }
        .await,
    )
}

/// Who viewed or changed the caller's record and when, newest first (the access log).
#[server(prefix = "/api", endpoint = "list_access_to_me", input = GetUrl)]
pub async fn list_access_to_me() -> Result<Vec<AccessView>, AppError> {
    respond(async { crate::ssr::services::access::access_to_me(&Ctx::from_leptos()?).await }.await)
}
