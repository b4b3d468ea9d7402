use super::loading;
use crate::components::page_title::PageTitle;
use crate::{
    api::auth::{RequestCode, sign_in_options},
    components::{code_channel::CodeChannelChoice, form_error::FormError},
    i18n::use_locale,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Sign in (or sign up) with Google, Facebook, or a code by SMS, WhatsApp or email.
#[component]
pub fn SignInPage() -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().account;
    let query = use_query_map();
    let return_to = move || query.read().get("return_to").unwrap_or_default();
    let oauth_error = move || {
        query.read().get("error").map(|kind| match kind.as_str() {
            "sign_in_expired" => t().oauth_expired,
            "sign_in_cancelled" => t().oauth_cancelled,
            "identity_in_use" => locale.t().error_identity_in_use,
            "reverify_required" => locale.t().error_reverify_required,
            _ => t().oauth_failed,
        })
    };
    let options = Resource::new(|| (), |_| sign_in_options());
    let request = ServerAction::<RequestCode>::new();

    view! {
        <PageTitle text=move || t().sign_in_title />
        <section class="narrow">
            <h1>{move || t().sign_in_title}</h1>
            <p class="lead">{move || t().sign_in_lead}</p>
            {move || oauth_error().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    let options = options.await.unwrap_or_default();
                    let with_return = move |base: &str| {
                        let r = return_to();
                        if r.is_empty() { base.to_owned() } else { format!("{base}?return_to={}", super::urlencoding(&r)) }
                    };
                    view! {
                        <div class="stack providers">
                            {options.google.then(|| view! {
                                <a class="button button-provider" rel="external" data-testid="sign-in-google"
                                    href=with_return("/auth/google/start")>{move || t().continue_with_google}</a>
                            })}
                            {options.facebook.then(|| view! {
                                <a class="button button-provider" rel="external" data-testid="sign-in-facebook"
                                    href=with_return("/auth/facebook/start")>{move || t().continue_with_facebook}</a>
                            })}
                        </div>
                        {(options.google || options.facebook).then(|| view! {
                            <p class="divider"><span>{move || t().or_get_a_code}</span></p>
                        })}
                        {options.dev_tools.then(|| view! {
                            <p class="notice">
                                {move || t().dev_codes_notice} " "
                                <a href="/dev/messages" data-testid="dev-messages-link">{move || t().dev_codes_link}</a>
                            </p>
                        })}
                    }
                })}
            </Suspense>
            <ActionForm action=request attr:class="stack card">
                <label for="destination">{move || t().destination_label}</label>
                <input id="destination" name="destination" type="text" required autocomplete="username"
                    dir="ltr" data-testid="destination" aria-describedby="destination-hint" />
                <p id="destination-hint" class="hint">{move || t().destination_hint}</p>
                <CodeChannelChoice options />
                <input type="hidden" name="return_to" value=return_to />
                <button type="submit" class="button" data-testid="send-code" disabled=move || request.pending().get()>
                    {move || t().send_code}
                </button>
                <FormError value=request.value() />
            </ActionForm>
        </section>
    }
}
