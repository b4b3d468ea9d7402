//! Booking: slot search, booking, changes, and the lists patients and staff see.
//!
//! Each function authorises, asks the domain (availability, lifecycle), and writes
//! through the store, where the database has the last word on overlaps.

use super::{
    Ctx,
    access::{self, Side},
    clinic_admin::clinic_for_staff,
};
use crate::{
    domain::{
        availability::{Busy, Calendar, Policy, Slot, SlotProblem, Timing, pick_provider},
        booking::{
            Action, ActorKind, AppointmentStatus, TransitionError, allowed_actions,
            patient_may_reschedule, reminder_times, transition,
        },
        catalog::{Branch, Clinic, Service, Slug},
        dates,
        ids::{AppointmentId, BranchId, ClinicId, DependentId, MessageId, ProviderId, ServiceId},
        messaging::{Channel, ChannelSet, Reach, first_channel},
        people::FieldRequirement,
        roles::{DayScope, Role, day_scope},
        schedule::{TimeRange, local_date},
        text::Localized,
    },
    error::{AppError, Conflict, Invalid},
    ssr::{
        store::{
            AppointmentEvent, AppointmentRow, BookingConflict, ClinicCatalog, NewAppointment,
            NewMessage, sealed_name,
        },
        vault::Sealed,
    },
    views::{
        appointments::{AppointmentDetails, AppointmentSummary, EventView, FileView},
        booking::{BookingStep, Choice, DayView, ProviderChoice, SlotView},
    },
};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use std::collections::HashMap;

/// The message kinds a booking schedules; moving or ending it cancels the pending ones.
pub const REMINDER: &str = "appointment_reminder";
const CONFIRMATION: &str = "appointment_confirmation";
const RESCHEDULED: &str = "appointment_rescheduled";
const CANCELLED: &str = "appointment_cancelled";
const FOLLOW_UP: &str = "appointment_follow_up";
/// How many days the date strip shows.
pub const STRIP_DAYS: u32 = 14;
/// Longest note a patient can attach.
pub const MAX_NOTE_CHARS: usize = 2000;

/// What one booking step asks for; every field optional, parsed here.
#[derive(Clone, Debug, Default)]
pub struct PageQuery {
    pub slug: String,
    pub service: Option<String>,
    pub branch: Option<String>,
    pub provider: Option<String>,
    pub date: Option<String>,
    pub reschedule: Option<String>,
}

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

/// A clinic, its catalogue and its rules, loaded once per request.
struct ClinicSetup {
    clinic: Clinic,
    catalog: ClinicCatalog,
    policy: Policy,
    /// The channels the clinic lets its messages use and this deployment can send on.
    channels: ChannelSet,
}

/// One service at one branch: what availability needs.
struct Offer<'a> {
    service: &'a Service,
    branch: &'a Branch,
    providers: Vec<ProviderId>,
}

impl ClinicSetup {
    async fn load(ctx: &Ctx, slug: &str) -> Result<Self, AppError> {
        let slug = Slug::parse(slug).map_err(|_| AppError::NotFound)?;
        let clinic = ctx.store().clinic_by_slug(&slug).await?;
        Self::for_clinic(ctx, clinic).await
    }

    async fn for_clinic(ctx: &Ctx, clinic: Clinic) -> Result<Self, AppError> {
        let catalog = ctx.store().clinic_catalog(clinic.id).await?;
        let (notice, horizon, step, cutoff) = ctx.store().clinic_policy(clinic.id).await?;
        let allowed = ctx.store().clinic_channels(clinic.id).await?;
        // When none of the clinic's channels has a provider here, the clinic's own choice
        // stands, so the worker records why nothing went out.
        let channels = allowed.and(ctx.state.config.delivery).unwrap_or(allowed);
        Ok(Self {
            channels,
            clinic,
            catalog,
            policy: Policy {
                min_notice_min: i64::from(notice),
                horizon_days: i64::from(horizon),
                slot_step_min: i64::from(step),
                cancel_cutoff_min: i64::from(cutoff),
            },
        })
    }

    fn service(&self, id: ServiceId) -> Option<&Service> {
        self.catalog.services.iter().find(|s| s.id == id)
    }

    fn branch(&self, id: BranchId) -> Option<&Branch> {
        self.catalog.branches.iter().find(|b| b.id == id)
    }

    fn provider_name(&self, id: ProviderId) -> Localized {
        self.catalog
            .providers
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.clone())
            .unwrap_or_else(|| Localized::new("", ""))
    }

    /// Branches where someone offers `service`.
    fn branches_for(&self, service: ServiceId) -> Vec<&Branch> {
        self.catalog
            .branches
            .iter()
            .filter(|b| {
                self.catalog
                    .providers
                    .iter()
                    .any(|p| p.service_ids.contains(&service) && p.branch_ids.contains(&b.id))
            })
            .collect()
    }

    fn offer(&self, service: ServiceId, branch: BranchId) -> Result<Offer<'_>, AppError> {
        let service = self
            .service(service)
            .ok_or(AppError::Invalid(Invalid::BookingChoice))?;
        let branch = self
            .branch(branch)
            .ok_or(AppError::Invalid(Invalid::BookingChoice))?;
        let providers: Vec<ProviderId> = self
            .catalog
            .providers
            .iter()
            .filter(|p| p.service_ids.contains(&service.id) && p.branch_ids.contains(&branch.id))
            .map(|p| p.id)
            .collect();
        if providers.is_empty() {
            return Err(AppError::Invalid(Invalid::BookingChoice));
        }
        Ok(Offer {
            service,
            branch,
            providers,
        })
    }
}

/// The data availability works on for a span of local days, loaded in three queries.
struct Bookings {
    hours: Vec<crate::domain::catalog::WorkingHours>,
    exceptions: Vec<crate::domain::catalog::ScheduleException>,
    busy: Busy,
}

impl Bookings {
    async fn load(
        ctx: &Ctx,
        clinic: ClinicId,
        from: NaiveDate,
        to: NaiveDate,
        except: Option<AppointmentId>,
    ) -> Result<Self, AppError> {
        let store = ctx.store();
        let hours = store.working_hours(clinic).await?;
        let exceptions = store.schedule_exceptions(clinic, from, to).await?;
        // Local days span at most 14 hours either side of UTC midnight.
        let start = dates::add_days(from, -1)?
            .and_time(NaiveTime::MIN)
            .and_utc();
        let end = dates::add_days(to, 2)?.and_time(NaiveTime::MIN).and_utc();
        let rows = store.busy_intervals(clinic, start, end).await?;
        let busy = Busy::new(rows.into_iter().filter(|r| Some(r.id) != except).map(|r| {
            (
                r.provider_id,
                TimeRange::new(r.reserved_from, r.reserved_until),
            )
        }));
        Ok(Self {
            hours,
            exceptions,
            busy,
        })
    }

    fn calendar<'a>(
        &'a self,
        setup: &ClinicSetup,
        offer: &Offer<'_>,
        now: DateTime<Utc>,
    ) -> Calendar<'a> {
        Calendar {
            tz: offer.branch.time_zone.tz(),
            branch: offer.branch.id,
            hours: &self.hours,
            exceptions: &self.exceptions,
            busy: &self.busy,
            timing: timing(offer.service),
            policy: setup.policy,
            now,
        }
    }
}

fn timing(s: &Service) -> Timing {
    Timing {
        duration_min: i64::from(s.duration_min),
        buffer_before_min: i64::from(s.buffer_before_min),
        buffer_after_min: i64::from(s.buffer_after_min),
    }
}

fn parse_id<T: std::str::FromStr>(raw: &str) -> Result<T, AppError> {
    raw.parse()
        .map_err(|_| AppError::Invalid(Invalid::BookingChoice))
}

/// `any` (or nothing) for "any available provider", else one provider who offers it.
fn chosen_providers(
    offer: &Offer<'_>,
    raw: Option<&str>,
) -> Result<(Option<ProviderId>, Vec<ProviderId>), AppError> {
    match raw.map(str::trim) {
        None | Some("") | Some("any") => Ok((None, offer.providers.clone())),
        Some(id) => {
            let id: ProviderId = parse_id(id)?;
            if !offer.providers.contains(&id) {
                return Err(AppError::Invalid(Invalid::BookingChoice));
            }
            Ok((Some(id), vec![id]))
        }
    }
}

fn slot_views(slots: Vec<Slot>, tz: chrono_tz::Tz, any: bool) -> Vec<SlotView> {
    slots
        .into_iter()
        .map(|s| SlotView {
            start: s.start,
            local_time: s.start.with_timezone(&tz).format("%H:%M").to_string(),
            local_date: s.start.with_timezone(&tz).date_naive(),
            provider_id: if any {
                None
            } else {
                s.providers.first().copied()
            },
        })
        .collect()
}

fn choices_of_services(setup: &ClinicSetup) -> Vec<Choice<ServiceId>> {
    setup
        .catalog
        .services
        .iter()
        .map(|s| Choice {
            id: s.id,
            name: s.name.clone(),
            detail: Localized::new(
                format!("{} min", s.duration_min),
                format!("{} دقيقة", s.duration_min),
            ),
        })
        .collect()
}

/// The data for one step of the booking flow: what is chosen so far and the options of
/// the next step. Anonymous visitors can browse times; booking needs an account.
pub async fn page(ctx: &Ctx, q: &PageQuery) -> Result<BookingStep, AppError> {
    let caller = ctx.caller().await?;
    let setup = ClinicSetup::load(ctx, &q.slug).await?;
    let now = ctx.now();

    // Moving an appointment: the service, branch and provider are the appointment's.
    let moving = match q.reschedule.as_deref().filter(|s| !s.is_empty()) {
        Some(raw) => {
            let id: AppointmentId = parse_id(raw)?;
            let (_, row, side) = access::appointment_for(ctx, id).await?;
            if row.clinic_id != setup.clinic.id {
                return Err(AppError::NotFound);
            }
            check_may_move(&setup.policy, &row, side, now)?;
            Some(row)
        }
        None => None,
    };
    let service = match &moving {
        Some(row) => Some(row.service_id),
        None => q
            .service
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(parse_id)
            .transpose()?,
    };
    let branch = match &moving {
        Some(row) => Some(row.branch_id),
        None => q
            .branch
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(parse_id)
            .transpose()?,
    };
    let services = choices_of_services(&setup);
    let mut out = BookingStep {
        clinic_slug: setup.clinic.slug.to_string(),
        clinic_name: setup.clinic.name.clone(),
        services,
        branches: Vec::new(),
        providers: Vec::new(),
        service,
        branch: None,
        provider: None,
        time_zone: setup.clinic.time_zone.name().to_owned(),
        days: Vec::new(),
        date: None,
        slots: Vec::new(),
        signed_in: caller.is_some(),
        dependents: Vec::new(),
        rules: ctx.store().clinic_field_rules(setup.clinic.id).await?,
        missing_gender: false,
        missing_birth_date: false,
        missing_picture: false,
        reschedule: moving.as_ref().map(|r| r.id),
        form_token: uuid::Uuid::now_v7().to_string(),
    };
    if let Some(caller) = &caller {
        out.dependents = ctx
            .store()
            .dependents_of(caller.user_id)
            .await?
            .into_iter()
            .map(|d| (d.id, d.full_name))
            .collect();
        let user = ctx.store().user(caller.user_id).await?;
        out.missing_gender =
            out.rules.gender == FieldRequirement::Required && user.gender.is_none();
        out.missing_birth_date =
            out.rules.date_of_birth == FieldRequirement::Required && user.date_of_birth.is_none();
        out.missing_picture =
            out.rules.picture == FieldRequirement::Required && user.picture_id.is_none();
    }
    let Some(service) = service else {
        return Ok(out);
    };
    if setup.service(service).is_none() {
        return Err(AppError::Invalid(Invalid::BookingChoice));
    }
    out.branches = setup
        .branches_for(service)
        .into_iter()
        .map(|b| Choice {
            id: b.id,
            name: b.name.clone(),
            detail: b.address.clone(),
        })
        .collect();
    // One branch: nothing to choose.
    let branch = branch.or_else(|| (out.branches.len() == 1).then(|| out.branches[0].id));
    let Some(branch) = branch else { return Ok(out) };
    let offer = setup.offer(service, branch)?;
    out.branch = Some(branch);
    out.time_zone = offer.branch.time_zone.name().to_owned();
    out.providers = offer
        .providers
        .iter()
        .filter_map(|id| setup.catalog.providers.iter().find(|p| p.id == *id))
        .map(|p| Choice {
            id: p.id,
            name: p.name.clone(),
            detail: p.title.clone(),
        })
        .collect();
    let provider_raw = match &moving {
        Some(row) => Some(row.provider_id.to_string()),
        None => q.provider.clone(),
    };
    let Some(provider_raw) = provider_raw.filter(|p| !p.is_empty()) else {
        return Ok(out);
    };
    let (chosen, providers) = chosen_providers(&offer, Some(&provider_raw))?;
    out.provider = Some(chosen.map_or(ProviderChoice::Any, ProviderChoice::One));

    let tz = offer.branch.time_zone.tz();
    let today = local_date(tz, now);
    let first = today;
    let last = first + Duration::days(i64::from(STRIP_DAYS));
    let bookings = Bookings::load(
        ctx,
        setup.clinic.id,
        first,
        last,
        moving.as_ref().map(|r| r.id),
    )
    .await?;
    let calendar = bookings.calendar(&setup, &offer, now);
    out.days = calendar
        .days_with_slots(&providers, first, STRIP_DAYS)
        .into_iter()
        .map(|(date, has_slots)| DayView { date, has_slots })
        .collect();
    let date = match q.date.as_deref().filter(|d| !d.is_empty()) {
        Some(raw) => Some(dates::parse_day(raw, today)?),
        None => out.days.iter().find(|d| d.has_slots).map(|d| d.date),
    };
    if let Some(date) = date {
        out.date = Some(date);
        out.slots = slot_views(calendar.day(&providers, date), tz, chosen.is_none());
    }
    Ok(out)
}

/// Free start times over `days` local days from `from` (default: today at the branch).
pub async fn search(
    ctx: &Ctx,
    slug: &str,
    service: &str,
    branch: &str,
    provider: Option<&str>,
    from: Option<&str>,
    days: i32,
) -> Result<Vec<SlotView>, AppError> {
    let setup = ClinicSetup::load(ctx, slug).await?;
    let now = ctx.now();
    let (service, branch): (ServiceId, BranchId) = (parse_id(service)?, parse_id(branch)?);
    let days = dates::search_days(days)?;
    let offer = setup.offer(service, branch)?;
    let tz = offer.branch.time_zone.tz();
    let today = local_date(tz, now);
    let first = match from.filter(|f| !f.is_empty()) {
        Some(raw) => dates::parse_day(raw, today)?,
        None => today,
    };
    let (chosen, providers) = chosen_providers(&offer, provider)?;
    let last = dates::add_days(first, i64::from(days))?;
    let bookings = Bookings::load(ctx, setup.clinic.id, first, last, None).await?;
    let calendar = bookings.calendar(&setup, &offer, now);
    let slots: Vec<Slot> = first
        .iter_days()
        .take(days as usize)
        .flat_map(|d| calendar.day(&providers, d))
        .collect();
    Ok(slot_views(slots, tz, chosen.is_none()))
}

/// The nearest free times around a taken one, for the "just taken" answer.
pub async fn nearest(
    ctx: &Ctx,
    slug: &str,
    service: &str,
    branch: &str,
    provider: Option<&str>,
    wanted: &str,
) -> Result<Vec<SlotView>, AppError> {
    let setup = ClinicSetup::load(ctx, slug).await?;
    let now = ctx.now();
    let (service, branch): (ServiceId, BranchId) = (parse_id(service)?, parse_id(branch)?);
    let wanted = dates::parse_instant(wanted, now)?;
    let offer = setup.offer(service, branch)?;
    let tz = offer.branch.time_zone.tz();
    let (chosen, providers) = chosen_providers(&offer, provider)?;
    let day = local_date(tz, wanted);
    let bookings = Bookings::load(
        ctx,
        setup.clinic.id,
        dates::add_days(day, -4)?,
        dates::add_days(day, 4)?,
        None,
    )
    .await?;
    let calendar = bookings.calendar(&setup, &offer, now);
    Ok(slot_views(
        calendar.nearest(&providers, wanted, 6),
        tz,
        chosen.is_none(),
    ))
}

fn slot_problem(p: SlotProblem) -> AppError {
    match p {
        SlotProblem::Taken => AppError::Conflict(Conflict::SlotTaken),
        SlotProblem::TooSoon | SlotProblem::TooFar | SlotProblem::OutsideHours => {
            AppError::Invalid(Invalid::SlotTime)
        }
    }
}

fn booking_conflict(e: BookingConflict) -> AppError {
    match e {
        BookingConflict::SlotTaken => AppError::Conflict(Conflict::SlotTaken),
        BookingConflict::PatientBusy => AppError::Conflict(Conflict::PatientBusy),
        BookingConflict::TooManyUpcoming => AppError::Conflict(Conflict::TooManyUpcoming),
        // Cancelled (or checked in) by someone else while the move was on its way.
        BookingConflict::NotMovable => AppError::Invalid(Invalid::AppointmentChange),
        BookingConflict::Store(e) => e.into(),
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

/// Who a message about an appointment goes to, and on which channel: see
/// [`first_channel`]. `None` when the clinic allows no channel we hold a contact for.
fn recipient(user: &crate::ssr::store::User, allowed: ChannelSet) -> Option<(Channel, String)> {
    let reach = Reach {
        phone: user.phone.is_some(),
        email: user.email.is_some(),
    };
    let channel = first_channel(user.preferred_channel, reach, allowed)?;
    let to = match channel {
        Channel::Email => user.email.as_ref()?.as_str().to_owned(),
        Channel::Sms | Channel::WhatsApp => user.phone.as_ref()?.as_str().to_owned(),
    };
    Some((channel, to))
}

/// What templates need to render a message about an appointment; never the note.
fn payload(setup: &ClinicSetup, row: &Planned<'_>, extra: serde_json::Value) -> serde_json::Value {
    let branch = setup.branch(row.branch);
    let tz = branch.map(|b| b.time_zone.tz()).unwrap_or(chrono_tz::UTC);
    let local = row.starts_at.with_timezone(&tz);
    let mut v = serde_json::json!({
        "appointment_id": row.id.to_string(),
        "clinic": setup.clinic.name,
        "clinic_slug": setup.clinic.slug.to_string(),
        "branch": branch.map(|b| b.name.clone()),
        "address": branch.map(|b| b.address.clone()),
        "provider": setup.provider_name(row.provider),
        "service": setup.service(row.service).map(|s| s.name.clone()),
        "starts_at": row.starts_at.to_rfc3339(),
        "ends_at": setup
            .service(row.service)
            .map(|s| (row.starts_at + Duration::minutes(i64::from(s.duration_min))).to_rfc3339()),
        "local_date": local.format("%Y-%m-%d").to_string(),
        "local_time": local.format("%H:%M").to_string(),
        "time_zone": tz.name(),
    });
    if let (Some(obj), serde_json::Value::Object(more)) = (v.as_object_mut(), extra) {
        obj.extend(more);
    }
    v
}

/// The facts messages are built from, for a new or existing appointment.
struct Planned<'a> {
    id: AppointmentId,
    branch: BranchId,
    provider: ProviderId,
    service: ServiceId,
    starts_at: DateTime<Utc>,
    user: &'a crate::ssr::store::User,
}

fn message(
    setup: &ClinicSetup,
    p: &Planned<'_>,
    kind: &str,
    key: String,
    due_at: DateTime<Utc>,
    extra: serde_json::Value,
) -> Option<NewMessage> {
    let (channel, to) = recipient(p.user, setup.channels)?;
    Some(NewMessage {
        id: MessageId(uuid::Uuid::now_v7()),
        idempotency_key: format!("{key}:{}", channel.as_str()),
        kind: kind.to_owned(),
        channel,
        recipient: to,
        lang: p.user.lang,
        payload: payload(setup, p, extra),
        due_at,
        user_id: Some(p.user.id),
        clinic_id: Some(setup.clinic.id),
        appointment_id: Some(p.id),
    })
}

/// The reminders for a visit at the clinic's offsets. The key names the start time, so a
/// moved visit gets new reminders while the old ones are cancelled.
fn reminders(
    setup: &ClinicSetup,
    p: &Planned<'_>,
    offsets: &[i64],
    now: DateTime<Utc>,
) -> Vec<NewMessage> {
    reminder_times(p.starts_at, offsets, now)
        .into_iter()
        .filter_map(|(offset, at)| {
            message(
                setup,
                p,
                REMINDER,
                format!("reminder:{}:{}:{offset}", p.id, p.starts_at.timestamp()),
                at,
                serde_json::json!({ "offset_min": offset }),
            )
        })
        .collect()
}

/// The account holder's or dependent's required profile fields must be filled.
async fn check_required_fields(
    ctx: &Ctx,
    clinic: ClinicId,
    user: &crate::ssr::store::User,
    dependent: Option<&crate::ssr::store::Dependent>,
) -> Result<(), AppError> {
    let rules = ctx.store().clinic_field_rules(clinic).await?;
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

/// Books a visit for the caller or one of their dependents.
pub async fn book(ctx: &Ctx, input: &BookInput) -> Result<AppointmentId, AppError> {
    let caller = ctx.require_caller().await?;
    let setup = ClinicSetup::load(ctx, &input.slug).await?;
    let now = ctx.now();
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
    // A retried or double-clicked submission answers with the first booking, even though
    // its time is no longer free.
    if let Some(existing) = ctx
        .store()
        .appointment_by_key(caller.user_id, (!key.is_empty()).then_some(key))
        .await?
    {
        return Ok(existing);
    }
    let user = ctx.store().user(caller.user_id).await?;
    let dependent = match input.patient.trim() {
        "" | "me" => None,
        raw => {
            let id: DependentId = parse_id(raw)?;
            Some(ctx.store().current_dependent(caller.user_id, id).await?)
        }
    };
    check_required_fields(ctx, setup.clinic.id, &user, dependent.as_ref()).await?;

    let offer = setup.offer(service, branch)?;
    let (chosen, providers) = chosen_providers(&offer, Some(&input.provider))?;
    let tz = offer.branch.time_zone.tz();
    let day = local_date(tz, start);
    let clinic_id = setup.clinic.id;
    let bookings = Bookings::load(
        ctx,
        clinic_id,
        dates::add_days(day, -1)?,
        dates::add_days(day, 1)?,
        None,
    )
    .await?;
    let load: HashMap<ProviderId, i64> = if chosen.is_none() {
        let fortnight = |days: i64| {
            start
                .checked_add_signed(Duration::days(days))
                .ok_or(dates::DateError::OutOfWindow)
        };
        ctx.store()
            .provider_load(clinic_id, fortnight(-7)?, fortnight(7)?)
            .await?
            .into_iter()
            .collect()
    } else {
        HashMap::new()
    };
    let calendar = bookings.calendar(&setup, &offer, now);
    let mut free: Vec<ProviderId> = Vec::new();
    let mut problem = None;
    for &p in &providers {
        match calendar.check(p, start) {
            Ok(()) => free.push(p),
            Err(e) => problem = problem.or(Some(e)),
        }
    }
    if free.is_empty() {
        return Err(slot_problem(problem.unwrap_or(SlotProblem::Taken)));
    }
    let reservation = timing(offer.service).reservation(start);
    let note = if note.is_empty() {
        None
    } else {
        Some(note.to_owned())
    };

    // "Any provider": try the fairest first; if the database says someone else just took
    // that provider, try the next one. The database still decides every attempt.
    let offsets = ctx.store().reminder_offsets(clinic_id).await?;
    let spin = u64::from(rand::random::<u32>());
    let mut last_err = AppError::Conflict(Conflict::SlotTaken);
    while let Some(provider) = pick_provider(&free, &load, spin) {
        free.retain(|p| *p != provider);
        let id = AppointmentId::new_v7();
        let sealed: Option<Sealed> = match &note {
            Some(n) => Some(
                ctx.state
                    .vault
                    .seal(n.as_bytes(), format!("note:{id}").as_bytes())
                    .map_err(|_| AppError::Internal)?,
            ),
            None => None,
        };
        let appointment = NewAppointment {
            id,
            clinic_id,
            branch_id: branch,
            provider_id: provider,
            service_id: service,
            booked_by: caller.user_id,
            dependent_id: dependent.as_ref().map(|d| d.id),
            starts_at: reservation.visit.start,
            ends_at: reservation.visit.end,
            reserved_from: reservation.reserved.start,
            reserved_until: reservation.reserved.end,
            idempotency_key: (!key.is_empty()).then(|| key.to_owned()),
            note: sealed,
        };
        let planned = Planned {
            id,
            branch,
            provider,
            service,
            starts_at: start,
            user: &user,
        };
        let mut messages: Vec<NewMessage> = message(
            &setup,
            &planned,
            CONFIRMATION,
            format!("confirmation:{id}"),
            now,
            serde_json::json!({ "patient": patient_name(&user, dependent.as_ref()) }),
        )
        .into_iter()
        .collect();
        messages.extend(reminders(&setup, &planned, &offsets, now));
        let event = AppointmentEvent {
            at: now,
            actor_id: Some(caller.user_id),
            actor_kind: ActorKind::Patient.as_str(),
            action: "booked",
            from_status: None,
            to_status: Some(AppointmentStatus::Booked.as_str()),
            old_starts_at: None,
            new_starts_at: Some(start),
            reason: None,
        };
        match ctx.store().book(&appointment, &event, &messages, now).await {
            Ok(booked) => {
                if booked == id && dependent.is_some() {
                    ctx.log_access(
                        Some(caller.user_id),
                        Some(clinic_id),
                        Some(caller.user_id),
                        dependent.as_ref().map(|d| d.id),
                        "book_for_dependent",
                    )
                    .await?;
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

fn patient_name(
    user: &crate::ssr::store::User,
    dependent: Option<&crate::ssr::store::Dependent>,
) -> String {
    dependent.map_or_else(|| user.full_name.clone(), |d| d.full_name.clone())
}

fn check_may_move(
    policy: &Policy,
    row: &AppointmentRow,
    side: Side,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let status = status_of(row)?;
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

fn status_of(row: &AppointmentRow) -> Result<AppointmentStatus, AppError> {
    AppointmentStatus::parse(&row.status).ok_or(AppError::Internal)
}

fn actor_of(side: Side) -> ActorKind {
    match side {
        Side::Patient => ActorKind::Patient,
        Side::Clinic => ActorKind::Clinic,
    }
}

/// Moves an appointment to another free time of the same provider, keeping its history.
pub async fn reschedule(ctx: &Ctx, id: &str, start: &str) -> Result<AppointmentId, AppError> {
    let id: AppointmentId = parse_id(id)?;
    let start = dates::parse_instant(start, ctx.now())?;
    let (caller, row, side) = access::appointment_for(ctx, id).await?;
    let clinic = ctx.store().clinic(row.clinic_id).await?;
    let setup = ClinicSetup::for_clinic(ctx, clinic).await?;
    let now = ctx.now();
    check_may_move(&setup.policy, &row, side, now)?;
    let offer = setup.offer(row.service_id, row.branch_id)?;
    let day = local_date(offer.branch.time_zone.tz(), start);
    let bookings = Bookings::load(
        ctx,
        row.clinic_id,
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
        &setup,
        &planned,
        RESCHEDULED,
        format!("rescheduled:{}:{}", row.id, start.timestamp()),
        now,
        serde_json::json!({ "by": actor_of(side).as_str(), "old_starts_at": row.starts_at.to_rfc3339() }),
    )
    .into_iter()
    .collect();
    let offsets = ctx.store().reminder_offsets(row.clinic_id).await?;
    messages.extend(reminders(&setup, &planned, &offsets, now));
    let event = AppointmentEvent {
        at: now,
        actor_id: Some(caller.user_id),
        actor_kind: actor_of(side).as_str(),
        action: "rescheduled",
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
            &[REMINDER],
            now,
        )
        .await
        .map_err(booking_conflict)?;
    access::log_if_staff(ctx, &caller, &row, side, "reschedule_appointment").await?;
    Ok(row.id)
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
    access::log_if_staff(ctx, &caller, &row, side, action.as_str()).await?;
    Ok(())
}

/// Applies a lifecycle action for an actor already authorised (a signed-in caller, or a
/// patient answering a reminder from their number): policy, history and messages.
pub async fn apply_action(
    ctx: &Ctx,
    row: &AppointmentRow,
    actor: ActorKind,
    actor_id: crate::domain::ids::UserId,
    action: Action,
    reason: &str,
) -> Result<(), AppError> {
    let clinic = ctx.store().clinic(row.clinic_id).await?;
    let setup = ClinicSetup::for_clinic(ctx, clinic).await?;
    let now = ctx.now();
    let from = status_of(row)?;
    let to = transition(
        from,
        action,
        actor,
        now,
        row.starts_at,
        Duration::minutes(setup.policy.cancel_cutoff_min),
    )
    .map_err(transition_error)?;
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
    let messages: Vec<NewMessage> = match action {
        Action::Cancel => message(
            &setup,
            &planned,
            CANCELLED,
            format!("cancelled:{}", row.id),
            now,
            extra,
        ),
        Action::Complete => message(
            &setup,
            &planned,
            FOLLOW_UP,
            format!("follow-up:{}", row.id),
            now + Duration::hours(2),
            extra,
        ),
        _ => None,
    }
    .into_iter()
    .collect();
    let cancel_kinds: &[&str] = if to.is_active() { &[] } else { &[REMINDER] };
    let event = AppointmentEvent {
        at: now,
        actor_id: Some(actor_id),
        actor_kind: actor.as_str(),
        action: action.as_str(),
        from_status: Some(from.as_str()),
        to_status: Some(to.as_str()),
        old_starts_at: None,
        new_starts_at: None,
        reason: (!reason.is_empty()).then_some(reason),
    };
    let changed = ctx
        .store()
        .set_appointment_status(
            row.id,
            from.as_str(),
            to.as_str(),
            (action == Action::Cancel).then_some(actor.as_str()),
            (!reason.is_empty()).then_some(reason),
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

/// A dependent's visits still to come, listed before the guardian confirms removing them.
pub async fn upcoming_for_dependent(
    ctx: &Ctx,
    guardian: crate::domain::ids::UserId,
    dependent: &crate::ssr::store::Dependent,
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

/// Cancels visits as their patient's guardian would one by one (cancellation messages,
/// reminders dropped, history), after checking every one may be cancelled, so a visit
/// past its clinic's cutoff stops the whole removal before anything changed.
pub async fn cancel_all_as_patient(
    ctx: &Ctx,
    actor_id: crate::domain::ids::UserId,
    rows: &[AppointmentRow],
    reason: &str,
) -> Result<(), AppError> {
    let now = ctx.now();
    for row in rows {
        let (_, _, _, cutoff) = ctx.store().clinic_policy(row.clinic_id).await?;
        transition(
            status_of(row)?,
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

/// Names and places for appointment lists, looked up once per clinic.
struct Names {
    setups: HashMap<ClinicId, ClinicSetup>,
}

impl Names {
    async fn for_rows(ctx: &Ctx, rows: &[AppointmentRow]) -> Result<Self, AppError> {
        let mut setups = HashMap::new();
        for row in rows {
            if let std::collections::hash_map::Entry::Vacant(slot) = setups.entry(row.clinic_id) {
                let clinic = ctx.store().clinic(row.clinic_id).await?;
                slot.insert(ClinicSetup::for_clinic(ctx, clinic).await?);
            }
        }
        Ok(Self { setups })
    }

    fn summary(
        &self,
        row: &AppointmentRow,
        patient_name: String,
    ) -> Result<AppointmentSummary, AppError> {
        let setup = self.setups.get(&row.clinic_id).ok_or(AppError::Internal)?;
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
            status: status_of(row)?,
        })
    }
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
                .unwrap_or_else(|| caller.full_name.clone());
            names.summary(row, name)
        })
        .collect()
}

async fn patient_display_name(ctx: &Ctx, row: &AppointmentRow) -> Result<String, AppError> {
    Ok(match row.dependent_id {
        Some(d) => ctx.store().dependent(row.booked_by, d).await?.full_name,
        None => ctx.store().user(row.booked_by).await?.full_name,
    })
}

/// One appointment with its note, files and history, for its patient or its clinic.
pub async fn details(ctx: &Ctx, id: &str) -> Result<AppointmentDetails, AppError> {
    let id: AppointmentId = parse_id(id).map_err(|_| AppError::NotFound)?;
    let (caller, row, side) = access::appointment_for(ctx, id).await?;
    access::log_if_staff(ctx, &caller, &row, side, "view_appointment").await?;
    let names = Names::for_rows(ctx, std::slice::from_ref(&row)).await?;
    let summary = names.summary(&row, patient_display_name(ctx, &row).await?)?;
    let setup = names.setups.get(&row.clinic_id).ok_or(AppError::Internal)?;
    let vault = &ctx.state.vault;
    // The front desk gets the visit without its clinical part: no note, no files.
    let clinical = access::sees_clinical(&caller, &row, side);
    let note = match (&row.note_key_id, &row.note_nonce, &row.note_ciphertext) {
        _ if !clinical => None,
        (Some(key_id), Some(nonce), Some(ciphertext)) => {
            let sealed = Sealed {
                key_id: key_id.clone(),
                nonce: nonce.clone(),
                ciphertext: ciphertext.clone(),
            };
            let plain = vault
                .open(&sealed, format!("note:{}", row.id).as_bytes())
                .map_err(|_| AppError::Internal)?;
            Some(String::from_utf8_lossy(&plain).into_owned())
        }
        _ => None,
    };
    let stored = if clinical {
        ctx.store().files_of(row.id).await?
    } else {
        Vec::new()
    };
    let files = stored
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
        .collect();
    let tz = setup
        .branch(row.branch_id)
        .map(|b| b.time_zone)
        .unwrap_or(setup.clinic.time_zone)
        .tz();
    let fmt = |t: DateTime<Utc>| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string();
    let history = ctx
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
        .collect();
    let now = ctx.now();
    let status = summary.status;
    let cutoff = Duration::minutes(setup.policy.cancel_cutoff_min);
    let actor = actor_of(side);
    let actions = allowed_actions(status, actor, now, row.starts_at, cutoff);
    let can_move = match side {
        Side::Patient => patient_may_reschedule(status, now, row.starts_at, cutoff),
        Side::Clinic => patient_may_reschedule(status, now, row.starts_at, Duration::zero()),
    };
    let (google, outlook) = calendar_links(&summary, &row);
    let messages = super::messages::for_appointment(ctx, row.id).await?;
    Ok(AppointmentDetails {
        messages,
        as_clinic: side == Side::Clinic,
        clinical,
        can_cancel: actions.contains(&Action::Cancel),
        can_reschedule: can_move,
        staff_actions: if side == Side::Clinic {
            actions.iter().map(|a| a.as_str().to_owned()).collect()
        } else {
            actions
                .iter()
                .filter(|a| **a == Action::Confirm)
                .map(|a| a.as_str().to_owned())
                .collect()
        },
        google_calendar_url: google,
        outlook_calendar_url: outlook,
        summary,
        note,
        files,
        history,
    })
}

fn calendar_links(s: &AppointmentSummary, row: &AppointmentRow) -> (String, String) {
    let title = format!("{} — {}", s.service_name.en, s.clinic_name.en);
    let place = format!("{}, {}", s.branch_name.en, s.branch_address.en);
    let fmt = |t: DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    let google = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("action", "TEMPLATE")
        .append_pair("text", &title)
        .append_pair(
            "dates",
            &format!("{}/{}", fmt(row.starts_at), fmt(row.ends_at)),
        )
        .append_pair("location", &place)
        .append_pair("ctz", &s.time_zone)
        .finish();
    let outlook = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("subject", &title)
        .append_pair("startdt", &row.starts_at.to_rfc3339())
        .append_pair("enddt", &row.ends_at.to_rfc3339())
        .append_pair("location", &place)
        .finish();
    (
        format!("https://calendar.google.com/calendar/render?{google}"),
        format!("https://outlook.live.com/calendar/0/deeplink/compose?{outlook}"),
    )
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
        "view_day",
    )
    .await?;
    Ok((day, out))
}

/// The appointment as an iCalendar file, with times in the branch's zone (`TZID`), for
/// the patient's calendar and the confirmation email.
pub async fn ics(ctx: &Ctx, id: &str) -> Result<String, AppError> {
    let id: AppointmentId = parse_id(id).map_err(|_| AppError::NotFound)?;
    let (caller, row, side) = access::appointment_for(ctx, id).await?;
    access::log_if_staff(ctx, &caller, &row, side, "export_appointment").await?;
    let names = Names::for_rows(ctx, std::slice::from_ref(&row)).await?;
    let summary = names.summary(&row, patient_display_name(ctx, &row).await?)?;
    let base = ctx
        .state
        .config
        .public_url
        .as_str()
        .trim_end_matches('/')
        .to_owned();
    Ok(calendar_file(
        &summary,
        row.ends_at,
        &format!("{base}/appointments/{}", row.id),
        ctx.lang(),
    ))
}

/// Builds the iCalendar text; pure so the email worker can attach the same file.
pub fn calendar_file(
    s: &AppointmentSummary,
    ends_at: DateTime<Utc>,
    url: &str,
    lang: crate::domain::lang::Lang,
) -> String {
    use icalendar::{CalendarDateTime, Component, EventLike, EventStatus};
    let tz: chrono_tz::Tz = s.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let title = format!("{} — {}", s.service_name.get(lang), s.clinic_name.get(lang));
    let location = format!(
        "{}, {}",
        s.branch_name.get(lang),
        s.branch_address.get(lang)
    );
    let mut event = icalendar::Event::new();
    event
        .uid(&format!("{}@calentify", s.id))
        .summary(&title)
        .location(&location)
        .description(&format!("{}\n{url}", s.provider_name.get(lang)))
        .url(url)
        .starts(CalendarDateTime::from_date_time(
            s.starts_at.with_timezone(&tz),
        ))
        .ends(CalendarDateTime::from_date_time(ends_at.with_timezone(&tz)))
        .status(if s.status == AppointmentStatus::Cancelled {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        });
    let mut calendar = icalendar::Calendar::new();
    calendar.name(s.clinic_name.get(lang));
    if let Some(zone) = vtimezone(tz, s.starts_at.with_timezone(&tz).year()) {
        calendar.push(zone);
    }
    calendar.push(event.done());
    calendar.done().to_string()
}

/// The `VTIMEZONE` RFC 5545 (§3.6.5) requires for the `TZID` the event names, with the
/// offsets of the visit's year, so a client without the zone (Outlook, older phones)
/// still places the visit at the right hour.
fn vtimezone(tz: chrono_tz::Tz, year: i32) -> Option<icalendar::CalendarComponent> {
    use crate::domain::timezone::{ObservanceKind, TimeZone};
    use icalendar::parser::{Component, Property};
    fn offset(secs: i32) -> String {
        let sign = if secs < 0 { '-' } else { '+' };
        let secs = secs.unsigned_abs();
        format!("{sign}{:02}{:02}", secs / 3600, secs % 3600 / 60)
    }
    let observances = TimeZone::from(tz).observances_in(year)?;
    let owned: Vec<(&str, Vec<(&str, String)>)> = observances
        .into_iter()
        .map(|o| {
            let kind = match o.kind {
                ObservanceKind::Standard => "STANDARD",
                ObservanceKind::Daylight => "DAYLIGHT",
            };
            let mut props = vec![
                ("DTSTART", o.starts.format("%Y%m%dT%H%M%S").to_string()),
                ("TZOFFSETFROM", offset(o.offset_from_secs)),
                ("TZOFFSETTO", offset(o.offset_to_secs)),
            ];
            props.extend(o.name.map(|n| ("TZNAME", n)));
            (kind, props)
        })
        .collect();
    let zone = Component {
        name: "VTIMEZONE".into(),
        properties: vec![Property::new_ref("TZID", tz.name())],
        components: owned
            .iter()
            .map(|(kind, props)| Component {
                name: (*kind).into(),
                properties: props.iter().map(|(k, v)| Property::new_ref(k, v)).collect(),
                components: Vec::new(),
            })
            .collect(),
    };
    Some(zone.into())
}

/// The calendar file for a message about an appointment, rebuilt from the facts its
/// outbox row carries (the email worker attaches it).
pub fn calendar_from_payload(
    p: &serde_json::Value,
    lang: crate::domain::lang::Lang,
    base_url: &str,
    cancelled: bool,
) -> Option<String> {
    let text = |k: &str| p.get(k).and_then(serde_json::Value::as_str);
    let localized = |k: &str| serde_json::from_value::<Localized>(p.get(k)?.clone()).ok();
    let time = |k: &str| {
        DateTime::parse_from_rfc3339(text(k)?)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    };
    let id: AppointmentId = text("appointment_id")?.parse().ok()?;
    let (starts_at, ends_at) = (time("starts_at")?, time("ends_at")?);
    let time_zone = text("time_zone")?;
    let tz: chrono_tz::Tz = time_zone.parse().ok()?;
    let local = starts_at.with_timezone(&tz);
    let summary = AppointmentSummary {
        id,
        clinic_slug: text("clinic_slug").unwrap_or_default().to_owned(),
        clinic_name: localized("clinic")?,
        branch_name: localized("branch")?,
        branch_address: localized("address")?,
        provider_name: localized("provider")?,
        service_name: localized("service")?,
        patient_name: String::new(),
        for_dependent: false,
        starts_at,
        ends_at,
        local_date: local.date_naive(),
        local_time: local.format("%H:%M").to_string(),
        time_zone: time_zone.to_owned(),
        status: if cancelled {
            AppointmentStatus::Cancelled
        } else {
            AppointmentStatus::Booked
        },
    };
    let url = format!("{}/appointments/{id}", base_url.trim_end_matches('/'));
    Some(calendar_file(&summary, ends_at, &url, lang))
}
