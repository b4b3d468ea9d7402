//! A clinic that registers itself: the clinic, its first branch and its owner written
//! together; what its setup checklist needs to know; publishing and approval.

use crate::{
    domain::{
        catalog::Slug,
        clinic_setup::{NewClinic, SetupFacts},
        ids::{BranchId, ClinicId, UserId},
        roles::Role,
        text::Localized,
    },
    ssr::store::{
        Store, StoreError, bump_catalog_generation, is_unique_violation, with_pool, with_tx,
    },
};
use chrono::{DateTime, Utc};

/// A clinic waiting for an operator, as the operator's page lists it.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct PendingClinicRow {
    pub id: ClinicId,
    pub slug: String,
    pub name_en: String,
    pub name_ar: String,
    pub created_at: DateTime<Utc>,
    pub published: bool,
}

impl PendingClinicRow {
    pub fn name(&self) -> Localized {
        Localized::new(self.name_en.clone(), self.name_ar.clone())
    }
}

#[derive(sqlx::FromRow)]
struct FactsRow {
    branches: i64,
    services: i64,
    providers: i64,
    shifts: i64,
    published: bool,
    approved: bool,
}

impl Store {
    /// Writes the clinic, its first branch and `owner`'s membership in one transaction:
    /// a clinic never exists without an owner who can finish setting it up. The clinic
    /// starts unpublished; `approved` is false where an operator must approve it first.
    /// A taken address is `Conflict`, and nothing is written.
    pub async fn create_clinic(
        &self,
        new: &NewClinic,
        owner: UserId,
        approved: bool,
        now: DateTime<Utc>,
    ) -> Result<ClinicId, StoreError> {
        let id = ClinicId::new_v7();
        let branch = BranchId::new_v7();
        let result = with_tx!(self, tx => {
            sqlx::query(
                "INSERT INTO clinics (id, slug, name_en, name_ar, default_lang, time_zone, \
                 created_at, currency, languages, published_at, approved_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, $10)",
            )
            .bind(id)
            .bind(new.slug.as_str())
            .bind(&new.name.en)
            .bind(&new.name.ar)
            .bind(new.languages.default_lang().code())
            .bind(new.branch.time_zone.name())
            .bind(now)
            .bind(new.currency.code())
            .bind(new.languages.as_str())
            .bind(approved.then_some(now))
            .execute(&mut *tx)
            .await?;
            let b = &new.branch;
            sqlx::query(
                "INSERT INTO branches (id, clinic_id, name_en, name_ar, city_en, city_ar, \
                 address_en, address_ar, time_zone, phone, position) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0)",
            )
            .bind(branch)
            .bind(id)
            .bind(&b.name.en)
            .bind(&b.name.ar)
            .bind(&b.city.en)
            .bind(&b.city.ar)
            .bind(&b.address.en)
            .bind(&b.address.ar)
            .bind(b.time_zone.name())
            .bind(b.phone.as_str())
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO clinic_members (clinic_id, user_id, role, provider_id, created_at) \
                 VALUES ($1, $2, $3, NULL, $4)",
            )
            .bind(id)
            .bind(owner)
            .bind(Role::Owner.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            Ok(bump_catalog_generation!(tx))
        });
        match result {
            Ok(generation) => {
                self.saw_catalog_generation(generation);
                Ok(id)
            }
            Err(StoreError::Database(ref e)) if is_unique_violation(e) => {
                Err(StoreError::Conflict("clinic address"))
            }
            Err(e) => Err(e),
        }
    }

    /// Whether a clinic already uses this address, listed or not.
    pub async fn slug_taken(&self, slug: &Slug) -> Result<bool, StoreError> {
        let n: i64 = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM clinics WHERE slug = $1")
                .bind(slug.as_str())
                .fetch_one(pool)
                .await
        })?;
        Ok(n > 0)
    }

    /// What the setup checklist needs, in one statement. A provider counts once they
    /// give an active service at one of the clinic's branches; "bookable" needs such a
    /// provider with at least one weekly shift there.
    pub async fn setup_facts(&self, clinic: ClinicId) -> Result<SetupFacts, StoreError> {
        let row: Option<FactsRow> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT \
                 (SELECT COUNT(*) FROM branches WHERE clinic_id = c.id) AS branches, \
                 (SELECT COUNT(*) FROM services WHERE clinic_id = c.id AND active) AS services, \
                 (SELECT COUNT(DISTINCT p.id) FROM providers p \
                    JOIN provider_services ps ON ps.provider_id = p.id \
                    JOIN services s ON s.id = ps.service_id AND s.active \
                    JOIN provider_branches pb ON pb.provider_id = p.id \
                  WHERE p.clinic_id = c.id AND p.active) AS providers, \
                 (SELECT COUNT(*) FROM working_hours w \
                    JOIN providers p ON p.id = w.provider_id AND p.active \
                  WHERE p.clinic_id = c.id AND EXISTS (SELECT 1 FROM provider_services ps \
                    JOIN services s ON s.id = ps.service_id AND s.active \
                    WHERE ps.provider_id = p.id)) AS shifts, \
                 (c.published_at IS NOT NULL) AS published, \
                 (c.approved_at IS NOT NULL) AS approved \
                 FROM clinics c WHERE c.id = $1",
            )
            .bind(clinic)
            .fetch_optional(pool)
            .await
        })?;
        let row = crate::ssr::store::found(row)?;
        Ok(SetupFacts {
            branches: row.branches,
            services: row.services,
            providers: row.providers,
            bookable: row.shifts > 0,
            published: row.published,
            approved: row.approved,
        })
    }

    /// Publishes the clinic (kept as first published when it already was).
    pub async fn publish_clinic(
        &self,
        clinic: ClinicId,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.set_clinic_time(
            "UPDATE clinics SET published_at = COALESCE(published_at, $1) WHERE id = $2",
            clinic,
            now,
        )
        .await
    }

    /// Takes the clinic off the patients' lists; booked visits stay as they are.
    pub async fn unpublish_clinic(&self, clinic: ClinicId) -> Result<(), StoreError> {
        let generation = with_tx!(self, tx => {
            sqlx::query("UPDATE clinics SET published_at = NULL WHERE id = $1")
                .bind(clinic)
                .execute(&mut *tx)
                .await?;
            Ok(bump_catalog_generation!(tx))
        })?;
        self.saw_catalog_generation(generation);
        Ok(())
    }

    pub async fn approve_clinic(
        &self,
        clinic: ClinicId,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.set_clinic_time(
            "UPDATE clinics SET approved_at = COALESCE(approved_at, $1) WHERE id = $2",
            clinic,
            now,
        )
        .await
    }

    /// One of the statements above; a clinic that does not exist is `NotFound`.
    async fn set_clinic_time(
        &self,
        sql: &'static str,
        clinic: ClinicId,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let generation = with_tx!(self, tx => {
            let done = sqlx::query(sql)
                .bind(now)
                .bind(clinic)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if done == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(bump_catalog_generation!(tx))
        })?;
        self.saw_catalog_generation(generation);
        Ok(())
    }

    /// Clinics no operator has approved yet, oldest first.
    pub async fn pending_clinics(&self) -> Result<Vec<PendingClinicRow>, StoreError> {
        let rows = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, slug, name_en, name_ar, created_at, \
                 (published_at IS NOT NULL) AS published \
                 FROM clinics WHERE approved_at IS NULL ORDER BY created_at, slug",
            )
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }
}
