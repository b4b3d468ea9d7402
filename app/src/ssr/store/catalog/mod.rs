//! Clinics, branches, categories, services, providers and schedules: [`reads`] of the
//! catalogue, a clinic's [`settings`], the [`seed`] insert of a whole clinic, the [`setup`] of a
//! clinic that registers itself, and the
//! [`snapshot`] of one clinic kept between requests.

mod reads;
mod rows;
mod seed;
mod settings;
mod setup;
mod snapshot;

pub use seed::CatalogSeed;
pub use setup::PendingClinicRow;
pub use snapshot::ClinicSnapshot;
pub(crate) use snapshot::SnapshotCache;

use crate::domain::catalog::{Branch, Category, Clinic, Provider, Service};

/// Everything a clinic's public page shows, loaded together.
#[derive(Clone, Debug)]
pub struct ClinicCatalog {
    pub branches: Vec<Branch>,
    pub categories: Vec<Category>,
    pub services: Vec<Service>,
    pub providers: Vec<Provider>,
}

/// A clinic with the cities it has branches in, for the home page.
#[derive(Clone, Debug)]
pub struct ClinicSummaryRow {
    pub clinic: Clinic,
    pub branches: Vec<Branch>,
}
