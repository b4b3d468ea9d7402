use super::{load_error, loading};
use crate::{api::messages::my_messages, components::message_log::MessageLog, i18n::use_locale};
use leptos::prelude::*;
use leptos_meta::Title;

/// The signed-in person's communication log.
#[component]
pub fn MessagesPage() -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().booking;
    let list = Resource::new(|| (), |_| my_messages());
    view! {
        <Title text=move || t().messages_title />
        <section class="narrow">
            <h1>{move || t().messages_title}</h1>
            <p class="lead">{move || t().messages_lead}</p>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(messages) => view! { <MessageLog messages /> }.into_any(),
                        Err(e) => load_error(e),
                    }
                })}
            </Suspense>
        </section>
    }
}
