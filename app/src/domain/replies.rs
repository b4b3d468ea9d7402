//! Answers patients send to a reminder by SMS or WhatsApp: confirm, cancel, or stop.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reply {
    Confirm,
    Cancel,
    /// No more reminders on this channel.
    Stop,
}

/// Reads a reply: `1`/`2` in Western or Arabic-Indic digits, the words in English or
/// Arabic, or a template's quick-reply button payload. Anything else is not understood.
pub fn parse_reply(body: &str, button_payload: Option<&str>) -> Option<Reply> {
    let raw = button_payload
        .filter(|b| !b.trim().is_empty())
        .unwrap_or(body);
    let text: String = raw
        .trim()
        .chars()
        .map(|c| match c {
            '٠'..='٩' => char::from_digit(c as u32 - '٠' as u32, 10).unwrap_or(c),
            '۰'..='۹' => char::from_digit(c as u32 - '۰' as u32, 10).unwrap_or(c),
            other => other,
        })
        .collect::<String>()
        .to_lowercase();
    let text = text.trim_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace());
    match text {
        "1" | "yes" | "confirm" | "نعم" | "تأكيد" | "اكد" | "أكد" => {
            Some(Reply::Confirm)
        }
        "2" | "cancel" | "no" | "إلغاء" | "الغاء" | "ألغ" | "الغ" => {
            Some(Reply::Cancel)
        }
        "stop" | "stopall" | "unsubscribe" | "end" | "quit" | "إيقاف" | "ايقاف" | "توقف" => {
            Some(Reply::Stop)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_words_and_buttons_in_both_languages() {
        assert_eq!(parse_reply(" 1 ", None), Some(Reply::Confirm));
        assert_eq!(parse_reply("١", None), Some(Reply::Confirm));
        assert_eq!(parse_reply("٢", None), Some(Reply::Cancel));
        assert_eq!(parse_reply("۲", None), Some(Reply::Cancel));
        assert_eq!(parse_reply("Cancel!", None), Some(Reply::Cancel));
        assert_eq!(parse_reply("تأكيد", None), Some(Reply::Confirm));
        assert_eq!(parse_reply("STOP", None), Some(Reply::Stop));
        assert_eq!(parse_reply("إيقاف", None), Some(Reply::Stop));
        assert_eq!(
            parse_reply("whatever", Some("confirm")),
            Some(Reply::Confirm)
        );
        assert_eq!(parse_reply("12", None), None);
        assert_eq!(parse_reply("maybe later", None), None);
    }
}
