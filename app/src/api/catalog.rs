//! The public catalogue: clinics and what they offer.

use crate::{
    domain::{
        catalog::{Branch, Category, Clinic, Provider, Service, Slug},
        text::Localized,
    },
    error::AppError,
};
use leptos::{prelude::*, server_fn::codec::GetUrl};
use serde::{Deserialize, Serialize};

/// A clinic as the home page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClinicSummary {
    pub slug: Slug,
    pub name: Localized,
    pub description: Localized,
    pub cities: Vec<Localized>,
    pub branch_count: i32,
}

/// Everything the clinic page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClinicPage {
    pub clinic: Clinic,
    pub branches: Vec<Branch>,
    pub categories: Vec<Category>,
    pub services: Vec<Service>,
    pub providers: Vec<Provider>,
}

#[server(prefix = "/api", endpoint = "list_clinics", input = GetUrl)]
pub async fn list_clinics() -> Result<Vec<ClinicSummary>, AppError> {
    use crate::ssr::context::{respond, store};
    respond(async { Ok(summaries(store()?.clinic_summaries().await?)) }.await)
}

#[server(prefix = "/api", endpoint = "get_clinic", input = GetUrl)]
pub async fn get_clinic(slug: String) -> Result<ClinicPage, AppError> {
    use crate::ssr::context::{respond, store};
    respond(
        async {
            // An address that cannot be a slug cannot name a clinic either.
            let slug = Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
            let store = store()?;
            let clinic = store.clinic_by_slug(&slug).await?;
            let catalog = store.clinic_catalog(clinic.id).await?;
            Ok(ClinicPage {
                clinic,
                branches: catalog.branches,
                categories: catalog.categories,
                services: catalog.services,
                providers: catalog.providers,
            })
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
fn summaries(rows: Vec<crate::ssr::store::ClinicSummaryRow>) -> Vec<ClinicSummary> {
    rows.into_iter()
        .map(|row| {
            let mut cities: Vec<Localized> = Vec::new();
            for branch in &row.branches {
                if !cities.contains(&branch.city) {
                    cities.push(branch.city.clone());
                }
            }
            ClinicSummary {
                slug: row.clinic.slug,
                name: row.clinic.name,
                description: row.clinic.description,
                cities,
                branch_count: i32::try_from(row.branches.len()).unwrap_or(i32::MAX),
            }
        })
        .collect()
}
