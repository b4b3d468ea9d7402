//! Clinic display settings (Arabic-Indic digits, the Hijri date): owners and admins set
//! them, bad values change nothing, other people and clinics see nothing, and the
//! clinic's Arabic pages and messages follow them.

use crate::{
    accounts::{sign_up_by_phone, staff::sign_in_by_email},
    booking::{demo_clinic, offer},
    email::SmtpSink,
    on_both_backends,
    support::{Backend, TestApp, spawn_app, spawn_app_with},
};
use app::{
    domain::{display::DisplaySettings, lang::Lang},
    i18n::{Formatter, strings},
};
use chrono::{NaiveDate, NaiveTime};

on_both_backends!(
    owners_set_the_display_settings_and_no_one_else_can,
    arabic_booking_pages_follow_the_clinics_digits,
    arabic_emails_name_the_month_and_follow_the_clinics_digits,
);

const DIGITS_ON: DisplaySettings = DisplaySettings {
    arabic_indic_digits: true,
    hijri_date: false,
};

async fn stored(app: &TestApp) -> DisplaySettings {
    let clinic = demo_clinic(app).await;
    app.store.display_settings(clinic).await.unwrap()
}

async fn owners_set_the_display_settings_and_no_one_else_can(backend: Backend) {
    let app = spawn_app(backend).await;
    let owner = sign_in_by_email(&app, "owner@nakheel.example").await;
    let (status, view) = owner
        .fetch("get_display_settings", &[("slug", "nakheel")])
        .await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["can_edit"], true);
    assert_eq!(view["settings"]["arabic_indic_digits"], false);

    let both = [
        ("slug", "nakheel"),
        ("arabic_indic_digits", "on"),
        ("hijri_date", "on"),
    ];
    let res = owner.call("update_display_settings", &both).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let on = DisplaySettings {
        arabic_indic_digits: true,
        hijri_date: true,
    };
    assert_eq!(stored(&app).await, on);

    // A value a checkbox never sends is refused, and nothing changes.
    let bad = [("slug", "nakheel"), ("hijri_date", "sometimes")];
    let res = owner.call("update_display_settings", &bad).await;
    assert_eq!(res.status(), 400);
    assert_eq!(stored(&app).await, on);

    // Reception and providers read but cannot change; patients and other clinics
    // learn nothing, not even that the clinic has settings.
    let off = [("slug", "nakheel")];
    for (email, role) in [
        ("reception@nakheel.example", "reception"),
        ("sara@nakheel.example", "provider"),
    ] {
        let staff = sign_in_by_email(&app, email).await;
        let (status, view) = staff
            .fetch("get_display_settings", &[("slug", "nakheel")])
            .await;
        assert_eq!(status, 200, "{role}: {view}");
        assert_eq!(view["can_edit"], false, "{role}");
        let res = staff.call("update_display_settings", &off).await;
        assert_eq!(res.status(), 403, "{role}");
    }
    let patient = sign_up_by_phone(&app, "+966501110091", "Display Patient").await;
    let other = crate::accounts::staff::other_clinic_owner(&app).await;
    for outsider in [&patient, &other] {
        let (status, _) = outsider
            .fetch("get_display_settings", &[("slug", "nakheel")])
            .await;
        assert_eq!(status, 404);
        let res = outsider.call("update_display_settings", &off).await;
        assert_eq!(res.status(), 404);
    }
    assert_eq!(stored(&app).await, on);

    // Unticked boxes turn both off again.
    let res = owner.call("update_display_settings", &off).await;
    assert_eq!(res.status(), 200);
    assert_eq!(stored(&app).await, DisplaySettings::default());
}

/// The booking page for the day of the first free slot, server-rendered in Arabic, and
/// that slot's date and time.
async fn arabic_day_page(app: &TestApp) -> (String, NaiveDate, NaiveTime) {
    let (service, branch, provider) = offer(app).await;
    let slots = crate::booking::slots(&app.browser(), &service, &branch, &provider).await;
    let first = &slots[0];
    let date: NaiveDate = first["local_date"].as_str().unwrap().parse().unwrap();
    let time = NaiveTime::parse_from_str(first["local_time"].as_str().unwrap(), "%H:%M").unwrap();
    let path = format!(
        "/c/nakheel/book?service={service}&branch={branch}&provider={provider}&date={date}"
    );
    let res = app.get_in(&path, "ar").await;
    assert_eq!(res.status(), 200);
    (res.text().await.unwrap(), date, time)
}

async fn arabic_booking_pages_follow_the_clinics_digits(backend: Backend) {
    let app = spawn_app(backend).await;
    let (html, date, time) = arabic_day_page(&app).await;
    let plain = Formatter::plain(Lang::Ar);
    assert!(html.contains(&plain.day(date)), "Arabic month name: {html}");
    assert!(html.contains(&plain.time(time)), "{html}");

    app.store
        .set_display_settings(demo_clinic(&app).await, DIGITS_ON)
        .await
        .unwrap();
    let (html, date, time) = arabic_day_page(&app).await;
    let digits = Formatter::new(Lang::Ar, DIGITS_ON);
    let day = digits.day(date);
    assert!(day.chars().any(|c| ('٠'..='٩').contains(&c)), "{day}");
    assert!(html.contains(&day), "{day} in the day strip");
    assert!(html.contains(&digits.time(time)), "the slot's time");
    // Durations take the plural form of their number, in the clinic's digits.
    let minutes = &strings(Lang::Ar).minutes;
    let catalog = app
        .store
        .clinic_catalog(demo_clinic(&app).await)
        .await
        .unwrap();
    let duration = i64::from(catalog.services[0].duration_min);
    let services = app
        .get_in("/c/nakheel/book", "ar")
        .await
        .text()
        .await
        .unwrap();
    let shown = digits.count(minutes, duration);
    assert!(services.contains(&shown), "{shown} in {services}");

    // English pages keep Western digits.
    let (service, branch, provider) = offer(&app).await;
    let path = format!("/c/nakheel/book?service={service}&branch={branch}&provider={provider}");
    let english = app.get_in(&path, "en").await.text().await.unwrap();
    assert!(
        english.contains(&Formatter::plain(Lang::En).day(date)),
        "{english}"
    );
}

fn text_part(m: &serde_json::Value) -> String {
    m["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["type"] == "text/plain")
        .and_then(|p| p["text"].as_str())
        .unwrap_or_default()
        .to_owned()
}

async fn arabic_emails_name_the_month_and_follow_the_clinics_digits(backend: Backend) {
    let sink = SmtpSink::start();
    let url = format!("smtp://127.0.0.1:{}", sink.port);
    let app = spawn_app_with(
        backend,
        &[
            ("CALENTIFY_SMTP_URL", &url),
            ("CALENTIFY_SMTP_FROM", "Calentify <no-reply@calentify.test>"),
            ("CALENTIFY_OUTBOX_WORKER", "true"),
        ],
    )
    .await;
    app.store
        .set_display_settings(demo_clinic(&app).await, DIGITS_ON)
        .await
        .unwrap();
    let patient = app.browser();
    let res = patient
        .call("request_code", &[("destination", "reem@example.com")])
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let mail = sink.wait_for(|m| m["to"][0] == "reem@example.com").await;
    let text = text_part(&mail);
    let code = text
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .expect("a six-digit code")
        .to_owned();
    assert_eq!(
        patient
            .call("verify_code", &[("code", &code)])
            .await
            .status(),
        200
    );
    let res = patient
        .call(
            "complete_sign_up",
            &[("full_name", "Reem"), ("accept_privacy", "on")],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let res = patient
        .call(
            "update_profile",
            &[
                ("full_name", "Reem"),
                ("lang", "ar"),
                ("preferred_channel", "email"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let (service, branch, provider) = offer(&app).await;
    let slots = crate::booking::slots(&patient, &service, &branch, &provider).await;
    let first = &slots[0];
    let date: NaiveDate = first["local_date"].as_str().unwrap().parse().unwrap();
    let time = NaiveTime::parse_from_str(first["local_time"].as_str().unwrap(), "%H:%M").unwrap();
    let start = first["start"].as_str().unwrap();
    let res = crate::booking::book(&patient, (&service, &branch), &provider, start, &[]).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());

    let mail = sink
        .wait_for(|m| m["to"][0] == "reem@example.com" && m["content_type"] == "multipart/mixed")
        .await;
    let text = text_part(&mail);
    let when = Formatter::new(Lang::Ar, DIGITS_ON).date_time(date, time);
    assert!(text.contains(&when), "{when} in {text}");
    let month = strings(Lang::Ar).calendar.months
        [date.format("%m").to_string().parse::<usize>().unwrap() - 1];
    assert!(text.contains(month), "{text}");
    assert!(when.chars().any(|c| ('٠'..='٩').contains(&c)), "{when}");
}
