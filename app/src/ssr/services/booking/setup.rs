//! A clinic's setup (catalogue, policy, channels) and the bookings availability works on,
//! loaded once per request.

use super::parse_id;
use crate::{
    domain::{
        availability::{Busy, Calendar, Policy, Timing},
        catalog::{Branch, ScheduleException, Service, Slug},
        dates,
        ids::{AppointmentId, BranchId, ClinicId, ProviderId, ServiceId},
        messaging::ChannelSet,
        schedule::TimeRange,
        text::Localized,
    },
    error::{AppError, Invalid},
    ssr::{services::Ctx, store::ClinicSnapshot},
};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use std::sync::Arc;

/// A clinic, its catalogue and its rules as this request sees them: the kept snapshot
/// (shared, never copied per request) with the policy and channels this deployment
/// derives from it. Dereferences to the snapshot, so `setup.catalog` and the rest read
/// straight from it.
pub(super) struct ClinicSetup {
    snapshot: Arc<ClinicSnapshot>,
    pub(super) policy: Policy,
    /// The channels the clinic lets its messages use and this deployment can send on.
    pub(super) channels: ChannelSet,
}

impl std::ops::Deref for ClinicSetup {
    type Target = ClinicSnapshot;

    fn deref(&self) -> &ClinicSnapshot {
        &self.snapshot
    }
}

/// One service at one branch: what availability needs.
pub(super) struct Offer<'a> {
    pub(super) service: &'a Service,
    pub(super) branch: &'a Branch,
    pub(super) providers: Vec<ProviderId>,
}

impl ClinicSetup {
    pub(super) async fn load(ctx: &Ctx, slug: &str) -> Result<Self, AppError> {
        let slug = Slug::parse(slug).map_err(|_| AppError::NotFound)?;
        let snapshot = ctx.store().clinic_snapshot_by_slug(&slug).await?;
        crate::ssr::services::clinic_setup::visible_to(ctx, &snapshot.clinic).await?;
        Ok(Self::from_snapshot(ctx, snapshot))
    }

    pub(super) async fn for_clinic(ctx: &Ctx, clinic: ClinicId) -> Result<Self, AppError> {
        let snapshot = ctx.store().clinic_snapshot(clinic).await?;
        Ok(Self::from_snapshot(ctx, snapshot))
    }

    fn from_snapshot(ctx: &Ctx, snapshot: Arc<ClinicSnapshot>) -> Self {
        let allowed = snapshot.channels;
        // When none of the clinic's channels has a provider here, the clinic's own choice
        // stands, so the worker records why nothing went out.
        let channels = allowed.and(ctx.state.config.delivery).unwrap_or(allowed);
        Self {
            channels,
            policy: snapshot.policy.availability(),
            snapshot,
        }
    }

    pub(super) fn service(&self, id: ServiceId) -> Option<&Service> {
        self.catalog.services.iter().find(|s| s.id == id)
    }

    pub(super) fn branch(&self, id: BranchId) -> Option<&Branch> {
        self.catalog.branches.iter().find(|b| b.id == id)
    }

    pub(super) fn provider_name(&self, id: ProviderId) -> Localized {
        self.catalog
            .providers
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.clone())
            .unwrap_or_else(|| Localized::new("", ""))
    }

    /// Branches where someone offers `service`.
    pub(super) fn branches_for(&self, service: ServiceId) -> Vec<&Branch> {
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

    pub(super) fn offer(
        &self,
        service: ServiceId,
        branch: BranchId,
    ) -> Result<Offer<'_>, AppError> {
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

/// The data availability works on for a span of local days (the weekly hours come from
/// the clinic's snapshot).
pub(super) struct Bookings {
    exceptions: Vec<ScheduleException>,
    busy: Busy,
}

impl Bookings {
    /// The booked time of `providers` (an offer's) around `[from, to]`, with the
    /// clinic's hours and closures.
    pub(super) async fn load(
        ctx: &Ctx,
        setup: &ClinicSetup,
        providers: &[ProviderId],
        from: NaiveDate,
        to: NaiveDate,
        except: Option<AppointmentId>,
    ) -> Result<Self, AppError> {
        let store = ctx.store();
        let exceptions = store.schedule_exceptions(setup.clinic.id, from, to).await?;
        // Local days span at most 14 hours either side of UTC midnight.
        let start = dates::add_days(from, -1)?
            .and_time(NaiveTime::MIN)
            .and_utc();
        let end = dates::add_days(to, 2)?.and_time(NaiveTime::MIN).and_utc();
        let rows = store.busy_intervals_of(providers, start, end).await?;
        let busy = Busy::new(rows.into_iter().filter(|r| Some(r.id) != except).map(|r| {
            (
                r.provider_id,
                TimeRange::new(r.reserved_from, r.reserved_until),
            )
        }));
        Ok(Self { exceptions, busy })
    }

    pub(super) fn calendar<'a>(
        &'a self,
        setup: &'a ClinicSetup,
        offer: &Offer<'_>,
        now: DateTime<Utc>,
    ) -> Calendar<'a> {
        Calendar {
            tz: offer.branch.time_zone.tz(),
            branch: offer.branch.id,
            hours: &setup.working_hours,
            exceptions: &self.exceptions,
            busy: &self.busy,
            timing: timing(offer.service),
            policy: setup.policy,
            now,
        }
    }
}

pub(super) fn timing(s: &Service) -> Timing {
    Timing {
        duration_min: i64::from(s.duration_min),
        buffer_before_min: i64::from(s.buffer_before_min),
        buffer_after_min: i64::from(s.buffer_after_min),
    }
}

/// `any` (or nothing) for "any available provider", else one provider who offers it.
pub(super) fn chosen_providers(
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
