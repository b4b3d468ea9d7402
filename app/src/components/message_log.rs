//! A list of sent messages with their delivery history, shown to the person they went to
//! and, on an appointment, to the clinic's staff.

use crate::{i18n::use_locale, views::messages::LoggedMessage};
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// Times are shown in `zone` (an IANA name; the clinic's for an appointment), else UTC.
#[component]
pub fn MessageLog(
    messages: Vec<LoggedMessage>,
    #[prop(optional)] zone: Option<String>,
) -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().booking;
    let tz: chrono_tz::Tz = zone
        .as_deref()
        .and_then(|z| z.parse().ok())
        .unwrap_or(chrono_tz::UTC);
    let time = move |at: DateTime<Utc>| at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string();
    if messages.is_empty() {
        return view! { <p class="muted" data-testid="messages-none">{move || t().messages_none}</p> }.into_any();
    }
    let zone_name = tz.name().to_owned();
    view! {
        <p class="hint">{move || (t().messages_times_in)(&zone_name)}</p>
        <ul class="message-log" data-testid="message-log">
            {messages.into_iter().map(|m| {
                let LoggedMessage { kind, channel, to, status, created_at, due_at, sent_at, failure, steps, .. } = m;
                let when = time(sent_at.unwrap_or(if status == "pending" { due_at } else { created_at }));
                let steps: Vec<(String, String)> = steps.into_iter().map(|s| (s.status, time(s.at))).collect();
                let status_class = format!("badge status-{status}");
                let (kind_attr, status_attr) = (kind.clone(), status.clone());
                view! {
                    <li data-testid="logged-message" data-kind=kind_attr data-status=status_attr>
                        <div class="message-head">
                            <strong>{move || (t().message_kind)(&kind)}</strong>
                            <span class=status_class>{move || (t().message_status)(&status)}</span>
                        </div>
                        <div class="muted">
                            <span dir="auto">{move || (t().message_to)((t().message_channel)(&channel), &to)}</span>
                            " · " <time>{when}</time>
                        </div>
                        {(!steps.is_empty()).then(|| view! {
                            <ol class="message-steps">
                                {steps.into_iter().map(|(s, at)| view! {
                                    <li>{move || (t().message_status)(&s)} " " <time class="muted">{at}</time></li>
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
