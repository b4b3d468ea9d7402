//! Test-only: turns every kind of text a table holds into sample strings, so the
//! generated `entries` can walk a table without knowing its keys.

use super::privacy::Section;

/// Markers passed for text arguments; a text must show the same markers in every language.
pub const MARKERS: [&str; 3] = ["«a»", "«b»", "«c»"];
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

/// Lookups by code: an unknown code shows the fallback text.
impl Sample for fn(&str) -> &'static str {
    fn collect(&self, key: &str, out: &mut Vec<(String, String)>) {
        push(out, key, self(MARKERS[0]));
    }
}

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
