//! Registering a clinic, its setup checklist and publishing, and the operators' approval.

// The registration form posts its fields as plain form fields, one argument each; the
// macro's generated client function cannot carry an item-level allow.
#![allow(clippy::too_many_arguments)]

use crate::{
    error::AppError,
    views::clinic_setup::{NewClinicInfo, PendingClinic, SetupChecklist, SlugCheck},
};
use leptos::{prelude::*, server_fn::codec::GetUrl};

#[cfg(feature = "ssr")]
use crate::ssr::{
    context::{redirect, respond, saved},
    services::{Ctx, clinic_setup},
};

/// Whether this visitor may register a clinic here, and whether it will need approval.
#[server(prefix = "/api", endpoint = "new_clinic_info", input = GetUrl)]
pub async fn registration_info() -> Result<NewClinicInfo, AppError> {
    respond(async { clinic_setup::new_clinic_info(&Ctx::from_leptos()?).await }.await)
}

/// Whether `slug` could be a new clinic's address; signed-in callers only.
#[server(prefix = "/api", endpoint = "check_clinic_slug", input = GetUrl)]
pub async fn check_clinic_slug(slug: String) -> Result<SlugCheck, AppError> {
    respond(async { clinic_setup::check_slug(&Ctx::from_leptos()?, &slug).await }.await)
}

/// Registers a clinic with its first branch; the caller becomes its owner and is sent
/// to its dashboard. `english` and `arabic` are ticked boxes (any value when ticked).
#[server(prefix = "/api", endpoint = "create_clinic")]
pub async fn create_clinic(
    name_en: String,
    name_ar: String,
    slug: String,
    currency: String,
    english: Option<String>,
    arabic: Option<String>,
    branch_name_en: String,
    branch_name_ar: String,
    city_en: String,
    city_ar: String,
    address_en: String,
    address_ar: String,
    phone: String,
    time_zone: String,
) -> Result<String, AppError> {
    respond(
        async {
            let form = crate::domain::clinic_setup::ClinicForm {
                name_en,
                name_ar,
                slug,
                currency,
                english: english.is_some(),
                arabic: arabic.is_some(),
                branch_name_en,
                branch_name_ar,
                city_en,
                city_ar,
                address_en,
                address_ar,
                phone,
                time_zone,
            };
            let slug = clinic_setup::create(&Ctx::from_leptos()?, &form).await?;
            redirect(&format!("/dashboard/{slug}"));
            Ok(slug.to_string())
        }
        .await,
    )
}

/// The clinic's setup checklist; any of its staff may read it.
#[server(prefix = "/api", endpoint = "clinic_checklist", input = GetUrl)]
pub async fn clinic_checklist(slug: String) -> Result<SetupChecklist, AppError> {
    respond(async { clinic_setup::checklist(&Ctx::from_leptos()?, &slug).await }.await)
}

/// Publishes the clinic, refused with the first missing step while nothing can be
/// booked. Owners and admins only.
#[server(prefix = "/api", endpoint = "publish_clinic")]
pub async fn publish_clinic(slug: String) -> Result<(), AppError> {
    respond(saved(
        <PublishClinic as leptos::server_fn::ServerFn>::PATH,
        async { clinic_setup::publish(&Ctx::from_leptos()?, &slug).await }.await,
    ))
}

/// Hides the clinic from patients; booked visits stay. Owners and admins only.
#[server(prefix = "/api", endpoint = "unpublish_clinic")]
pub async fn unpublish_clinic(slug: String) -> Result<(), AppError> {
    respond(saved(
        <UnpublishClinic as leptos::server_fn::ServerFn>::PATH,
        async { clinic_setup::unpublish(&Ctx::from_leptos()?, &slug).await }.await,
    ))
}

/// Clinics waiting for approval; operators only.
#[server(prefix = "/api", endpoint = "pending_clinics", input = GetUrl)]
pub async fn pending_clinics() -> Result<Vec<PendingClinic>, AppError> {
    respond(async { clinic_setup::pending(&Ctx::from_leptos()?).await }.await)
}

/// Approves a clinic, so patients see it once its owner publishes it; operators only.
#[server(prefix = "/api", endpoint = "approve_clinic")]
pub async fn approve_clinic(slug: String) -> Result<(), AppError> {
    respond(saved(
        <ApproveClinic as leptos::server_fn::ServerFn>::PATH,
        async { clinic_setup::approve(&Ctx::from_leptos()?, &slug).await }.await,
    ))
}
