//! My appointments, and one appointment's page (for its patient or the clinic's staff).

use super::account::{load_error, loading};
use super::appointment_parts::{
    AddToCalendar, Files, History, PatientChoices, StaffActions, Upload,
};
use crate::components::{page_title::PageTitle, visit_time::visit_time};
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
    let status = a.status;
    view! {
        <li class="card appointment" data-testid="appointment" data-status=status.as_str()>
            <a href=href class="stretch">
                <strong><Tr text=a.service_name.clone() /></strong>
                " · " {visit_time(&a)} " "
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
    let status = s.status;
    let cancelled = s.status == AppointmentStatus::Cancelled;
    let changeable = s.status.is_active();
    let staff_actions = d.staff_actions.clone();
    view! {
        <PageTitle text=title.clone() />
        <section class="narrow stack" data-testid="appointment-details" data-status=status.as_str()>
            {move || booked().then(|| view! { <p class="notice success" role="status" data-testid="booked-banner">{move || t().booked_banner}</p> })}
            {move || moved().then(|| view! { <p class="notice success" role="status" data-testid="moved-banner">{move || t().moved_banner}</p> })}
            {cancelled.then(|| view! { <p class="notice" role="status" data-testid="cancelled-banner">{move || t().cancelled_banner}</p> })}
            <h1>{title}</h1>
            <p class="lead" data-testid="when">
                {visit_time(&s)} " "
                <span class="muted">"(" {s.time_zone.clone()} ")"</span>
            </p>
            <p>
                <Tr text=s.clinic_name.clone() /> " — " <Tr text=s.branch_name.clone() /><br />
                <span class="muted"><Tr text=s.branch_address.clone() /></span><br />
                {move || (t().with_provider)(provider.get(locale.lang()))} " · "
                {move || (t().for_patient)(&patient)}
            </p>
            <span class=format!("badge status-{status}") data-testid="status">{move || (t().status)(status)}</span>

            {changeable.then(|| view! { <AddToCalendar details=d.clone() /> })}

            {(!d.as_clinic && changeable).then(|| view! { <PatientChoices details=d.clone() cancel /> })}

            <StaffActions actions=staff_actions id=id.clone() update />
            <FormError value=cancel.value() />
            <FormError value=update.value() />

            {d.note.clone().map(|note| view! {
                <h2>{move || t().note_heading}</h2>
                <p class="card" data-testid="note-text">{note}</p>
            })}

            // Staff without clinical access (the front desk) get no files section at all.
            {d.clinical.then(|| view! { <Files files=d.files.clone() /> })}
            {(!d.as_clinic && changeable).then(|| view! { <Upload id=id.clone() /> })}

            <h2>{move || t().messages_heading}</h2>
            <MessageLog messages=d.messages.clone() zone=d.summary.time_zone.clone() />

            <History entries=d.history.clone() display=d.summary.display />
        </section>
    }
    .into_any()
}
