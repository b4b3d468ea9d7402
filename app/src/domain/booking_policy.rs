//! A clinic's booking policy: how soon, how far ahead and how often visits can be booked,
//! and until when a patient may cancel. Owners set it from a form; the store keeps it.
//!
//! Each value has a range so a policy that cannot work (a 0-minute step, a horizon of
//! ten years) never exists past [`BookingPolicy::new`] or [`BookingPolicy::parse`].

use super::availability::Policy;
use std::{fmt, ops::RangeInclusive};

/// The four values of a booking policy, named as the settings form names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyField {
    /// Minutes between booking and the visit, at least.
    MinNotice,
    /// Days ahead a visit can be booked.
    Horizon,
    /// Minutes between offered start times.
    SlotStep,
    /// Minutes before a visit after which its patient may no longer cancel or move it.
    CancelCutoff,
}

impl PolicyField {
    pub const ALL: [PolicyField; 4] = [
        PolicyField::MinNotice,
        PolicyField::Horizon,
        PolicyField::SlotStep,
        PolicyField::CancelCutoff,
    ];

    /// The values the field accepts: up to two weeks of notice or cutoff, up to a year
    /// of horizon, and a step from 5 minutes to 2 hours.
    pub const fn range(self) -> RangeInclusive<i32> {
        match self {
            PolicyField::MinNotice | PolicyField::CancelCutoff => 0..=20_160,
            PolicyField::Horizon => 1..=365,
            PolicyField::SlotStep => 5..=120,
        }
    }

    /// The field's name in the settings form and the database.
    pub const fn as_str(self) -> &'static str {
        match self {
            PolicyField::MinNotice => "min_notice_min",
            PolicyField::Horizon => "horizon_days",
            PolicyField::SlotStep => "slot_step_min",
            PolicyField::CancelCutoff => "cancel_cutoff_min",
        }
    }
}

impl fmt::Display for PolicyField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a booking policy was refused; names the first field that is wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BookingPolicyError {
    #[error("{field} is not a whole number")]
    NotANumber { field: PolicyField },
    #[error("{field} must be from {} to {}, not {value}", .field.range().start(), .field.range().end())]
    OutOfRange { field: PolicyField, value: i32 },
}

impl BookingPolicyError {
    pub fn field(&self) -> PolicyField {
        match self {
            BookingPolicyError::NotANumber { field }
            | BookingPolicyError::OutOfRange { field, .. } => *field,
        }
    }
}

fn in_range(field: PolicyField, value: i32) -> Result<i32, BookingPolicyError> {
    if field.range().contains(&value) {
        Ok(value)
    } else {
        Err(BookingPolicyError::OutOfRange { field, value })
    }
}

/// A booking policy whose every value is within its field's range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BookingPolicy {
    min_notice_min: i32,
    horizon_days: i32,
    slot_step_min: i32,
    cancel_cutoff_min: i32,
}

impl BookingPolicy {
    pub fn new(
        min_notice_min: i32,
        horizon_days: i32,
        slot_step_min: i32,
        cancel_cutoff_min: i32,
    ) -> Result<Self, BookingPolicyError> {
        Ok(Self {
            min_notice_min: in_range(PolicyField::MinNotice, min_notice_min)?,
            horizon_days: in_range(PolicyField::Horizon, horizon_days)?,
            slot_step_min: in_range(PolicyField::SlotStep, slot_step_min)?,
            cancel_cutoff_min: in_range(PolicyField::CancelCutoff, cancel_cutoff_min)?,
        })
    }

    /// The policy from form text (surrounding spaces allowed), fields checked in order.
    pub fn parse(
        min_notice_min: &str,
        horizon_days: &str,
        slot_step_min: &str,
        cancel_cutoff_min: &str,
    ) -> Result<Self, BookingPolicyError> {
        let number = |field: PolicyField, raw: &str| {
            let value = raw
                .trim()
                .parse::<i32>()
                .map_err(|_| BookingPolicyError::NotANumber { field })?;
            in_range(field, value)
        };
        Self::new(
            number(PolicyField::MinNotice, min_notice_min)?,
            number(PolicyField::Horizon, horizon_days)?,
            number(PolicyField::SlotStep, slot_step_min)?,
            number(PolicyField::CancelCutoff, cancel_cutoff_min)?,
        )
    }

    pub fn min_notice_min(&self) -> i32 {
        self.min_notice_min
    }

    pub fn horizon_days(&self) -> i32 {
        self.horizon_days
    }

    pub fn slot_step_min(&self) -> i32 {
        self.slot_step_min
    }

    pub fn cancel_cutoff_min(&self) -> i32 {
        self.cancel_cutoff_min
    }

    /// The policy as availability computes with it.
    pub fn availability(&self) -> Policy {
        Policy {
            min_notice_min: i64::from(self.min_notice_min),
            horizon_days: i64::from(self.horizon_days),
            slot_step_min: i64::from(self.slot_step_min),
            cancel_cutoff_min: i64::from(self.cancel_cutoff_min),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_form_text_of_a_good_policy_parses() {
        let p = BookingPolicy::parse(" 120", "30 ", "15", "1440").unwrap();
        assert_eq!(
            (
                p.min_notice_min(),
                p.horizon_days(),
                p.slot_step_min(),
                p.cancel_cutoff_min()
            ),
            (120, 30, 15, 1440)
        );
    }

    #[test]
    fn each_error_names_its_field() {
        let bad = |raw: [&str; 4]| BookingPolicy::parse(raw[0], raw[1], raw[2], raw[3]);
        assert_eq!(
            bad(["x", "30", "15", "60"]).unwrap_err(),
            BookingPolicyError::NotANumber {
                field: PolicyField::MinNotice
            }
        );
        assert_eq!(
            bad(["0", "0", "15", "60"]).unwrap_err().field(),
            PolicyField::Horizon
        );
        assert_eq!(
            bad(["0", "30", "4", "60"]).unwrap_err(),
            BookingPolicyError::OutOfRange {
                field: PolicyField::SlotStep,
                value: 4
            }
        );
        assert_eq!(
            bad(["0", "30", "15", "-1"]).unwrap_err().field(),
            PolicyField::CancelCutoff
        );
        assert!(
            bad(["0", "30", "121", "0"])
                .unwrap_err()
                .to_string()
                .contains("slot_step_min must be from 5 to 120")
        );
    }

    #[test]
    fn the_range_ends_are_accepted() {
        for field in PolicyField::ALL {
            for value in [*field.range().start(), *field.range().end()] {
                let mut v = [0, 1, 5, 0];
                v[field as usize] = value;
                assert!(
                    BookingPolicy::new(v[0], v[1], v[2], v[3]).is_ok(),
                    "{field} {value}"
                );
            }
        }
    }

    proptest! {
        #[test]
        fn new_accepts_exactly_the_values_in_range(
            v in proptest::array::uniform4(-100i32..30_000)
        ) {
            let in_range = PolicyField::ALL
                .iter()
                .zip(v)
                .all(|(f, x)| f.range().contains(&x));
            let made = BookingPolicy::new(v[0], v[1], v[2], v[3]);
            prop_assert_eq!(made.is_ok(), in_range);
            if let Ok(p) = made {
                let a = p.availability();
                prop_assert_eq!(
                    [a.min_notice_min, a.horizon_days, a.slot_step_min, a.cancel_cutoff_min],
                    v.map(i64::from)
                );
            }
        }

        #[test]
        fn parse_agrees_with_new_on_numbers(v in proptest::array::uniform4(-100i32..30_000)) {
            let text = v.map(|x| x.to_string());
            prop_assert_eq!(
                BookingPolicy::parse(&text[0], &text[1], &text[2], &text[3]),
                BookingPolicy::new(v[0], v[1], v[2], v[3])
            );
        }

        #[test]
        fn parse_never_panics(raw in proptest::array::uniform4(any::<String>())) {
            let _ = BookingPolicy::parse(&raw[0], &raw[1], &raw[2], &raw[3]);
        }
    }
}
