use super::{load_error, loading};
use crate::components::page_title::PageTitle;
use crate::{api::auth::dev_messages, i18n::use_locale};
use leptos::prelude::*;

/// Development only: what the `log` channel would have sent, so a local user can sign
/// in with the codes shown here.
#[component]
pub fn DevMessagesPage() -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().account;
    let messages = Resource::new(|| (), |_| dev_messages());
    view! {
        <PageTitle text=move || t().dev_title />
        <section class="narrow">
            <h1>{move || t().dev_title}</h1>
            <p class="lead">{move || t().dev_lead}</p>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match messages.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted">{move || t().dev_empty}</p> }.into_any(),
                        Ok(list) => view! {
                            <ol class="plain stack" data-testid="dev-messages">
                                {list.into_iter().map(|m| view! {
                                    <li class="card" data-testid="dev-message">
                                        <p class="muted">
                                            <span class="pill">{m.channel.as_str()}</span> " "
                                            <span dir="ltr" data-testid="dev-message-to">{m.to.clone()}</span> " · " {m.at.clone()}
                                        </p>
                                        {m.subject.clone().map(|s| view! { <p><strong>{s}</strong></p> })}
                                        <pre class="message-text" dir="auto" data-testid="dev-message-text">{m.text.clone()}</pre>
                                    </li>
                                }).collect_view()}
                            </ol>
                        }.into_any(),
                        Err(e) => load_error(e),
                    }
                })}
            </Suspense>
        </section>
    }
}
