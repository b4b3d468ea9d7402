//! The catalogue's rows as the database holds them, and their conversion into domain
//! types: a row that does not convert is a [`StoreError::Corrupt`], never a default.

use crate::{
    domain::{
        catalog::{
            Branch, Category, Clinic, ExceptionKind, MinuteOfDay, Provider, ScheduleException,
            Service, Slug, WorkingHours, weekday_from_number,
        },
        ids::{BranchId, CategoryId, ClinicId, ExceptionId, ProviderId, ServiceId},
        lang::Lang,
        money::{Currency, Money},
        text::Localized,
        timezone::TimeZone,
    },
    ssr::store::StoreError,
};
use chrono::NaiveDate;
use std::collections::HashMap;

#[derive(sqlx::FromRow)]
pub(super) struct ClinicRow {
    pub(super) id: ClinicId,
    pub(super) slug: String,
    pub(super) name_en: String,
    pub(super) name_ar: String,
    pub(super) description_en: String,
    pub(super) description_ar: String,
    pub(super) default_lang: String,
    pub(super) time_zone: String,
    pub(super) listed: bool,
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
                StoreError::corrupt(format!("clinic language {}", r.default_lang))
            })?,
            time_zone: TimeZone::parse(&r.time_zone).map_err(corrupt)?,
            listed: r.listed,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct BranchRow {
    pub(super) id: BranchId,
    pub(super) clinic_id: ClinicId,
    pub(super) name_en: String,
    pub(super) name_ar: String,
    pub(super) city_en: String,
    pub(super) city_ar: String,
    pub(super) address_en: String,
    pub(super) address_ar: String,
    pub(super) time_zone: String,
    pub(super) phone: String,
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
pub(super) struct CategoryRow {
    pub(super) id: CategoryId,
    pub(super) clinic_id: ClinicId,
    pub(super) name_en: String,
    pub(super) name_ar: String,
    pub(super) position: i32,
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
pub(super) struct ServiceRow {
    pub(super) id: ServiceId,
    pub(super) clinic_id: ClinicId,
    pub(super) category_id: CategoryId,
    pub(super) name_en: String,
    pub(super) name_ar: String,
    pub(super) description_en: String,
    pub(super) description_ar: String,
    pub(super) duration_min: i32,
    pub(super) buffer_before_min: i32,
    pub(super) buffer_after_min: i32,
    pub(super) price_minor: Option<i64>,
    pub(super) currency: Option<String>,
    pub(super) position: i32,
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
pub(super) struct ProviderRow {
    pub(super) id: ProviderId,
    pub(super) clinic_id: ClinicId,
    pub(super) name_en: String,
    pub(super) name_ar: String,
    pub(super) title_en: String,
    pub(super) title_ar: String,
}

#[derive(sqlx::FromRow)]
pub(super) struct ProviderLinkRow {
    pub(super) provider_id: ProviderId,
    pub(super) other_id: uuid::Uuid,
}

#[derive(sqlx::FromRow)]
pub(super) struct HoursRow {
    pub(super) provider_id: ProviderId,
    pub(super) branch_id: BranchId,
    pub(super) weekday: i16,
    pub(super) start_minute: i32,
    pub(super) end_minute: i32,
}

impl TryFrom<HoursRow> for WorkingHours {
    type Error = StoreError;
    fn try_from(r: HoursRow) -> Result<Self, StoreError> {
        let weekday = weekday_from_number(r.weekday)
            .ok_or_else(|| StoreError::corrupt(format!("weekday {}", r.weekday)))?;
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
pub(super) struct ExceptionRow {
    pub(super) id: ExceptionId,
    pub(super) clinic_id: ClinicId,
    pub(super) provider_id: Option<ProviderId>,
    pub(super) branch_id: Option<BranchId>,
    pub(super) kind: String,
    pub(super) first_day: NaiveDate,
    pub(super) last_day: NaiveDate,
    pub(super) start_minute: Option<i32>,
    pub(super) end_minute: Option<i32>,
    pub(super) reason_en: String,
    pub(super) reason_ar: String,
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
                .ok_or_else(|| StoreError::corrupt(format!("exception kind {}", r.kind)))?,
            first_day: r.first_day,
            last_day: r.last_day,
            start: minute(r.start_minute)?,
            end: minute(r.end_minute)?,
            reason: Localized::new(r.reason_en, r.reason_ar),
        })
    }
}

pub(super) fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::corrupt(e.to_string())
}

pub(super) const CLINIC_COLUMNS: &str = "id, slug, name_en, name_ar, description_en, description_ar, default_lang, time_zone, \
     (published_at IS NOT NULL AND approved_at IS NOT NULL) AS listed";
pub(super) const BRANCH_COLUMNS: &str = "id, clinic_id, name_en, name_ar, city_en, city_ar, address_en, \
     address_ar, time_zone, phone";
pub(super) const SERVICE_COLUMNS: &str = "id, clinic_id, category_id, name_en, name_ar, description_en, \
     description_ar, duration_min, buffer_before_min, buffer_after_min, price_minor, currency, position";

/// Providers with the branches they work at and the services they offer, from their
/// rows and link rows; ids sorted so a catalogue reads back the same every time.
pub(super) fn providers_with_links(
    providers: Vec<ProviderRow>,
    branches: Vec<ProviderLinkRow>,
    services: Vec<ProviderLinkRow>,
) -> Vec<Provider> {
    let mut branch_links: HashMap<ProviderId, Vec<BranchId>> = HashMap::new();
    for link in branches {
        branch_links
            .entry(link.provider_id)
            .or_default()
            .push(BranchId(link.other_id));
    }
    let mut service_links: HashMap<ProviderId, Vec<ServiceId>> = HashMap::new();
    for link in services {
        service_links
            .entry(link.provider_id)
            .or_default()
            .push(ServiceId(link.other_id));
    }
    providers
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
        .collect()
}
