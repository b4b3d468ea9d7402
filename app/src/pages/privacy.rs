use crate::components::page_title::PageTitle;
use crate::i18n::{privacy::notice, use_locale};
use leptos::prelude::*;

/// Contact for privacy requests; the deployment's own address.
pub const PRIVACY_CONTACT: &str = "privacy@calentify.app";

/// The privacy notice people accept when they create an account.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    let locale = use_locale();
    let n = move || notice(locale.lang());
    view! {
        <PageTitle text=move || n().title />
        <article class="narrow prose" data-testid="privacy-notice">
            <h1>{move || n().title}</h1>
            <p class="muted">{move || n().updated}</p>
            <p class="lead">{move || n().intro}</p>
            {move || n().sections.iter().map(|s| view! {
                <h2>{s.heading}</h2>
                {s.paragraphs.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
            }).collect_view()}
            <p>{move || n().contact} " " <a href=format!("mailto:{PRIVACY_CONTACT}") dir="ltr">{PRIVACY_CONTACT}</a></p>
        </article>
    }
}
