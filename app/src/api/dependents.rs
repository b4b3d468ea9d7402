//! Dependents: children and others a guardian books for.

use crate::{domain::ids::DependentId, error::AppError, views::profile::DependentView};
use leptos::{prelude::*, server_fn::codec::GetUrl};

#[cfg(feature = "ssr")]
use crate::ssr::{
    context::respond,
    services::{Ctx, dependents},
};

#[cfg(feature = "ssr")]
fn parse_id(raw: &str) -> Result<DependentId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

#[server(prefix = "/api", endpoint = "list_dependents", input = GetUrl)]
pub async fn list_dependents() -> Result<Vec<DependentView>, AppError> {
    respond(async { dependents::list(&Ctx::from_leptos()?).await }.await)
}

/// Adds a dependent, or (with `id`) changes one of the caller's own.
#[server(prefix = "/api", endpoint = "save_dependent")]
pub async fn save_dependent(
    id: Option<String>,
    full_name: String,
    date_of_birth: String,
    gender: Option<String>,
) -> Result<DependentId, AppError> {
    respond(
        async {
            let ctx = Ctx::from_leptos()?;
            let id = match id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                Some(raw) => Some(parse_id(raw)?),
                None => None,
            };
            dependents::save(
                &ctx,
                id,
                &full_name,
                &date_of_birth,
                gender.as_deref().unwrap_or_default(),
            )
            .await
        }
        .await,
    )
}

/// Removes one of the caller's dependents. With upcoming visits, the first call answers
/// 409 `dependent_has_visits` and changes nothing; sent again with `confirm` (any value
/// but empty), it cancels those visits and removes the dependent.
#[server(prefix = "/api", endpoint = "remove_dependent")]
pub async fn remove_dependent(id: String, confirm: Option<String>) -> Result<(), AppError> {
    let confirm = confirm.is_some_and(|c| !c.trim().is_empty());
    respond(async { dependents::remove(&Ctx::from_leptos()?, parse_id(&id)?, confirm).await }.await)
}
