//! The frame of a page that continues a sign-in in progress (completing a sign-up,
//! linking a new method): the prompt is read from the pending ticket, and a ticket that
//! expired or never existed sends the person back to the start.

use super::loading;
use crate::{
    components::page_title::PageTitle,
    error::AppError,
    i18n::{AccountStrings, use_locale},
};
use leptos::prelude::*;
use serde::{Serialize, de::DeserializeOwned};
use std::future::Future;

#[component]
pub fn PendingStep<T, Fut, V, B>(
    /// The page's title and heading.
    title: fn(&AccountStrings) -> &'static str,
    /// Reads the pending ticket's prompt; `None` when there is no live ticket.
    prompt: fn() -> Fut,
    /// The step itself, for a live ticket.
    body: B,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    Fut: Future<Output = Result<Option<T>, AppError>> + Send + 'static,
    V: IntoView + 'static,
    B: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    let locale = use_locale();
    let t = move || locale.t().account;
    let prompt = Resource::new(|| (), move |_| prompt());
    view! {
        <PageTitle text=move || title(t()) />
        <section class="narrow">
            <h1>{move || title(t())}</h1>
            <Suspense fallback=loading>
                {move || {
                    let body = body.clone();
                    Suspend::new(async move {
                        match prompt.await.ok().flatten() {
                            None => view! {
                                <p class="notice">{move || t().sign_up_expired}</p>
                                <a class="button" href="/sign-in">{move || t().start_again}</a>
                            }.into_any(),
                            Some(p) => body(p).into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}
