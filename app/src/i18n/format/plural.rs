//! Plural categories from the CLDR rules, through ICU4X's `icu_plurals` and its compiled
//! data: nothing here restates a rule.

use crate::domain::lang::Lang;
use icu_locale_core::langid;
use icu_plurals::{PluralCategory, PluralRules};

/// The CLDR plural categories; a language uses some of them (English: one and other;
/// Arabic: all six).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

/// The category of the cardinal number `n` in `lang`.
pub fn category(lang: Lang, n: i64) -> Category {
    let id = match lang {
        Lang::En => langid!("en"),
        Lang::Ar => langid!("ar"),
    };
    // Compiled data holds both languages; should it ever not, "other" is the form every
    // language has, and reads as a plain number.
    let Ok(rules) = PluralRules::try_new(id.into(), Default::default()) else {
        return Category::Other;
    };
    match rules.category_for(n) {
        PluralCategory::Zero => Category::Zero,
        PluralCategory::One => Category::One,
        PluralCategory::Two => Category::Two,
        PluralCategory::Few => Category::Few,
        PluralCategory::Many => Category::Many,
        PluralCategory::Other => Category::Other,
    }
}
