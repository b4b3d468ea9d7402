//! What an appointment's history records about each change. The names are stored in
//! `appointment_events.action`, so the set is closed: a change the code does not know
//! cannot be written, and a stored name it cannot read is a store error, not a guess.

use super::booking::{Action, ActorKind};
use super::closed_set::closed_set;
use std::str::FromStr;

closed_set! {
    pub enum Change / UnknownHistoryName("history name") {
        Booked = "booked",
        Rescheduled = "rescheduled",
        Confirm = "confirm",
        CheckIn = "check_in",
        Complete = "complete",
        NoShow = "no_show",
        Cancel = "cancel",
    }
}

impl From<Action> for Change {
    fn from(action: Action) -> Self {
        match action {
            Action::Confirm => Change::Confirm,
            Action::CheckIn => Change::CheckIn,
            Action::Complete => Change::Complete,
            Action::NoShow => Change::NoShow,
            Action::Cancel => Change::Cancel,
        }
    }
}

impl FromStr for ActorKind {
    type Err = UnknownHistoryName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ActorKind::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| UnknownHistoryName(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_change_reads_back_from_its_stored_name() {
        for c in Change::ALL {
            assert_eq!(c.as_str().parse::<Change>(), Ok(c));
        }
        assert!("Cancel".parse::<Change>().is_err());
        assert!("".parse::<ActorKind>().is_err());
    }

    #[test]
    fn every_staff_action_is_a_change_of_the_same_name() {
        for a in Action::ALL {
            assert_eq!(Change::from(a).as_str(), a.as_str());
        }
    }
}
