//! Clinic administration. Every call checks the caller's role at that very clinic:
//! staff of one clinic never reach another's data.

use super::Ctx;
use crate::{
    domain::{
        booking_policy::{BookingPolicy, BookingPolicyError},
        catalog::{Clinic, Slug},
        messaging::{Channel, ChannelSet},
        people::{FieldRequirement, ProfileFieldRules},
        roles::Role,
    },
    error::{AppError, Invalid},
    ssr::caller::Caller,
    views::clinic_settings::ClinicSettings,
};

/// The clinic behind a slug, if the caller holds one of `roles` there. Anyone else gets
/// `NotFound` (not `Forbidden`), so outsiders learn nothing about the clinic's staff.
pub async fn clinic_for_staff(
    ctx: &Ctx,
    slug: &str,
    roles: &[Role],
) -> Result<(Caller, Clinic), AppError> {
    let caller = ctx.require_caller().await?;
    let slug = Slug::parse(slug).map_err(|_| AppError::NotFound)?;
    let clinic = ctx.store().clinic_by_slug(&slug).await?;
    if !caller.has_role(clinic.id, roles) {
        return Err(if caller.is_staff_of(clinic.id) {
            AppError::Forbidden
        } else {
            AppError::NotFound
        });
    }
    Ok((caller, clinic))
}

pub async fn settings(ctx: &Ctx, slug: &str) -> Result<ClinicSettings, AppError> {
    let (caller, clinic) = clinic_for_staff(ctx, slug, &Role::ALL).await?;
    let rules = ctx.store().clinic_field_rules(clinic.id).await?;
    let policy = ctx.store().clinic_policy(clinic.id).await?;
    let offsets = ctx.store().reminder_offsets(clinic.id).await?;
    let max_upcoming_per_patient = ctx.store().max_upcoming_per_patient(clinic.id).await?;
    let channels = ctx.store().clinic_channels(clinic.id).await?;
    Ok(ClinicSettings {
        channels: channels.iter().collect(),
        deliverable: ctx.state.config.delivery.iter().collect(),
        slug: clinic.slug.to_string(),
        name: clinic.name,
        rules,
        can_edit: caller.manages(clinic.id),
        policy: crate::views::clinic_settings::BookingPolicyView {
            min_notice_min: policy.min_notice_min(),
            horizon_days: policy.horizon_days(),
            slot_step_min: policy.slot_step_min(),
            cancel_cutoff_min: policy.cancel_cutoff_min(),
            max_upcoming_per_patient,
            reminder_offsets: offsets
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(","),
        },
    })
}

/// Checks every value before writing any: a bad one changes nothing. The policy arrives
/// parsed, but is refused only after the caller's role is checked, so an outsider learns
/// nothing from the answer. `max_upcoming` (1-50 upcoming appointments per patient) is
/// left as it is when not sent.
pub async fn update_policy(
    ctx: &Ctx,
    slug: &str,
    policy: Result<BookingPolicy, BookingPolicyError>,
    offsets: &str,
    max_upcoming: Option<&str>,
) -> Result<(), AppError> {
    let (_, clinic) = clinic_for_staff(ctx, slug, &[Role::Owner, Role::Admin]).await?;
    let within = |raw: &str, range: std::ops::RangeInclusive<i32>| {
        raw.trim()
            .parse::<i32>()
            .ok()
            .filter(|v| range.contains(v))
            .ok_or(AppError::Invalid(Invalid::Policy))
    };
    let policy = policy.map_err(|_| AppError::Invalid(Invalid::Policy))?;
    let offsets = crate::domain::reminders::parse_reminder_offsets(offsets)
        .ok_or(AppError::Invalid(Invalid::Policy))?;
    let max_upcoming = max_upcoming.map(|raw| within(raw, 1..=50)).transpose()?;
    ctx.store()
        .set_booking_policy(clinic.id, &policy, &offsets, max_upcoming)
        .await?;
    Ok(())
}

/// `on` follows the order WhatsApp, SMS, email. Messages already queued on a channel
/// turned off move to an allowed one when they fall due.
pub async fn update_channels(ctx: &Ctx, slug: &str, on: [bool; 3]) -> Result<(), AppError> {
    let (_, clinic) = clinic_for_staff(ctx, slug, &[Role::Owner, Role::Admin]).await?;
    let channels = ChannelSet::of(
        Channel::ALL
            .into_iter()
            .zip(on)
            .filter_map(|(c, on)| on.then_some(c)),
    )
    .ok_or(AppError::Invalid(Invalid::NoChannel))?;
    ctx.store().set_clinic_channels(clinic.id, channels).await?;
    Ok(())
}

pub async fn update(
    ctx: &Ctx,
    slug: &str,
    gender: &str,
    date_of_birth: &str,
    picture: &str,
    min_age: &str,
) -> Result<(), AppError> {
    let (_, clinic) = clinic_for_staff(ctx, slug, &[Role::Owner, Role::Admin]).await?;
    let rule = |s: &str| FieldRequirement::parse(s).ok_or(AppError::Invalid(Invalid::FieldRule));
    let min_patient_age = min_age
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|a| (0..=21).contains(a))
        .ok_or(AppError::Invalid(Invalid::FieldRule))?;
    let rules = ProfileFieldRules {
        gender: rule(gender)?,
        date_of_birth: rule(date_of_birth)?,
        picture: rule(picture)?,
        min_patient_age,
    };
    ctx.store()
        .set_clinic_field_rules(clinic.id, &rules)
        .await?;
    Ok(())
}
