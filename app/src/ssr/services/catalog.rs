//! The public catalogue: the clinics the home page lists and what one clinic offers.

use super::Ctx;
use crate::{
    domain::{catalog::Slug, text::Localized},
    error::AppError,
    ssr::store::ClinicSummaryRow,
    views::catalog::{ClinicPage, ClinicSummary},
};

pub async fn clinics(ctx: &Ctx) -> Result<Vec<ClinicSummary>, AppError> {
    Ok(summaries(ctx.store().clinic_summaries().await?))
}

pub async fn clinic_page(ctx: &Ctx, slug: &str) -> Result<ClinicPage, AppError> {
    // An address that cannot be a slug cannot name a clinic either.
    let slug = Slug::parse(slug).map_err(|_| AppError::NotFound)?;
    let store = ctx.store();
    let clinic = store.clinic_by_slug(&slug).await?;
    super::clinic_setup::visible_to(ctx, &clinic).await?;
    let catalog = store.clinic_catalog(clinic.id).await?;
    Ok(ClinicPage {
        clinic,
        branches: catalog.branches,
        categories: catalog.categories,
        services: catalog.services,
        providers: catalog.providers,
    })
}

/// Each clinic with the cities its branches are in, each city once.
fn summaries(rows: Vec<ClinicSummaryRow>) -> Vec<ClinicSummary> {
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
