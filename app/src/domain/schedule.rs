//! When a provider works at a branch on a given local date, as instants.
//!
//! Working hours and exceptions are wall-clock times in the branch's zone ("09:00" stays
//! "09:00" across a daylight-saving change); availability needs real instants, so this
//! module turns one into the other, handling the hour that does not exist in spring and
//! the hour that happens twice in autumn.

use super::{
    catalog::{MinuteOfDay, ScheduleException, WorkingHours},
    ids::{BranchId, ProviderId},
};
use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// A half-open span of time `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TimeRange {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl TimeRange {
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        Self { start, end }
    }

    pub fn overlaps(&self, other: &TimeRange) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub fn contains(&self, other: &TimeRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

/// Local minute ranges `[start, end)` within one day, kept sorted and disjoint.
type MinuteSpans = Vec<(u16, u16)>;

fn add_span(spans: &mut MinuteSpans, (start, end): (u16, u16)) {
    if end <= start {
        return;
    }
    spans.push((start, end));
    spans.sort_unstable();
    let mut merged: MinuteSpans = Vec::with_capacity(spans.len());
    for &(s, e) in spans.iter() {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    *spans = merged;
}

fn remove_span(spans: &mut MinuteSpans, (start, end): (u16, u16)) {
    let mut kept = Vec::with_capacity(spans.len() + 1);
    for &(s, e) in spans.iter() {
        if e <= start || s >= end {
            kept.push((s, e));
            continue;
        }
        if s < start {
            kept.push((s, start));
        }
        if e > end {
            kept.push((end, e));
        }
    }
    *spans = kept;
}

/// The instant a local wall-clock time on `day` happens in `tz`.
///
/// A time skipped by a spring-forward change maps to the first instant after the gap
/// (a 02:30 start on a day that jumps from 02:00 to 03:00 starts at 03:00); a repeated
/// autumn time maps to its first occurrence when opening a window and its second when
/// closing one, so a shift never loses the repeated hour.
pub fn local_instant(tz: Tz, day: NaiveDate, minute: MinuteOfDay, closing: bool) -> DateTime<Utc> {
    let (day, minute) = if minute == MinuteOfDay::END_OF_DAY {
        (day.succ_opt().unwrap_or(day), 0)
    } else {
        (day, u32::from(minute.minutes()))
    };
    // `minute` is below 1440 here, so adding it to midnight never wraps to another day.
    let (time, _) = NaiveTime::MIN.overflowing_add_signed(Duration::minutes(i64::from(minute)));
    let mut local = day.and_time(time);
    // Gaps are at most a few hours; walk forward minute by minute until the clock exists.
    for _ in 0..=240 {
        match tz.from_local_datetime(&local) {
            LocalResult::Single(t) => return t.with_timezone(&Utc),
            LocalResult::Ambiguous(first, second) => {
                let t = if closing { second } else { first };
                return t.with_timezone(&Utc);
            }
            LocalResult::None => local += Duration::minutes(1),
        }
    }
    // Unreachable for real zones; fall back to reading the wall clock as UTC.
    local.and_utc()
}

/// The local date an instant falls on in `tz`.
pub fn local_date(tz: Tz, at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// The spans a provider works at a branch on a local date, as instants, sorted.
///
/// Weekly hours for the weekday, plus extra hours, minus time off and holidays (a
/// whole-day exception removes the whole day, a timed one just its hours).
pub fn working_windows(
    tz: Tz,
    provider: ProviderId,
    branch: BranchId,
    day: NaiveDate,
    hours: &[WorkingHours],
    exceptions: &[ScheduleException],
) -> Vec<TimeRange> {
    let mut spans: MinuteSpans = Vec::new();
    for h in hours.iter().filter(|h| {
        h.provider_id == provider && h.branch_id == branch && h.weekday == day.weekday()
    }) {
        add_span(&mut spans, (h.start.minutes(), h.end.minutes()));
    }
    let applicable = || {
        exceptions
            .iter()
            .filter(move |e| e.applies_to(provider, branch, day))
    };
    for e in applicable().filter(|e| e.kind.adds_time()) {
        let (s, end) = e.minutes();
        add_span(&mut spans, (s.minutes(), end.minutes()));
    }
    for e in applicable().filter(|e| !e.kind.adds_time()) {
        let (s, end) = e.minutes();
        remove_span(&mut spans, (s.minutes(), end.minutes()));
    }
    spans
        .into_iter()
        .filter_map(|(s, e)| {
            let start = MinuteOfDay::new(i64::from(s)).ok()?;
            let end = MinuteOfDay::new(i64::from(e)).ok()?;
            let range = TimeRange::new(
                local_instant(tz, day, start, false),
                local_instant(tz, day, end, true),
            );
            (!range.is_empty()).then_some(range)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        catalog::ExceptionKind,
        ids::{ClinicId, ExceptionId},
        text::Localized,
    };
    use chrono::Weekday;
    use uuid::Uuid;

    fn p() -> ProviderId {
        ProviderId(Uuid::from_u128(1))
    }
    fn b() -> BranchId {
        BranchId(Uuid::from_u128(2))
    }
    fn m(h: u16, min: u16) -> MinuteOfDay {
        MinuteOfDay::hm(h, min).unwrap_or(MinuteOfDay::MIDNIGHT)
    }
    fn date(y: i32, mo: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, mo, d).unwrap_or_default()
    }
    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }
    fn shift(day: Weekday, from: MinuteOfDay, to: MinuteOfDay) -> WorkingHours {
        WorkingHours {
            provider_id: p(),
            branch_id: b(),
            weekday: day,
            start: from,
            end: to,
        }
    }
    fn exception(
        kind: ExceptionKind,
        day: NaiveDate,
        span: Option<(u16, u16)>,
    ) -> ScheduleException {
        ScheduleException {
            id: ExceptionId(Uuid::nil()),
            clinic_id: ClinicId(Uuid::nil()),
            provider_id: Some(p()),
            branch_id: None,
            kind,
            first_day: day,
            last_day: day,
            start: span.map(|(s, _)| m(s, 0)),
            end: span.map(|(_, e)| m(e, 0)),
            reason: Localized::new("", ""),
        }
    }

    #[test]
    fn riyadh_has_no_daylight_saving() {
        let hours = [shift(Weekday::Sun, m(9, 0), m(17, 0))];
        let w = working_windows(
            chrono_tz::Asia::Riyadh,
            p(),
            b(),
            date(2026, 3, 29),
            &hours,
            &[],
        );
        assert_eq!(
            w,
            vec![TimeRange::new(
                utc("2026-03-29T06:00:00Z"),
                utc("2026-03-29T14:00:00Z")
            )]
        );
    }

    #[test]
    fn berlin_shift_keeps_wall_clock_across_the_change() {
        let hours = [
            shift(Weekday::Sat, m(9, 0), m(17, 0)),
            shift(Weekday::Mon, m(9, 0), m(17, 0)),
        ];
        let tz = chrono_tz::Europe::Berlin;
        // Before the change on Sunday 29 March 2026: UTC+1; after it: UTC+2.
        let before = working_windows(tz, p(), b(), date(2026, 3, 28), &hours, &[]);
        let after = working_windows(tz, p(), b(), date(2026, 3, 30), &hours, &[]);
        assert_eq!(before[0].start, utc("2026-03-28T08:00:00Z"));
        assert_eq!(after[0].start, utc("2026-03-30T07:00:00Z"));
    }

    #[test]
    fn spring_gap_starts_the_shift_after_the_gap() {
        // New York skips 02:00-03:00 on 8 March 2026.
        let hours = [shift(Weekday::Sun, m(2, 30), m(6, 0))];
        let w = working_windows(
            chrono_tz::America::New_York,
            p(),
            b(),
            date(2026, 3, 8),
            &hours,
            &[],
        );
        assert_eq!(
            w,
            vec![TimeRange::new(
                utc("2026-03-08T07:00:00Z"),
                utc("2026-03-08T10:00:00Z")
            )]
        );
    }

    #[test]
    fn autumn_repeat_keeps_the_extra_hour() {
        // New York repeats 01:00-02:00 on 1 November 2026: a 00:00-03:00 shift lasts 4 hours.
        let hours = [shift(Weekday::Sun, m(0, 0), m(3, 0))];
        let w = working_windows(
            chrono_tz::America::New_York,
            p(),
            b(),
            date(2026, 11, 1),
            &hours,
            &[],
        );
        assert_eq!(w[0].end - w[0].start, Duration::hours(4));
    }

    #[test]
    fn cairo_midnight_change_is_handled() {
        // Egypt springs forward at midnight: 24 April 2026 00:00 does not exist in Cairo.
        let hours = [shift(Weekday::Fri, m(0, 0), m(4, 0))];
        let w = working_windows(
            chrono_tz::Africa::Cairo,
            p(),
            b(),
            date(2026, 4, 24),
            &hours,
            &[],
        );
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].end - w[0].start, Duration::hours(3));
    }

    #[test]
    fn exceptions_remove_and_add_time() {
        let day = date(2026, 12, 6); // a Sunday
        let hours = [shift(Weekday::Sun, m(9, 0), m(17, 0))];
        let tz = chrono_tz::Asia::Riyadh;
        let off = [exception(ExceptionKind::TimeOff, day, Some((12, 14)))];
        let w = working_windows(tz, p(), b(), day, &hours, &off);
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].end, utc("2026-12-06T09:00:00Z"));
        assert_eq!(w[1].start, utc("2026-12-06T11:00:00Z"));

        let holiday = [exception(ExceptionKind::Holiday, day, None)];
        assert!(working_windows(tz, p(), b(), day, &hours, &holiday).is_empty());

        let extra = [exception(ExceptionKind::ExtraHours, day, Some((17, 20)))];
        let w = working_windows(tz, p(), b(), day, &hours, &extra);
        assert_eq!(
            w,
            vec![TimeRange::new(
                utc("2026-12-06T06:00:00Z"),
                utc("2026-12-06T17:00:00Z")
            )]
        );
    }

    #[test]
    fn other_providers_and_branches_do_not_count() {
        let day = date(2026, 12, 6);
        let mut h = shift(Weekday::Sun, m(9, 0), m(17, 0));
        h.branch_id = BranchId(Uuid::from_u128(99));
        assert!(working_windows(chrono_tz::Asia::Riyadh, p(), b(), day, &[h], &[]).is_empty());
    }
}
