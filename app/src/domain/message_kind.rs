//! What an outgoing message is about. The kind picks the template a message is written
//! with and the rules that apply to it (a reminder can be stopped, a sign-in code
//! expires), so it is a closed set: a kind the code does not know cannot be queued, and a
//! stored one it cannot read is an error rather than a guess.

use super::closed_set::closed_set;

closed_set! {
    pub enum MessageKind / UnknownMessageKind("message kind") {
        SignInCode = "sign_in_code",
        /// Told to every contact the account had before the change, so a stranger's change
        /// does not go unnoticed.
        SignInMethodAdded = "sign_in_method_added",
        SignInMethodRemoved = "sign_in_method_removed",
        AppointmentConfirmation = "appointment_confirmation",
        AppointmentReminder = "appointment_reminder",
        AppointmentRescheduled = "appointment_rescheduled",
        AppointmentCancelled = "appointment_cancelled",
        AppointmentFollowUp = "appointment_follow_up",
        /// The answer to a patient's reply (`1`, `2`, `STOP`), already in their language.
        ReplyAck = "reply_ack",
    }
}

impl MessageKind {
    /// About one appointment: its email carries the appointment as a calendar file.
    pub fn is_about_an_appointment(self) -> bool {
        match self {
            MessageKind::AppointmentConfirmation
            | MessageKind::AppointmentReminder
            | MessageKind::AppointmentRescheduled
            | MessageKind::AppointmentCancelled
            | MessageKind::AppointmentFollowUp => true,
            MessageKind::SignInCode
            | MessageKind::SignInMethodAdded
            | MessageKind::SignInMethodRemoved
            | MessageKind::ReplyAck => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_stored_text() {
        for kind in MessageKind::ALL {
            assert_eq!(kind.as_str().parse::<MessageKind>(), Ok(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
    }

    #[test]
    fn the_stored_texts_are_the_ones_already_in_databases() {
        assert_eq!(MessageKind::SignInCode.as_str(), "sign_in_code");
        assert_eq!(
            MessageKind::AppointmentFollowUp.as_str(),
            "appointment_follow_up"
        );
        assert_eq!(MessageKind::ReplyAck.as_str(), "reply_ack");
    }

    #[test]
    fn an_unknown_kind_is_an_error() {
        assert_eq!(
            "marketing_blast".parse::<MessageKind>(),
            Err(UnknownMessageKind("marketing_blast".to_owned()))
        );
        assert!("".parse::<MessageKind>().is_err());
        assert!("Sign_In_Code".parse::<MessageKind>().is_err());
    }
}
