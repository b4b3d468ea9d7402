//! Booking: slot search, booking, my appointments, changes.
// A server function's arguments are its form fields; the booking form has eight, and the
// client stub the macro generates cannot carry a per-function allow.
#![allow(clippy::too_many_arguments)]

use crate::{
    domain::ids::AppointmentId,
    error::AppError,
    views::{
        appointments::{AppointmentDetails, AppointmentLists, AppointmentSummary},
        booking::{BookingStep, SlotView},
    },
};
use chrono::NaiveDate;
use leptos::{prelude::*, server_fn::codec::GetUrl};

#[cfg(feature = "ssr")]
use crate::ssr::{
    context::respond,
    services::{Ctx, appointment_lists, booking},
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

/// The caller's appointments and their dependents', split by the server's clock into
/// upcoming and past (as the "my appointments" page shows them).
#[server(prefix = "/api", endpoint = "my_appointment_lists", input = GetUrl)]
pub async fn my_appointment_lists() -> Result<AppointmentLists, AppError> {
    respond(async { appointment_lists::mine(&Ctx::from_leptos()?).await }.await)
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
