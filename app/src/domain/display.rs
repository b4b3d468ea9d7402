//! How a clinic wants numbers and dates shown to its Arabic-speaking patients.

use serde::{Deserialize, Serialize};

/// A clinic's display settings. Both apply to Arabic pages and messages only: English
/// texts keep Western digits and the Gregorian calendar alone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplaySettings {
    /// Write digits as ٠١٢٣٤٥٦٧٨٩ rather than 0123456789.
    pub arabic_indic_digits: bool,
    /// Show the Umm al-Qura (Hijri) date beside the Gregorian one in messages.
    pub hijri_date: bool,
}
