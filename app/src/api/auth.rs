//! Signing in and out.

use crate::{
    error::AppError,
    views::account::{DevMessage, Me, SignInChoices},
};
use leptos::{prelude::*, server_fn::codec::GetUrl};

/// Applies a sign-in step's outcome: its cookies, then the redirect.
#[cfg(feature = "ssr")]
fn follow(outcome: crate::ssr::services::sign_in::Outcome) -> String {
    for cookie in outcome.cookies {
        crate::ssr::cookies::set_cookie(cookie);
    }
    crate::ssr::context::redirect(&outcome.redirect_to);
    outcome.redirect_to
}

#[cfg(feature = "ssr")]
use crate::ssr::{context::respond, services::Ctx};

/// The signed-in person, or `None`.
#[server(prefix = "/api", endpoint = "get_me", input = GetUrl)]
pub async fn get_me() -> Result<Option<Me>, AppError> {
    respond(async { crate::ssr::services::me::me(&Ctx::from_leptos()?).await }.await)
}

#[server(prefix = "/api", endpoint = "sign_in_options", input = GetUrl)]
pub async fn sign_in_options() -> Result<SignInChoices, AppError> {
    respond(
        async {
            let ctx = Ctx::from_leptos()?;
            let c = &ctx.state.config;
            Ok(SignInChoices {
                google: c.sign_in.google,
                facebook: c.sign_in.facebook,
                dev_tools: c.dev_tools,
                sms: c.delivery.contains(crate::domain::messaging::Channel::Sms),
                whatsapp: c
                    .delivery
                    .contains(crate::domain::messaging::Channel::WhatsApp),
            })
        }
        .await,
    )
}

/// Sends a one-time code to a phone (`channel` = `sms` or `whatsapp`) or an email
/// address, then continues to the code page.
#[server(prefix = "/api", endpoint = "request_code")]
pub async fn request_code(
    destination: String,
    channel: Option<String>,
    return_to: Option<String>,
) -> Result<String, AppError> {
    respond(
        async {
            let ctx = Ctx::from_leptos()?;
            let channel = match channel.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
                None => None,
                Some(c) => Some(
                    crate::domain::messaging::Channel::parse(c)
                        .ok_or(AppError::Invalid(crate::error::Invalid::Channel))?,
                ),
            };
            let (masked, cookie) =
                crate::ssr::services::otp::request_code(&ctx, &destination, channel).await?;
            crate::ssr::cookies::set_cookie(cookie);
            let next = match return_to.as_deref().filter(|r| !r.is_empty()) {
                Some(r) => format!(
                    "/sign-in/code?return_to={}",
                    urlencode(&ctx.return_path(Some(r)))
                ),
                None => "/sign-in/code".to_owned(),
            };
            crate::ssr::context::redirect(&next);
            Ok(masked)
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Where the last code went (masked), for the code page.
#[server(prefix = "/api", endpoint = "pending_code", input = GetUrl)]
pub async fn pending_code() -> Result<Option<String>, AppError> {
    respond(
        async {
            Ok(crate::ssr::services::otp::pending_destination(
                &Ctx::from_leptos()?,
            ))
        }
        .await,
    )
}

/// Checks a code and signs in (or continues to sign-up or link confirmation).
/// `destination` may be omitted by the browser, which remembers it in a cookie.
#[server(prefix = "/api", endpoint = "verify_code")]
pub async fn verify_code(
    code: String,
    destination: Option<String>,
    return_to: Option<String>,
) -> Result<String, AppError> {
    respond(
        async {
            let ctx = Ctx::from_leptos()?;
            let outcome = crate::ssr::services::otp::verify_code(
                &ctx,
                &code,
                destination.as_deref(),
                return_to,
            )
            .await?;
            Ok(follow(outcome))
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "sign_up_prompt", input = GetUrl)]
pub async fn sign_up_prompt() -> Result<Option<crate::views::account::SignUpPrompt>, AppError> {
    respond(
        async { crate::ssr::services::sign_in::sign_up_prompt(&Ctx::from_leptos()?).await }.await,
    )
}

/// Creates the account: a name and acceptance of the privacy notice are required.
#[server(prefix = "/api", endpoint = "complete_sign_up")]
pub async fn complete_sign_up(
    full_name: String,
    accept_privacy: Option<String>,
    use_picture: Option<String>,
) -> Result<String, AppError> {
    respond(
        async {
            let ctx = Ctx::from_leptos()?;
            let ticked = |v: Option<String>| v.is_some_and(|v| !v.is_empty() && v != "false");
            Ok(follow(
                crate::ssr::services::sign_in::complete_sign_up(
                    &ctx,
                    &full_name,
                    ticked(accept_privacy),
                    ticked(use_picture),
                )
                .await?,
            ))
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "link_prompt", input = GetUrl)]
pub async fn link_prompt() -> Result<Option<crate::views::account::LinkPrompt>, AppError> {
    respond(async { crate::ssr::services::sign_in::link_prompt(&Ctx::from_leptos()?).await }.await)
}

/// `decision` = `link` adds the new sign-in method to the existing account.
#[server(prefix = "/api", endpoint = "confirm_link")]
pub async fn confirm_link(decision: String) -> Result<String, AppError> {
    respond(
        async {
            let ctx = Ctx::from_leptos()?;
            Ok(follow(
                crate::ssr::services::sign_in::confirm_link(&ctx, decision == "link").await?,
            ))
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "sign_out")]
pub async fn sign_out() -> Result<String, AppError> {
    respond(
        async {
            Ok(follow(
                crate::ssr::services::sign_in::sign_out(&Ctx::from_leptos()?).await?,
            ))
        }
        .await,
    )
}

/// Messages the development `log` channel "sent", newest first. Only with dev tools on.
#[server(prefix = "/api", endpoint = "dev_messages", input = GetUrl)]
pub async fn dev_messages() -> Result<Vec<DevMessage>, AppError> {
    respond(
        async {
            let ctx = Ctx::from_leptos()?;
            match (&ctx.state.config.dev_tools, &ctx.state.dev_mailbox) {
                (true, Some(mailbox)) => Ok(mailbox.recent()),
                _ => Err(AppError::NotFound),
            }
        }
        .await,
    )
}
