//! Sign-in methods and sessions of the signed-in person.

use crate::{
    error::AppError,
    views::security::{AccessView, SessionView, SignInMethodView},
};
use leptos::{prelude::*, server_fn::codec::GetUrl};

#[cfg(feature = "ssr")]
use crate::ssr::{
    context::respond,
    services::{Ctx, access, methods, sessions},
};

#[server(prefix = "/api", endpoint = "list_sign_in_methods", input = GetUrl)]
pub async fn list_sign_in_methods() -> Result<Vec<SignInMethodView>, AppError> {
    respond(
        async {
            let ctx = Ctx::from_leptos()?;
            let caller = ctx.require_caller().await?;
            methods::list(&ctx, &caller).await
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
            methods::disconnect(&ctx, &caller, id).await
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
            Ok(methods::has_recent_proof(&ctx, &caller))
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "list_sessions", input = GetUrl)]
pub async fn list_sessions() -> Result<Vec<SessionView>, AppError> {
    respond(async { sessions::list(&Ctx::from_leptos()?).await }.await)
}

/// Ends one of the caller's sessions (e.g. a lost phone).
#[server(prefix = "/api", endpoint = "end_session")]
pub async fn end_session(id: String) -> Result<(), AppError> {
    respond(
        async {
            let ctx = Ctx::from_leptos()?;
            // Signed-out callers hear so before a malformed id is looked at.
            ctx.require_caller().await?;
            let id = id.parse().map_err(|_| AppError::NotFound)?;
            sessions::end(&ctx, id).await
        }
        .await,
    )
}

/// Ends every session of the caller, this one included.
#[server(prefix = "/api", endpoint = "sign_out_everywhere")]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    respond(
        async {
            let cookie = sessions::end_all(&Ctx::from_leptos()?).await?;
            crate::ssr::cookies::set_cookie(cookie);
            crate::ssr::context::redirect("/sign-in");
            Ok(())
        }
        .await,
    )
}

/// Who viewed or changed the caller's record and when, newest first (the access log).
#[server(prefix = "/api", endpoint = "list_access_to_me", input = GetUrl)]
pub async fn list_access_to_me() -> Result<Vec<AccessView>, AppError> {
    respond(async { access::access_to_me(&Ctx::from_leptos()?).await }.await)
}
