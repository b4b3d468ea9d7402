//! Clinic settings, for the clinic's owners and admins.

use crate::{error::AppError, views::clinic_settings::ClinicSettings};
use leptos::{prelude::*, server_fn::codec::GetUrl};

#[cfg(feature = "ssr")]
use crate::ssr::{
    context::{respond, saved},
    services::{Ctx, clinic_admin},
};

/// The clinic's booking settings; any member of its staff may read them.
#[server(prefix = "/api", endpoint = "get_clinic_settings", input = GetUrl)]
pub async fn get_clinic_settings(slug: String) -> Result<ClinicSettings, AppError> {
    respond(async { clinic_admin::settings(&Ctx::from_leptos()?, &slug).await }.await)
}

/// Sets what the clinic asks for at booking (`required`, `optional` or `hidden` for
/// each field) and the age below which a guardian books. Owners and admins only.
#[server(prefix = "/api", endpoint = "update_clinic_settings")]
pub async fn update_clinic_settings(
    slug: String,
    gender: String,
    date_of_birth: String,
    picture: String,
    min_patient_age: String,
) -> Result<(), AppError> {
    respond(saved(
        <UpdateClinicSettings as leptos::server_fn::ServerFn>::PATH,
        async {
            clinic_admin::update(
                &Ctx::from_leptos()?,
                &slug,
                &gender,
                &date_of_birth,
                &picture,
                &min_patient_age,
            )
            .await
        }
        .await,
    ))
}

/// Sets the booking policy: minimum notice and cancellation cutoff (minutes, up to two
/// weeks), horizon (days, 1-365), slot step (minutes, 5-120) and reminder offsets
/// (minutes before the visit, comma-separated, up to five) and, when sent, the upcoming
/// appointments one patient may hold (1-50). Owners and admins only.
#[server(prefix = "/api", endpoint = "update_booking_policy")]
pub async fn update_booking_policy(
    slug: String,
    min_notice_min: String,
    horizon_days: String,
    slot_step_min: String,
    cancel_cutoff_min: String,
    reminder_offsets: String,
    max_upcoming_per_patient: Option<String>,
) -> Result<(), AppError> {
    respond(saved(
        <UpdateBookingPolicy as leptos::server_fn::ServerFn>::PATH,
        async {
            clinic_admin::update_policy(
                &Ctx::from_leptos()?,
                &slug,
                crate::domain::booking_policy::BookingPolicy::parse(
                    &min_notice_min,
                    &horizon_days,
                    &slot_step_min,
                    &cancel_cutoff_min,
                ),
                &reminder_offsets,
                max_upcoming_per_patient.as_deref(),
            )
            .await
        }
        .await,
    ))
}

/// Turns the clinic's message channels on (a ticked box sends any value) or off. At
/// least one stays on; owners and admins only.
#[server(prefix = "/api", endpoint = "update_clinic_channels")]
pub async fn update_clinic_channels(
    slug: String,
    whatsapp: Option<String>,
    sms: Option<String>,
    email: Option<String>,
) -> Result<(), AppError> {
    respond(saved(
        <UpdateClinicChannels as leptos::server_fn::ServerFn>::PATH,
        async {
            clinic_admin::update_channels(
                &Ctx::from_leptos()?,
                &slug,
                [whatsapp.is_some(), sms.is_some(), email.is_some()],
            )
            .await
        }
        .await,
    ))
}
