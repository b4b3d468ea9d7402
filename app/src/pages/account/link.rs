use super::loading;
use crate::components::page_title::PageTitle;
use crate::{
    api::auth::{ConfirmLink, link_prompt},
    components::form_error::FormError,
    i18n::use_locale,
};
use leptos::prelude::*;

/// Offers to add a new sign-in method to the account one of whose methods proved the
/// same email or phone: only by signing in to that account first, never by the match.
#[component]
pub fn LinkPage() -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().account;
    let prompt = Resource::new(|| (), |_| link_prompt());
    let confirm = ServerAction::<ConfirmLink>::new();
    view! {
        <PageTitle text=move || t().link_title />
        <section class="narrow">
            <h1>{move || t().link_title}</h1>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match prompt.await.ok().flatten() {
                        None => view! {
                            <p class="notice">{move || t().sign_up_expired}</p>
                            <a class="button" href="/sign-in">{move || t().start_again}</a>
                        }.into_any(),
                        Some(p) => {
                            let method = p.method.as_str();
                            let contact = p.contact.clone();
                            view! {
                                <p class="lead">{move || (t().link_lead)((t().method_name)(method), &contact)}</p>
                                <div class="row">
                                    <a class="button" href="/sign-in" data-testid="confirm-link">{move || t().link_confirm}</a>
                                    <ActionForm action=confirm>
                                        <input type="hidden" name="decision" value="cancel" />
                                        <button type="submit" class="button button-ghost">{move || t().link_decline}</button>
                                    </ActionForm>
                                </div>
                                <FormError value=confirm.value() />
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}
