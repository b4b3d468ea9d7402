//! Need-to-know: who may see an appointment, and as whom.

use super::Ctx;
use crate::{
    domain::{
        ids::AppointmentId,
        roles::{AppointmentAccess, Role, staff_access},
        text::Localized,
    },
    error::AppError,
    ssr::{caller::Caller, store::AppointmentRow},
    views::security::AccessView,
};

/// The side from which someone looks at an appointment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The account holder who booked it (for themselves or a dependent).
    Patient,
    /// Staff of the clinic it is at.
    Clinic,
}

/// Loads an appointment the caller may see: its patient's account holder, or staff of its
/// clinic whose role gives access to it ([`staff_access`]). Everyone else — other
/// patients, staff of other clinics, providers it is not with — gets `NotFound`,
/// exactly as if it did not exist.
pub async fn appointment_for(
    ctx: &Ctx,
    id: AppointmentId,
) -> Result<(Caller, AppointmentRow, Side), AppError> {
    let caller = ctx.require_caller().await?;
    let row = ctx.store().appointment(id).await?;
    let side = if row.booked_by == caller.user_id {
        Side::Patient
    } else if staff_level(&caller, &row).is_some() {
        Side::Clinic
    } else {
        return Err(AppError::NotFound);
    };
    Ok((caller, row, side))
}

/// What the caller's roles at the appointment's clinic give on it, by the domain rule.
pub fn staff_level(caller: &Caller, row: &AppointmentRow) -> Option<AppointmentAccess> {
    let here = || {
        caller
            .memberships
            .iter()
            .filter(|m| m.clinic_id == row.clinic_id)
    };
    let is_its_provider = here().any(|m| m.provider_id == Some(row.provider_id));
    staff_access(here().map(|m| m.role), is_its_provider)
}

/// Whether the caller may see the appointment's clinical note and files: its patient's
/// account holder always, staff only when their role gives clinical access.
pub fn sees_clinical(caller: &Caller, row: &AppointmentRow, side: Side) -> bool {
    match side {
        Side::Patient => true,
        Side::Clinic => staff_level(caller, row).is_some_and(AppointmentAccess::sees_clinical),
    }
}

/// Notes the access in the access log when staff look at a patient's appointment.
pub async fn log_if_staff(
    ctx: &Ctx,
    caller: &Caller,
    row: &AppointmentRow,
    side: Side,
    action: crate::domain::access_action::AccessAction,
) -> Result<(), AppError> {
    if side == Side::Clinic {
        ctx.log_access(
            Some(caller.user_id),
            Some(row.clinic_id),
            Some(row.booked_by),
            row.dependent_id,
            action,
        )
        .await?;
    }
    Ok(())
}

/// How many entries "who looked at your record" shows.
const ACCESS_LOG_LIMIT: i64 = 50;

/// The caller's access log as they see it: each entry's time, the staff member's name,
/// role and clinic, and the action. The address and device recorded with each entry
/// stay in the log for investigations and never reach the patient.
pub async fn access_to_me(ctx: &Ctx) -> Result<Vec<AccessView>, AppError> {
    let caller = ctx.require_caller().await?;
    let lang = ctx.lang();
    let store = ctx.store();
    let entries = store
        .access_to_named(caller.user_id, ACCESS_LOG_LIMIT)
        .await?;
    let roles = store.roles_of_accessors(caller.user_id).await?;
    entries
        .into_iter()
        .map(|e| {
            let (who, role, clinic) = match (e.actor_id, e.clinic_id) {
                (Some(actor), _) if actor == caller.user_id => (
                    crate::i18n::strings(lang).account.access_you.to_owned(),
                    None,
                    None,
                ),
                (Some(actor), Some(clinic)) => {
                    // A staff member or clinic that no longer exists answers as it did
                    // when each was looked up on its own.
                    let name = e.actor_name.ok_or(AppError::NotFound)?;
                    let (Some(en), Some(ar)) = (e.clinic_name_en, e.clinic_name_ar) else {
                        return Err(AppError::NotFound);
                    };
                    let role: Option<Role> = roles
                        .iter()
                        .filter(|(user, at, _)| *user == actor && *at == clinic)
                        .map(|(_, _, role)| *role)
                        .min();
                    let clinic_name = Localized::new(en, ar).get(lang).to_owned();
                    (name, role, Some(clinic_name))
                }
                _ => ("Calentify".to_owned(), None, None),
            };
            Ok(AccessView {
                at: e.at,
                who,
                role,
                clinic,
                action: e.action,
            })
        })
        .collect()
}
