//! A clinic's display settings: read by its staff, changed by its owners and admins,
//! applied to its Arabic pages and messages.

use super::{Ctx, clinic_admin::clinic_for_staff};
use crate::{
    domain::{display::DisplaySettings, roles::Role},
    error::AppError,
};

/// The clinic's settings and whether the caller may change them. Staff of other
/// clinics and strangers get `NotFound`.
pub async fn settings(ctx: &Ctx, slug: &str) -> Result<(DisplaySettings, bool), AppError> {
    let (caller, clinic) = clinic_for_staff(ctx, slug, &Role::ALL).await?;
    let settings = ctx.store().display_settings(clinic.id).await?;
    Ok((settings, caller.manages(clinic.id)))
}

/// Sets both switches from a form: a ticked box sends `on`, an unticked one nothing.
/// Any other value is refused before anything is written.
pub async fn update(
    ctx: &Ctx,
    slug: &str,
    arabic_indic_digits: Option<&str>,
    hijri_date: Option<&str>,
) -> Result<(), AppError> {
    let (_, clinic) = clinic_for_staff(ctx, slug, &[Role::Owner, Role::Admin]).await?;
    let settings = DisplaySettings {
        arabic_indic_digits: switch(arabic_indic_digits)?,
        hijri_date: switch(hijri_date)?,
    };
    ctx.store()
        .set_display_settings(clinic.id, settings)
        .await?;
    Ok(())
}

fn switch(value: Option<&str>) -> Result<bool, AppError> {
    match value.map(str::trim) {
        None => Ok(false),
        Some("on" | "true") => Ok(true),
        Some(_) => Err(AppError::BadRequest),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_switch_is_on_off_or_refused() {
        assert!(matches!(switch(None), Ok(false)));
        assert!(matches!(switch(Some("on")), Ok(true)));
        assert!(matches!(
            switch(Some("yes please")),
            Err(AppError::BadRequest)
        ));
    }
}
