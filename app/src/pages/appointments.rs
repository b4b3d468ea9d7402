//! My appointments, and one appointment's page (for its patient or the clinic's staff).

use super::account::{load_error, loading};
use crate::components::page_title::PageTitle;
use crate::{
    api::booking::{CancelAppointment, UpdateAppointment, get_appointment, my_appointment_lists},
    components::{form_error::FormError, localized::Tr, message_log::MessageLog},
    domain::booking::AppointmentStatus,
    i18n::use_locale,
    views::appointments::{AppointmentDetails, AppointmentLists, AppointmentSummary},
};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn AppointmentsPage() -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().booking;
    let list = Resource::new(|| (), |_| my_appointment_lists());
    view! {
        <PageTitle text=move || t().my_title />
        <section class="narrow stack">
            <h1>{move || t().my_title}</h1>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(lists) => view! { <UpcomingAndPast lists /> }.into_any(),
                        Err(e) => load_error(e),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The two lists as the server split them (see [`crate::domain::upcoming`]): the view
/// never reads a clock, so server and browser render the same split.
#[component]
fn UpcomingAndPast(lists: AppointmentLists) -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().booking;
    let AppointmentLists { upcoming, past } = lists;
    let empty = upcoming.is_empty() && past.is_empty();
    view! {
        {empty.then(|| view! { <p class="muted" data-testid="no-appointments">{move || t().none_yet}</p> })}
        <h2>{move || t().upcoming}</h2>
        <ul class="plain stack" data-testid="upcoming">
            {upcoming.into_iter().map(|a| view! { <AppointmentCard a /> }).collect_view()}
        </ul>
        <h2>{move || t().past}</h2>
        <ul class="plain stack" data-testid="past">
            {past.into_iter().map(|a| view! { <AppointmentCard a /> }).collect_view()}
        </ul>
    }
}

#[component]
pub fn AppointmentCard(a: AppointmentSummary) -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().booking;
    let href = format!("/appointments/{}", a.id);
    let provider = a.provider_name.clone();
    let patient = a.patient_name.clone();
    let status = a.status.as_str();
    view! {
        <li class="card appointment" data-testid="appointment" data-status=status>
            <a href=href class="stretch">
                <strong><Tr text=a.service_name.clone() /></strong>
                " · " {format!("{} {}", a.local_date, a.local_time)} " "
                <span class="muted">"(" {a.time_zone.clone()} ")"</span>
            </a>
            <p class="muted">
                <Tr text=a.clinic_name.clone() /> " — " <Tr text=a.branch_name.clone() /> " · "
                {move || (t().with_provider)(provider.get(locale.lang()))}
                {a.for_dependent.then(|| view! { " · " {move || (t().for_patient)(&patient)} })}
            </p>
            <span class=format!("badge status-{status}")>{move || (t().status)(status)}</span>
        </li>
    }
}

#[component]
pub fn AppointmentPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let cancel = ServerAction::<CancelAppointment>::new();
    let update = ServerAction::<UpdateAppointment>::new();
    let data = Resource::new(
        move || (id(), cancel.version().get(), update.version().get()),
        |(id, _, _)| get_appointment(id),
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <AppointmentView d cancel update /> }.into_any(),
                    Err(e) => load_error(e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AppointmentView(
    d: AppointmentDetails,
    cancel: ServerAction<CancelAppointment>,
    update: ServerAction<UpdateAppointment>,
) -> AnyView {
    let locale = use_locale();
    let t = move || locale.t().booking;
    let query = use_query_map();
    let booked = move || query.read().get("booked").is_some();
    let moved = move || query.read().get("moved").is_some();
    let s = d.summary.clone();
    let id = s.id.to_string();
    let service = s.service_name.clone();
    let title = move || service.get(locale.lang()).to_owned();
    let provider = s.provider_name.clone();
    let patient = s.patient_name.clone();
    let status = s.status.as_str();
    let reschedule = format!("/c/{}/book?reschedule={}", s.clinic_slug, s.id);
    let ics = format!("/appointments/{}/calendar.ics", s.id);
    let upload = format!("/appointments/{}/files", s.id);
    let cancelled = s.status == AppointmentStatus::Cancelled;
    let changeable = s.status.is_active();
    let cancel_id = id.clone();
    let staff_actions = d.staff_actions.clone();
    let action_id = id.clone();
    view! {
        <PageTitle text=title.clone() />
        <section class="narrow stack" data-testid="appointment-details" data-status=status>
            {move || booked().then(|| view! { <p class="notice success" role="status" data-testid="booked-banner">{move || t().booked_banner}</p> })}
            {move || moved().then(|| view! { <p class="notice success" role="status" data-testid="moved-banner">{move || t().moved_banner}</p> })}
            {cancelled.then(|| view! { <p class="notice" role="status" data-testid="cancelled-banner">{move || t().cancelled_banner}</p> })}
            <h1>{title}</h1>
            <p class="lead" data-testid="when">
                {format!("{} {}", s.local_date, s.local_time)} " "
                <span class="muted">"(" {s.time_zone.clone()} ")"</span>
            </p>
            <p>
                <Tr text=s.clinic_name.clone() /> " — " <Tr text=s.branch_name.clone() /><br />
                <span class="muted"><Tr text=s.branch_address.clone() /></span><br />
                {move || (t().with_provider)(provider.get(locale.lang()))} " · "
                {move || (t().for_patient)(&patient)}
            </p>
            <span class=format!("badge status-{status}") data-testid="status">{move || (t().status)(status)}</span>

            {changeable.then(|| view! {
                <div class="card stack">
                    <h2>{move || t().add_to_calendar}</h2>
                    <p class="row">
                        <a class="button button-ghost" href=ics.clone() download="appointment.ics" rel="external" data-testid="ics">{move || t().download_ics}</a>
                        <a class="button button-ghost" href=d.google_calendar_url.clone() target="_blank" rel="noopener">{move || t().google_calendar}</a>
                        <a class="button button-ghost" href=d.outlook_calendar_url.clone() target="_blank" rel="noopener">{move || t().outlook_calendar}</a>
                    </p>
                </div>
            })}

            {(!d.as_clinic && changeable).then(|| {
                if d.can_reschedule || d.can_cancel {
                    view! {
                        <div class="card stack">
                            {d.can_reschedule.then(|| view! { <a class="button" href=reschedule.clone() data-testid="reschedule">{move || t().reschedule}</a> })}
                            {d.can_cancel.then(|| view! {
                                <ActionForm action=cancel attr:class="stack" attr:data-testid="cancel-form">
                                    <input type="hidden" name="id" value=cancel_id.clone() />
                                    <label for="reason">{move || t().cancel_reason}</label>
                                    <input id="reason" name="reason" type="text" maxlength="500" />
                                    <button type="submit" class="button button-danger" data-testid="cancel">{move || t().cancel}</button>
                                </ActionForm>
                            })}
                        </div>
                    }.into_any()
                } else {
                    view! { <p class="muted" data-testid="cutoff">{move || t().cutoff_note}</p> }.into_any()
                }
            })}

            {(!staff_actions.is_empty()).then(|| view! {
                <div class="row" data-testid="actions">
                    {staff_actions.iter().map(|a| {
                        let a = a.clone();
                        let label = a.clone();
                        let id = action_id.clone();
                        view! {
                            <ActionForm action=update>
                                <input type="hidden" name="id" value=id />
                                <input type="hidden" name="action" value=a.clone() />
                                <button type="submit" class="button button-ghost" data-testid=format!("action-{a}")>{move || (t().action)(&label)}</button>
                            </ActionForm>
                        }
                    }).collect_view()}
                </div>
            })}
            <FormError value=cancel.value() />
            <FormError value=update.value() />

            {d.note.clone().map(|note| view! {
                <h2>{move || t().note_heading}</h2>
                <p class="card" data-testid="note-text">{note}</p>
            })}

            // Staff without clinical access (the front desk) get no files section at all.
            {d.clinical.then(|| view! {
                <h2>{move || t().files_heading}</h2>
                {if d.files.is_empty() {
                    view! { <p class="muted">{move || t().files_none}</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain" data-testid="files">
                            {d.files.iter().map(|f| view! {
                                <li><a href=format!("/files/{}", f.id) rel="external">{f.name.clone()}</a> <span class="muted">{format!(" ({} KB)", (f.size_bytes + 1023) / 1024)}</span></li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            })}
            {(!d.as_clinic && changeable).then(|| view! {
                <form method="post" action=upload.clone() enctype="multipart/form-data" class="stack card" data-testid="upload-form">
                    <label for="file">{move || t().upload_label}</label>
                    <input id="file" name="file" type="file" accept="application/pdf,image/jpeg,image/png" required />
                    <p class="muted small">{move || t().upload_hint}</p>
                    <button type="submit" class="button button-ghost">{move || t().upload_submit}</button>
                </form>
            })}

            <h2>{move || t().messages_heading}</h2>
            <MessageLog messages=d.messages.clone() zone=d.summary.time_zone.clone() />

            <h2>{move || t().history_heading}</h2>
            <ol class="history" data-testid="history">
                {d.history.iter().map(|e| {
                    let actor = e.actor.clone();
                    let action = e.action.clone();
                    let when = e.at.clone();
                    let change = match (&e.old_time, &e.new_time) {
                        (Some(old), Some(new)) => format!(" ({old} → {new})"),
                        (None, Some(new)) => format!(" ({new})"),
                        _ => String::new(),
                    };
                    let reason = e.reason.clone().map(|r| format!(" — {r}")).unwrap_or_default();
                    view! {
                        <li>
                            <span class="muted">{when}</span> " "
                            {move || (t().history_entry)((t().action)(&actor), (t().action)(&action))}
                            {change} {reason}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
    .into_any()
}
