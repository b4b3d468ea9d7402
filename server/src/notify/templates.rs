//! The words of every message, in the recipient's language, from the facts the outbox
//! row carries. Pure, so every kind is tested in both languages.

use app::domain::lang::Lang;
use serde_json::Value;

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

/// Subject and body of a message; `None` for a kind we do not know (it then fails
/// rather than sending something meaningless).
pub fn render(
    kind: &str,
    lang: Lang,
    payload: &Value,
    public_url: &str,
) -> Option<(String, String)> {
    let field = |name: &str| field(payload, lang, name);
    let link = format!(
        "{}/appointments/{}",
        public_url.trim_end_matches('/'),
        field("appointment_id")
    );
    let (clinic, service, provider) = (field("clinic"), field("service"), field("provider"));
    let when = format!(
        "{} {} ({})",
        field("local_date"),
        field("local_time"),
        field("time_zone")
    );
    let place = format!("{}, {}", field("branch"), field("address"));
    let en = lang == Lang::En;
    let out = match kind {
        // The answer to a patient's reply, already in their language.
        "reply_ack" => (String::new(), field("text")),
        "sign_in_code" => {
            let code = field("code");
            if en {
                (
                    "Your Calentify sign-in code".to_owned(),
                    format!(
                        "{code} is your Calentify sign-in code. It expires in 10 minutes. Never share it with anyone."
                    ),
                )
            } else {
                (
                    "رمز الدخول إلى Calentify".to_owned(),
                    format!(
                        "رمز الدخول إلى Calentify هو {code}. ينتهي خلال ١٠ دقائق. لا تشاركه مع أي أحد."
                    ),
                )
            }
        }
        "appointment_confirmation" => {
            if en {
                (
                    format!("Booked: {service} at {clinic}"),
                    format!(
                        "{clinic}: your {service} appointment with {provider} is booked for {when} at {place}. See, move or cancel it: {link}"
                    ),
                )
            } else {
                (
                    format!("تم الحجز: {service} في {clinic}"),
                    format!(
                        "{clinic}: تم حجز موعد {service} مع {provider} في {when} في {place}. للاطلاع عليه أو تغييره أو إلغائه: {link}"
                    ),
                )
            }
        }
        "appointment_reminder" => {
            if en {
                (
                    format!("Reminder: {service} at {clinic}"),
                    format!(
                        "Reminder from {clinic}: {service} with {provider} on {when} at {place}. Reply 1 to confirm or 2 to cancel. Details: {link}"
                    ),
                )
            } else {
                (
                    format!("تذكير: {service} في {clinic}"),
                    format!(
                        "تذكير من {clinic}: موعد {service} مع {provider} في {when} في {place}. أرسل ١ للتأكيد أو ٢ للإلغاء. التفاصيل: {link}"
                    ),
                )
            }
        }
        "appointment_rescheduled" => {
            if en {
                (
                    format!("Moved: {service} at {clinic}"),
                    format!(
                        "{clinic}: your {service} appointment with {provider} is now on {when} at {place}. Details: {link}"
                    ),
                )
            } else {
                (
                    format!("تغيير موعد: {service} في {clinic}"),
                    format!(
                        "{clinic}: أصبح موعد {service} مع {provider} في {when} في {place}. التفاصيل: {link}"
                    ),
                )
            }
        }
        "appointment_cancelled" => {
            if en {
                (
                    format!("Cancelled: {service} at {clinic}"),
                    format!(
                        "{clinic}: your {service} appointment on {when} is cancelled. Book again any time: {}/c/{}/book",
                        public_url.trim_end_matches('/'),
                        field("clinic_slug")
                    ),
                )
            } else {
                (
                    format!("إلغاء: {service} في {clinic}"),
                    format!(
                        "{clinic}: تم إلغاء موعد {service} في {when}. يمكنك الحجز من جديد في أي وقت: {}/c/{}/book",
                        public_url.trim_end_matches('/'),
                        field("clinic_slug")
                    ),
                )
            }
        }
        "appointment_follow_up" => {
            if en {
                (
                    format!("Thank you for visiting {clinic}"),
                    format!(
                        "Thank you for visiting {clinic}. We hope all went well with {provider}. Your visit: {link}"
                    ),
                )
            } else {
                (
                    format!("شكرًا لزيارتك {clinic}"),
                    format!(
                        "شكرًا لزيارتك {clinic}. نتمنى أن تكون زيارتك مع {provider} قد سارت على ما يرام. تفاصيل الزيارة: {link}"
                    ),
                )
            }
        }
        // Told to every contact the account had before the change: if it was not the
        // account's owner, they know to act.
        "sign_in_method_added" | "sign_in_method_removed" => {
            let method = (app::i18n::strings(lang).account.method_name)(&field("method"));
            let security = format!("{}/account/security", public_url.trim_end_matches('/'));
            match (kind == "sign_in_method_added", en) {
                (true, true) => (
                    "A sign-in method was added to your Calentify account".to_owned(),
                    format!(
                        "{method} was added as a way to sign in to your Calentify account. If this was not you, remove it and sign out everywhere: {security}"
                    ),
                ),
                (false, true) => (
                    "A sign-in method was removed from your Calentify account".to_owned(),
                    format!(
                        "{method} was removed from the ways to sign in to your Calentify account. If this was not you, review your account: {security}"
                    ),
                ),
                (true, false) => (
                    "أُضيفت طريقة لتسجيل الدخول إلى حسابك في Calentify".to_owned(),
                    format!(
                        "أُضيفت {method} كطريقة لتسجيل الدخول إلى حسابك في Calentify. إن لم تكن أنت، فأزلها وسجّل الخروج من كل الأجهزة: {security}"
                    ),
                ),
                (false, false) => (
                    "أُزيلت طريقة لتسجيل الدخول من حسابك في Calentify".to_owned(),
                    format!(
                        "أُزيلت {method} من طرق تسجيل الدخول إلى حسابك في Calentify. إن لم تكن أنت، فراجع حسابك: {security}"
                    ),
                ),
            }
        }
        _ => return None,
    };
    Some(out)
}

/// The values of an approved WhatsApp template for this kind, in order: the code for
/// sign-in; clinic, service, provider, time, place and link for appointments.
pub fn variables(kind: &str, lang: Lang, payload: &Value, public_url: &str) -> Vec<String> {
    let field = |name: &str| field(payload, lang, name);
    if kind == "sign_in_code" {
        return vec![field("code")];
    }
    vec![
        field("clinic"),
        field("service"),
        field("provider"),
        format!(
            "{} {} ({})",
            field("local_date"),
            field("local_time"),
            field("time_zone")
        ),
        format!("{}, {}", field("branch"), field("address")),
        format!(
            "{}/appointments/{}",
            public_url.trim_end_matches('/'),
            field("appointment_id")
        ),
    ]
}

/// The answer to a patient's reply, in their language.
pub fn reply_text(outcome: app::ssr::services::replies::Outcome, lang: Lang) -> &'static str {
    use app::ssr::services::replies::Outcome as O;
    match (outcome, lang) {
        (O::Confirmed, Lang::En) => "Thank you, your appointment is confirmed.",
        (O::Confirmed, Lang::Ar) => "شكرًا لك، تم تأكيد موعدك.",
        (O::Cancelled, Lang::En) => "Your appointment is cancelled. You can book again any time.",
        (O::Cancelled, Lang::Ar) => "تم إلغاء موعدك. يمكنك الحجز من جديد في أي وقت.",
        (O::Stopped, Lang::En) => {
            "You will no longer receive reminders here. Sign-in codes still arrive when you ask for them."
        }
        (O::Stopped, Lang::Ar) => "لن تصلك التذكيرات هنا بعد الآن. ستصلك رموز الدخول عندما تطلبها.",
        (O::NotAllowed, Lang::En) => {
            "It is too late to change this appointment by message. Please call the clinic."
        }
        (O::NotAllowed, Lang::Ar) => "فات وقت تغيير هذا الموعد عبر الرسائل. يُرجى الاتصال بالعيادة.",
        (O::NoAppointment, Lang::En) => {
            "We could not find an upcoming appointment for this number."
        }
        (O::NoAppointment, Lang::Ar) => "لم نجد موعدًا قادمًا لهذا الرقم.",
        (O::NotUnderstood, Lang::En) => {
            "Reply 1 to confirm, 2 to cancel, or STOP to stop reminders."
        }
        (O::NotUnderstood, Lang::Ar) => "أرسل ١ للتأكيد أو ٢ للإلغاء أو «إيقاف» لإيقاف التذكيرات.",
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
mod tests {
    use super::*;

    fn booking() -> Value {
        serde_json::json!({
            "appointment_id": "0195",
            "clinic": { "en": "Nakheel Clinics", "ar": "عيادات النخيل" },
            "clinic_slug": "nakheel",
            "service": { "en": "Check-up", "ar": "فحص" },
            "provider": { "en": "Dr Sara", "ar": "د. سارة" },
            "branch": { "en": "Olaya", "ar": "العليا" },
            "address": { "en": "King Fahd Rd", "ar": "طريق الملك فهد" },
            "local_date": "2026-12-06",
            "local_time": "09:00",
            "time_zone": "Asia/Riyadh",
        })
    }

    #[test]
    fn every_kind_renders_in_both_languages_with_the_facts() {
        for kind in [
            "appointment_confirmation",
            "appointment_reminder",
            "appointment_rescheduled",
            "appointment_cancelled",
            "appointment_follow_up",
        ] {
            let (_, en) = render(kind, Lang::En, &booking(), "https://x.example/").unwrap();
            let (_, ar) = render(kind, Lang::Ar, &booking(), "https://x.example/").unwrap();
            assert!(en.contains("Nakheel Clinics"), "{kind}: {en}");
            assert!(ar.contains("عيادات النخيل"), "{kind}: {ar}");
            assert!(en.contains("https://x.example/"), "{kind}: {en}");
        }
        let (_, text) = render(
            "appointment_reminder",
            Lang::En,
            &booking(),
            "https://x.example",
        )
        .unwrap();
        assert!(text.contains("2026-12-06 09:00 (Asia/Riyadh)"));
        assert!(text.contains("https://x.example/appointments/0195"));
    }

    #[test]
    fn html_is_escaped_and_arabic_is_right_to_left() {
        let page = html("<b>", "a & b", Lang::Ar);
        assert!(page.contains(r#"<html lang="ar" dir="rtl">"#));
        assert!(page.contains("&lt;b&gt;") && page.contains("a &amp; b"));
        assert!(html("s", "t", Lang::En).contains(r#"dir="ltr""#));
    }

    #[test]
    fn sign_in_method_notices_name_the_method_in_both_languages() {
        let payload = serde_json::json!({"method": "google"});
        for kind in ["sign_in_method_added", "sign_in_method_removed"] {
            let (subject_en, en) = render(kind, Lang::En, &payload, "https://x.example/").unwrap();
            let (subject_ar, ar) = render(kind, Lang::Ar, &payload, "https://x.example/").unwrap();
            assert!(
                en.contains("Google") && ar.contains("Google"),
                "{en} / {ar}"
            );
            assert!(en.contains("https://x.example/account/security"), "{en}");
            assert!(ar.contains("https://x.example/account/security"), "{ar}");
            assert_ne!(subject_en, subject_ar);
        }
    }

    #[test]
    fn codes_and_unknown_kinds() {
        let (_, text) = render(
            "sign_in_code",
            Lang::Ar,
            &serde_json::json!({"code": "123456"}),
            "",
        )
        .unwrap();
        assert!(text.contains("123456"));
        assert!(render("marketing_blast", Lang::En, &booking(), "").is_none());
    }
}
