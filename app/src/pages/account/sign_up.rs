use super::pending_step::PendingStep;
use crate::{
    api::auth::{CompleteSignUp, sign_up_prompt},
    components::form_error::FormError,
    i18n::use_locale,
    views::account::SignUpPrompt,
};
use leptos::prelude::*;

/// The last step for a new person: their name and acceptance of the privacy notice.
#[component]
pub fn SignUpPage() -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().account;
    let create = ServerAction::<CompleteSignUp>::new();
    let body = move |p: SignUpPrompt| {
        view! {
            <p class="lead">{move || t().sign_up_lead}</p>
            <ActionForm action=create attr:class="stack card">
                <label for="full_name">{move || t().full_name_label}</label>
                <input id="full_name" name="full_name" type="text" required maxlength="120"
                    autocomplete="name" value=p.suggested_name.clone() data-testid="full-name" />
                <label class="check">
                    <input type="checkbox" name="accept_privacy" value="yes" data-testid="accept-privacy" />
                    <span>
                        {move || t().accept_privacy_before}
                        <a href="/privacy" target="_blank">{move || t().accept_privacy_link}</a>
                        {move || t().accept_privacy_after}
                    </span>
                </label>
                {p.has_picture.then(|| view! {
                    <label class="check">
                        <input type="checkbox" name="use_picture" value="yes" data-testid="use-picture" />
                        <span>{move || t().use_picture}</span>
                    </label>
                })}
                <button type="submit" class="button" data-testid="create-account">{move || t().create_account}</button>
                <FormError value=create.value() />
            </ActionForm>
        }
    };
    view! { <PendingStep title=|t| t.sign_up_title prompt=sign_up_prompt body /> }
}
