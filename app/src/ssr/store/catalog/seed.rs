//! Inserting a whole clinic at once (demo data, tests, onboarding).
//!
//! Each table's rows are written by a macro so the one transaction body expands for
//! both backends.

use super::ClinicCatalog;
use crate::{
    domain::catalog::{Clinic, ScheduleException, WorkingHours, weekday_number},
    ssr::store::{Store, StoreError, bump_catalog_generation, with_tx},
};
use chrono::{DateTime, Utc};
use std::ops::{Deref, DerefMut};
use tracing::instrument;

/// A whole clinic to insert at once: the clinic, its catalogue and its schedules.
///
/// The catalogue is the same [`ClinicCatalog`] the store reads back, so the two cannot
/// drift apart; `seed.providers` reaches it directly.
#[derive(Clone, Debug)]
pub struct CatalogSeed {
    pub clinic: Clinic,
    pub created_at: DateTime<Utc>,
    pub catalog: ClinicCatalog,
    pub hours: Vec<WorkingHours>,
    pub exceptions: Vec<ScheduleException>,
}

impl Deref for CatalogSeed {
    type Target = ClinicCatalog;
    fn deref(&self) -> &ClinicCatalog {
        &self.catalog
    }
}

impl DerefMut for CatalogSeed {
    fn deref_mut(&mut self) -> &mut ClinicCatalog {
        &mut self.catalog
    }
}

macro_rules! insert_clinic {
    ($tx:expr, $seed:expr) => {{
        let c = &$seed.clinic;
        sqlx::query(
            "INSERT INTO clinics (id, slug, name_en, name_ar, description_en, description_ar, \
             default_lang, time_zone, created_at, published_at, approved_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
        )
        .bind(c.id)
        .bind(c.slug.as_str())
        .bind(&c.name.en)
        .bind(&c.name.ar)
        .bind(&c.description.en)
        .bind(&c.description.ar)
        .bind(c.default_lang.code())
        .bind(c.time_zone.name())
        .bind($seed.created_at)
        .bind(c.listed.then_some($seed.created_at))
        .execute(&mut *$tx)
        .await?;
    }};
}

macro_rules! insert_branches {
    ($tx:expr, $seed:expr) => {
        for (position, b) in $seed.catalog.branches.iter().enumerate() {
            sqlx::query(
                "INSERT INTO branches (id, clinic_id, name_en, name_ar, city_en, city_ar, \
                 address_en, address_ar, time_zone, phone, position) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(b.id)
            .bind($seed.clinic.id)
            .bind(&b.name.en)
            .bind(&b.name.ar)
            .bind(&b.city.en)
            .bind(&b.city.ar)
            .bind(&b.address.en)
            .bind(&b.address.ar)
            .bind(b.time_zone.name())
            .bind(&b.phone)
            .bind(position as i32)
            .execute(&mut *$tx)
            .await?;
        }
    };
}

macro_rules! insert_services {
    ($tx:expr, $seed:expr) => {
        for cat in &$seed.catalog.categories {
            sqlx::query(
                "INSERT INTO service_categories (id, clinic_id, name_en, name_ar, position) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(cat.id)
            .bind($seed.clinic.id)
            .bind(&cat.name.en)
            .bind(&cat.name.ar)
            .bind(cat.position)
            .execute(&mut *$tx)
            .await?;
        }
        for s in &$seed.catalog.services {
            sqlx::query(
                "INSERT INTO services (id, clinic_id, category_id, name_en, name_ar, \
                 description_en, description_ar, duration_min, buffer_before_min, \
                 buffer_after_min, price_minor, currency, position) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            )
            .bind(s.id)
            .bind($seed.clinic.id)
            .bind(s.category_id)
            .bind(&s.name.en)
            .bind(&s.name.ar)
            .bind(&s.description.en)
            .bind(&s.description.ar)
            .bind(s.duration_min)
            .bind(s.buffer_before_min)
            .bind(s.buffer_after_min)
            .bind(s.price.as_ref().map(|p| p.minor))
            .bind(s.price.as_ref().map(|p| p.currency.code().to_owned()))
            .bind(s.position)
            .execute(&mut *$tx)
            .await?;
        }
    };
}

macro_rules! insert_providers {
    ($tx:expr, $seed:expr) => {
        for (position, p) in $seed.catalog.providers.iter().enumerate() {
            sqlx::query(
                "INSERT INTO providers (id, clinic_id, name_en, name_ar, title_en, title_ar, position) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(p.id)
            .bind($seed.clinic.id)
            .bind(&p.name.en)
            .bind(&p.name.ar)
            .bind(&p.title.en)
            .bind(&p.title.ar)
            .bind(position as i32)
            .execute(&mut *$tx)
            .await?;
            for branch in &p.branch_ids {
                sqlx::query("INSERT INTO provider_branches (provider_id, branch_id) VALUES ($1, $2)")
                    .bind(p.id)
                    .bind(*branch)
                    .execute(&mut *$tx)
                    .await?;
            }
            for service in &p.service_ids {
                sqlx::query("INSERT INTO provider_services (provider_id, service_id) VALUES ($1, $2)")
                    .bind(p.id)
                    .bind(*service)
                    .execute(&mut *$tx)
                    .await?;
            }
        }
    };
}

macro_rules! insert_schedules {
    ($tx:expr, $seed:expr) => {
        for h in &$seed.hours {
            sqlx::query(
                "INSERT INTO working_hours (id, provider_id, branch_id, weekday, start_minute, end_minute) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(uuid::Uuid::now_v7())
            .bind(h.provider_id)
            .bind(h.branch_id)
            .bind(weekday_number(h.weekday))
            .bind(i32::from(h.start.minutes()))
            .bind(i32::from(h.end.minutes()))
            .execute(&mut *$tx)
            .await?;
        }
        for e in &$seed.exceptions {
            sqlx::query(
                "INSERT INTO schedule_exceptions (id, clinic_id, provider_id, branch_id, kind, \
                 first_day, last_day, start_minute, end_minute, reason_en, reason_ar) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(e.id)
            .bind($seed.clinic.id)
            .bind(e.provider_id)
            .bind(e.branch_id)
            .bind(e.kind.as_str())
            .bind(e.first_day)
            .bind(e.last_day)
            .bind(e.start.map(|m| i32::from(m.minutes())))
            .bind(e.end.map(|m| i32::from(m.minutes())))
            .bind(&e.reason.en)
            .bind(&e.reason.ar)
            .execute(&mut *$tx)
            .await?;
        }
    };
}

impl Store {
    /// Inserts a whole clinic in one transaction: all of it or none of it.
    #[instrument(skip_all, fields(clinic = %seed.clinic.slug))]
    pub async fn insert_catalog(&self, seed: &CatalogSeed) -> Result<(), StoreError> {
        let generation = with_tx!(self, tx => {
            insert_clinic!(tx, seed);
            insert_branches!(tx, seed);
            insert_services!(tx, seed);
            insert_providers!(tx, seed);
            insert_schedules!(tx, seed);
            Ok(bump_catalog_generation!(tx))
        })?;
        self.saw_catalog_generation(generation);
        Ok(())
    }
}
