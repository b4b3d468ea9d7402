//! Channels enabled per clinic: owners and admins choose them, bad choices change
//! nothing, and messages (first choice, fallback, and those queued before a change)
//! only go out on channels the clinic allows. Deliveries are counted at the local
//! Twilio stand-in.

use crate::{
    accounts::{sign_up_by_phone, staff::sign_in_by_email},
    booking::{book_later, demo_clinic},
    email::SmtpSink,
    on_both_backends,
    support::{Backend, Browser, TestApp, spawn_app, spawn_app_with, spawn_app_with_clock},
    twilio::{Received, SID, TOKEN, fake_twilio, sign_up_via_twilio, wait_for},
};
use app::domain::{
    ids::AppointmentId,
    messaging::{Channel, ChannelSet},
};
use std::time::Duration;

on_both_backends!(
    owners_choose_the_channels_and_bad_choices_change_nothing,
    messages_use_only_the_channels_the_clinic_allows,
    a_refused_whatsapp_message_skips_a_channel_the_clinic_turned_off,
    codes_sent_before_the_account_existed_join_its_log,
    patients_turn_reminders_off_and_on_per_channel,
    channels_without_a_provider_are_skipped_not_faked,
);

async fn channels(b: &Browser) -> Vec<String> {
    let (status, settings) = b.fetch("get_clinic_settings", &[("slug", "nakheel")]).await;
    assert_eq!(status, 200, "{settings}");
    settings["channels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect()
}

async fn owners_choose_the_channels_and_bad_choices_change_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let owner = sign_in_by_email(&app, "owner@nakheel.example").await;
    assert_eq!(channels(&owner).await, ["whatsapp", "sms", "email"]);

    let res = owner
        .call(
            "update_clinic_channels",
            &[("slug", "nakheel"), ("sms", "on"), ("email", "on")],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    assert_eq!(channels(&owner).await, ["sms", "email"]);

    // Turning everything off is refused with its own error, and changes nothing.
    let res = owner
        .call("update_clinic_channels", &[("slug", "nakheel")])
        .await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["detail"], "no_channel");
    assert_eq!(channels(&owner).await, ["sms", "email"]);

    // Reception reads but cannot change; patients and other clinics learn nothing.
    let reception = sign_in_by_email(&app, "reception@nakheel.example").await;
    assert_eq!(channels(&reception).await, ["sms", "email"]);
    let only_email = [("slug", "nakheel"), ("email", "on")];
    assert_eq!(
        reception
            .call("update_clinic_channels", &only_email)
            .await
            .status(),
        403
    );
    let patient = sign_up_by_phone(&app, "+966501110081", "Channel Patient").await;
    assert_eq!(
        patient
            .call("update_clinic_channels", &only_email)
            .await
            .status(),
        404
    );
    let other = crate::accounts::staff::other_clinic_owner(&app).await;
    assert_eq!(
        other
            .call("update_clinic_channels", &only_email)
            .await
            .status(),
        404
    );
    let stored = app
        .store
        .clinic_channels(demo_clinic(&app).await)
        .await
        .unwrap();
    assert_eq!(
        stored,
        ChannelSet::of([Channel::Sms, Channel::Email]).unwrap()
    );
}

/// A patient signed up by SMS code who prefers WhatsApp.
async fn whatsapp_patient(app: &TestApp, received: &Received, phone: &str) -> Browser {
    let patient = sign_up_via_twilio(app, received, phone).await;
    let res = patient
        .call(
            "update_profile",
            &[
                ("full_name", "Channel Patient"),
                ("preferred_channel", "whatsapp"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    patient
}

async fn twilio_app(backend: Backend, api: &str) -> TestApp {
    spawn_app_with_clock(
        backend,
        &[
            ("TWILIO_ACCOUNT_SID", SID),
            ("TWILIO_AUTH_TOKEN", TOKEN),
            ("TWILIO_SMS_FROM", "+15005550006"),
            ("TWILIO_WHATSAPP_FROM", "+15005550007"),
            ("TWILIO_API_BASE", api),
            ("CALENTIFY_OUTBOX_WORKER", "true"),
        ],
    )
    .await
}

/// Waits until every message of the appointment has left `pending`/`sending`.
async fn settled(
    app: &TestApp,
    id: AppointmentId,
    due: usize,
) -> Vec<app::ssr::store::OutboxEntry> {
    for _ in 0..200 {
        let messages = app.store.messages_for_appointment(id).await.unwrap();
        let done = messages
            .iter()
            .filter(|m| !matches!(m.status.as_str(), "pending" | "sending"))
            .count();
        if done >= due {
            return messages;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the appointment's messages did not settle");
}

fn count(received: &Received) -> usize {
    received.lock().unwrap().len()
}

async fn messages_use_only_the_channels_the_clinic_allows(backend: Backend) {
    let (api, received) = fake_twilio().await;
    let app = twilio_app(backend, &api).await;
    let clinic = demo_clinic(&app).await;
    app.store
        .set_reminder_offsets(clinic, &[1440])
        .await
        .unwrap();
    app.store
        .set_clinic_channels(clinic, ChannelSet::of([Channel::Sms]).unwrap())
        .await
        .unwrap();
    let phone = "+966501239101";
    let patient = whatsapp_patient(&app, &received, phone).await;

    // The patient prefers WhatsApp, but this clinic sends SMS only.
    let (id, starts) = book_later(&app, &patient).await;
    let confirmation = wait_for(&received, 2).await;
    assert_eq!(confirmation["To"], phone, "{confirmation:?}");
    assert_eq!(confirmation["From"], "+15005550006");
    let queued = app.store.messages_for_appointment(id).await.unwrap();
    assert!(queued.iter().all(|m| m.channel == "sms"), "{queued:?}");

    // The clinic moves to WhatsApp only; the reminder queued for SMS goes by WhatsApp,
    // and the log says why the SMS was not sent.
    app.store
        .set_clinic_channels(clinic, ChannelSet::of([Channel::WhatsApp]).unwrap())
        .await
        .unwrap();
    app.clock
        .set(starts - chrono::Duration::hours(24) + chrono::Duration::minutes(1));
    let reminder = wait_for(&received, 3).await;
    assert_eq!(reminder["To"], format!("whatsapp:{phone}"), "{reminder:?}");
    let messages = settled(&app, id, 3).await;
    let skipped = messages
        .iter()
        .find(|m| m.kind == "appointment_reminder" && m.channel == "sms")
        .unwrap();
    assert_eq!(skipped.status, "failed");
    assert_eq!(
        skipped.last_error.as_deref(),
        Some("channel turned off by the clinic")
    );
    let (_, log) = patient.fetch("my_messages", &[]).await;
    let reminders: Vec<_> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["kind"] == "appointment_reminder")
        .collect();
    assert_eq!(reminders.len(), 2, "{log}");
    assert!(
        reminders
            .iter()
            .any(|m| m["channel"] == "whatsapp" && m["status"] == "sent")
    );
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(count(&received), 3, "nothing sent twice, nothing on SMS");
}

async fn a_refused_whatsapp_message_skips_a_channel_the_clinic_turned_off(backend: Backend) {
    let (api, received) = fake_twilio().await;
    let app = twilio_app(backend, &api).await;
    let clinic = demo_clinic(&app).await;
    // The stand-in refuses this number on WhatsApp: without the clinic's choice the
    // confirmation would fall back to SMS.
    let phone = "+966501234599";
    let patient = sign_up_via_twilio(&app, &received, phone).await;
    app.store
        .set_clinic_channels(
            clinic,
            ChannelSet::of([Channel::WhatsApp, Channel::Email]).unwrap(),
        )
        .await
        .unwrap();
    let (id, _) = book_later(&app, &patient).await;
    let messages = settled(&app, id, 1).await;
    let confirmation = messages
        .iter()
        .find(|m| m.kind == "appointment_confirmation")
        .unwrap();
    assert_eq!(confirmation.channel, "whatsapp");
    assert_eq!(confirmation.status, "failed");
    assert!(
        confirmation
            .last_error
            .as_deref()
            .unwrap_or_default()
            .contains("63003")
    );
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let all = app.store.messages_for_appointment(id).await.unwrap();
    assert!(
        all.iter().all(|m| m.channel != "sms"),
        "no SMS fallback on a clinic without SMS: {all:?}"
    );
    assert_eq!(count(&received), 1, "only the sign-up code went out");

    // With SMS on again, the next message falls back to it as usual.
    app.store
        .set_clinic_channels(clinic, ChannelSet::ALL)
        .await
        .unwrap();
    let res = patient
        .call("cancel_appointment", &[("id", &id.to_string())])
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let update = wait_for(&received, 2).await;
    assert_eq!(update["To"], phone);
    assert_eq!(update["From"], "+15005550006");
}

async fn codes_sent_before_the_account_existed_join_its_log(backend: Backend) {
    let app = spawn_app(backend).await;
    let phone = "+966501110091";
    let patient = sign_up_by_phone(&app, phone, "Logged Patient").await;
    let (status, log) = patient.fetch("my_messages", &[]).await;
    assert_eq!(status, 200);
    let codes: Vec<_> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["kind"] == "sign_in_code")
        .collect();
    assert_eq!(codes.len(), 1, "{log}");
    assert_ne!(codes[0]["to"], phone, "the number is masked");
    let sent = app.store.messages_to(phone, 5).await.unwrap();
    let payload = &sent[0].payload;
    let code = payload["code"].as_str().unwrap();
    assert!(
        !log.to_string().contains(code),
        "never the code itself: {log}"
    );

    // Someone else's codes stay out of it.
    let other = sign_up_by_phone(&app, "+966501110092", "Other Patient").await;
    let (_, theirs) = other.fetch("my_messages", &[]).await;
    assert_eq!(theirs.as_array().unwrap().len(), 1, "{theirs}");
    let (_, mine) = patient.fetch("my_messages", &[]).await;
    assert_eq!(mine.as_array().unwrap().len(), 1, "{mine}");
}

async fn reminder_switches(b: &Browser) -> Vec<(String, bool)> {
    let (status, list) = b.fetch("my_reminder_channels", &[]).await;
    assert_eq!(status, 200, "{list}");
    list.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["channel"].as_str().unwrap().to_owned(),
                r["on"].as_bool().unwrap(),
            )
        })
        .collect()
}

async fn patients_turn_reminders_off_and_on_per_channel(backend: Backend) {
    let app = spawn_app(backend).await;
    let phone = "+966501110095";
    let patient = sign_up_by_phone(&app, phone, "Quiet Patient").await;
    let on = |c: &str, v: bool| (c.to_owned(), v);
    // A phone and no email: WhatsApp and SMS, both on.
    assert_eq!(
        reminder_switches(&patient).await,
        [on("whatsapp", true), on("sms", true)]
    );

    // WhatsApp off: the worker's check (the one a STOP reply feeds) now skips it.
    let res = patient
        .call("set_reminder_channels", &[("sms", "on")])
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    assert!(
        app.store
            .is_opted_out(phone, Channel::WhatsApp)
            .await
            .unwrap()
    );
    assert!(!app.store.is_opted_out(phone, Channel::Sms).await.unwrap());
    assert_eq!(
        reminder_switches(&patient).await,
        [on("whatsapp", false), on("sms", true)]
    );

    // A STOP by SMS shows as a cleared box; ticking both undoes both.
    app.store
        .opt_out(phone, Channel::Sms, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(
        reminder_switches(&patient).await,
        [on("whatsapp", false), on("sms", false)]
    );
    let res = patient
        .call(
            "set_reminder_channels",
            &[("whatsapp", "on"), ("sms", "on")],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(
        !app.store
            .is_opted_out(phone, Channel::WhatsApp)
            .await
            .unwrap()
    );
    assert!(!app.store.is_opted_out(phone, Channel::Sms).await.unwrap());

    // An email box sent by someone without an email changes nothing; strangers get 401.
    let res = patient
        .call(
            "set_reminder_channels",
            &[("whatsapp", "on"), ("sms", "on"), ("email", "")],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        reminder_switches(&patient).await,
        [on("whatsapp", true), on("sms", true)]
    );
    let stranger = app.browser();
    assert_eq!(
        stranger.call("set_reminder_channels", &[]).await.status(),
        401
    );
    assert_eq!(stranger.fetch("my_reminder_channels", &[]).await.0, 401);
}

/// A deployment with Twilio SMS and SMTP but no WhatsApp provider (and no dev tools):
/// nothing is queued on WhatsApp, so nothing pretends to be sent there.
async fn channels_without_a_provider_are_skipped_not_faked(backend: Backend) {
    let (api, received) = fake_twilio().await;
    let sink = SmtpSink::start();
    let smtp = format!("smtp://127.0.0.1:{}", sink.port);
    let app = spawn_app_with_clock(
        backend,
        &[
            ("TWILIO_ACCOUNT_SID", SID),
            ("TWILIO_AUTH_TOKEN", TOKEN),
            ("TWILIO_SMS_FROM", "+15005550006"),
            ("TWILIO_API_BASE", &api),
            ("CALENTIFY_SMTP_URL", &smtp),
            ("CALENTIFY_SMTP_FROM", "Calentify <no-reply@calentify.test>"),
            ("CALENTIFY_OUTBOX_WORKER", "true"),
        ],
    )
    .await;

    // The sign-in page offers no WhatsApp; a code asked for by WhatsApp comes by SMS.
    let visitor = app.browser();
    let (_, options) = visitor.fetch("sign_in_options", &[]).await;
    assert_eq!(
        (&options["sms"], &options["whatsapp"]),
        (&true.into(), &false.into())
    );
    let res = visitor
        .call(
            "request_code",
            &[("destination", "+966501239201"), ("channel", "whatsapp")],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let code = wait_for(&received, 1).await;
    assert_eq!(code["To"], "+966501239201");
    assert_eq!(code["From"], "+15005550006");

    // A patient who prefers WhatsApp is written to by SMS from the start.
    let phone = "+966501239202";
    let patient = whatsapp_patient(&app, &received, phone).await;
    let (id, _) = book_later(&app, &patient).await;
    let confirmation = wait_for(&received, 3).await;
    assert_eq!(confirmation["To"], phone, "{confirmation:?}");
    assert_eq!(confirmation["From"], "+15005550006");
    let queued = settled(&app, id, 1).await;
    assert!(queued.iter().all(|m| m.channel == "sms"), "{queued:?}");
    let first = queued
        .iter()
        .find(|m| m.kind == "appointment_confirmation")
        .unwrap();
    assert_eq!(first.status, "sent");

    // One queued on WhatsApp anyway (by an instance configured differently, say) is
    // failed with the reason and goes by SMS, not "sent" into a log.
    let stray = app::ssr::store::NewMessage {
        id: app::domain::ids::MessageId(uuid::Uuid::now_v7()),
        idempotency_key: format!("stray:{}", first.id),
        kind: first.kind,
        channel: Channel::WhatsApp,
        recipient: phone.to_owned(),
        lang: app::domain::lang::Lang::En,
        payload: first.payload.clone(),
        due_at: app.clock.now(),
        user_id: first.user_id,
        clinic_id: first.clinic_id,
        appointment_id: first.appointment_id,
    };
    assert!(
        app.store
            .enqueue_message(&stray, app.clock.now())
            .await
            .unwrap()
    );
    let again = wait_for(&received, 4).await;
    assert_eq!(again["From"], "+15005550006");
    let messages = settled(&app, id, 3).await;
    let failed = messages.iter().find(|m| m.id == stray.id).unwrap();
    assert_eq!(failed.status, "failed");
    assert_eq!(failed.last_error.as_deref(), Some("channel not configured"));

    // Owners see which of their channels this server cannot send on.
    let owner = sign_in_by_email(&app, "owner@nakheel.example").await;
    let (_, settings) = owner
        .fetch("get_clinic_settings", &[("slug", "nakheel")])
        .await;
    assert_eq!(settings["deliverable"], serde_json::json!(["sms", "email"]));
    let page = owner
        .get("/dashboard/nakheel/settings")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(r#"data-testid="channel-unavailable-whatsapp""#));
    assert!(!page.contains(r#"data-testid="channel-unavailable-sms""#));

    // Where no provider reaches phones, a phone code is refused clearly, nothing queued.
    let email_only = spawn_app_with(
        backend,
        &[
            ("CALENTIFY_SMTP_URL", &smtp),
            ("CALENTIFY_SMTP_FROM", "Calentify <no-reply@calentify.test>"),
        ],
    )
    .await;
    let res = email_only
        .browser()
        .call("request_code", &[("destination", "+966501239203")])
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("no_phone_codes"));
    assert!(
        email_only
            .store
            .messages_to("+966501239203", 5)
            .await
            .unwrap()
            .is_empty()
    );
}
