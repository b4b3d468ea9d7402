use crate::{api::preferences::SetLanguage, i18n::use_locale};
use leptos::prelude::*;

/// A one-button switch to the other language: a plain form, with or without JavaScript.
/// The server saves the cookie and sends the browser back to the same page, which
/// arrives in the other language and direction, every text and date included.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let locale = use_locale();
    let action = ServerAction::<SetLanguage>::new();
    let other = locale.lang().other();
    view! {
        <ActionForm action=action attr:class="lang-switch">
            <input type="hidden" name="lang" value=other.code() />
            <button
                type="submit"
                class="button button-ghost"
                lang=other.code()
                title=move || locale.t().switch_language_label
                data-testid="language-switch"
            >
                {other.native_name()}
            </button>
        </ActionForm>
    }
}
