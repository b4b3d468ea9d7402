use super::pending_step::PendingStep;
use crate::{
    api::auth::{ConfirmLink, link_prompt},
    components::form_error::FormError,
    i18n::use_locale,
    views::account::LinkPrompt,
};
use leptos::prelude::*;

/// Offers to add a new sign-in method to the account one of whose methods proved the
/// same email or phone: only by signing in to that account first, never by the match.
#[component]
pub fn LinkPage() -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().account;
    let confirm = ServerAction::<ConfirmLink>::new();
    let body = move |p: LinkPrompt| {
        let method = p.method;
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
        }
    };
    view! { <PendingStep title=|t| t.link_title prompt=link_prompt body /> }
}
