//! Availability examples and properties: every offered slot is bookable, nothing
//! offered overlaps what is booked.

use super::*;
use crate::domain::{
    catalog::MinuteOfDay,
    schedule::{local_date, working_windows},
};
use chrono::{Datelike, NaiveDate, Weekday};
use proptest::prelude::*;
use std::collections::HashMap;
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

/// The overlap queries look back only `LONGEST_RESERVATION_MIN`: the longest service the
/// database admits, with both buffers at their longest, must fit in it exactly.
#[test]
fn the_longest_reservation_bounds_every_service_the_database_admits() {
    let longest = Timing {
        duration_min: LONGEST_VISIT_MIN,
        buffer_before_min: 240,
        buffer_after_min: 240,
    };
    let start = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap();
    let r = longest.reservation(start);
    assert_eq!(
        (r.reserved.end - r.reserved.start).num_minutes(),
        LONGEST_RESERVATION_MIN
    );
    assert_eq!(
        (r.visit.end - r.visit.start).num_minutes(),
        LONGEST_VISIT_MIN
    );
    let migrations = include_str!("../../../../migrations/sqlite/20261125000001_catalog.sql");
    assert!(migrations.contains("CHECK (duration_min BETWEEN 5 AND 720)"));
    assert!(migrations.contains("CHECK (buffer_before_min BETWEEN 0 AND 240)"));
    assert!(migrations.contains("CHECK (buffer_after_min BETWEEN 0 AND 240)"));
}
