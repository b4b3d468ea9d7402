//! An appointment's life: which changes are allowed, by whom, and what they notify.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppointmentStatus {
    Booked,
    Confirmed,
    CheckedIn,
    Completed,
    Cancelled,
    NoShow,
}

impl AppointmentStatus {
    pub const ALL: [AppointmentStatus; 6] = [
        AppointmentStatus::Booked,
        AppointmentStatus::Confirmed,
        AppointmentStatus::CheckedIn,
        AppointmentStatus::Completed,
        AppointmentStatus::Cancelled,
        AppointmentStatus::NoShow,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AppointmentStatus::Booked => "booked",
            AppointmentStatus::Confirmed => "confirmed",
            AppointmentStatus::CheckedIn => "checked_in",
            AppointmentStatus::Completed => "completed",
            AppointmentStatus::Cancelled => "cancelled",
            AppointmentStatus::NoShow => "no_show",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Still holding the provider's time.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            AppointmentStatus::Booked | AppointmentStatus::Confirmed | AppointmentStatus::CheckedIn
        )
    }
}

/// Shown as its stored name, as logs and test reports read it.
impl std::fmt::Display for AppointmentStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A status equals its stored name (`"booked"`), so stored and typed values compare
/// without parsing.
impl PartialEq<&str> for AppointmentStatus {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// Who makes a change; decides which changes are allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    Patient,
    Clinic,
    System,
}

impl ActorKind {
    pub const ALL: [ActorKind; 3] = [ActorKind::Patient, ActorKind::Clinic, ActorKind::System];

    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Patient => "patient",
            ActorKind::Clinic => "clinic",
            ActorKind::System => "system",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Confirm,
    CheckIn,
    Complete,
    NoShow,
    Cancel,
}

impl Action {
    pub const ALL: [Action; 5] = [
        Action::Confirm,
        Action::CheckIn,
        Action::Complete,
        Action::NoShow,
        Action::Cancel,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Confirm => "confirm",
            Action::CheckIn => "check_in",
            Action::Complete => "complete",
            Action::NoShow => "no_show",
            Action::Cancel => "cancel",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("this appointment can no longer be changed that way")]
    NotAllowed,
    #[error("it is too close to the appointment to change it online; please call the clinic")]
    PastCutoff,
    #[error("that can only be recorded once the appointment has started")]
    TooEarly,
}

/// The status an action leads to, if `actor` may take it now.
///
/// Patients may confirm or cancel their own visits (cancel only before the clinic's
/// cutoff); the clinic runs the day: check-in, completion, no-show (only once the visit
/// has started) and cancellation at any time before the visit ends.
pub fn transition(
    from: AppointmentStatus,
    action: Action,
    actor: ActorKind,
    now: DateTime<Utc>,
    starts_at: DateTime<Utc>,
    cancel_cutoff: Duration,
) -> Result<AppointmentStatus, TransitionError> {
    use AppointmentStatus as S;
    let to = match (from, action) {
        (S::Booked, Action::Confirm) => S::Confirmed,
        (S::Booked | S::Confirmed, Action::CheckIn) => S::CheckedIn,
        (S::CheckedIn, Action::Complete) => S::Completed,
        (S::Booked | S::Confirmed, Action::NoShow) => S::NoShow,
        (S::Booked | S::Confirmed, Action::Cancel) => S::Cancelled,
        _ => return Err(TransitionError::NotAllowed),
    };
    match actor {
        ActorKind::Patient => match action {
            Action::Confirm => {}
            Action::Cancel if now + cancel_cutoff <= starts_at => {}
            Action::Cancel => return Err(TransitionError::PastCutoff),
            _ => return Err(TransitionError::NotAllowed),
        },
        ActorKind::Clinic | ActorKind::System => {
            if action == Action::NoShow && now < starts_at {
                return Err(TransitionError::TooEarly);
            }
        }
    }
    Ok(to)
}

/// The actions `actor` may take now, for showing buttons.
pub fn allowed_actions(
    from: AppointmentStatus,
    actor: ActorKind,
    now: DateTime<Utc>,
    starts_at: DateTime<Utc>,
    cancel_cutoff: Duration,
) -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|&a| transition(from, a, actor, now, starts_at, cancel_cutoff).is_ok())
        .collect()
}

/// Whether the patient may move the visit (same cutoff as cancelling).
pub fn patient_may_reschedule(
    status: AppointmentStatus,
    now: DateTime<Utc>,
    starts_at: DateTime<Utc>,
    cancel_cutoff: Duration,
) -> bool {
    matches!(
        status,
        AppointmentStatus::Booked | AppointmentStatus::Confirmed
    ) && now + cancel_cutoff <= starts_at
}

#[cfg(test)]
mod tests {
    use super::*;
    use AppointmentStatus as S;

    fn at(h: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::hours(h)
    }
    const DAY: Duration = Duration::hours(24);

    #[test]
    fn statuses_round_trip() {
        for s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Some(s));
        }
        assert_eq!(S::parse("deleted"), None);
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(a));
        }
    }

    #[test]
    fn the_clinic_runs_the_day() {
        let start = at(100);
        assert_eq!(
            transition(
                S::Booked,
                Action::Confirm,
                ActorKind::Clinic,
                at(0),
                start,
                DAY
            ),
            Ok(S::Confirmed)
        );
        assert_eq!(
            transition(
                S::Confirmed,
                Action::CheckIn,
                ActorKind::Clinic,
                at(99),
                start,
                DAY
            ),
            Ok(S::CheckedIn)
        );
        assert_eq!(
            transition(
                S::CheckedIn,
                Action::Complete,
                ActorKind::Clinic,
                at(101),
                start,
                DAY
            ),
            Ok(S::Completed)
        );
        assert_eq!(
            transition(
                S::Booked,
                Action::NoShow,
                ActorKind::Clinic,
                at(99),
                start,
                DAY
            ),
            Err(TransitionError::TooEarly)
        );
        assert_eq!(
            transition(
                S::Booked,
                Action::NoShow,
                ActorKind::Clinic,
                at(101),
                start,
                DAY
            ),
            Ok(S::NoShow)
        );
        assert_eq!(
            transition(
                S::Booked,
                Action::Cancel,
                ActorKind::Clinic,
                at(99),
                start,
                DAY
            ),
            Ok(S::Cancelled)
        );
    }

    #[test]
    fn finished_appointments_stay_finished() {
        for from in [S::Completed, S::Cancelled, S::NoShow] {
            for a in Action::ALL {
                for actor in [ActorKind::Patient, ActorKind::Clinic] {
                    assert_eq!(
                        transition(from, a, actor, at(0), at(100), DAY),
                        Err(TransitionError::NotAllowed)
                    );
                }
            }
        }
    }

    #[test]
    fn patients_cancel_before_the_cutoff_only() {
        let start = at(100);
        assert_eq!(
            transition(
                S::Booked,
                Action::Cancel,
                ActorKind::Patient,
                at(76),
                start,
                DAY
            ),
            Ok(S::Cancelled)
        );
        assert_eq!(
            transition(
                S::Booked,
                Action::Cancel,
                ActorKind::Patient,
                at(77),
                start,
                DAY
            ),
            Err(TransitionError::PastCutoff)
        );
        assert_eq!(
            transition(
                S::Booked,
                Action::CheckIn,
                ActorKind::Patient,
                at(99),
                start,
                DAY
            ),
            Err(TransitionError::NotAllowed)
        );
        assert!(patient_may_reschedule(S::Confirmed, at(76), start, DAY));
        assert!(!patient_may_reschedule(S::Confirmed, at(77), start, DAY));
        assert!(!patient_may_reschedule(S::Cancelled, at(0), start, DAY));
        assert_eq!(
            allowed_actions(S::Booked, ActorKind::Patient, at(0), start, DAY),
            vec![Action::Confirm, Action::Cancel]
        );
    }
}
