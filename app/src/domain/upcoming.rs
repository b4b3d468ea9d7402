//! Which appointments are still to come and which are past.
//!
//! Decided on the server with its clock and sent with the lists, so every list splits a
//! visit ending around "now" by the same clock.

use super::booking::AppointmentStatus;
use chrono::{DateTime, Utc};

/// A visit is upcoming while it still holds the provider's time and has not ended.
pub fn is_upcoming(status: AppointmentStatus, ends_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    status.is_active() && ends_at > now
}

/// Splits `items` (soonest first) into upcoming, soonest first, and past, most recent
/// first. `visit` reads an item's status and end.
pub fn split_upcoming<T>(
    items: Vec<T>,
    now: DateTime<Utc>,
    visit: impl Fn(&T) -> (AppointmentStatus, DateTime<Utc>),
) -> (Vec<T>, Vec<T>) {
    let (upcoming, mut past): (Vec<T>, Vec<T>) = items.into_iter().partition(|item| {
        let (status, ends_at) = visit(item);
        is_upcoming(status, ends_at, now)
    });
    past.reverse();
    (upcoming, past)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, hour, 0, 0)
            .single()
            .unwrap_or_default()
    }

    #[test]
    fn a_visit_is_upcoming_until_it_ends_and_only_while_active() {
        let now = at(10);
        assert!(is_upcoming(AppointmentStatus::Booked, at(11), now));
        assert!(is_upcoming(AppointmentStatus::CheckedIn, at(11), now));
        assert!(
            !is_upcoming(AppointmentStatus::Booked, at(10), now),
            "ends now"
        );
        assert!(!is_upcoming(AppointmentStatus::Booked, at(9), now));
        assert!(!is_upcoming(AppointmentStatus::Cancelled, at(11), now));
        assert!(!is_upcoming(AppointmentStatus::Completed, at(11), now));
    }

    #[test]
    fn past_visits_come_most_recent_first() {
        let items = vec![
            (1, AppointmentStatus::Completed, at(8)),
            (2, AppointmentStatus::Booked, at(9)),
            (3, AppointmentStatus::Cancelled, at(12)),
            (4, AppointmentStatus::Booked, at(13)),
            (5, AppointmentStatus::Confirmed, at(14)),
        ];
        let (upcoming, past) = split_upcoming(items, at(10), |(_, s, e)| (*s, *e));
        let ids = |v: &[(i32, AppointmentStatus, DateTime<Utc>)]| {
            v.iter().map(|(id, _, _)| *id).collect::<Vec<_>>()
        };
        assert_eq!(ids(&upcoming), [4, 5]);
        assert_eq!(ids(&past), [3, 2, 1]);
    }
}
