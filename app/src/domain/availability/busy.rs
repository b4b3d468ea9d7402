//! The booked time availability consults.

use crate::domain::{ids::ProviderId, schedule::TimeRange};
use std::collections::HashMap;

/// Reserved time of active appointments per provider, merged into sorted disjoint
/// spans so "is this free?" is one binary search however many bookings exist.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Busy(HashMap<ProviderId, Vec<TimeRange>>);

impl Busy {
    pub fn new(ranges: impl IntoIterator<Item = (ProviderId, TimeRange)>) -> Self {
        let mut map: HashMap<ProviderId, Vec<TimeRange>> = HashMap::new();
        for (p, r) in ranges {
            if !r.is_empty() {
                map.entry(p).or_default().push(r);
            }
        }
        for spans in map.values_mut() {
            spans.sort_unstable();
            let mut merged: Vec<TimeRange> = Vec::with_capacity(spans.len());
            for r in spans.drain(..) {
                match merged.last_mut() {
                    Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                    _ => merged.push(r),
                }
            }
            *spans = merged;
        }
        Self(map)
    }

    pub fn is_free(&self, provider: ProviderId, wanted: &TimeRange) -> bool {
        let Some(spans) = self.0.get(&provider) else {
            return true;
        };
        // Disjoint and sorted: of the spans starting before our end, the last one also
        // ends last, so it alone can reach into `wanted`.
        let upto = spans.partition_point(|b| b.start < wanted.end);
        upto == 0 || spans[upto - 1].end <= wanted.start
    }
}
