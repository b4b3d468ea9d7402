//! When a visit's reminders go out. Offsets are real minutes before the visit, so a
//! reminder a day ahead stays 24 hours ahead across a daylight-saving change.

use chrono::{DateTime, Duration, Utc};

/// When reminders for a visit at `starts_at` go out: each offset before it, skipping
/// those already past (a booking made 3 hours ahead gets only the 2-hour reminder).
pub fn reminder_times(
    starts_at: DateTime<Utc>,
    offsets_min: &[i64],
    now: DateTime<Utc>,
) -> Vec<(i64, DateTime<Utc>)> {
    let mut out: Vec<(i64, DateTime<Utc>)> = offsets_min
        .iter()
        .filter(|&&o| o > 0)
        .map(|&o| (o, starts_at - Duration::minutes(o)))
        .filter(|(_, at)| *at > now)
        .collect();
    out.sort_by_key(|(_, at)| *at);
    out.dedup_by_key(|(o, _)| *o);
    out
}

/// Parses a clinic's reminder offsets ("1440,120"): positive minutes, at most a week.
pub fn parse_reminder_offsets(raw: &str) -> Option<Vec<i64>> {
    let offsets: Option<Vec<i64>> = raw
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<i64>().ok().filter(|m| (1..=10_080).contains(m)))
        .collect();
    offsets.filter(|o| o.len() <= 5)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::hours(h)
    }

    #[test]
    fn reminders_count_real_hours_across_a_daylight_saving_change() {
        use chrono::TimeZone;
        // Cairo springs forward at midnight on 24 April 2026: a 09:00 visit that day is
        // reminded 24 real hours before, which reads 08:00 on the local clock the day before.
        let cairo = chrono_tz::Africa::Cairo;
        let visit = cairo
            .with_ymd_and_hms(2026, 4, 24, 9, 0, 0)
            .single()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default();
        let times = reminder_times(visit, &[1440], visit - Duration::days(3));
        let local = times[0].1.with_timezone(&cairo);
        assert_eq!(
            local.format("%Y-%m-%d %H:%M").to_string(),
            "2026-04-23 08:00"
        );
        assert_eq!(visit - times[0].1, Duration::hours(24));
    }

    #[test]
    fn reminders_skip_the_past_and_sort() {
        let start = at(100);
        assert_eq!(
            reminder_times(start, &[120, 1440], at(0)),
            vec![(1440, at(76)), (120, at(98))]
        );
        assert_eq!(
            reminder_times(start, &[1440, 120], at(90)),
            vec![(120, at(98))]
        );
        assert_eq!(parse_reminder_offsets("1440, 120"), Some(vec![1440, 120]));
        assert_eq!(parse_reminder_offsets("0"), None);
        assert_eq!(parse_reminder_offsets("abc"), None);
    }
}
