//! Fills a message kind's template (its words live in `app::i18n::messages`) with the
//! facts the outbox row carries, formatted for the recipient: dates with month names in
//! their language, counts in the right plural form, digits and the Hijri date as the
//! clinic chose. Pure, so every kind is tested in both languages.

use app::{
    domain::{display::DisplaySettings, lang::Lang, message_kind::MessageKind},
    i18n::{Formatter, messages::Facts, strings},
};
use chrono::{NaiveDate, NaiveTime};
use serde_json::Value;

/// How long a sign-in code lasts, as the code message tells its reader.
const CODE_LIFETIME_MINUTES: i64 = 10;

/// A fact from a message's payload as text: a plain value, or a bilingual one in `lang`
/// (English when that language is missing).
fn field(payload: &Value, lang: Lang, name: &str) -> String {
    match payload.get(name) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Object(o)) => o
            .get(lang.code())
            .or_else(|| o.get("en"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// A message's payload read for one recipient.
struct Reader<'a> {
    payload: &'a Value,
    lang: Lang,
    format: Formatter,
    base: &'a str,
}

impl<'a> Reader<'a> {
    fn new(lang: Lang, display: DisplaySettings, payload: &'a Value, public_url: &'a str) -> Self {
        Reader {
            payload,
            lang,
            format: Formatter::new(lang, display),
            base: public_url.trim_end_matches('/'),
        }
    }

    fn field(&self, name: &str) -> String {
        field(self.payload, self.lang, name)
    }

    /// The appointment's date and time in the clinic's zone, written for the reader; a
    /// payload from before dates were formatted is shown as it came.
    fn when(&self) -> String {
        let (date, time) = (self.field("local_date"), self.field("local_time"));
        let at = match (
            NaiveDate::parse_from_str(&date, "%Y-%m-%d"),
            NaiveTime::parse_from_str(&time, "%H:%M"),
        ) {
            (Ok(d), Ok(t)) => self.format.date_time_with_hijri(d, t),
            _ => self.format.digits(&format!("{date} {time}")),
        };
        (strings(self.lang).messages.in_zone)(&at, &self.field("time_zone"))
    }

    fn place(&self) -> String {
        (strings(self.lang).messages.place)(&self.field("branch"), &self.field("address"))
    }

    fn appointment_link(&self) -> String {
        format!(
            "{}/appointments/{}",
            self.base,
            self.field("appointment_id")
        )
    }
}

type Template = fn(&Facts) -> String;

/// Subject and body of a message. Every kind has its template: a kind without one does
/// not compile, and a stored kind the code does not know never leaves the store.
pub fn render(
    kind: MessageKind,
    lang: Lang,
    display: DisplaySettings,
    payload: &Value,
    public_url: &str,
) -> (String, String) {
    let r = Reader::new(lang, display, payload, public_url);
    let t = strings(lang).messages;
    let (clinic, service, provider) = (r.field("clinic"), r.field("service"), r.field("provider"));
    let (when, place) = (r.when(), r.place());
    let code = r.field("code");
    let expires_in = r.format.count(&t.minutes, CODE_LIFETIME_MINUTES);
    // Only the sign-in method messages carry a method; the others leave it empty.
    let method = app::domain::identity::IdentityKind::parse(&r.field("method"))
        .map_or("", strings(lang).account.method_name);
    let text = r.field("text");
    let (subject, body, link): (Template, Template, String) = match kind {
        // The answer to a patient's reply, already in their language.
        MessageKind::ReplyAck => return (String::new(), text),
        MessageKind::SignInCode => (t.sign_in_code_subject, t.sign_in_code_body, String::new()),
        MessageKind::AppointmentConfirmation => (
            t.confirmation_subject,
            t.confirmation_body,
            r.appointment_link(),
        ),
        MessageKind::AppointmentReminder => {
            (t.reminder_subject, t.reminder_body, r.appointment_link())
        }
        MessageKind::AppointmentRescheduled => (
            t.rescheduled_subject,
            t.rescheduled_body,
            r.appointment_link(),
        ),
        MessageKind::AppointmentCancelled => (
            t.cancelled_subject,
            t.cancelled_body,
            format!("{}/c/{}/book", r.base, r.field("clinic_slug")),
        ),
        MessageKind::AppointmentFollowUp => {
            (t.follow_up_subject, t.follow_up_body, r.appointment_link())
        }
        // Told to every contact the account had before the change: if it was not the
        // account's owner, they know to act.
        MessageKind::SignInMethodAdded => (
            t.method_added_subject,
            t.method_added_body,
            format!("{}/account/security", r.base),
        ),
        MessageKind::SignInMethodRemoved => (
            t.method_removed_subject,
            t.method_removed_body,
            format!("{}/account/security", r.base),
        ),
    };
    let facts = Facts {
        clinic: &clinic,
        service: &service,
        provider: &provider,
        when: &when,
        place: &place,
        link: &link,
        code: &code,
        method,
        expires_in: &expires_in,
        text: &text,
    };
    (subject(&facts), body(&facts))
}

/// The values of an approved WhatsApp template for this kind, in order: the code for
/// sign-in; clinic, service, provider, time, place and link for appointments. The same
/// facts, formatted the same way, as the text of the message.
pub fn variables(
    kind: MessageKind,
    lang: Lang,
    display: DisplaySettings,
    payload: &Value,
    public_url: &str,
) -> Vec<String> {
    let r = Reader::new(lang, display, payload, public_url);
    if kind == MessageKind::SignInCode {
        return vec![r.field("code")];
    }
    vec![
        r.field("clinic"),
        r.field("service"),
        r.field("provider"),
        r.when(),
        r.place(),
        r.appointment_link(),
    ]
}

/// The answer to a patient's reply, in their language.
pub fn reply_text(outcome: app::ssr::services::replies::Outcome, lang: Lang) -> &'static str {
    use app::ssr::services::replies::Outcome as O;
    let t = strings(lang).messages;
    match outcome {
        O::Confirmed => t.reply_confirmed,
        O::Cancelled => t.reply_cancelled,
        O::Stopped => t.reply_stopped,
        O::NotAllowed => t.reply_not_allowed,
        O::NoAppointment => t.reply_no_appointment,
        O::NotUnderstood => t.reply_not_understood,
    }
}

/// The HTML part of an email: the same words, escaped, right-to-left for Arabic.
pub fn html(subject: &str, text: &str, lang: Lang) -> String {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let dir = lang.dir().as_str();
    let align = if dir == "rtl" { "right" } else { "left" };
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\" dir=\"{dir}\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body dir=\"{dir}\" style=\"font-family:system-ui,Tahoma,sans-serif;text-align:{align};line-height:1.6\">\
         <h1 style=\"font-size:1.2rem\">{title}</h1><p>{body}</p></body></html>",
        lang = lang.code(),
        title = escape(subject),
        body = escape(text),
    )
}

#[cfg(test)]
mod tests;
