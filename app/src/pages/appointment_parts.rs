//! The sections of an appointment's page that stand on their own: adding it to a
//! calendar, the patient's choices, the staff's action buttons, files, and the history.

use crate::{
    api::booking::{CancelAppointment, UpdateAppointment},
    domain::{booking::Action, display::DisplaySettings},
    i18n::{Formatter, use_locale},
    views::appointments::{AppointmentDetails, EventView, FileView},
};
use chrono::NaiveDateTime;
use leptos::prelude::*;

/// The visit as a calendar file, or straight into Google or Outlook.
#[component]
pub fn AddToCalendar(details: AppointmentDetails) -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().booking;
    let ics = format!("/appointments/{}/calendar.ics", details.summary.id);
    view! {
        <div class="card stack">
            <h2>{move || t().add_to_calendar}</h2>
            <p class="row">
                <a class="button button-ghost" href=ics download="appointment.ics" rel="external" data-testid="ics">{move || t().download_ics}</a>
                <a class="button button-ghost" href=details.google_calendar_url target="_blank" rel="noopener">{move || t().google_calendar}</a>
                <a class="button button-ghost" href=details.outlook_calendar_url target="_blank" rel="noopener">{move || t().outlook_calendar}</a>
            </p>
        </div>
    }
}

/// What the patient may still do: move or cancel the visit, or, past the clinic's cutoff,
/// a note to call the clinic.
#[component]
pub fn PatientChoices(
    details: AppointmentDetails,
    cancel: ServerAction<CancelAppointment>,
) -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().booking;
    let s = &details.summary;
    let reschedule = format!("/c/{}/book?reschedule={}", s.clinic_slug, s.id);
    let id = s.id.to_string();
    if !(details.can_reschedule || details.can_cancel) {
        return view! { <p class="muted" data-testid="cutoff">{move || t().cutoff_note}</p> }
            .into_any();
    }
    view! {
        <div class="card stack">
            {details.can_reschedule.then(|| view! { <a class="button" href=reschedule data-testid="reschedule">{move || t().reschedule}</a> })}
            {details.can_cancel.then(|| view! {
                <ActionForm action=cancel attr:class="stack" attr:data-testid="cancel-form">
                    <input type="hidden" name="id" value=id />
                    <label for="reason">{move || t().cancel_reason}</label>
                    <input id="reason" name="reason" type="text" maxlength="500" />
                    <button type="submit" class="button button-danger" data-testid="cancel">{move || t().cancel}</button>
                </ActionForm>
            })}
        </div>
    }
    .into_any()
}

/// A file for the clinic to see with the visit.
#[component]
pub fn Upload(id: String) -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().booking;
    let action = format!("/appointments/{id}/files");
    view! {
        <form method="post" action=action enctype="multipart/form-data" class="stack card" data-testid="upload-form">
            <label for="file">{move || t().upload_label}</label>
            <input id="file" name="file" type="file" accept="application/pdf,image/jpeg,image/png" required />
            <p class="muted small">{move || t().upload_hint}</p>
            <button type="submit" class="button button-ghost">{move || t().upload_submit}</button>
        </form>
    }
}

/// One button per action the staff may take now.
#[component]
pub fn StaffActions(
    actions: Vec<Action>,
    id: String,
    update: ServerAction<UpdateAppointment>,
) -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().booking;
    (!actions.is_empty()).then(|| view! {
        <div class="row" data-testid="actions">
            {actions.into_iter().map(|a| {
                let id = id.clone();
                view! {
                    <ActionForm action=update>
                        <input type="hidden" name="id" value=id />
                        <input type="hidden" name="action" value=a.as_str() />
                        <button type="submit" class="button button-ghost" data-testid=format!("action-{}", a.as_str())>{move || (t().action_button)(a)}</button>
                    </ActionForm>
                }
            }).collect_view()}
        </div>
    })
}

/// The visit's files, for those with clinical access.
#[component]
pub fn Files(files: Vec<FileView>) -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().booking;
    view! {
        <h2>{move || t().files_heading}</h2>
        {if files.is_empty() {
            view! { <p class="muted">{move || t().files_none}</p> }.into_any()
        } else {
            view! {
                <ul class="plain" data-testid="files">
                    {files.into_iter().map(|f| view! {
                        <li><a href=format!("/files/{}", f.id) rel="external">{f.name}</a> <span class="muted">{format!(" ({} KB)", (f.size_bytes + 1023) / 1024)}</span></li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

/// Who changed the visit, how and when, oldest first; times in the branch's zone.
#[component]
pub fn History(entries: Vec<EventView>, display: DisplaySettings) -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().booking;
    let at = move |moment: NaiveDateTime| {
        Formatter::new(locale.lang(), display).date_time(moment.date(), moment.time())
    };
    view! {
        <h2>{move || t().history_heading}</h2>
        <ol class="history" data-testid="history">
            {entries.into_iter().map(|e| {
                let (actor, what, when) = (e.actor, e.action, e.at);
                let (old, new) = (e.old_time, e.new_time);
                let change = move || match (old, new) {
                    (Some(old), Some(new)) => format!(" ({} → {})", at(old), at(new)),
                    (None, Some(new)) => format!(" ({})", at(new)),
                    _ => String::new(),
                };
                let reason = e.reason.map(|r| format!(" — {r}")).unwrap_or_default();
                view! {
                    <li>
                        <span class="muted">{move || at(when)}</span> " "
                        {move || (t().history_entry)((t().actor)(actor), (t().history_change)(what))}
                        {change} {reason}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
