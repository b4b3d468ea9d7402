use super::loading;
use crate::components::page_title::PageTitle;
use crate::{
    api::auth::{VerifyCode, pending_code},
    components::form_error::FormError,
    i18n::use_locale,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Where the person types the code we sent.
#[component]
pub fn CodePage() -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().account;
    let query = use_query_map();
    let return_to = move || query.read().get("return_to").unwrap_or_default();
    let pending = Resource::new(|| (), |_| pending_code());
    let verify = ServerAction::<VerifyCode>::new();
    view! {
        <PageTitle text=move || t().code_title />
        <section class="narrow">
            <h1>{move || t().code_title}</h1>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match pending.await.ok().flatten() {
                        Some(masked) => view! {
                            <p class="lead" data-testid="code-destination">
                                {move || (t().code_sent_to)(&masked)} " " {move || t().code_validity}
                            </p>
                        }.into_any(),
                        None => view! { <p class="notice">{move || t().code_missing}</p> }.into_any(),
                    }
                })}
            </Suspense>
            <ActionForm action=verify attr:class="stack card">
                <label for="code">{move || t().code_label}</label>
                <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
                    maxlength="12" required dir="ltr" class="code-input" data-testid="code-input" />
                <input type="hidden" name="return_to" value=return_to />
                <button type="submit" class="button" data-testid="verify-code" disabled=move || verify.pending().get()>
                    {move || t().verify}
                </button>
                <FormError value=verify.value() />
            </ActionForm>
            <p><a href="/sign-in">{move || t().new_code}</a></p>
        </section>
    }
}
