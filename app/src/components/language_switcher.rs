use crate::{
    api::preferences::SetLanguage,
    i18n::{Lang, use_locale},
};
use leptos::prelude::*;

/// A one-button switch to the other language.
///
/// Without JavaScript it is a plain form: the server saves the cookie and sends the
/// browser back to the same page, now in the other language. Once hydrated, the texts
/// and the page direction change in place while the cookie is saved in the background.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let locale = use_locale();
    let action = ServerAction::<SetLanguage>::new();
    Effect::new(move |_| {
        if let Some(lang) = action
            .input()
            .get()
            .and_then(|input| Lang::parse(&input.lang))
        {
            locale.set(lang);
        }
    });
    let other = move || locale.lang().other();
    view! {
        <ActionForm action=action attr:class="lang-switch">
            <input type="hidden" name="lang" prop:value=move || other().code() value=move || other().code() />
            <button
                type="submit"
                class="button button-ghost"
                lang=move || other().code()
                title=move || locale.t().switch_language_label
                data-testid="language-switch"
            >
                {move || other().native_name()}
            </button>
        </ActionForm>
    }
}
