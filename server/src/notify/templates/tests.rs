use super::*;

const URL: &str = "https://x.example/";

fn plain() -> DisplaySettings {
    DisplaySettings::default()
}

fn digits() -> DisplaySettings {
    DisplaySettings {
        arabic_indic_digits: true,
        hijri_date: false,
    }
}

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
        "code": "123456",
        "method": "google",
        "text": "OK",
    })
}

fn render_ok(kind: MessageKind, lang: Lang, display: DisplaySettings) -> (String, String) {
    render(kind, lang, display, &booking(), URL)
}

#[test]
fn every_kind_renders_in_both_languages_with_the_facts() {
    for kind in MessageKind::ALL
        .into_iter()
        .filter(|k| k.is_about_an_appointment())
    {
        let (_, en) = render_ok(kind, Lang::En, plain());
        let (_, ar) = render_ok(kind, Lang::Ar, plain());
        assert!(en.contains("Nakheel Clinics"), "{kind}: {en}");
        assert!(ar.contains("عيادات النخيل"), "{kind}: {ar}");
        assert!(en.contains("https://x.example/"), "{kind}: {en}");
    }
    let (_, text) = render_ok(MessageKind::AppointmentReminder, Lang::En, plain());
    assert!(
        text.contains("Sunday 6 December 2026, 09:00 (Asia/Riyadh)"),
        "{text}"
    );
    assert!(text.contains("https://x.example/appointments/0195"));
}

#[test]
fn every_kind_has_a_complete_text_in_both_languages_with_the_same_link() {
    for kind in MessageKind::ALL {
        let (subject_en, en) = render_ok(kind, Lang::En, plain());
        let (subject_ar, ar) = render_ok(kind, Lang::Ar, plain());
        for text in [&en, &ar, &subject_en, &subject_ar] {
            assert!(!text.contains('{') && !text.contains('}'), "{kind}: {text}");
        }
        assert!(!en.is_empty() && !ar.is_empty(), "{kind}");
        if kind != MessageKind::ReplyAck {
            assert!(!subject_en.is_empty() && subject_en != subject_ar, "{kind}");
            assert_ne!(en, ar, "{kind}");
        }
        let links = |t: &str| -> Vec<String> {
            t.split_whitespace()
                .filter(|w| w.starts_with("https://"))
                .map(str::to_owned)
                .collect()
        };
        assert_eq!(links(&en), links(&ar), "{kind}: {en} / {ar}");
    }
}

#[test]
fn arabic_messages_name_the_month_and_count_in_the_right_form() {
    let (_, text) = render_ok(MessageKind::AppointmentConfirmation, Lang::Ar, plain());
    assert!(text.contains("الأحد 6 ديسمبر 2026، 9:00 ص"), "{text}");
    let (_, code) = render_ok(MessageKind::SignInCode, Lang::Ar, plain());
    assert!(code.contains("خلال 10 دقائق"), "{code}");
    assert!(
        code.contains("123456"),
        "the code itself is never rewritten: {code}"
    );
    let (_, en) = render_ok(MessageKind::SignInCode, Lang::En, plain());
    assert!(en.contains("expires in 10 minutes"), "{en}");
}

#[test]
fn arabic_indic_digits_when_the_clinic_asks_and_links_keep_theirs() {
    let (_, text) = render_ok(MessageKind::AppointmentReminder, Lang::Ar, digits());
    assert!(text.contains("الأحد ٦ ديسمبر ٢٠٢٦، ٩:٠٠ ص"), "{text}");
    assert!(
        text.contains("https://x.example/appointments/0195"),
        "{text}"
    );
    let (_, code) = render_ok(MessageKind::SignInCode, Lang::Ar, digits());
    assert!(
        code.contains("خلال ١٠ دقائق") && code.contains("123456"),
        "{code}"
    );
    let (_, en) = render_ok(MessageKind::AppointmentReminder, Lang::En, digits());
    assert!(
        en.contains("6 December 2026, 09:00"),
        "English keeps its digits: {en}"
    );
    let vars = variables(
        MessageKind::AppointmentReminder,
        Lang::Ar,
        digits(),
        &booking(),
        URL,
    );
    assert_eq!(vars[3], "الأحد ٦ ديسمبر ٢٠٢٦، ٩:٠٠ ص (Asia/Riyadh)");
}

#[test]
fn the_hijri_date_stands_beside_the_gregorian_one_when_the_clinic_asks() {
    let hijri = DisplaySettings {
        arabic_indic_digits: true,
        hijri_date: true,
    };
    let (_, ar) = render_ok(MessageKind::AppointmentConfirmation, Lang::Ar, hijri);
    assert!(ar.contains("٦ ديسمبر ٢٠٢٦ ("), "{ar}");
    assert!(ar.contains("جمادى") && ar.contains("١٤٤٨ هـ)"), "{ar}");
    let (_, en) = render_ok(MessageKind::AppointmentConfirmation, Lang::En, hijri);
    assert!(!en.contains("AH"), "{en}");
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
    for kind in [
        MessageKind::SignInMethodAdded,
        MessageKind::SignInMethodRemoved,
    ] {
        let (subject_en, en) = render(kind, Lang::En, plain(), &payload, URL);
        let (subject_ar, ar) = render(kind, Lang::Ar, plain(), &payload, URL);
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
fn codes_are_in_their_message() {
    let payload = serde_json::json!({"code": "123456"});
    let (_, text) = render(MessageKind::SignInCode, Lang::Ar, plain(), &payload, "");
    assert!(text.contains("123456"));
}

#[test]
fn every_reply_outcome_has_an_answer_in_both_languages() {
    use app::ssr::services::replies::Outcome as O;
    for outcome in [
        O::Confirmed,
        O::Cancelled,
        O::Stopped,
        O::NotAllowed,
        O::NoAppointment,
        O::NotUnderstood,
    ] {
        assert_ne!(reply_text(outcome, Lang::En), reply_text(outcome, Lang::Ar));
    }
}
