//! A list of sent messages with their delivery history, shown to the person they went to
//! and, on an appointment, to the clinic's staff.

use crate::{
    domain::message_status::MessageStatus,
    i18n::{Formatter, use_locale},
    views::messages::LoggedMessage,
};
use chrono::NaiveDateTime;
use leptos::prelude::*;

/// Times arrive on the wall clock of `zone` (an IANA name; the clinic's for an
/// appointment), else UTC; `zone` only names it for the reader.
#[component]
pub fn MessageLog(
    messages: Vec<LoggedMessage>,
    #[prop(optional)] zone: Option<String>,
) -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().booking;
    let time = move |local: NaiveDateTime| {
        Formatter::plain(locale.lang()).date_time(local.date(), local.time())
    };
    if messages.is_empty() {
        return view! { <p class="muted" data-testid="messages-none">{move || t().messages_none}</p> }.into_any();
    }
    let zone_name = zone.unwrap_or_else(|| "UTC".to_owned());
    view! {
        <p class="hint">{move || (t().messages_times_in)(&zone_name)}</p>
        <ul class="message-log" data-testid="message-log">
            {messages.into_iter().map(|m| {
                let LoggedMessage { kind, channel, to, status, shown_at: when, failure, steps, .. } = m;
                let steps: Vec<(MessageStatus, NaiveDateTime)> = steps.into_iter().map(|s| (s.status, s.local_at)).collect();
                let status_class = format!("badge status-{status}");
                let (kind_attr, status_attr) = (kind.as_str(), status.as_str());
                view! {
                    <li data-testid="logged-message" data-kind=kind_attr data-status=status_attr>
                        <div class="message-head">
                            <strong>{move || (t().message_kind)(kind)}</strong>
                            <span class=status_class>{move || (t().message_status)(status)}</span>
                        </div>
                        <div class="muted">
                            <span dir="auto">{move || (t().message_to)((t().message_channel)(channel), &to)}</span>
                            " · " <time>{move || time(when)}</time>
                        </div>
                        {(!steps.is_empty()).then(|| view! {
                            <ol class="message-steps">
                                {steps.into_iter().map(|(s, at)| view! {
                                    <li>{move || (t().message_status)(s)} " " <time class="muted">{move || time(at)}</time></li>
                                }).collect_view()}
                            </ol>
                        })}
                        {failure.map(|why| view! { <p class="form-error">{move || (t().message_failure)(&why)}</p> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
