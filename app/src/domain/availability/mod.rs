//! Free start times for a service: working windows minus what is already booked,
//! within the clinic's notice and horizon.
//!
//! Pure and allocation-light, because it runs on every step of the booking flow and
//! again inside every booking to check the chosen time is still free. [`slots`] lists
//! the free times, [`problems`] says why a chosen one is not bookable, and [`busy`]
//! holds the booked time they both consult.

mod busy;
mod problems;
mod slots;
#[cfg(test)]
mod tests;

pub use busy::Busy;
pub use problems::SlotProblem;
pub use slots::pick_provider;

use super::{
    catalog::{ScheduleException, WorkingHours},
    ids::{BranchId, ProviderId},
    schedule::TimeRange,
};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// The longest visit a service may have, and the longest provider time one visit can
/// block (visit and both buffers): the services table's checks allow no more. Queries
/// for what overlaps a time look back only this far, so they read an index range
/// instead of everything booked before.
pub const LONGEST_VISIT_MIN: i64 = 720;
pub const LONGEST_RESERVATION_MIN: i64 = LONGEST_VISIT_MIN + 240 + 240;

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
