use crate::{domain::text::Localized, i18n::use_locale};
use leptos::prelude::*;

/// Shows a database text in the current interface language.
#[component]
pub fn Tr(text: Localized) -> impl IntoView {
    let locale = use_locale();
    move || text.get(locale.lang()).to_owned()
}
