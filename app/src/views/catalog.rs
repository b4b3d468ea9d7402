//! The public catalogue as the home and clinic pages show it.

use crate::domain::{
    catalog::{Branch, Category, Clinic, Provider, Service, Slug},
    text::Localized,
};
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
