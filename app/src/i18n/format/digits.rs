//! Arabic-Indic digits (٠١٢٣٤٥٦٧٨٩), U+0660 to U+0669 in the order of 0 to 9.

/// `text` with every ASCII digit written as its Arabic-Indic counterpart; everything
/// else (letters, punctuation, the separators of a time) is kept.
pub fn to_arabic_indic(text: &str) -> String {
    text.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) if c.is_ascii_digit() => char::from_u32(0x0660 + d).unwrap_or(c),
            _ => c,
        })
        .collect()
}
