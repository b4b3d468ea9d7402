//! The public catalogue: clinics and what they offer.

use crate::{
    error::AppError,
    views::catalog::{ClinicPage, ClinicSummary},
};
use leptos::{prelude::*, server_fn::codec::GetUrl};

#[cfg(feature = "ssr")]
use crate::ssr::{
    context::respond,
    services::{Ctx, catalog},
};

#[server(prefix = "/api", endpoint = "list_clinics", input = GetUrl)]
pub async fn list_clinics() -> Result<Vec<ClinicSummary>, AppError> {
    respond(async { catalog::clinics(&Ctx::from_leptos()?).await }.await)
}

#[server(prefix = "/api", endpoint = "get_clinic", input = GetUrl)]
pub async fn get_clinic(slug: String) -> Result<ClinicPage, AppError> {
    respond(async { catalog::clinic_page(&Ctx::from_leptos()?, &slug).await }.await)
}
