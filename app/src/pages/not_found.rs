use crate::components::page_title::PageTitle;
use crate::i18n::use_locale;
use leptos::prelude::*;

/// The 404 page, in the visitor's language, sent with status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    let locale = use_locale();
    let t = move || locale.t();
    view! {
        <PageTitle text=move || t().not_found_title />
        <section class="empty-state" data-testid="not-found">
            <p class="empty-code" aria-hidden="true">"404"</p>
            <h1>{move || t().not_found_title}</h1>
            <p>{move || t().not_found_body}</p>
            <a class="button" href="/">{move || t().back_home}</a>
        </section>
    }
}
