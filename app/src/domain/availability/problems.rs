//! Why a chosen start time cannot be booked.

use super::Calendar;
use crate::domain::{
    ids::ProviderId,
    schedule::{local_date, working_windows},
};
use chrono::{DateTime, Utc};

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

impl Calendar<'_> {
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
}
