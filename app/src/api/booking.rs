//! Booking: slot search, booking, my appointments, changes.
// A server function's arguments are its form fields; the booking form has eight, and the
// client stub the macro generates cannot carry a per-function allow.
#![allow(clippy::too_many_arguments)]

use crate::{
    domain::{
        booking::AppointmentStatus,
        ids::{AppointmentId, BranchId, DependentId, FileId, ProviderId, ServiceId},
        people::ProfileFieldRules,
        text::Localized,
    },
    error::AppError,
};
use chrono::{DateTime, NaiveDate, Utc};
use leptos::{prelude::*, server_fn::codec::GetUrl};
use serde::{Deserialize, Serialize};

/// One bookable time, labelled in the branch's time zone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlotView {
    pub start: DateTime<Utc>,
    /// `HH:MM` in the branch's zone.
    pub local_time: String,
    /// The date in the branch's zone.
    pub local_date: NaiveDate,
    /// `None` when the visitor chose "any available provider".
    pub provider_id: Option<ProviderId>,
}

/// Who the patient chose to see. An enum rather than `Option<Option<_>>`, which would
/// not survive the trip to the browser (`Some(None)` and `None` both become `null`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderChoice {
    Any,
    One(ProviderId),
}

impl ProviderChoice {
    pub fn id(self) -> Option<ProviderId> {
        match self {
            ProviderChoice::Any => None,
            ProviderChoice::One(id) => Some(id),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DayView {
    pub date: NaiveDate,
    pub has_slots: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Choice<T> {
    pub id: T,
    pub name: Localized,
    pub detail: Localized,
}

/// Everything one step of the booking flow shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BookingStep {
    pub clinic_slug: String,
    pub clinic_name: Localized,
    pub services: Vec<Choice<ServiceId>>,
    pub branches: Vec<Choice<BranchId>>,
    pub providers: Vec<Choice<ProviderId>>,
    pub service: Option<ServiceId>,
    pub branch: Option<BranchId>,
    pub provider: Option<ProviderChoice>,
    pub time_zone: String,
    pub days: Vec<DayView>,
    pub date: Option<NaiveDate>,
    pub slots: Vec<SlotView>,
    pub signed_in: bool,
    pub dependents: Vec<(DependentId, String)>,
    pub rules: ProfileFieldRules,
    /// Which of the clinic's required fields the account holder has not given yet.
    pub missing_gender: bool,
    pub missing_birth_date: bool,
    pub missing_picture: bool,
    /// When moving an existing appointment.
    pub reschedule: Option<AppointmentId>,
    /// Sent back with the booking as its idempotency key: a double click or a retried
    /// submission of this page books once.
    pub form_token: String,
}

/// An appointment as lists show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AppointmentSummary {
    pub id: AppointmentId,
    pub clinic_slug: String,
    pub clinic_name: Localized,
    pub branch_name: Localized,
    pub branch_address: Localized,
    pub provider_name: Localized,
    pub service_name: Localized,
    pub patient_name: String,
    pub for_dependent: bool,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Date and time in the branch's zone, and the zone's name.
    pub local_date: NaiveDate,
    pub local_time: String,
    pub time_zone: String,
    pub status: AppointmentStatus,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileView {
    pub id: FileId,
    pub name: String,
    pub content_type: String,
    pub size_bytes: i32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventView {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub old_time: Option<String>,
    pub new_time: Option<String>,
    pub reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AppointmentDetails {
    pub summary: AppointmentSummary,
    pub note: Option<String>,
    pub files: Vec<FileView>,
    pub history: Vec<EventView>,
    /// The viewer is clinic staff (else the patient's account holder).
    pub as_clinic: bool,
    /// The viewer may see the clinical note and files (the patient's account holder, and
    /// staff whose role gives clinical access); otherwise both are left out.
    pub clinical: bool,
    pub can_cancel: bool,
    pub can_reschedule: bool,
    /// Staff actions allowed now (`confirm`, `check_in`, `complete`, `no_show`, `cancel`).
    pub staff_actions: Vec<String>,
    pub google_calendar_url: String,
    pub outlook_calendar_url: String,
    /// What we sent about this appointment and what became of it.
    pub messages: Vec<crate::api::messages::LoggedMessage>,
}

#[cfg(feature = "ssr")]
use crate::ssr::{
    context::respond,
    services::{Ctx, booking},
};

/// The data for one step of the booking flow.
#[server(prefix = "/api", endpoint = "booking_page", input = GetUrl)]
pub async fn booking_page(
    slug: String,
    service: Option<String>,
    branch: Option<String>,
    provider: Option<String>,
    date: Option<String>,
    reschedule: Option<String>,
) -> Result<BookingStep, AppError> {
    respond(
        async {
            booking::page(
                &Ctx::from_leptos()?,
                &booking::PageQuery {
                    slug,
                    service,
                    branch,
                    provider,
                    date,
                    reschedule,
                },
            )
            .await
        }
        .await,
    )
}

/// Free start times of a service at a branch, for one provider or any (`provider=any`),
/// over `days` days from `from` (a date in the branch's zone; default today).
#[server(prefix = "/api", endpoint = "search_slots", input = GetUrl)]
pub async fn search_slots(
    slug: String,
    service: String,
    branch: String,
    provider: Option<String>,
    from: Option<String>,
    days: Option<i32>,
) -> Result<Vec<SlotView>, AppError> {
    respond(
        async {
            booking::search(
                &Ctx::from_leptos()?,
                &slug,
                &service,
                &branch,
                provider.as_deref(),
                from.as_deref(),
                days.unwrap_or(14),
            )
            .await
        }
        .await,
    )
}

/// Books a visit. `patient` is `me` or one of the caller's dependents' ids; `provider`
/// an id or `any`; `start` the slot's start (RFC 3339). The same `idempotency_key`
/// twice returns the first booking. A time taken meanwhile answers 409.
#[server(prefix = "/api", endpoint = "book_appointment")]
pub async fn book_appointment(
    slug: String,
    service: String,
    branch: String,
    provider: String,
    start: String,
    patient: Option<String>,
    note: Option<String>,
    idempotency_key: Option<String>,
) -> Result<AppointmentId, AppError> {
    respond(
        async {
            let ctx = Ctx::from_leptos()?;
            let id = booking::book(
                &ctx,
                &booking::BookInput {
                    slug,
                    service,
                    branch,
                    provider,
                    start,
                    patient: patient.unwrap_or_default(),
                    note: note.unwrap_or_default(),
                    idempotency_key: idempotency_key.unwrap_or_default(),
                },
            )
            .await?;
            crate::ssr::context::redirect(&format!("/appointments/{id}?booked=1"));
            Ok(id)
        }
        .await,
    )
}

/// Free times nearest to one that was just taken.
#[server(prefix = "/api", endpoint = "nearest_slots", input = GetUrl)]
pub async fn nearest_slots(
    slug: String,
    service: String,
    branch: String,
    provider: Option<String>,
    start: String,
) -> Result<Vec<SlotView>, AppError> {
    respond(
        async {
            booking::nearest(
                &Ctx::from_leptos()?,
                &slug,
                &service,
                &branch,
                provider.as_deref(),
                &start,
            )
            .await
        }
        .await,
    )
}

/// Moves an appointment to another free time of the same provider.
#[server(prefix = "/api", endpoint = "reschedule_appointment")]
pub async fn reschedule_appointment(id: String, start: String) -> Result<AppointmentId, AppError> {
    respond(
        async {
            let ctx = Ctx::from_leptos()?;
            let id = booking::reschedule(&ctx, &id, &start).await?;
            crate::ssr::context::redirect(&format!("/appointments/{id}?moved=1"));
            Ok(id)
        }
        .await,
    )
}

/// Cancels an appointment: the patient within the clinic's policy, the clinic any time.
#[server(prefix = "/api", endpoint = "cancel_appointment")]
pub async fn cancel_appointment(id: String, reason: Option<String>) -> Result<(), AppError> {
    respond(
        async {
            booking::act(
                &Ctx::from_leptos()?,
                &id,
                "cancel",
                reason.as_deref().unwrap_or_default(),
            )
            .await
        }
        .await,
    )
}

/// Staff: `confirm`, `check_in`, `complete`, `no_show`; patients may `confirm`.
#[server(prefix = "/api", endpoint = "update_appointment")]
pub async fn update_appointment(
    id: String,
    action: String,
    reason: Option<String>,
) -> Result<(), AppError> {
    respond(
        async {
            booking::act(
                &Ctx::from_leptos()?,
                &id,
                &action,
                reason.as_deref().unwrap_or_default(),
            )
            .await
        }
        .await,
    )
}

/// The caller's appointments and their dependents', soonest first.
#[server(prefix = "/api", endpoint = "my_appointments", input = GetUrl)]
pub async fn my_appointments() -> Result<Vec<AppointmentSummary>, AppError> {
    respond(async { booking::mine(&Ctx::from_leptos()?).await }.await)
}

/// One appointment, for its patient's account holder or the clinic's staff.
#[server(prefix = "/api", endpoint = "get_appointment", input = GetUrl)]
pub async fn get_appointment(id: String) -> Result<AppointmentDetails, AppError> {
    respond(async { booking::details(&Ctx::from_leptos()?, &id).await }.await)
}

/// Staff: a clinic's appointments on one day (in the clinic's zone).
#[server(prefix = "/api", endpoint = "clinic_day", input = GetUrl)]
pub async fn clinic_day(
    slug: String,
    date: Option<String>,
) -> Result<(NaiveDate, Vec<AppointmentSummary>), AppError> {
    respond(async { booking::clinic_day(&Ctx::from_leptos()?, &slug, date.as_deref()).await }.await)
}
