//! Slot search speed: one provider over 30 days, and a 20-provider clinic over 30 days
//! with 10,000 existing appointments. Criterion reports the mean and median; the
//! percentile pass at the end prints median and p95 for BENCHMARKS.md.

use app::domain::{
    availability::{Busy, Calendar, Policy, Timing},
    catalog::{MinuteOfDay, WorkingHours},
    ids::{BranchId, ProviderId},
    schedule::TimeRange,
};
use chrono::{DateTime, Duration, NaiveDate, Utc, Weekday};
use criterion::{Criterion, black_box};
use std::time::Instant;
use uuid::Uuid;

const POLICY: Policy = Policy {
    min_notice_min: 60,
    horizon_days: 60,
    slot_step_min: 15,
    cancel_cutoff_min: 1440,
};
const TIMING: Timing = Timing {
    duration_min: 30,
    buffer_before_min: 5,
    buffer_after_min: 10,
};

struct Clinic {
    providers: Vec<ProviderId>,
    hours: Vec<WorkingHours>,
    busy: Busy,
    now: DateTime<Utc>,
    first: NaiveDate,
}

fn clinic(providers: usize, appointments: usize) -> Clinic {
    let branch = BranchId(Uuid::from_u128(1));
    let providers: Vec<ProviderId> = (0..providers)
        .map(|i| ProviderId(Uuid::from_u128(100 + i as u128)))
        .collect();
    let mut hours = Vec::new();
    for &p in &providers {
        for d in [
            Weekday::Sun,
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Sat,
        ] {
            for (from, to) in [(8 * 60, 13 * 60), (16 * 60, 21 * 60)] {
                hours.push(WorkingHours {
                    provider_id: p,
                    branch_id: branch,
                    weekday: d,
                    start: MinuteOfDay::new(from).unwrap_or(MinuteOfDay::MIDNIGHT),
                    end: MinuteOfDay::new(to).unwrap_or(MinuteOfDay::END_OF_DAY),
                });
            }
        }
    }
    let now = DateTime::parse_from_rfc3339("2026-12-01T05:00:00Z")
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default();
    // A deterministic spread of appointments over the 30 days (xorshift, no I/O).
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let busy = Busy::new((0..appointments).map(|_| {
        let p = providers[(next() % providers.len() as u64) as usize];
        let start = now + Duration::minutes(((next() % (30 * 24 * 4)) * 15) as i64);
        (p, TimeRange::new(start, start + Duration::minutes(45)))
    }));
    Clinic {
        providers,
        hours,
        busy,
        now,
        first: now.date_naive(),
    }
}

impl Clinic {
    fn calendar(&self) -> Calendar<'_> {
        Calendar {
            tz: chrono_tz::Asia::Riyadh,
            branch: BranchId(Uuid::from_u128(1)),
            hours: &self.hours,
            exceptions: &[],
            busy: &self.busy,
            timing: TIMING,
            policy: POLICY,
            now: self.now,
        }
    }

    /// Every free time of every provider over 30 days: the work behind the date strip
    /// and the time list of "any provider".
    fn search(&self) -> usize {
        let cal = self.calendar();
        self.first
            .iter_days()
            .take(30)
            .map(|d| cal.day(&self.providers, d).len())
            .sum()
    }
}

fn percentiles(name: &str, f: impl Fn() -> usize) {
    let mut samples: Vec<f64> = (0..300)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{name}: median {:.3} ms, p95 {:.3} ms ({} runs)",
        at(0.5),
        at(0.95),
        samples.len()
    );
}

fn main() {
    let one = clinic(1, 0);
    let big = clinic(20, 10_000);
    let mut c = Criterion::default().configure_from_args();
    c.bench_function("slots/1 provider, 30 days", |b| {
        b.iter(|| black_box(one.search()))
    });
    c.bench_function("slots/20 providers, 30 days, 10k appointments", |b| {
        b.iter(|| black_box(big.search()))
    });
    c.final_summary();
    percentiles("1 provider, 30 days", || one.search());
    percentiles("20 providers, 30 days, 10,000 appointments", || {
        big.search()
    });
}
