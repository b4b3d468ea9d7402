//! Read views: the lists and the detail page patients and staff see.

use super::{
    calendar::calendar_links,
    lifecycle::actor_of,
    names::{self, Names, patient_display_name},
};
use crate::domain::access_action::AccessAction;
use crate::ssr::client_errors::internal;
use crate::{
    domain::{
        booking::{Action, allowed_actions, patient_may_reschedule},
        dates,
        ids::UserId,
        roles::{DayScope, Role, day_scope},
        schedule::local_date,
    },
    error::AppError,
    ssr::{
        services::{
            Ctx,
            access::{self, Side},
            clinic_admin::clinic_for_staff,
            messages,
        },
        store::{AppointmentRow, Dependent, sealed_name},
        vault::{Sealed, Vault},
    },
    views::appointments::{AppointmentDetails, AppointmentSummary, EventView, FileView},
};
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// A dependent's visits still to come, listed before the guardian confirms removing them.
pub async fn upcoming_for_dependent(
    ctx: &Ctx,
    guardian: UserId,
    dependent: &Dependent,
) -> Result<Vec<AppointmentSummary>, AppError> {
    let rows = ctx
        .store()
        .upcoming_for_patient(guardian, dependent.id.0, ctx.now())
        .await?;
    let names = Names::for_rows(ctx, &rows).await?;
    rows.iter()
        .map(|row| names.summary(row, dependent.full_name.clone()))
        .collect()
}

/// The caller's appointments and their dependents', in time order.
pub async fn mine(ctx: &Ctx) -> Result<Vec<AppointmentSummary>, AppError> {
    let caller = ctx.require_caller().await?;
    let rows = ctx.store().appointments_booked_by(caller.user_id).await?;
    let names = Names::for_rows(ctx, &rows).await?;
    let dependents = ctx.store().dependent_names(caller.user_id).await?;
    rows.iter()
        .map(|row| {
            let name = row
                .dependent_id
                .and_then(|d| dependents.get(&d).cloned())
                .unwrap_or_else(|| caller.user.full_name.clone());
            names.summary(row, name)
        })
        .collect()
}

/// One appointment with its note, files and history, for its patient or its clinic.
pub async fn details(ctx: &Ctx, id: &str) -> Result<AppointmentDetails, AppError> {
    let names::Opened {
        caller,
        row,
        side,
        names,
        summary,
    } = names::open(ctx, id, AccessAction::ViewAppointment).await?;
    let setup = names.setup(row.clinic_id)?;
    // The front desk gets the visit without its clinical part: no note, no files.
    let clinical = access::sees_clinical(&caller, &row, side);
    let (note, files) = if clinical {
        (
            open_note(&ctx.state.vault, &row)?,
            file_views(ctx, &row).await?,
        )
    } else {
        (None, Vec::new())
    };
    let tz = setup
        .branch(row.branch_id)
        .map(|b| b.time_zone)
        .unwrap_or(setup.clinic.time_zone)
        .tz();
    let history = history(ctx, &row, tz).await?;
    let now = ctx.now();
    let status = summary.status;
    let cutoff = Duration::minutes(setup.policy.cancel_cutoff_min);
    let actions = allowed_actions(status, actor_of(side), now, row.starts_at, cutoff);
    let can_move = match side {
        Side::Patient => patient_may_reschedule(status, now, row.starts_at, cutoff),
        Side::Clinic => patient_may_reschedule(status, now, row.starts_at, Duration::zero()),
    };
    let (google, outlook) = calendar_links(&summary, &row);
    let messages = messages::for_appointment(ctx, row.id, tz).await?;
    Ok(AppointmentDetails {
        messages,
        as_clinic: side == Side::Clinic,
        clinical,
        can_cancel: actions.contains(&Action::Cancel),
        can_reschedule: can_move,
        staff_actions: staff_actions(&actions, side),
        google_calendar_url: google,
        outlook_calendar_url: outlook,
        summary,
        note,
        files,
        history,
    })
}

/// Staff see every action open to them; a patient only "confirm" (cancel has its own
/// button).
fn staff_actions(actions: &[Action], side: Side) -> Vec<Action> {
    actions
        .iter()
        .copied()
        .filter(|a| side == Side::Clinic || *a == Action::Confirm)
        .collect()
}

/// The patient's note, opened from the vault; `None` when there is none.
fn open_note(vault: &Vault, row: &AppointmentRow) -> Result<Option<String>, AppError> {
    let (Some(key_id), Some(nonce), Some(ciphertext)) =
        (&row.note_key_id, &row.note_nonce, &row.note_ciphertext)
    else {
        return Ok(None);
    };
    let sealed = Sealed {
        key_id: key_id.clone(),
        nonce: nonce.clone(),
        ciphertext: ciphertext.clone(),
    };
    let plain = vault
        .open(&sealed, format!("note:{}", row.id).as_bytes())
        .map_err(|e| internal("a booking note could not be opened", e))?;
    Ok(Some(String::from_utf8_lossy(&plain).into_owned()))
}

/// The visit's files with their names opened; a name that cannot be opened shows as "file".
async fn file_views(ctx: &Ctx, row: &AppointmentRow) -> Result<Vec<FileView>, AppError> {
    let vault = &ctx.state.vault;
    Ok(ctx
        .store()
        .files_of(row.id)
        .await?
        .into_iter()
        .map(|f| {
            let name = sealed_name(&f.key_id, &f.name_ciphertext)
                .and_then(|s| {
                    vault
                        .open(&s, format!("file-name:{}", f.id).as_bytes())
                        .ok()
                })
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_else(|| "file".to_owned());
            FileView {
                id: f.id,
                name,
                content_type: f.content_type,
                size_bytes: f.size_bytes,
            }
        })
        .collect())
}

/// The visit's history with times in the branch's zone.
async fn history(
    ctx: &Ctx,
    row: &AppointmentRow,
    tz: chrono_tz::Tz,
) -> Result<Vec<EventView>, AppError> {
    let fmt = |t: DateTime<Utc>| t.with_timezone(&tz).naive_local();
    Ok(ctx
        .store()
        .appointment_events(row.id)
        .await?
        .into_iter()
        .map(|e| EventView {
            at: fmt(e.at),
            actor: e.actor_kind,
            action: e.action,
            old_time: e.old_starts_at.map(fmt),
            new_time: e.new_starts_at.map(fmt),
            reason: e.reason,
        })
        .collect())
}

/// Staff: a clinic's appointments on one local day.
pub async fn clinic_day(
    ctx: &Ctx,
    slug: &str,
    date: Option<&str>,
) -> Result<(NaiveDate, Vec<AppointmentSummary>), AppError> {
    let (caller, clinic) = clinic_for_staff(ctx, slug, &Role::ALL).await?;
    let roles = caller
        .memberships
        .iter()
        .filter(|m| m.clinic_id == clinic.id)
        .map(|m| m.role);
    let tz = clinic.time_zone.tz();
    let today = local_date(tz, ctx.now());
    let day = match date.filter(|d| !d.is_empty()) {
        Some(raw) => dates::parse_day(raw, today)?,
        None => today,
    };
    // Providers see their own column; the rest of the clinic's staff the whole day.
    let own = match day_scope(roles) {
        Some(DayScope::Clinic) => None,
        Some(DayScope::OwnColumn) => match caller.provider_at(clinic.id) {
            Some(provider) => Some(provider),
            // A provider membership not tied to a column has no list of its own.
            None => return Ok((day, Vec::new())),
        },
        None => return Err(AppError::NotFound),
    };
    let (from, to) = dates::utc_span_of_local_day(day)?;
    let rows: Vec<AppointmentRow> = ctx
        .store()
        .clinic_appointments(clinic.id, own, from, to)
        .await?;
    let names = Names::for_rows(ctx, &rows).await?;
    let mut out = Vec::new();
    for row in &rows {
        let summary = names.summary(row, patient_display_name(ctx, row).await?)?;
        if summary.local_date == day {
            out.push(summary);
        }
    }
    ctx.log_access(
        Some(caller.user_id),
        Some(clinic.id),
        None,
        None,
        crate::domain::access_action::AccessAction::ViewDay,
    )
    .await?;
    Ok((day, out))
}
