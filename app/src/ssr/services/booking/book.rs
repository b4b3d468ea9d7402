//! Booking a visit: the checks before it, the provider it goes to, and the one
//! transaction that writes it with its messages.

use super::{
    booking_conflict,
    outbox::{CONFIRMATION, Planned, message, reminders},
    parse_id,
    setup::{Bookings, ClinicSetup, Offer, chosen_providers, timing},
    slot_problem,
};
use crate::ssr::client_errors::internal;
use crate::{
    domain::{
        availability::{Reservation, SlotProblem, pick_provider},
        booking::{ActorKind, AppointmentStatus},
        dates,
        history::Change,
        ids::{AppointmentId, BranchId, ClinicId, DependentId, ProviderId, ServiceId, UserId},
        people::FieldRequirement,
        schedule::local_date,
    },
    error::{AppError, Conflict, Invalid},
    ssr::{
        caller::Caller,
        services::Ctx,
        store::{AppointmentEvent, BookingConflict, Dependent, NewAppointment, NewMessage, User},
        vault::Sealed,
    },
};
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;

/// Longest note a patient can attach.
pub const MAX_NOTE_CHARS: usize = 2000;

#[derive(Clone, Debug, Default)]
pub struct BookInput {
    pub slug: String,
    pub service: String,
    pub branch: String,
    pub provider: String,
    pub start: String,
    pub patient: String,
    pub note: String,
    pub idempotency_key: String,
}

/// A booking request past parsing.
struct Request<'a> {
    service: ServiceId,
    branch: BranchId,
    start: DateTime<Utc>,
    /// The client's idempotency key; `None` when it sent none.
    key: Option<&'a str>,
    note: Option<String>,
}

impl<'a> Request<'a> {
    fn parse(input: &'a BookInput, now: DateTime<Utc>) -> Result<Self, AppError> {
        let service: ServiceId = parse_id(&input.service)?;
        let branch: BranchId = parse_id(&input.branch)?;
        let start = dates::parse_instant(&input.start, now)?;
        let key = input.idempotency_key.trim();
        if key.len() > 100 {
            return Err(AppError::BadRequest);
        }
        let note = input.note.trim();
        if note.chars().count() > MAX_NOTE_CHARS {
            return Err(AppError::Invalid(Invalid::NoteTooLong));
        }
        Ok(Self {
            service,
            branch,
            start,
            key: (!key.is_empty()).then_some(key),
            note: (!note.is_empty()).then(|| note.to_owned()),
        })
    }
}

/// Books a visit for the caller or one of their dependents.
pub async fn book(ctx: &Ctx, input: &BookInput) -> Result<AppointmentId, AppError> {
    let caller = ctx.require_caller().await?;
    let setup = ClinicSetup::load(ctx, &input.slug).await?;
    let now = ctx.now();
    let req = Request::parse(input, now)?;
    // A retried or double-clicked submission answers with the first booking, even though
    // its time is no longer free.
    if let Some(existing) = ctx
        .store()
        .appointment_by_key(caller.user_id, req.key)
        .await?
    {
        return Ok(existing);
    }
    let user = caller.user.clone();
    let dependent = dependent_of(ctx, caller.user_id, &input.patient).await?;
    check_required_fields(&setup, &user, dependent.as_ref())?;

    let offer = setup.offer(req.service, req.branch)?;
    let (chosen, providers) = chosen_providers(&offer, Some(&input.provider))?;
    let mut free = free_providers(ctx, &setup, &offer, &providers, req.start, now).await?;
    let load = match chosen {
        None => provider_load(ctx, setup.clinic.id, req.start).await?,
        Some(_) => HashMap::new(),
    };
    let attempt = Attempt {
        ctx,
        setup: &setup,
        caller: &caller,
        user: &user,
        dependent: dependent.as_ref(),
        req: &req,
        reservation: timing(offer.service).reservation(req.start),
        now,
    };

    // "Any provider": try the fairest first; if the database says someone else just took
    // that provider, try the next one. The database still decides every attempt.
    let spin = u64::from(rand::random::<u32>());
    let mut last_err = AppError::Conflict(Conflict::SlotTaken);
    while let Some(provider) = pick_provider(&free, &load, spin) {
        free.retain(|p| *p != provider);
        let id = AppointmentId::new_v7();
        match attempt.insert(id, provider).await? {
            Ok(booked) => {
                // An idempotent replay (another id came back) leaves no second trace.
                if booked == id {
                    attempt.log_for_dependent().await?;
                }
                return Ok(booked);
            }
            Err(BookingConflict::SlotTaken) if chosen.is_none() => {
                last_err = AppError::Conflict(Conflict::SlotTaken);
            }
            Err(e) => return Err(booking_conflict(e)),
        }
    }
    Err(last_err)
}

/// `me` (or nothing) books for the caller; else one of their current dependents.
async fn dependent_of(
    ctx: &Ctx,
    guardian: UserId,
    raw: &str,
) -> Result<Option<Dependent>, AppError> {
    match raw.trim() {
        "" | "me" => Ok(None),
        raw => {
            let id: DependentId = parse_id(raw)?;
            Ok(Some(ctx.store().current_dependent(guardian, id).await?))
        }
    }
}

/// The account holder's or dependent's required profile fields must be filled.
fn check_required_fields(
    setup: &ClinicSetup,
    user: &User,
    dependent: Option<&Dependent>,
) -> Result<(), AppError> {
    let rules = setup.field_rules;
    let required = |r: FieldRequirement| r == FieldRequirement::Required;
    let missing = match dependent {
        Some(d) => required(rules.gender) && d.gender.is_none(),
        None => {
            (required(rules.gender) && user.gender.is_none())
                || (required(rules.date_of_birth) && user.date_of_birth.is_none())
                || (required(rules.picture) && user.picture_id.is_none())
        }
    };
    if missing {
        return Err(AppError::Invalid(Invalid::MissingProfileFields));
    }
    Ok(())
}

/// The providers free at `start`, or why none is.
async fn free_providers(
    ctx: &Ctx,
    setup: &ClinicSetup,
    offer: &Offer<'_>,
    providers: &[ProviderId],
    start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Vec<ProviderId>, AppError> {
    let day = local_date(offer.branch.time_zone.tz(), start);
    let bookings = Bookings::load(
        ctx,
        setup,
        providers,
        dates::add_days(day, -1)?,
        dates::add_days(day, 1)?,
        None,
    )
    .await?;
    let calendar = bookings.calendar(setup, offer, now);
    let mut free: Vec<ProviderId> = Vec::new();
    let mut problem = None;
    for &p in providers {
        match calendar.check(p, start) {
            Ok(()) => free.push(p),
            Err(e) => problem = problem.or(Some(e)),
        }
    }
    if free.is_empty() {
        return Err(slot_problem(problem.unwrap_or(SlotProblem::Taken)));
    }
    Ok(free)
}

/// How many visits each provider has in the fortnight around `start`, so "any provider"
/// spreads the work.
async fn provider_load(
    ctx: &Ctx,
    clinic: ClinicId,
    start: DateTime<Utc>,
) -> Result<HashMap<ProviderId, i64>, AppError> {
    let fortnight = |days: i64| {
        start
            .checked_add_signed(Duration::days(days))
            .ok_or(dates::DateError::OutOfWindow)
    };
    Ok(ctx
        .store()
        .provider_load(clinic, fortnight(-7)?, fortnight(7)?)
        .await?
        .into_iter()
        .collect())
}

/// Everything one try at booking with one provider needs.
struct Attempt<'a> {
    ctx: &'a Ctx,
    setup: &'a ClinicSetup,
    caller: &'a Caller,
    user: &'a User,
    dependent: Option<&'a Dependent>,
    req: &'a Request<'a>,
    reservation: Reservation,
    now: DateTime<Utc>,
}

impl Attempt<'_> {
    /// Writes the visit with `provider`; the inner error is the database's verdict.
    async fn insert(
        &self,
        id: AppointmentId,
        provider: ProviderId,
    ) -> Result<Result<AppointmentId, BookingConflict>, AppError> {
        let appointment = self.appointment(id, provider)?;
        let messages = self.messages(id, provider);
        let event = AppointmentEvent {
            at: self.now,
            actor_id: Some(self.caller.user_id),
            actor_kind: ActorKind::Patient,
            action: Change::Booked,
            from_status: None,
            to_status: Some(AppointmentStatus::Booked),
            old_starts_at: None,
            new_starts_at: Some(self.req.start),
            reason: None,
        };
        Ok(self
            .ctx
            .store()
            .book(&appointment, &event, &messages, self.now)
            .await)
    }

    fn appointment(
        &self,
        id: AppointmentId,
        provider: ProviderId,
    ) -> Result<NewAppointment, AppError> {
        let sealed: Option<Sealed> = match &self.req.note {
            Some(n) => Some(
                self.ctx
                    .state
                    .vault
                    .seal(n.as_bytes(), format!("note:{id}").as_bytes())
                    .map_err(|e| internal("a booking note could not be sealed", e))?,
            ),
            None => None,
        };
        let r = &self.reservation;
        Ok(NewAppointment {
            id,
            clinic_id: self.setup.clinic.id,
            branch_id: self.req.branch,
            provider_id: provider,
            service_id: self.req.service,
            booked_by: self.caller.user_id,
            dependent_id: self.dependent.map(|d| d.id),
            starts_at: r.visit.start,
            ends_at: r.visit.end,
            reserved_from: r.reserved.start,
            reserved_until: r.reserved.end,
            idempotency_key: self.req.key.map(str::to_owned),
            note: sealed,
        })
    }

    /// The confirmation now and the reminders before the visit.
    fn messages(&self, id: AppointmentId, provider: ProviderId) -> Vec<NewMessage> {
        let planned = Planned {
            id,
            branch: self.req.branch,
            provider,
            service: self.req.service,
            starts_at: self.req.start,
            user: self.user,
        };
        let patient = self
            .dependent
            .map_or_else(|| self.user.full_name.clone(), |d| d.full_name.clone());
        let mut messages: Vec<NewMessage> = message(
            self.setup,
            &planned,
            CONFIRMATION,
            format!("confirmation:{id}"),
            self.now,
            serde_json::json!({ "patient": patient }),
        )
        .into_iter()
        .collect();
        messages.extend(reminders(
            self.setup,
            &planned,
            &self.setup.reminder_offsets,
            self.now,
        ));
        messages
    }

    /// A guardian booking for a dependent leaves a trace in the dependent's access log.
    async fn log_for_dependent(&self) -> Result<(), AppError> {
        let Some(dependent) = self.dependent else {
            return Ok(());
        };
        self.ctx
            .log_access(
                Some(self.caller.user_id),
                Some(self.setup.clinic.id),
                Some(self.caller.user_id),
                Some(dependent.id),
                crate::domain::access_action::AccessAction::BookForDependent,
            )
            .await?;
        Ok(())
    }
}
