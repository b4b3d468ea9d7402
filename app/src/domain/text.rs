//! Text that exists in every supported language.

use super::lang::Lang;
use serde::{Deserialize, Serialize};

/// A human-readable text in English and Arabic. Both are required: a clinic's
/// name or a service's description is never missing in one of the languages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Localized {
    pub en: String,
    pub ar: String,
}

impl Localized {
    pub fn new(en: impl Into<String>, ar: impl Into<String>) -> Self {
        Self {
            en: en.into(),
            ar: ar.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Ar => &self.ar,
        }
    }

    /// A text is complete when neither language is blank.
    pub fn is_complete(&self) -> bool {
        !self.en.trim().is_empty() && !self.ar.trim().is_empty()
    }
}
