//! Free start times for a service: working windows minus what is already booked,
//! within the clinic's notice and horizon.
//!
//! Pure and allocation-light, because it runs on every step of the booking flow and
//! again inside every booking to check the chosen time is still free.

use super::{
    catalog::{ScheduleException, WorkingHours},
    ids::{BranchId, ProviderId},
    schedule::{TimeRange, local_date, working_windows},
};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// A service's timing, in minutes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timing {
    pub duration_min: i64,
    pub buffer_before_min: i64,
    pub buffer_after_min: i64,
}

/// The instants one visit starting at `start` occupies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reservation {
    /// The visit itself, as the patient sees it.
    pub visit: TimeRange,
    /// The provider's time it blocks, buffers included.
    pub reserved: TimeRange,
}

impl Timing {
    pub fn reservation(&self, start: DateTime<Utc>) -> Reservation {
        let end = start + Duration::minutes(self.duration_min);
        Reservation {
            visit: TimeRange::new(start, end),
            reserved: TimeRange::new(
                start - Duration::minutes(self.buffer_before_min),
                end + Duration::minutes(self.buffer_after_min),
            ),
        }
    }
}

/// The clinic's booking rules, in minutes (horizon in days).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// How long before a visit it can still be booked.
    pub min_notice_min: i64,
    /// How far ahead it can be booked.
    pub horizon_days: i64,
    /// Distance between offered start times.
    pub slot_step_min: i64,
    /// Until how long before a visit the patient may cancel or move it.
    pub cancel_cutoff_min: i64,
}

impl Policy {
    pub fn earliest_start(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now + Duration::minutes(self.min_notice_min)
    }

    pub fn latest_start(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now + Duration::days(self.horizon_days)
    }

    /// Whether the patient may still cancel or move a visit starting at `starts_at`.
    pub fn patient_may_change(&self, now: DateTime<Utc>, starts_at: DateTime<Utc>) -> bool {
        now + Duration::minutes(self.cancel_cutoff_min) <= starts_at
    }
}

/// Everything availability for one service at one branch depends on.
#[derive(Clone, Debug)]
pub struct Calendar<'a> {
    pub tz: Tz,
    pub branch: BranchId,
    pub hours: &'a [WorkingHours],
    pub exceptions: &'a [ScheduleException],
    pub busy: &'a Busy,
    pub timing: Timing,
    pub policy: Policy,
    pub now: DateTime<Utc>,
}

/// One free start time and who is free then.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub start: DateTime<Utc>,
    pub providers: Vec<ProviderId>,
}

/// Why a chosen time cannot be booked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SlotProblem {
    #[error("that time is too soon to book")]
    TooSoon,
    #[error("that time is beyond how far ahead the clinic takes bookings")]
    TooFar,
    #[error("the provider does not work at that time")]
    OutsideHours,
    #[error("that time is already taken")]
    Taken,
}

/// Reserved time of active appointments per provider, merged into sorted disjoint
/// spans so "is this free?" is one binary search however many bookings exist.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Busy(HashMap<ProviderId, Vec<TimeRange>>);

impl Busy {
    pub fn new(ranges: impl IntoIterator<Item = (ProviderId, TimeRange)>) -> Self {
        let mut map: HashMap<ProviderId, Vec<TimeRange>> = HashMap::new();
        for (p, r) in ranges {
            if !r.is_empty() {
                map.entry(p).or_default().push(r);
            }
        }
        for spans in map.values_mut() {
            spans.sort_unstable();
            let mut merged: Vec<TimeRange> = Vec::with_capacity(spans.len());
            for r in spans.drain(..) {
                match merged.last_mut() {
                    Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                    _ => merged.push(r),
                }
            }
            *spans = merged;
        }
        Self(map)
    }

    pub fn is_free(&self, provider: ProviderId, wanted: &TimeRange) -> bool {
        let Some(spans) = self.0.get(&provider) else {
            return true;
        };
        // Disjoint and sorted: of the spans starting before our end, the last one also
        // ends last, so it alone can reach into `wanted`.
        let upto = spans.partition_point(|b| b.start < wanted.end);
        upto == 0 || spans[upto - 1].end <= wanted.start
    }
}

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

    /// Checks that `start` is an offered time for `provider`; the reason if not.
    pub fn check(&self, provider: ProviderId, start: DateTime<Utc>) -> Result<(), SlotProblem> {
        if start < self.policy.earliest_start(self.now) {
            return Err(SlotProblem::TooSoon);
        }
        if start > self.policy.latest_start(self.now) {
            return Err(SlotProblem::TooFar);
        }
        let day = local_date(self.tz, start);
        if self.provider_day(provider, day).contains(&start) {
            return Ok(());
        }
        let on_grid = working_windows(
            self.tz,
            provider,
            self.branch,
            day,
            self.hours,
            self.exceptions,
        )
        .iter()
        .any(|w| {
            let visit = self.timing.reservation(start).visit;
            w.contains(&visit)
                && (start - w.start).num_minutes() % self.policy.slot_step_min.max(1) == 0
        });
        Err(if on_grid {
            SlotProblem::Taken
        } else {
            SlotProblem::OutsideHours
        })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::MinuteOfDay;
    use chrono::{Datelike, Weekday};
    use proptest::prelude::*;
    use uuid::Uuid;

    fn pid(n: u128) -> ProviderId {
        ProviderId(Uuid::from_u128(n))
    }
    fn branch() -> BranchId {
        BranchId(Uuid::from_u128(100))
    }
    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }
    fn weekdays(provider: ProviderId, from: u16, to: u16) -> Vec<WorkingHours> {
        [
            Weekday::Sun,
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
        ]
        .into_iter()
        .map(|d| WorkingHours {
            provider_id: provider,
            branch_id: branch(),
            weekday: d,
            start: MinuteOfDay::new(i64::from(from)).unwrap_or(MinuteOfDay::MIDNIGHT),
            end: MinuteOfDay::new(i64::from(to)).unwrap_or(MinuteOfDay::END_OF_DAY),
        })
        .collect()
    }
    const POLICY: Policy = Policy {
        min_notice_min: 60,
        horizon_days: 30,
        slot_step_min: 15,
        cancel_cutoff_min: 1440,
    };
    const TIMING: Timing = Timing {
        duration_min: 30,
        buffer_before_min: 5,
        buffer_after_min: 10,
    };

    fn calendar<'a>(hours: &'a [WorkingHours], busy: &'a Busy, now: DateTime<Utc>) -> Calendar<'a> {
        Calendar {
            tz: chrono_tz::Asia::Riyadh,
            branch: branch(),
            hours,
            exceptions: &[],
            busy,
            timing: TIMING,
            policy: POLICY,
            now,
        }
    }

    #[test]
    fn a_free_day_offers_every_step_that_fits() {
        let hours = weekdays(pid(1), 9 * 60, 12 * 60);
        let busy = Busy::default();
        let cal = calendar(&hours, &busy, utc("2026-12-01T00:00:00Z"));
        let day = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap_or_default();
        let slots = cal.provider_day(pid(1), day);
        // 09:00 .. 11:30 every 15 minutes, local (UTC+3).
        assert_eq!(slots.len(), 11);
        assert_eq!(slots[0], utc("2026-12-06T06:00:00Z"));
        assert_eq!(slots[10], utc("2026-12-06T08:30:00Z"));
    }

    #[test]
    fn buffers_keep_neighbours_apart() {
        let hours = weekdays(pid(1), 9 * 60, 12 * 60);
        // Someone holds 10:00-10:45 local (reserved, buffers included).
        let busy = Busy::new([(
            pid(1),
            TimeRange::new(utc("2026-12-06T07:00:00Z"), utc("2026-12-06T07:45:00Z")),
        )]);
        let cal = calendar(&hours, &busy, utc("2026-12-01T00:00:00Z"));
        let day = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap_or_default();
        let slots = cal.provider_day(pid(1), day);
        // 09:15 would end 09:45 + 10 min buffer = 09:55: fine. 09:30 ends 10:00 + 10: clash.
        assert!(slots.contains(&utc("2026-12-06T06:15:00Z")));
        assert!(!slots.contains(&utc("2026-12-06T06:30:00Z")));
        // 10:45 needs 10:40 for its buffer before: clash. 11:00 is free.
        assert!(!slots.contains(&utc("2026-12-06T07:45:00Z")));
        assert!(slots.contains(&utc("2026-12-06T08:00:00Z")));
        assert_eq!(
            cal.check(pid(1), utc("2026-12-06T07:00:00Z")),
            Err(SlotProblem::Taken)
        );
        assert_eq!(cal.check(pid(1), utc("2026-12-06T08:00:00Z")), Ok(()));
        assert_eq!(
            cal.check(pid(1), utc("2026-12-06T08:07:00Z")),
            Err(SlotProblem::OutsideHours)
        );
    }

    #[test]
    fn notice_and_horizon_are_respected() {
        let hours = weekdays(pid(1), 9 * 60, 12 * 60);
        let busy = Busy::default();
        let now = utc("2026-12-06T06:20:00Z"); // 09:20 local
        let cal = calendar(&hours, &busy, now);
        let day = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap_or_default();
        let slots = cal.provider_day(pid(1), day);
        assert_eq!(slots[0], utc("2026-12-06T07:30:00Z"));
        assert_eq!(
            cal.check(pid(1), utc("2026-12-06T07:00:00Z")),
            Err(SlotProblem::TooSoon)
        );
        assert_eq!(
            cal.check(pid(1), utc("2027-02-07T07:00:00Z")),
            Err(SlotProblem::TooFar)
        );
    }

    #[test]
    fn any_provider_merges_and_picks_fairly() {
        let mut hours = weekdays(pid(1), 9 * 60, 10 * 60);
        hours.extend(weekdays(pid(2), 9 * 60 + 30, 11 * 60));
        let busy = Busy::default();
        let cal = calendar(&hours, &busy, utc("2026-12-01T00:00:00Z"));
        let day = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap_or_default();
        let slots = cal.day(&[pid(1), pid(2)], day);
        let both = slots
            .iter()
            .find(|s| s.start == utc("2026-12-06T06:30:00Z"))
            .map(|s| s.providers.clone());
        assert_eq!(both, Some(vec![pid(1), pid(2)]));

        let mut load = HashMap::new();
        load.insert(pid(1), 3);
        load.insert(pid(2), 1);
        assert_eq!(pick_provider(&[pid(1), pid(2)], &load, 0), Some(pid(2)));
        let even = HashMap::new();
        let picks: std::collections::HashSet<_> = (0..4)
            .filter_map(|spin| pick_provider(&[pid(1), pid(2)], &even, spin))
            .collect();
        assert_eq!(picks.len(), 2, "equal providers take turns");
        assert_eq!(pick_provider(&[], &even, 0), None);
    }

    #[test]
    fn days_with_slots_marks_weekends_empty() {
        let hours = weekdays(pid(1), 9 * 60, 12 * 60);
        let busy = Busy::default();
        let cal = calendar(&hours, &busy, utc("2026-12-01T00:00:00Z"));
        let from = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap_or_default(); // Friday
        let days = cal.days_with_slots(&[pid(1)], from, 3);
        assert_eq!(
            days.iter().map(|(_, free)| *free).collect::<Vec<_>>(),
            vec![false, false, true]
        );
        assert_eq!(days[2].0.weekday(), Weekday::Sun);
    }

    #[test]
    fn nearest_offers_the_closest_free_times() {
        let hours = weekdays(pid(1), 9 * 60, 12 * 60);
        let busy = Busy::new([(
            pid(1),
            TimeRange::new(utc("2026-12-06T06:55:00Z"), utc("2026-12-06T07:40:00Z")),
        )]);
        let cal = calendar(&hours, &busy, utc("2026-12-01T00:00:00Z"));
        let near = cal.nearest(&[pid(1)], utc("2026-12-06T07:00:00Z"), 2);
        let starts: Vec<_> = near.iter().map(|s| s.start).collect();
        assert_eq!(
            starts,
            vec![utc("2026-12-06T06:15:00Z"), utc("2026-12-06T07:45:00Z")]
        );
    }

    #[test]
    fn patients_may_change_only_before_the_cutoff() {
        let start = utc("2026-12-06T07:00:00Z");
        assert!(POLICY.patient_may_change(utc("2026-12-05T07:00:00Z"), start));
        assert!(!POLICY.patient_may_change(utc("2026-12-05T07:01:00Z"), start));
    }

    const ZONES: [Tz; 4] = [
        chrono_tz::Asia::Riyadh,
        chrono_tz::Africa::Cairo,
        chrono_tz::Europe::Berlin,
        chrono_tz::America::New_York,
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// For any zone, hours, bookings, notice and clock: every offered time lies in
        /// working hours, overlaps no booking (buffers included), respects notice and
        /// horizon, and passes `check`.
        #[test]
        fn offered_slots_are_always_bookable(
            zone in 0usize..4,
            start_h in 0u16..20,
            len_h in 1u16..10,
            bookings in proptest::collection::vec((0i64..(40 * 24 * 60), 10i64..180), 0..40),
            notice in 0i64..3000,
            step in prop::sample::select(vec![5i64, 10, 15, 20, 30, 60]),
            duration in 5i64..120,
            before in 0i64..30,
            after in 0i64..30,
            now_offset in 0i64..(365 * 24 * 60),
        ) {
            let tz = ZONES[zone];
            let from = start_h * 60;
            let to = (from + len_h * 60).min(1440);
            let hours: Vec<WorkingHours> = [Weekday::Sun, Weekday::Mon, Weekday::Tue, Weekday::Wed,
                Weekday::Thu, Weekday::Fri, Weekday::Sat]
                .into_iter()
                .map(|d| WorkingHours {
                    provider_id: pid(1),
                    branch_id: branch(),
                    weekday: d,
                    start: MinuteOfDay::new(i64::from(from)).unwrap_or(MinuteOfDay::MIDNIGHT),
                    end: MinuteOfDay::new(i64::from(to)).unwrap_or(MinuteOfDay::END_OF_DAY),
                })
                .collect();
            let now = utc("2026-01-01T00:00:00Z") + Duration::minutes(now_offset);
            let mut spans: Vec<TimeRange> = bookings
                .iter()
                .map(|&(at, len)| {
                    let s = now + Duration::minutes(at);
                    TimeRange::new(s, s + Duration::minutes(len))
                })
                .collect();
            spans.sort();
            let busy = Busy::new(spans.iter().map(|r| (pid(1), *r)));
            let policy = Policy { min_notice_min: notice, horizon_days: 21, slot_step_min: step, cancel_cutoff_min: 0 };
            let timing = Timing { duration_min: duration, buffer_before_min: before, buffer_after_min: after };
            let cal = Calendar { tz, branch: branch(), hours: &hours, exceptions: &[], busy: &busy, timing, policy, now };
            let first = local_date(tz, now);
            for day in first.iter_days().take(23) {
                let windows = working_windows(tz, pid(1), branch(), day, &hours, &[]);
                for start in cal.provider_day(pid(1), day) {
                    let r = timing.reservation(start);
                    prop_assert!(windows.iter().any(|w| w.contains(&r.visit)), "outside hours");
                    prop_assert!(!spans.iter().any(|b| b.overlaps(&r.reserved)), "overlaps a booking");
                    prop_assert!(start >= now + Duration::minutes(notice), "inside the notice period");
                    prop_assert!(start <= now + Duration::days(21), "past the horizon");
                    prop_assert_eq!(cal.check(pid(1), start), Ok(()));
                }
            }
        }
    }
}
