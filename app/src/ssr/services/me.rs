//! The signed-in person as the header shows them: their name and the clinics they work at.

use super::Ctx;
use crate::{
    domain::text::Localized,
    error::AppError,
    views::account::{Me, StaffClinic},
};

pub async fn me(ctx: &Ctx) -> Result<Option<Me>, AppError> {
    let Some(caller) = ctx.caller().await? else {
        return Ok(None);
    };
    let clinics = ctx.store().clinics_of_member(caller.user_id).await?;
    // In the order of the caller's memberships, each clinic once with all its roles.
    let mut staff_of: Vec<(crate::domain::ids::ClinicId, StaffClinic)> = Vec::new();
    for m in &caller.memberships {
        if let Some((_, entry)) = staff_of.iter_mut().find(|(id, _)| *id == m.clinic_id) {
            entry.roles.push(m.role);
            continue;
        }
        let clinic = clinics
            .iter()
            .find(|c| c.id == m.clinic_id)
            .ok_or(AppError::NotFound)?;
        staff_of.push((
            m.clinic_id,
            StaffClinic {
                slug: clinic.slug.clone(),
                name: Localized::new(clinic.name_en.clone(), clinic.name_ar.clone()),
                roles: vec![m.role],
            },
        ));
    }
    Ok(Some(Me {
        name: caller.user.full_name.clone(),
        staff_of: staff_of.into_iter().map(|(_, s)| s).collect(),
        operator: super::clinic_setup::is_operator(ctx, &caller),
    }))
}
