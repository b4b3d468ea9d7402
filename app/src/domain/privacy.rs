//! The privacy notice people agree to when they create an account.

/// Version of the privacy notice shown at `/privacy`. Consents record the version they
/// were given for, so a later change of the text can ask people again.
pub const PRIVACY_NOTICE_VERSION: &str = "2026-11-25";

/// Masks phone numbers and email addresses in free text from outside (a provider's
/// error message), so the message log never keeps a contact the error happened to
/// quote. Runs of seven or more digits (with `+`, spaces, dashes, dots or brackets
/// between them) become `[phone]`; `local@domain` becomes `[email]`. Shorter numbers,
/// such as a provider's error code, stay readable.
pub fn mask_contacts(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0 || !is_word(chars[i - 1]);
        if starts_word && let Some(end) = email_end(&chars, i) {
            out.push_str("[email]");
            i = end;
        } else if starts_word && let Some(end) = phone_end(&chars, i) {
            out.push_str("[phone]");
            i = end;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('٠'..='٩').contains(&c) || ('۰'..='۹').contains(&c)
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || is_digit(c)
}

fn is_local_part(c: char) -> bool {
    is_word(c) || "._%+-".contains(c)
}

/// The end of an email address starting at `start`, if one does.
fn email_end(chars: &[char], start: usize) -> Option<usize> {
    let at = start
        + chars[start..]
            .iter()
            .take_while(|c| is_local_part(**c))
            .count();
    if at == start || chars.get(at) != Some(&'@') {
        return None;
    }
    let domain = chars[at + 1..]
        .iter()
        .take_while(|c| is_word(**c) || **c == '.' || **c == '-')
        .count();
    (domain > 0).then_some(at + 1 + domain)
}

/// The end of a phone number starting at `start`, if one does.
fn phone_end(chars: &[char], start: usize) -> Option<usize> {
    if !(is_digit(chars[start]) || chars[start] == '+') {
        return None;
    }
    let mut digits = 0;
    let mut end = start;
    for (i, c) in chars.iter().enumerate().skip(start) {
        if is_digit(*c) {
            digits += 1;
            end = i + 1;
        } else if !(" -.()".contains(*c) || (i == start && *c == '+')) {
            break;
        }
    }
    (digits >= 7).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::mask_contacts;
    use proptest::prelude::*;

    #[test]
    fn contacts_in_provider_errors_are_masked_and_codes_kept() {
        assert_eq!(
            mask_contacts("21211: The 'To' number +966 50 123 4567 is not a valid phone number."),
            "21211: The 'To' number [phone] is not a valid phone number."
        );
        assert_eq!(
            mask_contacts("550 5.1.1 <sara.q+1@example.com>: mailbox unavailable"),
            "550 5.1.1 <[email]>: mailbox unavailable"
        );
        assert_eq!(mask_contacts("whatsapp:+201012345678"), "whatsapp:[phone]");
        assert_eq!(
            mask_contacts("رقم ٠٥٠١٢٣٤٥٦٧ غير صالح"),
            "رقم [phone] غير صالح"
        );
        assert_eq!(
            mask_contacts("provider error 63003"),
            "provider error 63003"
        );
        assert_eq!(
            mask_contacts("SM0000000000000000000000000000001"),
            "SM0000000000000000000000000000001"
        );
    }

    proptest! {
        #[test]
        fn no_phone_survives(
            before in "[a-zA-Z:,' ]{0,30}",
            after in "[a-zA-Z:,.' ]{0,30}",
            plus in proptest::bool::ANY,
            groups in proptest::collection::vec("[0-9]{2,4}", 4..6),
            sep in "[ .-]",
        ) {
            let number = format!("{}{}", if plus { "+" } else { "" }, groups.join(&sep));
            let masked = mask_contacts(&format!("{before} {number} {after}"));
            let digits: String = groups.concat();
            let kept: String = masked.chars().filter(char::is_ascii_digit).collect();
            prop_assert!(!kept.contains(&digits[..digits.len().min(7)]), "{masked}");
            prop_assert!(masked.contains("[phone]"));
        }

        #[test]
        fn no_email_survives(
            before in "[a-zA-Z:,' <]{0,30}",
            local in "[a-z0-9][a-z0-9._+-]{0,15}",
            domain in "[a-z0-9-]{1,12}\\.[a-z]{2,6}",
            after in "[a-zA-Z:,.' >]{0,30}",
        ) {
            let address = format!("{local}@{domain}");
            let masked = mask_contacts(&format!("{before} {address} {after}"));
            prop_assert!(!masked.contains(&address), "{masked}");
            prop_assert!(!masked.contains('@'), "{masked}");
        }

        #[test]
        fn masking_is_idempotent_and_leaves_plain_text_alone(text in "\\PC{0,80}") {
            let once = mask_contacts(&text);
            prop_assert_eq!(mask_contacts(&once), once.clone());
            if !text.chars().any(|c| c == '@' || super::is_digit(c)) {
                prop_assert_eq!(once, text);
            }
        }
    }
}
