//! Clinics, branches, categories, services, providers and schedules.

use super::{Store, StoreError, found, with_pool, with_tx};
use crate::domain::{
    catalog::{
        Branch, Category, Clinic, ExceptionKind, MinuteOfDay, Provider, ScheduleException, Service,
        Slug, WorkingHours, weekday_from_number, weekday_number,
    },
    ids::{BranchId, CategoryId, ClinicId, ExceptionId, ProviderId, ServiceId},
    lang::Lang,
    messaging::ChannelSet,
    money::{Currency, Money},
    people::{FieldRequirement, ProfileFieldRules},
    text::Localized,
    timezone::TimeZone,
};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;
use tracing::instrument;

/// Everything a clinic's public page shows, loaded together.
#[derive(Clone, Debug)]
pub struct ClinicCatalog {
    pub branches: Vec<Branch>,
    pub categories: Vec<Category>,
    pub services: Vec<Service>,
    pub providers: Vec<Provider>,
}

/// A whole clinic to insert at once (demo data, tests, onboarding).
#[derive(Clone, Debug)]
pub struct CatalogSeed {
    pub clinic: Clinic,
    pub created_at: DateTime<Utc>,
    pub branches: Vec<Branch>,
    pub categories: Vec<Category>,
    pub services: Vec<Service>,
    pub providers: Vec<Provider>,
    pub hours: Vec<WorkingHours>,
    pub exceptions: Vec<ScheduleException>,
}

/// A clinic with the cities it has branches in, for the home page.
#[derive(Clone, Debug)]
pub struct ClinicSummaryRow {
    pub clinic: Clinic,
    pub branches: Vec<Branch>,
}

#[derive(sqlx::FromRow)]
struct ClinicRow {
    id: ClinicId,
    slug: String,
    name_en: String,
    name_ar: String,
    description_en: String,
    description_ar: String,
    default_lang: String,
    time_zone: String,
}

impl TryFrom<ClinicRow> for Clinic {
    type Error = StoreError;
    fn try_from(r: ClinicRow) -> Result<Self, StoreError> {
        Ok(Clinic {
            id: r.id,
            slug: Slug::parse(&r.slug).map_err(corrupt)?,
            name: Localized::new(r.name_en, r.name_ar),
            description: Localized::new(r.description_en, r.description_ar),
            default_lang: Lang::parse(&r.default_lang).ok_or_else(|| {
                StoreError::Corrupt(format!("clinic language {}", r.default_lang))
            })?,
            time_zone: TimeZone::parse(&r.time_zone).map_err(corrupt)?,
        })
    }
}

#[derive(sqlx::FromRow)]
struct BranchRow {
    id: BranchId,
    clinic_id: ClinicId,
    name_en: String,
    name_ar: String,
    city_en: String,
    city_ar: String,
    address_en: String,
    address_ar: String,
    time_zone: String,
    phone: String,
}

impl TryFrom<BranchRow> for Branch {
    type Error = StoreError;
    fn try_from(r: BranchRow) -> Result<Self, StoreError> {
        Ok(Branch {
            id: r.id,
            clinic_id: r.clinic_id,
            name: Localized::new(r.name_en, r.name_ar),
            city: Localized::new(r.city_en, r.city_ar),
            address: Localized::new(r.address_en, r.address_ar),
            time_zone: TimeZone::parse(&r.time_zone).map_err(corrupt)?,
            phone: r.phone,
        })
    }
}

#[derive(sqlx::FromRow)]
struct CategoryRow {
    id: CategoryId,
    clinic_id: ClinicId,
    name_en: String,
    name_ar: String,
    position: i32,
}

impl From<CategoryRow> for Category {
    fn from(r: CategoryRow) -> Self {
        Category {
            id: r.id,
            clinic_id: r.clinic_id,
            name: Localized::new(r.name_en, r.name_ar),
            position: r.position,
        }
    }
}

#[derive(sqlx::FromRow)]
struct ServiceRow {
    id: ServiceId,
    clinic_id: ClinicId,
    category_id: CategoryId,
    name_en: String,
    name_ar: String,
    description_en: String,
    description_ar: String,
    duration_min: i32,
    buffer_before_min: i32,
    buffer_after_min: i32,
    price_minor: Option<i64>,
    currency: Option<String>,
    position: i32,
}

impl TryFrom<ServiceRow> for Service {
    type Error = StoreError;
    fn try_from(r: ServiceRow) -> Result<Self, StoreError> {
        let price = match (r.price_minor, r.currency) {
            (Some(minor), Some(code)) => Some(Money {
                minor,
                currency: Currency::parse(&code).map_err(corrupt)?,
            }),
            _ => None,
        };
        Ok(Service {
            id: r.id,
            clinic_id: r.clinic_id,
            category_id: r.category_id,
            name: Localized::new(r.name_en, r.name_ar),
            description: Localized::new(r.description_en, r.description_ar),
            duration_min: r.duration_min,
            buffer_before_min: r.buffer_before_min,
            buffer_after_min: r.buffer_after_min,
            price,
            position: r.position,
        })
    }
}

#[derive(sqlx::FromRow)]
struct ProviderRow {
    id: ProviderId,
    clinic_id: ClinicId,
    name_en: String,
    name_ar: String,
    title_en: String,
    title_ar: String,
}

#[derive(sqlx::FromRow)]
struct ProviderLinkRow {
    provider_id: ProviderId,
    other_id: uuid::Uuid,
}

#[derive(sqlx::FromRow)]
struct HoursRow {
    provider_id: ProviderId,
    branch_id: BranchId,
    weekday: i16,
    start_minute: i32,
    end_minute: i32,
}

impl TryFrom<HoursRow> for WorkingHours {
    type Error = StoreError;
    fn try_from(r: HoursRow) -> Result<Self, StoreError> {
        let weekday = weekday_from_number(r.weekday)
            .ok_or_else(|| StoreError::Corrupt(format!("weekday {}", r.weekday)))?;
        WorkingHours::new(
            r.provider_id,
            r.branch_id,
            weekday,
            MinuteOfDay::new(r.start_minute.into()).map_err(corrupt)?,
            MinuteOfDay::new(r.end_minute.into()).map_err(corrupt)?,
        )
        .map_err(corrupt)
    }
}

#[derive(sqlx::FromRow)]
struct ExceptionRow {
    id: ExceptionId,
    clinic_id: ClinicId,
    provider_id: Option<ProviderId>,
    branch_id: Option<BranchId>,
    kind: String,
    first_day: NaiveDate,
    last_day: NaiveDate,
    start_minute: Option<i32>,
    end_minute: Option<i32>,
    reason_en: String,
    reason_ar: String,
}

impl TryFrom<ExceptionRow> for ScheduleException {
    type Error = StoreError;
    fn try_from(r: ExceptionRow) -> Result<Self, StoreError> {
        let minute = |m: Option<i32>| {
            m.map(|m| MinuteOfDay::new(m.into()).map_err(corrupt))
                .transpose()
        };
        Ok(ScheduleException {
            id: r.id,
            clinic_id: r.clinic_id,
            provider_id: r.provider_id,
            branch_id: r.branch_id,
            kind: ExceptionKind::parse(&r.kind)
                .ok_or_else(|| StoreError::Corrupt(format!("exception kind {}", r.kind)))?,
            first_day: r.first_day,
            last_day: r.last_day,
            start: minute(r.start_minute)?,
            end: minute(r.end_minute)?,
            reason: Localized::new(r.reason_en, r.reason_ar),
        })
    }
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

const CLINIC_COLUMNS: &str =
    "id, slug, name_en, name_ar, description_en, description_ar, default_lang, time_zone";
const BRANCH_COLUMNS: &str = "id, clinic_id, name_en, name_ar, city_en, city_ar, address_en, \
     address_ar, time_zone, phone";
const SERVICE_COLUMNS: &str = "id, clinic_id, category_id, name_en, name_ar, description_en, \
     description_ar, duration_min, buffer_before_min, buffer_after_min, price_minor, currency, position";

impl Store {
    /// Every listed clinic with its branches, alphabetically by English name.
    #[instrument(skip_all)]
    pub async fn clinic_summaries(&self) -> Result<Vec<ClinicSummaryRow>, StoreError> {
        let clinics: Vec<ClinicRow> = with_pool!(self, pool => {
            sqlx::query_as(&format!("SELECT {CLINIC_COLUMNS} FROM clinics ORDER BY name_en"))
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
        let (branches, categories, services, providers, provider_branches, provider_services) = with_pool!(self, pool => {
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
            Ok::<_, sqlx::Error>((branches, categories, services, providers, provider_branches, provider_services))
        })?;

        let mut branch_links: HashMap<ProviderId, Vec<BranchId>> = HashMap::new();
        for link in provider_branches {
            branch_links
                .entry(link.provider_id)
                .or_default()
                .push(BranchId(link.other_id));
        }
        let mut service_links: HashMap<ProviderId, Vec<ServiceId>> = HashMap::new();
        for link in provider_services {
            service_links
                .entry(link.provider_id)
                .or_default()
                .push(ServiceId(link.other_id));
        }
        let providers = providers
            .into_iter()
            .map(|r| {
                let mut branch_ids = branch_links.remove(&r.id).unwrap_or_default();
                let mut service_ids = service_links.remove(&r.id).unwrap_or_default();
                branch_ids.sort();
                service_ids.sort();
                Provider {
                    id: r.id,
                    clinic_id: r.clinic_id,
                    name: Localized::new(r.name_en, r.name_ar),
                    title: Localized::new(r.title_en, r.title_ar),
                    branch_ids,
                    service_ids,
                }
            })
            .collect();

        Ok(ClinicCatalog {
            branches: branches
                .into_iter()
                .map(Branch::try_from)
                .collect::<Result<_, _>>()?,
            categories: categories.into_iter().map(Category::from).collect(),
            services: services
                .into_iter()
                .map(Service::try_from)
                .collect::<Result<_, _>>()?,
            providers,
        })
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

    /// What the clinic asks for when someone books with it.
    pub async fn clinic_field_rules(
        &self,
        clinic: ClinicId,
    ) -> Result<ProfileFieldRules, StoreError> {
        let row: Option<(String, String, String, i32)> = with_pool!(self, pool => {
            sqlx::query_as("SELECT gender_field, birth_date_field, picture_field, min_patient_age FROM clinics WHERE id = $1")
                .bind(clinic)
                .fetch_optional(pool)
                .await
        })?;
        let (gender, dob, picture, min_patient_age) = found(row)?;
        let parse = |s: &str| {
            FieldRequirement::parse(s).ok_or_else(|| StoreError::Corrupt(format!("field rule {s}")))
        };
        Ok(ProfileFieldRules {
            gender: parse(&gender)?,
            date_of_birth: parse(&dob)?,
            picture: parse(&picture)?,
            min_patient_age,
        })
    }

    pub async fn set_clinic_field_rules(
        &self,
        clinic: ClinicId,
        rules: &ProfileFieldRules,
    ) -> Result<(), StoreError> {
        with_pool!(self, pool => {
            sqlx::query(
                "UPDATE clinics SET gender_field = $1, birth_date_field = $2, picture_field = $3,                  min_patient_age = $4 WHERE id = $5",
            )
            .bind(rules.gender.as_str())
            .bind(rules.date_of_birth.as_str())
            .bind(rules.picture.as_str())
            .bind(rules.min_patient_age)
            .bind(clinic)
            .execute(pool)
            .await
            .map(|_| ())
        })?;
        Ok(())
    }

    /// The clinic's booking policy: notice, horizon, slot step and cancellation cutoff,
    /// in minutes (horizon in days).
    pub async fn clinic_policy(
        &self,
        clinic: ClinicId,
    ) -> Result<(i32, i32, i32, i32), StoreError> {
        let row: Option<(i32, i32, i32, i32)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT min_notice_min, horizon_days, slot_step_min, cancel_cutoff_min FROM clinics WHERE id = $1",
            )
            .bind(clinic)
            .fetch_optional(pool)
            .await
        })?;
        found(row)
    }

    /// How many upcoming appointments one patient may hold at the clinic.
    pub async fn max_upcoming_per_patient(&self, clinic: ClinicId) -> Result<i32, StoreError> {
        let row: Option<i32> = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT max_upcoming_per_patient FROM clinics WHERE id = $1")
                .bind(clinic)
                .fetch_optional(pool)
                .await
        })?;
        found(row)
    }

    /// The booking policy and reminder offsets together, in one statement; `max_upcoming`
    /// (per patient) changes only when given.
    pub async fn set_booking_policy(
        &self,
        clinic: ClinicId,
        policy: (i32, i32, i32, i32),
        offsets: &[i64],
        max_upcoming: Option<i32>,
    ) -> Result<(), StoreError> {
        let raw = offsets_text(offsets);
        with_pool!(self, pool => {
            sqlx::query(
                "UPDATE clinics SET min_notice_min = $1, horizon_days = $2, slot_step_min = $3, \
                 cancel_cutoff_min = $4, reminder_offsets_min = $5, \
                 max_upcoming_per_patient = COALESCE($7, max_upcoming_per_patient) WHERE id = $6",
            )
            .bind(policy.0)
            .bind(policy.1)
            .bind(policy.2)
            .bind(policy.3)
            .bind(raw)
            .bind(clinic)
            .bind(max_upcoming)
            .execute(pool)
            .await
            .map(|_| ())
        })?;
        Ok(())
    }

    /// Minutes before a visit at which reminders go out.
    pub async fn reminder_offsets(&self, clinic: ClinicId) -> Result<Vec<i64>, StoreError> {
        Ok(self
            .clinic_setting(clinic, "reminder_offsets_min")
            .await?
            .split(',')
            .filter_map(|m| m.trim().parse::<i64>().ok())
            .filter(|m| *m > 0)
            .collect())
    }

    pub async fn set_reminder_offsets(
        &self,
        clinic: ClinicId,
        offsets: &[i64],
    ) -> Result<(), StoreError> {
        self.set_clinic_setting(clinic, "reminder_offsets_min", offsets_text(offsets))
            .await
    }

    /// The channels the clinic lets its messages use.
    pub async fn clinic_channels(&self, clinic: ClinicId) -> Result<ChannelSet, StoreError> {
        Ok(ChannelSet::from_list(
            &self.clinic_setting(clinic, "channels").await?,
        ))
    }

    pub async fn set_clinic_channels(
        &self,
        clinic: ClinicId,
        channels: ChannelSet,
    ) -> Result<(), StoreError> {
        self.set_clinic_setting(clinic, "channels", channels.to_list())
            .await
    }

    /// One text setting of a clinic; `column` is always one of ours, never input.
    async fn clinic_setting(
        &self,
        clinic: ClinicId,
        column: &'static str,
    ) -> Result<String, StoreError> {
        let sql = format!("SELECT {column} FROM clinics WHERE id = $1");
        let raw: Option<String> = with_pool!(self, pool => {
            sqlx::query_scalar(&sql).bind(clinic).fetch_optional(pool).await
        })?;
        found(raw)
    }

    async fn set_clinic_setting(
        &self,
        clinic: ClinicId,
        column: &'static str,
        value: String,
    ) -> Result<(), StoreError> {
        let sql = format!("UPDATE clinics SET {column} = $1 WHERE id = $2");
        with_pool!(self, pool => {
            sqlx::query(&sql).bind(&value).bind(clinic).execute(pool).await.map(|_| ())
        })?;
        Ok(())
    }

    pub async fn clinic_count(&self) -> Result<i64, StoreError> {
        let count: i64 = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM clinics").fetch_one(pool).await
        })?;
        Ok(count)
    }

    /// Inserts a whole clinic in one transaction: all of it or none of it.
    #[instrument(skip_all, fields(clinic = %seed.clinic.slug))]
    pub async fn insert_catalog(&self, seed: &CatalogSeed) -> Result<(), StoreError> {
        with_tx!(self, tx => {
            let c = &seed.clinic;
            sqlx::query(
                "INSERT INTO clinics (id, slug, name_en, name_ar, description_en, description_ar, \
                 default_lang, time_zone, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(c.id)
            .bind(c.slug.as_str())
            .bind(&c.name.en)
            .bind(&c.name.ar)
            .bind(&c.description.en)
            .bind(&c.description.ar)
            .bind(c.default_lang.code())
            .bind(c.time_zone.name())
            .bind(seed.created_at)
            .execute(&mut *tx)
            .await?;
            for (position, b) in seed.branches.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO branches (id, clinic_id, name_en, name_ar, city_en, city_ar, \
                     address_en, address_ar, time_zone, phone, position) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                )
                .bind(b.id)
                .bind(c.id)
                .bind(&b.name.en)
                .bind(&b.name.ar)
                .bind(&b.city.en)
                .bind(&b.city.ar)
                .bind(&b.address.en)
                .bind(&b.address.ar)
                .bind(b.time_zone.name())
                .bind(&b.phone)
                .bind(position as i32)
                .execute(&mut *tx)
                .await?;
            }
            for cat in &seed.categories {
                sqlx::query(
                    "INSERT INTO service_categories (id, clinic_id, name_en, name_ar, position) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(cat.id)
                .bind(c.id)
                .bind(&cat.name.en)
                .bind(&cat.name.ar)
                .bind(cat.position)
                .execute(&mut *tx)
                .await?;
            }
            for s in &seed.services {
                sqlx::query(
                    "INSERT INTO services (id, clinic_id, category_id, name_en, name_ar, \
                     description_en, description_ar, duration_min, buffer_before_min, \
                     buffer_after_min, price_minor, currency, position) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                )
                .bind(s.id)
                .bind(c.id)
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
                .execute(&mut *tx)
                .await?;
            }
            for (position, p) in seed.providers.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO providers (id, clinic_id, name_en, name_ar, title_en, title_ar, position) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(p.id)
                .bind(c.id)
                .bind(&p.name.en)
                .bind(&p.name.ar)
                .bind(&p.title.en)
                .bind(&p.title.ar)
                .bind(position as i32)
                .execute(&mut *tx)
                .await?;
                for branch in &p.branch_ids {
                    sqlx::query("INSERT INTO provider_branches (provider_id, branch_id) VALUES ($1, $2)")
                        .bind(p.id)
                        .bind(*branch)
                        .execute(&mut *tx)
                        .await?;
                }
                for service in &p.service_ids {
                    sqlx::query("INSERT INTO provider_services (provider_id, service_id) VALUES ($1, $2)")
                        .bind(p.id)
                        .bind(*service)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            for h in &seed.hours {
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
                .execute(&mut *tx)
                .await?;
            }
            for e in &seed.exceptions {
                sqlx::query(
                    "INSERT INTO schedule_exceptions (id, clinic_id, provider_id, branch_id, kind, \
                     first_day, last_day, start_minute, end_minute, reason_en, reason_ar) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                )
                .bind(e.id)
                .bind(c.id)
                .bind(e.provider_id)
                .bind(e.branch_id)
                .bind(e.kind.as_str())
                .bind(e.first_day)
                .bind(e.last_day)
                .bind(e.start.map(|m| i32::from(m.minutes())))
                .bind(e.end.map(|m| i32::from(m.minutes())))
                .bind(&e.reason.en)
                .bind(&e.reason.ar)
                .execute(&mut *tx)
                .await?;
            }
            Ok(())
        })
    }
}

/// Reminder offsets as the `clinics.reminder_offsets_min` column stores them: `1440,120`.
fn offsets_text(offsets: &[i64]) -> String {
    offsets
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",")
}
