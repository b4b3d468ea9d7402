//! Dependents: the people a guardian books for.

use super::{
    Ctx, booking,
    profile::{parse_birth_date, parse_gender},
};
use crate::{
    domain::{
        ids::DependentId,
        people::{age_on, clean_full_name},
    },
    error::{AppError, Conflict, Invalid},
    ssr::store::DependentInput,
    views::profile::DependentView,
};

pub async fn list(ctx: &Ctx) -> Result<Vec<DependentView>, AppError> {
    let caller = ctx.require_caller().await?;
    let today = ctx.now().date_naive();
    let mut out = Vec::new();
    for d in ctx.store().dependents_of(caller.user_id).await? {
        let upcoming = booking::upcoming_for_dependent(ctx, caller.user_id, &d).await?;
        out.push(DependentView {
            id: d.id,
            age: age_on(d.date_of_birth, today),
            full_name: d.full_name,
            date_of_birth: d.date_of_birth,
            gender: d.gender,
            upcoming,
        });
    }
    Ok(out)
}

/// Adds a dependent (`id = None`) or changes one of the caller's own.
pub async fn save(
    ctx: &Ctx,
    id: Option<DependentId>,
    full_name: &str,
    date_of_birth: &str,
    gender: &str,
) -> Result<DependentId, AppError> {
    let caller = ctx.require_caller().await?;
    let today = ctx.now().date_naive();
    let input = DependentInput {
        full_name: clean_full_name(full_name).ok_or(AppError::Invalid(Invalid::Name))?,
        date_of_birth: parse_birth_date(date_of_birth, today)?
            .ok_or(AppError::Invalid(Invalid::Date))?,
        gender: parse_gender(gender)?,
    };
    let store = ctx.store();
    let id = match id {
        None => {
            store
                .add_dependent(caller.user_id, &input, ctx.now())
                .await?
        }
        Some(id) => {
            store
                .update_dependent(caller.user_id, id, &input, ctx.now())
                .await?;
            id
        }
    };
    ctx.log_access(
        Some(caller.user_id),
        None,
        Some(caller.user_id),
        Some(id),
        crate::domain::access_action::AccessAction::DependentSave,
    )
    .await?;
    Ok(id)
}

/// Removes a dependent. Visits still to come are never dropped silently: without
/// `confirm` the answer is [`Conflict::DependentHasVisits`] (the list of visits comes
/// with [`list`]) and nothing changes; with it, each visit is cancelled the way the
/// guardian would cancel it (the clinic's cutoff applies, messages go out, reminders are
/// dropped) and then the dependent is removed. Past visits stay on the clinic's records.
pub async fn remove(ctx: &Ctx, id: DependentId, confirm: bool) -> Result<(), AppError> {
    let caller = ctx.require_caller().await?;
    let dependent = ctx.store().current_dependent(caller.user_id, id).await?;
    let upcoming = ctx
        .store()
        .upcoming_for_patient(caller.user_id, dependent.id.0, ctx.now())
        .await?;
    if !upcoming.is_empty() {
        if !confirm {
            return Err(AppError::Conflict(Conflict::DependentHasVisits));
        }
        booking::cancel_all_as_patient(ctx, caller.user_id, &upcoming, "").await?;
    }
    ctx.store()
        .remove_dependent(caller.user_id, id, ctx.now())
        .await?;
    ctx.log_access(
        Some(caller.user_id),
        None,
        Some(caller.user_id),
        Some(id),
        crate::domain::access_action::AccessAction::DependentRemove,
    )
    .await
}
