//! Slot queries: the booking flow's steps, free-time search and the nearest free times.

use super::{
    lifecycle::check_may_move,
    parse_id,
    setup::{Bookings, ClinicSetup, Offer, chosen_providers},
};
use crate::{
    domain::{
        availability::Slot,
        dates,
        ids::{AppointmentId, BranchId, ProviderId, ServiceId},
        people::FieldRequirement,
        schedule::local_date,
        text::Localized,
    },
    error::{AppError, Invalid},
    ssr::{
        caller::Caller,
        services::{Ctx, access},
        store::AppointmentRow,
    },
    views::booking::{BookingStep, Choice, DayView, ProviderChoice, SlotView},
};
use chrono::{DateTime, Duration, Utc};

/// How many days the date strip shows.
pub const STRIP_DAYS: u32 = 14;

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

/// The data for one step of the booking flow: what is chosen so far and the options of
/// the next step. Anonymous visitors can browse times; booking needs an account.
pub async fn page(ctx: &Ctx, q: &PageQuery) -> Result<BookingStep, AppError> {
    let caller = ctx.caller().await?;
    let setup = ClinicSetup::load(ctx, &q.slug).await?;
    let now = ctx.now();

    // Moving an appointment: the service, branch and provider are the appointment's.
    let moving = appointment_to_move(ctx, &setup, q.reschedule.as_deref(), now).await?;
    let service = match &moving {
        Some(row) => Some(row.service_id),
        None => optional_id(q.service.as_deref())?,
    };
    let branch = match &moving {
        Some(row) => Some(row.branch_id),
        None => optional_id(q.branch.as_deref())?,
    };
    let mut out = first_step(&setup, service, caller.is_some(), moving.as_ref());
    if let Some(caller) = &caller {
        describe_patient(ctx, caller, &mut out).await?;
    }
    let Some(service) = service else {
        return Ok(out);
    };
    if setup.service(service).is_none() {
        return Err(AppError::Invalid(Invalid::BookingChoice));
    }
    out.branches = branch_choices(&setup, service);
    // One branch: nothing to choose.
    let branch = branch.or_else(|| (out.branches.len() == 1).then(|| out.branches[0].id));
    let Some(branch) = branch else { return Ok(out) };
    let offer = setup.offer(service, branch)?;
    out.branch = Some(branch);
    out.time_zone = offer.branch.time_zone.name().to_owned();
    out.providers = provider_choices(&setup, &offer);
    let provider_raw = match &moving {
        Some(row) => Some(row.provider_id.to_string()),
        None => q.provider.clone(),
    };
    let Some(provider_raw) = provider_raw.filter(|p| !p.is_empty()) else {
        return Ok(out);
    };
    let (chosen, providers) = chosen_providers(&offer, Some(&provider_raw))?;
    out.provider = Some(chosen.map_or(ProviderChoice::Any, ProviderChoice::One));
    let strip = Strip {
        any: chosen.is_none(),
        providers: &providers,
        date: q.date.as_deref(),
        except: moving.as_ref().map(|r| r.id),
    };
    fill_days(ctx, &setup, &offer, strip, now, &mut out).await?;
    Ok(out)
}

/// The appointment being moved, when the step is part of a reschedule the caller may make.
async fn appointment_to_move(
    ctx: &Ctx,
    setup: &ClinicSetup,
    raw: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Option<AppointmentRow>, AppError> {
    let Some(raw) = raw.filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let id: AppointmentId = parse_id(raw)?;
    let (_, row, side) = access::appointment_for(ctx, id).await?;
    if row.clinic_id != setup.clinic.id {
        return Err(AppError::NotFound);
    }
    check_may_move(&setup.policy, &row, side, now)?;
    Ok(Some(row))
}

fn optional_id<T: std::str::FromStr>(raw: Option<&str>) -> Result<Option<T>, AppError> {
    raw.filter(|s| !s.is_empty()).map(parse_id).transpose()
}

/// The step with only the clinic's own choices filled in.
fn first_step(
    setup: &ClinicSetup,
    service: Option<ServiceId>,
    signed_in: bool,
    moving: Option<&AppointmentRow>,
) -> BookingStep {
    let display = setup.display;
    BookingStep {
        display,
        clinic_slug: setup.clinic.slug.to_string(),
        clinic_name: setup.clinic.name.clone(),
        services: choices_of_services(setup, display),
        branches: Vec::new(),
        providers: Vec::new(),
        service,
        branch: None,
        provider: None,
        time_zone: setup.clinic.time_zone.name().to_owned(),
        days: Vec::new(),
        date: None,
        slots: Vec::new(),
        signed_in,
        dependents: Vec::new(),
        rules: setup.field_rules,
        missing_gender: false,
        missing_birth_date: false,
        missing_picture: false,
        reschedule: moving.map(|r| r.id),
        form_token: uuid::Uuid::now_v7().to_string(),
    }
}

/// Who the signed-in caller can book for, and which required fields they still lack.
async fn describe_patient(
    ctx: &Ctx,
    caller: &Caller,
    out: &mut BookingStep,
) -> Result<(), AppError> {
    out.dependents = ctx
        .store()
        .dependents_of(caller.user_id)
        .await?
        .into_iter()
        .map(|d| (d.id, d.full_name))
        .collect();
    let user = ctx.store().user(caller.user_id).await?;
    out.missing_gender = out.rules.gender == FieldRequirement::Required && user.gender.is_none();
    out.missing_birth_date =
        out.rules.date_of_birth == FieldRequirement::Required && user.date_of_birth.is_none();
    out.missing_picture =
        out.rules.picture == FieldRequirement::Required && user.picture_id.is_none();
    Ok(())
}

fn branch_choices(setup: &ClinicSetup, service: ServiceId) -> Vec<Choice<BranchId>> {
    setup
        .branches_for(service)
        .into_iter()
        .map(|b| Choice {
            id: b.id,
            name: b.name.clone(),
            detail: b.address.clone(),
        })
        .collect()
}

fn provider_choices(setup: &ClinicSetup, offer: &Offer<'_>) -> Vec<Choice<ProviderId>> {
    offer
        .providers
        .iter()
        .filter_map(|id| setup.catalog.providers.iter().find(|p| p.id == *id))
        .map(|p| Choice {
            id: p.id,
            name: p.name.clone(),
            detail: p.title.clone(),
        })
        .collect()
}

/// What the date strip shows: whose times, whether the patient left the provider to us,
/// the day asked for, and the appointment being moved (its own time counts as free).
struct Strip<'a> {
    any: bool,
    providers: &'a [ProviderId],
    date: Option<&'a str>,
    except: Option<AppointmentId>,
}

/// The date strip, the chosen (or first free) day and its free times.
async fn fill_days(
    ctx: &Ctx,
    setup: &ClinicSetup,
    offer: &Offer<'_>,
    pick: Strip<'_>,
    now: DateTime<Utc>,
    out: &mut BookingStep,
) -> Result<(), AppError> {
    let tz = offer.branch.time_zone.tz();
    let today = local_date(tz, now);
    let first = today;
    let last = first + Duration::days(i64::from(STRIP_DAYS));
    let bookings = Bookings::load(ctx, setup, &offer.providers, first, last, pick.except).await?;
    let calendar = bookings.calendar(setup, offer, now);
    out.days = calendar
        .days_with_slots(pick.providers, first, STRIP_DAYS)
        .into_iter()
        .map(|(date, has_slots)| DayView { date, has_slots })
        .collect();
    let date = match pick.date.filter(|d| !d.is_empty()) {
        Some(raw) => Some(dates::parse_day(raw, today)?),
        None => out.days.iter().find(|d| d.has_slots).map(|d| d.date),
    };
    if let Some(date) = date {
        out.date = Some(date);
        out.slots = slot_views(calendar.day(pick.providers, date), tz, pick.any);
    }
    Ok(())
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
    let bookings = Bookings::load(ctx, &setup, &offer.providers, first, last, None).await?;
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
        &setup,
        &offer.providers,
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

/// Each service with its length, written with the plural form and digits of each language.
fn choices_of_services(
    setup: &ClinicSetup,
    display: crate::domain::display::DisplaySettings,
) -> Vec<Choice<ServiceId>> {
    use crate::i18n::{Formatter, Lang, strings};
    let duration =
        |lang, minutes| Formatter::new(lang, display).count(&strings(lang).minutes, minutes);
    setup
        .catalog
        .services
        .iter()
        .map(|s| Choice {
            id: s.id,
            name: s.name.clone(),
            detail: Localized::new(
                duration(Lang::En, i64::from(s.duration_min)),
                duration(Lang::Ar, i64::from(s.duration_min)),
            ),
        })
        .collect()
}
