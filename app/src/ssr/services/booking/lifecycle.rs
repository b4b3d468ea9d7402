//! An appointment's life after booking: moving it, cancelling it, and the status changes
//! staff make (confirm, check in, complete, no-show).

use super::{
    booking_conflict,
    outbox::{CANCELLED, FOLLOW_UP, Planned, REMINDER, RESCHEDULED, message, reminders},
    parse_id,
    setup::{Bookings, ClinicSetup, timing},
    slot_problem,
};
use crate::{
    domain::{
        availability::Policy,
        booking::{
            Action, ActorKind, AppointmentStatus, TransitionError, patient_may_reschedule,
            transition,
        },
        dates,
        history::Change,
        ids::{AppointmentId, UserId},
        schedule::local_date,
    },
    error::{AppError, Invalid},
    ssr::{
        services::{
            Ctx,
            access::{self, Side},
        },
        store::{AppointmentEvent, AppointmentRow, NewMessage},
    },
};
use chrono::{DateTime, Duration, Utc};

/// Whether the caller may move the appointment now: it is still to come, not checked in,
/// and (for its patient) before the clinic's cutoff.
pub(super) fn check_may_move(
    policy: &Policy,
    row: &AppointmentRow,
    side: Side,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let status = row.status;
    let cutoff = match side {
        Side::Patient => Duration::minutes(policy.cancel_cutoff_min),
        Side::Clinic => Duration::zero(),
    };
    if !status.is_active() || status == AppointmentStatus::CheckedIn {
        return Err(AppError::Invalid(Invalid::AppointmentChange));
    }
    if !patient_may_reschedule(status, now, row.starts_at, cutoff) {
        return Err(AppError::Invalid(Invalid::PastCutoff));
    }
    Ok(())
}

pub(super) fn actor_of(side: Side) -> ActorKind {
    match side {
        Side::Patient => ActorKind::Patient,
        Side::Clinic => ActorKind::Clinic,
    }
}

fn transition_error(e: TransitionError) -> AppError {
    match e {
        TransitionError::NotAllowed | TransitionError::TooEarly => {
            AppError::Invalid(Invalid::AppointmentChange)
        }
        TransitionError::PastCutoff => AppError::Invalid(Invalid::PastCutoff),
    }
}

/// Moves an appointment to another free time of the same provider, keeping its history.
pub async fn reschedule(ctx: &Ctx, id: &str, start: &str) -> Result<AppointmentId, AppError> {
    let id: AppointmentId = parse_id(id)?;
    let start = dates::parse_instant(start, ctx.now())?;
    let (caller, row, side) = access::appointment_for(ctx, id).await?;
    let setup = ClinicSetup::for_clinic(ctx, row.clinic_id).await?;
    let now = ctx.now();
    check_may_move(&setup.policy, &row, side, now)?;
    let offer = setup.offer(row.service_id, row.branch_id)?;
    let day = local_date(offer.branch.time_zone.tz(), start);
    let bookings = Bookings::load(
        ctx,
        &setup,
        &[row.provider_id],
        dates::add_days(day, -1)?,
        dates::add_days(day, 1)?,
        Some(row.id),
    )
    .await?;
    let calendar = bookings.calendar(&setup, &offer, now);
    calendar
        .check(row.provider_id, start)
        .map_err(slot_problem)?;
    let reservation = timing(offer.service).reservation(start);
    let messages = move_messages(ctx, &setup, &row, side, start, now).await?;
    let event = AppointmentEvent {
        at: now,
        actor_id: Some(caller.user_id),
        actor_kind: actor_of(side),
        action: Change::Rescheduled,
        from_status: None,
        to_status: None,
        old_starts_at: Some(row.starts_at),
        new_starts_at: Some(start),
        reason: None,
    };
    ctx.store()
        .reschedule(
            row.id,
            reservation.visit.start,
            reservation.visit.end,
            reservation.reserved.start,
            reservation.reserved.end,
            &event,
            &messages,
            &[REMINDER.as_str()],
            now,
        )
        .await
        .map_err(booking_conflict)?;
    access::log_if_staff(
        ctx,
        &caller,
        &row,
        side,
        crate::domain::access_action::AccessAction::RescheduleAppointment,
    )
    .await?;
    Ok(row.id)
}

/// The "moved" message and the reminders for the new time.
async fn move_messages(
    ctx: &Ctx,
    setup: &ClinicSetup,
    row: &AppointmentRow,
    side: Side,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Vec<NewMessage>, AppError> {
    let user = ctx.store().user(row.booked_by).await?;
    let planned = Planned {
        id: row.id,
        branch: row.branch_id,
        provider: row.provider_id,
        service: row.service_id,
        starts_at: start,
        user: &user,
    };
    let mut messages: Vec<NewMessage> = message(
        setup,
        &planned,
        RESCHEDULED,
        format!("rescheduled:{}:{}", row.id, start.timestamp()),
        now,
        serde_json::json!({ "by": actor_of(side).as_str(), "old_starts_at": row.starts_at.to_rfc3339() }),
    )
    .into_iter()
    .collect();
    let offsets = ctx.store().reminder_offsets(row.clinic_id).await?;
    messages.extend(reminders(setup, &planned, &offsets, now));
    Ok(messages)
}

/// Applies a lifecycle action (confirm, check in, complete, no-show, cancel).
pub async fn act(ctx: &Ctx, id: &str, action: &str, reason: &str) -> Result<(), AppError> {
    let id: AppointmentId = parse_id(id)?;
    let action = Action::parse(action.trim()).ok_or(AppError::BadRequest)?;
    let reason = reason.trim();
    if reason.chars().count() > 500 {
        return Err(AppError::Invalid(Invalid::NoteTooLong));
    }
    let (caller, row, side) = access::appointment_for(ctx, id).await?;
    apply_action(ctx, &row, actor_of(side), caller.user_id, action, reason).await?;
    access::log_if_staff(ctx, &caller, &row, side, action.into()).await?;
    Ok(())
}

/// Applies a lifecycle action for an actor already authorised (a signed-in caller, or a
/// patient answering a reminder from their number): policy, history and messages.
pub async fn apply_action(
    ctx: &Ctx,
    row: &AppointmentRow,
    actor: ActorKind,
    actor_id: UserId,
    action: Action,
    reason: &str,
) -> Result<(), AppError> {
    let setup = ClinicSetup::for_clinic(ctx, row.clinic_id).await?;
    let now = ctx.now();
    let from = row.status;
    let to = transition(
        from,
        action,
        actor,
        now,
        row.starts_at,
        Duration::minutes(setup.policy.cancel_cutoff_min),
    )
    .map_err(transition_error)?;
    let messages = action_messages(ctx, &setup, row, actor, action, now).await?;
    let cancel_kinds: &[&str] = if to.is_active() {
        &[]
    } else {
        &[REMINDER.as_str()]
    };
    let reason = (!reason.is_empty()).then_some(reason);
    let event = AppointmentEvent {
        at: now,
        actor_id: Some(actor_id),
        actor_kind: actor,
        action: Change::from(action),
        from_status: Some(from),
        to_status: Some(to),
        old_starts_at: None,
        new_starts_at: None,
        reason: reason.map(str::to_owned),
    };
    let changed = ctx
        .store()
        .set_appointment_status(
            row.id,
            from.as_str(),
            to.as_str(),
            (action == Action::Cancel).then_some(actor.as_str()),
            reason,
            &event,
            &messages,
            cancel_kinds,
            now,
        )
        .await?;
    if !changed {
        // Someone else changed it between our read and our write.
        return Err(AppError::Invalid(Invalid::AppointmentChange));
    }
    Ok(())
}

/// A cancellation tells the patient now; a completed visit asks for a follow-up later.
async fn action_messages(
    ctx: &Ctx,
    setup: &ClinicSetup,
    row: &AppointmentRow,
    actor: ActorKind,
    action: Action,
    now: DateTime<Utc>,
) -> Result<Vec<NewMessage>, AppError> {
    let user = ctx.store().user(row.booked_by).await?;
    let planned = Planned {
        id: row.id,
        branch: row.branch_id,
        provider: row.provider_id,
        service: row.service_id,
        starts_at: row.starts_at,
        user: &user,
    };
    let extra = serde_json::json!({ "by": actor.as_str() });
    let planned_message = match action {
        Action::Cancel => message(
            setup,
            &planned,
            CANCELLED,
            format!("cancelled:{}", row.id),
            now,
            extra,
        ),
        Action::Complete => message(
            setup,
            &planned,
            FOLLOW_UP,
            format!("follow-up:{}", row.id),
            now + Duration::hours(2),
            extra,
        ),
        _ => None,
    };
    Ok(planned_message.into_iter().collect())
}

/// Cancels visits as their patient's guardian would one by one (cancellation messages,
/// reminders dropped, history), after checking every one may be cancelled, so a visit
/// past its clinic's cutoff stops the whole removal before anything changed.
pub async fn cancel_all_as_patient(
    ctx: &Ctx,
    actor_id: UserId,
    rows: &[AppointmentRow],
    reason: &str,
) -> Result<(), AppError> {
    let now = ctx.now();
    for row in rows {
        let cutoff = ctx
            .store()
            .clinic_policy(row.clinic_id)
            .await?
            .cancel_cutoff_min();
        transition(
            row.status,
            Action::Cancel,
            ActorKind::Patient,
            now,
            row.starts_at,
            Duration::minutes(i64::from(cutoff)),
        )
        .map_err(transition_error)?;
    }
    for row in rows {
        apply_action(
            ctx,
            row,
            ActorKind::Patient,
            actor_id,
            Action::Cancel,
            reason,
        )
        .await?;
    }
    Ok(())
}
