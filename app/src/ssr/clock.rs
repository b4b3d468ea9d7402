//! The time source for everything that is not pure domain code.

use chrono::{DateTime, Utc};
use std::sync::{Arc, Mutex};

/// The system clock, or a manual one tests swap in to move through reminder windows and
/// expiries without waiting.
#[derive(Clone, Debug, Default)]
pub struct Clock(Option<Arc<Mutex<DateTime<Utc>>>>);

impl Clock {
    pub fn system() -> Self {
        Self(None)
    }

    pub fn manual(start: DateTime<Utc>) -> Self {
        Self(Some(Arc::new(Mutex::new(start))))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &self.0 {
            None => Utc::now(),
            Some(t) => t.lock().map(|t| *t).unwrap_or_else(|p| *p.into_inner()),
        }
    }

    /// Moves a manual clock forward; a system clock ignores it.
    pub fn advance(&self, by: chrono::Duration) {
        if let Some(t) = &self.0
            && let Ok(mut t) = t.lock()
        {
            *t += by;
        }
    }

    pub fn set(&self, to: DateTime<Utc>) {
        if let Some(t) = &self.0
            && let Ok(mut t) = t.lock()
        {
            *t = to;
        }
    }
}
