//! How a code reaches a phone: offered only where this deployment can send both ways.

use crate::{error::AppError, i18n::use_locale, views::account::SignInChoices};
use leptos::prelude::*;

/// SMS or WhatsApp, when both are set up here. With one of them only there is nothing to
/// choose, and the server sends by that one.
#[component]
pub fn CodeChannelChoice(options: Resource<Result<SignInChoices, AppError>>) -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().account;
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let o = options.await.unwrap_or_default();
                (o.sms && o.whatsapp).then(|| view! {
                    <fieldset class="choices">
                        <legend>{move || t().channel_legend}</legend>
                        <label><input type="radio" name="channel" value="sms" checked /> {move || t().channel_sms}</label>
                        <label><input type="radio" name="channel" value="whatsapp" data-testid="channel-whatsapp" /> {move || t().channel_whatsapp}</label>
                    </fieldset>
                })
            })}
        </Suspense>
    }
}
