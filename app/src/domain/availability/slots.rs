//! Generating free start times: per provider and day, across providers, and the nearest
//! to a wanted time; and choosing a provider when the patient leaves it to us.

use super::{Calendar, Slot};
use crate::domain::{
    ids::ProviderId,
    schedule::{TimeRange, local_date, working_windows},
};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::collections::{BTreeMap, HashMap};

impl Calendar<'_> {
    fn is_free(&self, provider: ProviderId, reserved: &TimeRange) -> bool {
        self.busy.is_free(provider, reserved)
    }

    /// Free start times of one provider on one local date, in order.
    pub fn provider_day(&self, provider: ProviderId, day: NaiveDate) -> Vec<DateTime<Utc>> {
        let earliest = self.policy.earliest_start(self.now);
        let latest = self.policy.latest_start(self.now);
        let step = Duration::minutes(self.policy.slot_step_min.max(1));
        let length = Duration::minutes(self.timing.duration_min);
        let mut out = Vec::new();
        for window in working_windows(
            self.tz,
            provider,
            self.branch,
            day,
            self.hours,
            self.exceptions,
        ) {
            let mut start = window.start;
            while start + length <= window.end {
                if start > latest {
                    break;
                }
                if start >= earliest
                    && self.is_free(provider, &self.timing.reservation(start).reserved)
                {
                    out.push(start);
                }
                start += step;
            }
        }
        out
    }

    /// Free start times on a local date across `providers`, each with who is free.
    pub fn day(&self, providers: &[ProviderId], day: NaiveDate) -> Vec<Slot> {
        let mut by_start: BTreeMap<DateTime<Utc>, Vec<ProviderId>> = BTreeMap::new();
        for &p in providers {
            for start in self.provider_day(p, day) {
                by_start.entry(start).or_default().push(p);
            }
        }
        by_start
            .into_iter()
            .map(|(start, providers)| Slot { start, providers })
            .collect()
    }

    /// The local dates from `from` for `days` days that have at least one free time.
    pub fn days_with_slots(
        &self,
        providers: &[ProviderId],
        from: NaiveDate,
        days: u32,
    ) -> Vec<(NaiveDate, bool)> {
        from.iter_days()
            .take(days as usize)
            .map(|d| {
                let any = providers
                    .iter()
                    .any(|&p| !self.provider_day(p, d).is_empty());
                (d, any)
            })
            .collect()
    }

    /// Up to `n` free times closest to `wanted` within a few days either side, for the
    /// "just taken, here are the nearest" answer.
    pub fn nearest(&self, providers: &[ProviderId], wanted: DateTime<Utc>, n: usize) -> Vec<Slot> {
        let day = local_date(self.tz, wanted);
        let mut all: Vec<Slot> = (-3..=3)
            .filter_map(|offset| day.checked_add_signed(Duration::days(offset)))
            .flat_map(|d| self.day(providers, d))
            .collect();
        all.sort_by_key(|s| ((s.start - wanted).num_seconds().abs(), s.start));
        all.truncate(n);
        all.sort_by_key(|s| s.start);
        all
    }
}

/// Chooses among free providers for "any available": the one with the fewest bookings
/// in the period, ties broken by `spin` so equal providers take turns.
pub fn pick_provider(
    free: &[ProviderId],
    load: &HashMap<ProviderId, i64>,
    spin: u64,
) -> Option<ProviderId> {
    let least = free
        .iter()
        .map(|p| load.get(p).copied().unwrap_or(0))
        .min()?;
    let tied: Vec<ProviderId> = free
        .iter()
        .copied()
        .filter(|p| load.get(p).copied().unwrap_or(0) == least)
        .collect();
    let index = usize::try_from(spin % tied.len() as u64).unwrap_or(0);
    tied.get(index).copied()
}
