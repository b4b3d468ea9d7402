//! Catalogue reads: clinics, their branches, services and providers, and schedules.

use super::{
    ClinicCatalog, ClinicSummaryRow,
    rows::{
        BRANCH_COLUMNS, BranchRow, CLINIC_COLUMNS, CategoryRow, ClinicRow, ExceptionRow, HoursRow,
        ProviderLinkRow, ProviderRow, SERVICE_COLUMNS, ServiceRow, providers_with_links,
    },
};
use crate::{
    domain::{
        catalog::{Branch, Category, Clinic, ScheduleException, Service, Slug, WorkingHours},
        ids::ClinicId,
    },
    ssr::store::{Store, StoreError, found, with_pool},
};
use chrono::NaiveDate;
use std::collections::HashMap;
use tracing::instrument;

/// A clinic's catalogue as read, before conversion.
struct CatalogRows {
    branches: Vec<BranchRow>,
    categories: Vec<CategoryRow>,
    services: Vec<ServiceRow>,
    providers: Vec<ProviderRow>,
    provider_branches: Vec<ProviderLinkRow>,
    provider_services: Vec<ProviderLinkRow>,
}

impl Store {
    /// Every listed clinic with its branches, alphabetically by English name.
    #[instrument(skip_all)]
    pub async fn clinic_summaries(&self) -> Result<Vec<ClinicSummaryRow>, StoreError> {
        let clinics: Vec<ClinicRow> = with_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {CLINIC_COLUMNS} FROM clinics \
                 WHERE published_at IS NOT NULL AND approved_at IS NOT NULL ORDER BY name_en"
            ))
                .fetch_all(pool)
                .await
        })?;
        let branches: Vec<BranchRow> = with_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {BRANCH_COLUMNS} FROM branches ORDER BY clinic_id, position, name_en"
            ))
            .fetch_all(pool)
            .await
        })?;
        let mut by_clinic: HashMap<ClinicId, Vec<Branch>> = HashMap::new();
        for row in branches {
            let branch = Branch::try_from(row)?;
            by_clinic.entry(branch.clinic_id).or_default().push(branch);
        }
        clinics
            .into_iter()
            .map(|row| {
                let clinic = Clinic::try_from(row)?;
                let branches = by_clinic.remove(&clinic.id).unwrap_or_default();
                Ok(ClinicSummaryRow { clinic, branches })
            })
            .collect()
    }

    #[instrument(skip_all)]
    pub async fn clinic_by_slug(&self, slug: &Slug) -> Result<Clinic, StoreError> {
        let row: Option<ClinicRow> = with_pool!(self, pool => {
            sqlx::query_as(&format!("SELECT {CLINIC_COLUMNS} FROM clinics WHERE slug = $1"))
                .bind(slug.as_str())
                .fetch_optional(pool)
                .await
        })?;
        found(row)?.try_into()
    }

    #[instrument(skip_all)]
    pub async fn clinic(&self, id: ClinicId) -> Result<Clinic, StoreError> {
        let row: Option<ClinicRow> = with_pool!(self, pool => {
            sqlx::query_as(&format!("SELECT {CLINIC_COLUMNS} FROM clinics WHERE id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await
        })?;
        found(row)?.try_into()
    }

    /// The clinic's active services, branches, categories and providers.
    #[instrument(skip_all)]
    pub async fn clinic_catalog(&self, clinic: ClinicId) -> Result<ClinicCatalog, StoreError> {
        let rows = self.catalog_rows(clinic).await?;
        Ok(ClinicCatalog {
            branches: rows
                .branches
                .into_iter()
                .map(Branch::try_from)
                .collect::<Result<_, _>>()?,
            categories: rows.categories.into_iter().map(Category::from).collect(),
            services: rows
                .services
                .into_iter()
                .map(Service::try_from)
                .collect::<Result<_, _>>()?,
            providers: providers_with_links(
                rows.providers,
                rows.provider_branches,
                rows.provider_services,
            ),
        })
    }

    async fn catalog_rows(&self, clinic: ClinicId) -> Result<CatalogRows, StoreError> {
        let rows = with_pool!(self, pool => {
            let branches: Vec<BranchRow> = sqlx::query_as(&format!(
                "SELECT {BRANCH_COLUMNS} FROM branches WHERE clinic_id = $1 ORDER BY position, name_en"
            ))
            .bind(clinic)
            .fetch_all(pool)
            .await?;
            let categories: Vec<CategoryRow> = sqlx::query_as(
                "SELECT id, clinic_id, name_en, name_ar, position FROM service_categories \
                 WHERE clinic_id = $1 ORDER BY position, name_en",
            )
            .bind(clinic)
            .fetch_all(pool)
            .await?;
            let services: Vec<ServiceRow> = sqlx::query_as(&format!(
                "SELECT {SERVICE_COLUMNS} FROM services WHERE clinic_id = $1 AND active \
                 ORDER BY position, name_en"
            ))
            .bind(clinic)
            .fetch_all(pool)
            .await?;
            let providers: Vec<ProviderRow> = sqlx::query_as(
                "SELECT id, clinic_id, name_en, name_ar, title_en, title_ar FROM providers \
                 WHERE clinic_id = $1 AND active ORDER BY position, name_en",
            )
            .bind(clinic)
            .fetch_all(pool)
            .await?;
            let provider_branches: Vec<ProviderLinkRow> = sqlx::query_as(
                "SELECT pb.provider_id, pb.branch_id AS other_id FROM provider_branches pb \
                 JOIN providers p ON p.id = pb.provider_id WHERE p.clinic_id = $1",
            )
            .bind(clinic)
            .fetch_all(pool)
            .await?;
            let provider_services: Vec<ProviderLinkRow> = sqlx::query_as(
                "SELECT ps.provider_id, ps.service_id AS other_id FROM provider_services ps \
                 JOIN providers p ON p.id = ps.provider_id WHERE p.clinic_id = $1",
            )
            .bind(clinic)
            .fetch_all(pool)
            .await?;
            Ok::<_, sqlx::Error>(CatalogRows {
                branches,
                categories,
                services,
                providers,
                provider_branches,
                provider_services,
            })
        })?;
        Ok(rows)
    }

    /// The weekly hours of every provider of a clinic.
    #[instrument(skip_all)]
    pub async fn working_hours(&self, clinic: ClinicId) -> Result<Vec<WorkingHours>, StoreError> {
        let rows: Vec<HoursRow> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT w.provider_id, w.branch_id, w.weekday, w.start_minute, w.end_minute \
                 FROM working_hours w JOIN providers p ON p.id = w.provider_id \
                 WHERE p.clinic_id = $1 ORDER BY w.provider_id, w.weekday, w.start_minute",
            )
            .bind(clinic)
            .fetch_all(pool)
            .await
        })?;
        rows.into_iter().map(WorkingHours::try_from).collect()
    }

    /// Exceptions of a clinic that touch the days `from..=to`.
    #[instrument(skip_all)]
    pub async fn schedule_exceptions(
        &self,
        clinic: ClinicId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<ScheduleException>, StoreError> {
        let rows: Vec<ExceptionRow> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, clinic_id, provider_id, branch_id, kind, first_day, last_day, \
                 start_minute, end_minute, reason_en, reason_ar FROM schedule_exceptions \
                 WHERE clinic_id = $1 AND last_day >= $2 AND first_day <= $3 \
                 ORDER BY first_day",
            )
            .bind(clinic)
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await
        })?;
        rows.into_iter().map(ScheduleException::try_from).collect()
    }

    pub async fn clinic_count(&self) -> Result<i64, StoreError> {
        let count: i64 = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM clinics").fetch_one(pool).await
        })?;
        Ok(count)
    }
}
