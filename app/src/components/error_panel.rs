use crate::{error::AppError, i18n::use_locale};
use leptos::prelude::*;

/// A localised explanation of an error, announced to screen readers.
#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
    let locale = use_locale();
    view! {
        <div class="notice notice-error" role="alert">
            <p class="notice-title">{move || locale.t().error_title}</p>
            <p>{move || error.message(locale.lang())}</p>
        </div>
    }
}
