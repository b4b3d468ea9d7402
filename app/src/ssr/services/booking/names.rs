//! Names and places shown with appointments: each clinic's setup looked up once for a
//! list, and the patient's name (the account holder's or the dependent's).

use super::{parse_id, setup::ClinicSetup};
use crate::ssr::client_errors::internal;
use crate::{
    domain::{
        access_action::AccessAction,
        ids::{AppointmentId, ClinicId},
        text::Localized,
    },
    error::AppError,
    ssr::{
        caller::Caller,
        services::{
            Ctx,
            access::{self, Side},
        },
        store::AppointmentRow,
    },
    views::appointments::AppointmentSummary,
};
use std::collections::HashMap;

/// One appointment opened by the caller: access-checked, noted in the access log when
/// staff open it, with its clinic's names and its summary.
pub(super) struct Opened {
    pub(super) caller: Caller,
    pub(super) row: AppointmentRow,
    pub(super) side: Side,
    pub(super) names: Names,
    pub(super) summary: AppointmentSummary,
}

/// Opens the appointment `id` for `action`; one the caller may not see is `NotFound`.
pub(super) async fn open(ctx: &Ctx, id: &str, action: AccessAction) -> Result<Opened, AppError> {
    let id: AppointmentId = parse_id(id).map_err(|_| AppError::NotFound)?;
    let (caller, row, side) = access::appointment_for(ctx, id).await?;
    access::log_if_staff(ctx, &caller, &row, side, action).await?;
    let names = Names::for_rows(ctx, std::slice::from_ref(&row)).await?;
    let summary = names.summary(&row, patient_display_name(ctx, &row).await?)?;
    Ok(Opened {
        caller,
        row,
        side,
        names,
        summary,
    })
}

/// Names and places for appointment lists, looked up once per clinic.
pub(super) struct Names {
    setups: HashMap<ClinicId, ClinicSetup>,
}

impl Names {
    pub(super) async fn for_rows(ctx: &Ctx, rows: &[AppointmentRow]) -> Result<Self, AppError> {
        let mut setups = HashMap::new();
        for row in rows {
            if let std::collections::hash_map::Entry::Vacant(slot) = setups.entry(row.clinic_id) {
                slot.insert(ClinicSetup::for_clinic(ctx, row.clinic_id).await?);
            }
        }
        Ok(Self { setups })
    }

    pub(super) fn setup(&self, clinic: ClinicId) -> Result<&ClinicSetup, AppError> {
        self.setups.get(&clinic).ok_or_else(|| {
            internal(
                "an appointment names a clinic whose setup was not loaded",
                clinic,
            )
        })
    }

    pub(super) fn summary(
        &self,
        row: &AppointmentRow,
        patient_name: String,
    ) -> Result<AppointmentSummary, AppError> {
        let setup = self.setup(row.clinic_id)?;
        let branch = setup.branch(row.branch_id);
        let tz = branch
            .map(|b| b.time_zone)
            .unwrap_or(setup.clinic.time_zone);
        let local = row.starts_at.with_timezone(&tz.tz());
        let empty = || Localized::new("", "");
        Ok(AppointmentSummary {
            id: row.id,
            clinic_slug: setup.clinic.slug.to_string(),
            clinic_name: setup.clinic.name.clone(),
            branch_name: branch.map(|b| b.name.clone()).unwrap_or_else(empty),
            branch_address: branch.map(|b| b.address.clone()).unwrap_or_else(empty),
            provider_name: setup.provider_name(row.provider_id),
            service_name: setup
                .service(row.service_id)
                .map(|s| s.name.clone())
                .unwrap_or_else(empty),
            patient_name,
            for_dependent: row.dependent_id.is_some(),
            starts_at: row.starts_at,
            ends_at: row.ends_at,
            local_date: local.date_naive(),
            local_time: local.format("%H:%M").to_string(),
            time_zone: tz.name().to_owned(),
            status: row.status,
            display: setup.display,
        })
    }
}

pub(super) async fn patient_display_name(
    ctx: &Ctx,
    row: &AppointmentRow,
) -> Result<String, AppError> {
    Ok(match row.dependent_id {
        Some(d) => ctx.store().dependent(row.booked_by, d).await?.full_name,
        None => ctx.store().user(row.booked_by).await?.full_name,
    })
}
