//! Sign-in, sign-up and the account pages.

pub mod code;
pub mod dependents;
pub mod dev_messages;
pub mod link;
pub mod messages;
mod pending_step;
pub mod profile;
pub mod security;
pub mod sign_in;
pub mod sign_up;

use crate::{error::AppError, i18n::use_locale};
use leptos::prelude::*;
use leptos_router::{components::Redirect, hooks::use_location};

/// What a page shows when its data failed to load: sign-in for visitors who are not
/// signed in (coming back here afterwards), the 404 page, or the error.
pub fn load_error(error: AppError) -> AnyView {
    match error {
        AppError::Unauthenticated => {
            let location = use_location();
            let here = location.pathname.get_untracked();
            let path = format!("/sign-in?return_to={}", urlencoding(&here));
            view! { <Redirect path /> }.into_any()
        }
        AppError::NotFound => view! { <crate::pages::not_found::NotFound /> }.into_any(),
        error => view! { <crate::components::error_panel::ErrorPanel error /> }.into_any(),
    }
}

pub(crate) fn urlencoding(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// A "loading" line for `Suspense` fallbacks.
pub fn loading() -> impl IntoView {
    let locale = use_locale();
    view! { <p class="muted">{move || locale.t().loading}</p> }
}
