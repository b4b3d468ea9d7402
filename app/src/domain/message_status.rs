//! Where an outgoing message is on its way: queued, being sent, or one of its ends. The
//! providers' delivery receipts move it forward only, so a late "sent" never overwrites
//! "delivered".

use super::closed_set::closed_set;

closed_set! {
    pub enum MessageStatus / UnknownMessageStatus("message status") {
        /// Queued; goes out when due.
        Pending = "pending",
        /// Claimed by a worker (or accepted by a provider, as a receipt says).
        Sending = "sending",
        Sent = "sent",
        Delivered = "delivered",
        Read = "read",
        Failed = "failed",
        /// Dropped before it went out (the recipient stopped reminders, a code expired).
        Cancelled = "cancelled",
        /// Its worker stopped mid-send: it may or may not have left.
        Unknown = "unknown",
    }
}

impl MessageStatus {
    /// How far along a delivery receipt takes a message; `None` for statuses no receipt
    /// reports. A receipt only ever moves a message to a higher rank, and `failed` is
    /// final.
    pub fn delivery_rank(self) -> Option<i32> {
        match self {
            MessageStatus::Sending => Some(1),
            MessageStatus::Sent => Some(2),
            MessageStatus::Delivered => Some(3),
            MessageStatus::Read => Some(4),
            MessageStatus::Failed => Some(5),
            MessageStatus::Pending | MessageStatus::Cancelled | MessageStatus::Unknown => None,
        }
    }

    /// Delivery did not happen, or may not have: the log shows why.
    pub fn is_failure(self) -> bool {
        matches!(self, MessageStatus::Failed | MessageStatus::Unknown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_reads_back_from_its_stored_text() {
        for status in MessageStatus::ALL {
            assert_eq!(status.as_str().parse::<MessageStatus>(), Ok(status));
        }
        assert!("bogus".parse::<MessageStatus>().is_err());
    }

    #[test]
    fn ranks_only_go_forward() {
        use MessageStatus as S;
        assert!(S::Sent.delivery_rank() < S::Delivered.delivery_rank());
        assert!(S::Delivered.delivery_rank() < S::Read.delivery_rank());
        assert!(S::Read.delivery_rank() < S::Failed.delivery_rank());
        assert_eq!(S::Pending.delivery_rank(), None);
    }
}
