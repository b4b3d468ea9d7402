//! Need-to-know: who may see an appointment, and as whom.

use super::Ctx;
use crate::{
    domain::ids::AppointmentId,
    error::AppError,
    ssr::{auth::Caller, store::AppointmentRow},
};

/// The side from which someone looks at an appointment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The account holder who booked it (for themselves or a dependent).
    Patient,
    /// Staff of the clinic it is at.
    Clinic,
}

/// Loads an appointment the caller may see. Everyone else — other patients, staff of
/// other clinics — gets `NotFound`, exactly as if it did not exist.
pub async fn appointment_for(
    ctx: &Ctx,
    id: AppointmentId,
) -> Result<(Caller, AppointmentRow, Side), AppError> {
    let caller = ctx.require_caller().await?;
    let row = ctx.store().appointment(id).await?;
    let side = if row.booked_by == caller.user_id {
        Side::Patient
    } else if caller.is_staff_of(row.clinic_id) {
        Side::Clinic
    } else {
        return Err(AppError::NotFound);
    };
    Ok((caller, row, side))
}

/// Notes the access in the access log when staff look at a patient's appointment.
pub async fn log_if_staff(
    ctx: &Ctx,
    caller: &Caller,
    row: &AppointmentRow,
    side: Side,
    action: &str,
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
