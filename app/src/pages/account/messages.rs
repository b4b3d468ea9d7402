use super::{load_error, loading};
use crate::components::page_title::PageTitle;
use crate::{
    api::messages::{SetReminderChannels, my_messages, my_reminder_channels},
    components::{
        form_error::{FormError, FormSaved},
        message_log::MessageLog,
    },
    domain::messaging::Channel,
    i18n::use_locale,
    views::messages::ReminderChannel,
};
use leptos::{prelude::*, server_fn::ServerFn};

/// The signed-in person's communication log.
#[component]
pub fn MessagesPage() -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().booking;
    let list = Resource::new(|| (), |_| my_messages());
    view! {
        <PageTitle text=move || t().messages_title />
        <section class="narrow">
            <h1>{move || t().messages_title}</h1>
            <p class="lead">{move || t().messages_lead}</p>
            <ReminderChoices />
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

/// Reminders on or off per channel; a STOP reply shows here as a cleared box.
#[component]
fn ReminderChoices() -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().booking;
    let save = ServerAction::<SetReminderChannels>::new();
    let channels = Resource::new(move || save.version().get(), |_| my_reminder_channels());
    let boxes = move |list: Vec<ReminderChannel>| {
        if list.is_empty() {
            return view! { <p class="hint">{move || t().reminders_none}</p> }.into_any();
        }
        view! {
            <ActionForm action=save attr:class="stack card" attr:data-testid="reminder-form">
                {list.into_iter().map(|r| {
                    let c = r.channel;
                    view! {
                        <label class="check">
                            <input type="checkbox" name=c.as_str() value="on" checked=r.on
                                data-testid=format!("reminder-{}", c.as_str()) />
                            <span>
                                {move || {
                                    let names = locale.t().account;
                                    match c {
                                        Channel::WhatsApp => names.channel_whatsapp,
                                        Channel::Sms => names.channel_sms,
                                        Channel::Email => names.channel_email,
                                    }
                                }}
                                " " <bdi dir="ltr">{r.to.clone()}</bdi>
                            </span>
                        </label>
                    }
                }).collect_view()}
                <button type="submit" class="button" data-testid="save-reminders">{move || t().reminders_save}</button>
                <FormError value=save.value() />
                <FormSaved endpoint=SetReminderChannels::PATH text=Signal::derive(move || t().reminders_saved) />
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <h2>{move || t().reminders_title}</h2>
        <p class="lead">{move || t().reminders_lead}</p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match channels.await {
                    Ok(list) => boxes(list),
                    Err(e) => load_error(e),
                }
            })}
        </Suspense>
    }
}
