//! Counted phrases: the forms a language uses for "{n} minutes", by CLDR plural category.

/// The forms of a counted phrase, one per CLDR plural category; `{n}` stands for the
/// number. Which form a number takes is decided by the CLDR rules of the language (see
/// `format::Formatter::count`), never by matching numbers here: Arabic alone has six
/// forms, and 2, 3–10, 11–99 and 100 each take a different one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plural {
    pub zero: &'static str,
    pub one: &'static str,
    pub two: &'static str,
    pub few: &'static str,
    pub many: &'static str,
    pub other: &'static str,
}

impl Plural {
    /// A phrase in a language with only a singular and a plural (English).
    pub const fn one_other(one: &'static str, other: &'static str) -> Plural {
        Plural {
            zero: other,
            one,
            two: other,
            few: other,
            many: other,
            other,
        }
    }
}
