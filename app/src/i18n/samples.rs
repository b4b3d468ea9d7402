//! Test-only: turns every kind of text a table holds into sample strings, so the
//! generated `entries` can walk a table without knowing its keys.

use super::{Formatter, Lang, Plural, messages::Facts, privacy::Section};

/// Markers passed for text arguments; a text must show the same markers in every language.
pub const MARKERS: [&str; 9] = [
    "«a»", "«b»", "«c»", "«d»", "«e»", "«f»", "«g»", "«h»", "«i»",
];
/// Passed for number arguments.
pub const NUMBER: i32 = 7;

pub trait Sample {
    fn collect(&self, key: &str, out: &mut Vec<(String, String)>);
}

fn push(out: &mut Vec<(String, String)>, key: &str, text: impl Into<String>) {
    out.push((key.to_owned(), text.into()));
}

impl Sample for &'static str {
    fn collect(&self, key: &str, out: &mut Vec<(String, String)>) {
        push(out, key, *self);
    }
}

impl Sample for &'static [&'static str] {
    fn collect(&self, key: &str, out: &mut Vec<(String, String)>) {
        for (i, text) in self.iter().enumerate() {
            push(out, &format!("{key}[{i}]"), *text);
        }
    }
}

impl Sample for &'static [Section] {
    fn collect(&self, key: &str, out: &mut Vec<(String, String)>) {
        for (i, section) in self.iter().enumerate() {
            for (k, v) in section.entries() {
                push(out, &format!("{key}[{i}].{k}"), v);
            }
        }
    }
}

impl Sample for fn(usize) -> String {
    fn collect(&self, key: &str, out: &mut Vec<(String, String)>) {
        for n in [1, 2, NUMBER as usize] {
            push(out, &format!("{key}({n})"), self(n));
        }
    }
}

impl Sample for fn(i32) -> String {
    fn collect(&self, key: &str, out: &mut Vec<(String, String)>) {
        for n in [1, 2, NUMBER] {
            push(out, &format!("{key}({n})"), self(n));
        }
    }
}

impl Sample for fn(&str) -> String {
    fn collect(&self, key: &str, out: &mut Vec<(String, String)>) {
        push(out, key, self(MARKERS[0]));
    }
}

/// A label for every value of a closed set, each under its own key.
macro_rules! labels {
    ($($ty:ty),* $(,)?) => {$(
        impl Sample for fn($ty) -> &'static str {
            fn collect(&self, key: &str, out: &mut Vec<(String, String)>) {
                for value in <$ty>::ALL {
                    push(out, &format!("{key}({})", value.as_str()), self(value));
                }
            }
        }
    )*};
}

labels!(
    crate::domain::message_kind::MessageKind,
    crate::domain::message_status::MessageStatus,
    crate::domain::messaging::Channel,
    crate::domain::history::Change,
    crate::domain::booking::ActorKind,
    crate::domain::booking::Action,
    crate::domain::booking::AppointmentStatus,
    crate::domain::roles::Role,
    crate::domain::access_action::AccessAction,
    crate::domain::consent::ConsentKind,
    crate::domain::identity::IdentityKind,
);

impl Sample for fn(&str, &str) -> String {
    fn collect(&self, key: &str, out: &mut Vec<(String, String)>) {
        push(out, key, self(MARKERS[0], MARKERS[1]));
    }
}

impl Sample for fn(&str, &str, &str) -> String {
    fn collect(&self, key: &str, out: &mut Vec<(String, String)>) {
        push(out, key, self(MARKERS[0], MARKERS[1], MARKERS[2]));
    }
}

/// A counted phrase, rendered for a number of every CLDR category in both languages'
/// rules. Which language's rules apply is read from the text: a table's Arabic forms
/// are written in Arabic.
impl Sample for Plural {
    fn collect(&self, key: &str, out: &mut Vec<(String, String)>) {
        let lang = if has_arabic(self.other) {
            Lang::Ar
        } else {
            Lang::En
        };
        for n in [0, 1, 2, 3, i64::from(NUMBER), 11, 100] {
            push(
                out,
                &format!("{key}({n})"),
                Formatter::plain(lang).count(self, n),
            );
        }
    }
}

/// A message template, filled with a marker for every fact.
impl Sample for fn(&Facts) -> String {
    fn collect(&self, key: &str, out: &mut Vec<(String, String)>) {
        push(out, key, self(&sample_facts()));
    }
}

pub fn sample_facts() -> Facts<'static> {
    Facts {
        clinic: MARKERS[0],
        service: MARKERS[1],
        provider: MARKERS[2],
        when: MARKERS[3],
        place: MARKERS[4],
        link: MARKERS[5],
        code: MARKERS[6],
        method: MARKERS[7],
        expires_in: MARKERS[8],
        text: MARKERS[0],
    }
}

pub fn has_arabic(text: &str) -> bool {
    text.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
}

/// The sample values a text shows: text markers, and the sample numbers in Western or
/// Arabic-Indic digits.
pub fn placeholders(text: &str) -> Vec<String> {
    let digits: String = text
        .chars()
        .map(|c| match c {
            '٠'..='٩' => char::from_u32(c as u32 - '٠' as u32 + '0' as u32).unwrap_or(c),
            other => other,
        })
        .collect();
    let mut found: Vec<String> = MARKERS
        .iter()
        .filter(|m| text.contains(*m))
        .map(|m| (*m).to_owned())
        .collect();
    if digits.contains(&NUMBER.to_string()) {
        found.push(NUMBER.to_string());
    }
    found
}
