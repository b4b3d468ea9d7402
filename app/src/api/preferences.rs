//! Visitor preferences that live in cookies.

use crate::{error::AppError, i18n::Lang};
use leptos::prelude::*;

/// Saves the interface language in a cookie (and, for a signed-in person, as the
/// language of their messages). Called by a plain form post: the browser is redirected
/// back and the page renders again in the new language.
#[server(prefix = "/api", endpoint = "set_language")]
pub async fn set_language(lang: String) -> Result<Lang, AppError> {
    use crate::{
        error::Invalid,
        ssr::{
            context::{respond, state},
            cookies::{LANG_COOKIE, set_cookie},
        },
    };
    respond(
        async {
            let lang = Lang::parse(&lang).ok_or(AppError::Invalid(Invalid::Language))?;
            let ctx = crate::ssr::services::Ctx::from_leptos()?;
            crate::ssr::services::profile::follow_site_language(&ctx, lang).await?;
            let secure = state()?.config.is_https();
            set_cookie(
                cookie::Cookie::build((LANG_COOKIE, lang.code()))
                    .path("/")
                    .max_age(cookie::time::Duration::days(365))
                    .same_site(cookie::SameSite::Lax)
                    .http_only(true)
                    .secure(secure)
                    .build(),
            );
            Ok(lang)
        }
        .await,
    )
}
