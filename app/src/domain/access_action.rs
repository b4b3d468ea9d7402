//! What the access log records someone did with a patient's record. A closed set: each
//! has its label in both languages, and a stored name the code cannot read is a store
//! error rather than a vague "accessed the record".

use super::booking::Action;
use super::closed_set::closed_set;

closed_set! {
    pub enum AccessAction / UnknownAccessAction("access-log action") {
        ProfileUpdate = "profile.update",
        PictureUpdate = "picture.update",
        PictureRemove = "picture.remove",
        DependentSave = "dependent.save",
        DependentRemove = "dependent.remove",
        ViewAppointment = "view_appointment",
        RescheduleAppointment = "reschedule_appointment",
        ExportAppointment = "export_appointment",
        FileView = "file.view",
        /// A clinic's day list, which names every patient booked that day.
        ViewDay = "view_day",
        BookForDependent = "book_for_dependent",
        /// Staff changed a visit's status; stored under the staff action's own name.
        Confirm = "confirm",
        CheckIn = "check_in",
        Complete = "complete",
        NoShow = "no_show",
        Cancel = "cancel",
    }
}

impl From<Action> for AccessAction {
    fn from(action: Action) -> Self {
        match action {
            Action::Confirm => AccessAction::Confirm,
            Action::CheckIn => AccessAction::CheckIn,
            Action::Complete => AccessAction::Complete,
            Action::NoShow => AccessAction::NoShow,
            Action::Cancel => AccessAction::Cancel,
        }
    }
}

/// Read from its column by the store (`#[sqlx(try_from = "String")]`).
impl TryFrom<String> for AccessAction {
    type Error = UnknownAccessAction;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_reads_back_from_its_stored_and_sent_name() {
        for a in AccessAction::ALL {
            assert_eq!(a.as_str().parse::<AccessAction>(), Ok(a));
            assert_eq!(
                serde_json::to_value(a).ok(),
                Some(serde_json::Value::from(a.as_str()))
            );
        }
        assert!("accessed".parse::<AccessAction>().is_err());
    }
}
