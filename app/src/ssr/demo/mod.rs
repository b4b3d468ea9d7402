//! The demo clinic a new installation starts with, so the product can be tried at once.
//!
//! Two branches in two countries: Riyadh (no daylight saving, Friday–Saturday weekend,
//! split shifts) and Cairo (daylight saving since 2023, Friday off). Three categories,
//! eight services and five providers, one of whom works in both cities.

mod catalog;
mod ids;
mod schedule;

pub use catalog::demo_catalog;

use super::store::{CatalogSeed, NewUser, Store, StoreError};
use crate::domain::{
    catalog::MinuteOfDay,
    contact::Email,
    identity::VerifiedIdentity,
    lang::Lang,
    money::{Currency, Money},
    privacy::PRIVACY_NOTICE_VERSION,
    roles::Role,
    text::Localized,
    timezone::TimeZone,
};
use chrono::{DateTime, Utc};

/// The demo clinic's address on the site: `/c/nakheel`.
pub const DEMO_SLUG: &str = "nakheel";

/// Seeds the demo clinic and its staff accounts when the database holds no clinic at
/// all. Returns whether it did.
pub async fn seed_if_empty(store: &Store, now: DateTime<Utc>) -> Result<bool, StoreError> {
    if store.clinic_count().await? > 0 {
        return Ok(false);
    }
    let catalog = demo_catalog(now)?;
    store.insert_catalog(&catalog).await?;
    seed_staff(store, &catalog, now).await?;
    Ok(true)
}

/// The demo clinic's staff. They sign in with a code sent to their email address,
/// which the development messages page shows.
pub const DEMO_STAFF: &[(&str, &str, Role, Option<usize>)] = &[
    ("owner@nakheel.example", "Huda Al-Harbi", Role::Owner, None),
    (
        "reception@nakheel.example",
        "Noura Al-Saud",
        Role::Receptionist,
        None,
    ),
    (
        "sara@nakheel.example",
        "Dr. Sara Al-Qahtani",
        Role::Provider,
        Some(0),
    ),
    (
        "khalid@nakheel.example",
        "Dr. Khalid Al-Otaibi",
        Role::Provider,
        Some(1),
    ),
    (
        "omar@nakheel.example",
        "Dr. Omar Farouk",
        Role::Provider,
        Some(3),
    ),
];

async fn seed_staff(
    store: &Store,
    catalog: &CatalogSeed,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    for (email, name, role, provider) in DEMO_STAFF {
        let email = Email::parse(email).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let user = store
            .create_user(
                &NewUser {
                    full_name: (*name).to_owned(),
                    lang: Lang::Ar,
                    privacy_version: PRIVACY_NOTICE_VERSION.to_owned(),
                },
                &VerifiedIdentity::email(email),
                now,
            )
            .await?;
        let provider_id = provider
            .and_then(|i| catalog.providers.get(i))
            .map(|p| p.id);
        store
            .add_member(catalog.clinic.id, user, *role, provider_id, now)
            .await?;
    }
    Ok(())
}

fn t(en: &str, ar: &str) -> Localized {
    Localized::new(en, ar)
}

fn hm(h: u16, m: u16) -> Result<MinuteOfDay, StoreError> {
    MinuteOfDay::hm(h, m).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn zone(name: &str) -> Result<TimeZone, StoreError> {
    TimeZone::parse(name).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn price(minor: i64, code: &str) -> Result<Option<Money>, StoreError> {
    let currency = Currency::parse(code).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(Some(Money { minor, currency }))
}
