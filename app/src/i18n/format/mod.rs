//! The one place numbers, counts, dates and times become text.
//!
//! A [`Formatter`] knows the reader's language and the clinic's display settings, so
//! every page and message shows a value the same way: month names in the reader's
//! language, Arabic plural forms chosen by the CLDR rules, Arabic-Indic digits when the
//! clinic asks for them and, in messages, the Umm al-Qura date beside the Gregorian one.
//! The CLDR data comes from ICU4X (`icu_plurals`, and `icu_calendar` on the server);
//! the words (month names, "AM") are texts in `i18n`.

mod dates;
mod digits;
#[cfg(feature = "ssr")]
mod hijri;
mod plural;

pub use crate::domain::display::DisplaySettings;
pub use digits::to_arabic_indic;
pub use plural::{Category, category};

use super::{Lang, Plural, calendar::CalendarStrings, strings};

/// Formats values for one reader of one clinic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Formatter {
    lang: Lang,
    display: DisplaySettings,
}

impl Formatter {
    pub fn new(lang: Lang, display: DisplaySettings) -> Formatter {
        Formatter { lang, display }
    }

    /// For texts that belong to no clinic (the home page, account pages, errors).
    pub fn plain(lang: Lang) -> Formatter {
        Formatter::new(lang, DisplaySettings::default())
    }

    pub fn lang(self) -> Lang {
        self.lang
    }

    /// Whether digits are written Arabic-Indic: only on Arabic texts, and only when the
    /// clinic asked for it.
    fn arabic_digits(self) -> bool {
        self.lang == Lang::Ar && self.display.arabic_indic_digits
    }

    /// Writes the ASCII digits of `text` the way this reader's clinic wants them.
    pub fn digits(self, text: &str) -> String {
        if self.arabic_digits() {
            to_arabic_indic(text)
        } else {
            text.to_owned()
        }
    }

    pub fn number(self, n: i64) -> String {
        self.digits(&n.to_string())
    }

    /// The phrase for `n` things, in the form the language's CLDR rules pick for `n`.
    /// Zero itself always takes the `zero` form, as an explicit `=0` case of a CLDR
    /// message does ("under 1 year"); in Arabic that is also its plural category.
    pub fn count(self, forms: &Plural, n: i64) -> String {
        let form = match category(self.lang, n) {
            _ if n == 0 => forms.zero,
            Category::Zero => forms.zero,
            Category::One => forms.one,
            Category::Two => forms.two,
            Category::Few => forms.few,
            Category::Many => forms.many,
            Category::Other => forms.other,
        };
        form.replace("{n}", &self.number(n))
    }

    /// Items joined as the language joins a list: "a, b and c", "أ، ب وج".
    pub fn list(self, items: &[&str]) -> String {
        let t = self.calendar();
        match items {
            [] => String::new(),
            [one] => (*one).to_owned(),
            [init @ .., before_last, last] => {
                let tail = (t.list_last)(before_last, last);
                if init.is_empty() {
                    tail
                } else {
                    format!("{}{}{tail}", init.join(t.list_separator), t.list_separator)
                }
            }
        }
    }

    fn calendar(self) -> &'static CalendarStrings {
        strings(self.lang).calendar
    }
}

#[cfg(test)]
mod tests;
