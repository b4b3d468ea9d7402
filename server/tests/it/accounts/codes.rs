use super::{latest_code, me, redirect_of, sign_up_by_phone};
use crate::{
    on_both_backends,
    support::{Backend, spawn_app, spawn_app_with, spawn_app_with_clock},
};

async fn a_new_person_signs_up_with_a_phone_code_and_consents_to_the_privacy_notice(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let browser = sign_up_by_phone(&app, "050 123 4567", "Sara Al-Qahtani").await;
    assert_eq!(me(&browser).await.as_deref(), Some("Sara Al-Qahtani"));
    let (status, profile) = browser.fetch("get_profile", &[]).await;
    assert_eq!(status, 200);
    assert_eq!(profile["phone"], "+966501234567", "stored in E.164");
    let consent = &profile["consents"][0];
    assert_eq!(consent["kind"], "privacy_notice");
    assert_eq!(
        consent["version"],
        app::domain::privacy::PRIVACY_NOTICE_VERSION
    );

    // Signing in again with the same number goes straight in.
    let again = app.browser();
    again
        .call("request_code", &[("destination", "+966501234567")])
        .await;
    let code = latest_code(&app, "+966501234567").await;
    let res = again.call("verify_code", &[("code", &code)]).await;
    assert_eq!(redirect_of(&res).as_deref(), Some("/account"));
    assert_eq!(me(&again).await.as_deref(), Some("Sara Al-Qahtani"));
}

async fn sign_up_without_accepting_the_privacy_notice_creates_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let b = app.browser();
    b.call("request_code", &[("destination", "sara@example.com")])
        .await;
    let code = latest_code(&app, "sara@example.com").await;
    b.call("verify_code", &[("code", &code)]).await;
    let res = b.call("complete_sign_up", &[("full_name", "Sara")]).await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["detail"], "privacy_consent_required");
    let res = b
        .call(
            "complete_sign_up",
            &[("full_name", "   "), ("accept_privacy", "on")],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(me(&b).await, None);
    // The pending sign-up is still there: doing it right now works.
    let res = b
        .call(
            "complete_sign_up",
            &[("full_name", "Sara"), ("accept_privacy", "on")],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    assert_eq!(me(&b).await.as_deref(), Some("Sara"));
}

async fn a_code_works_once_and_dies_after_five_wrong_tries(backend: Backend) {
    let app = spawn_app(backend).await;
    let b = app.browser();
    b.call(
        "request_code",
        &[("destination", "+201012345678"), ("channel", "whatsapp")],
    )
    .await;
    let messages = app.store.messages_to("+201012345678", 1).await.unwrap();
    assert_eq!(messages[0].channel, "whatsapp");
    let code = latest_code(&app, "+201012345678").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        let res = b.call("verify_code", &[("code", wrong)]).await;
        assert_eq!(res.status(), 422);
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["detail"], "code_wrong");
    }
    let res = b.call("verify_code", &[("code", &code)]).await;
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(
        body["detail"], "code_expired",
        "the right code no longer works"
    );

    // A new code works once; a replay of it does not.
    let b2 = app.browser();
    b2.call(
        "request_code",
        &[("destination", "+201012345678"), ("channel", "sms")],
    )
    .await;
    let code = latest_code(&app, "+201012345678").await;
    let res = b2.call("verify_code", &[("code", &code)]).await;
    assert_eq!(res.status(), 200);
    let replay = app.browser();
    let res = replay
        .call(
            "verify_code",
            &[("code", &code), ("destination", "+201012345678")],
        )
        .await;
    assert_eq!(res.status(), 422);
}

async fn codes_expire_after_ten_minutes(backend: Backend) {
    let app = spawn_app_with_clock(backend, &[]).await;
    let b = app.browser();
    b.call("request_code", &[("destination", "+966501234567")])
        .await;
    let code = latest_code(&app, "+966501234567").await;
    app.clock
        .advance(chrono::Duration::minutes(10) + chrono::Duration::seconds(1));
    let res = b
        .call(
            "verify_code",
            &[("code", &code), ("destination", "+966501234567")],
        )
        .await;
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["detail"], "code_expired");
}

async fn sends_are_limited_per_destination_and_per_address(backend: Backend) {
    let app = spawn_app_with(backend, &[("CALENTIFY_OTP_SENDS_PER_IP_PER_HOUR", "7")]).await;
    let b = app.browser();
    for _ in 0..5 {
        assert_eq!(
            b.call("request_code", &[("destination", "+966501234567")])
                .await
                .status(),
            200
        );
    }
    let res = b
        .call("request_code", &[("destination", "+966501234567")])
        .await;
    assert_eq!(res.status(), 429);
    assert_eq!(
        app.store
            .messages_to("+966501234567", 10)
            .await
            .unwrap()
            .len(),
        5,
        "nothing queued when refused"
    );
    // Two more destinations from the same address reach the per-address limit of 7.
    assert_eq!(
        b.call("request_code", &[("destination", "+966501234568")])
            .await
            .status(),
        200
    );
    assert_eq!(
        b.call("request_code", &[("destination", "+966501234569")])
            .await
            .status(),
        200
    );
    assert_eq!(
        b.call("request_code", &[("destination", "a@example.com")])
            .await
            .status(),
        429
    );
}

async fn bad_destinations_get_clear_errors_and_nothing_is_sent(backend: Backend) {
    let app = spawn_app(backend).await;
    let b = app.browser();
    for (input, detail) in [
        ("12345", "phone"),
        ("+999 1234 5678", "phone"),
        ("sara@", "email"),
        ("@example.com", "email"),
    ] {
        let res = b.call("request_code", &[("destination", input)]).await;
        assert_eq!(res.status(), 422, "{input}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["detail"], detail, "{input}");
    }
    let res = b
        .call(
            "request_code",
            &[("destination", "a@example.com"), ("channel", "pigeon")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = b
        .call(
            "verify_code",
            &[("code", "12ab56"), ("destination", "+966501234567")],
        )
        .await;
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["detail"], "code_format");
}

on_both_backends!(
    a_new_person_signs_up_with_a_phone_code_and_consents_to_the_privacy_notice,
    sign_up_without_accepting_the_privacy_notice_creates_nothing,
    a_code_works_once_and_dies_after_five_wrong_tries,
    codes_expire_after_ten_minutes,
    sends_are_limited_per_destination_and_per_address,
    bad_destinations_get_clear_errors_and_nothing_is_sent,
);

#[tokio::test]
async fn without_javascript_the_code_form_redirects_to_the_code_page() {
    let app = spawn_app(Backend::Sqlite).await;
    let b = app.browser();
    let res = b
        .client
        .post(b.at("/api/request_code"))
        .header("accept", "text/html")
        .header("referer", b.at("/sign-in"))
        .header("sec-fetch-site", "same-origin")
        .form(&[("destination", "+966501234567"), ("channel", "sms")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    assert_eq!(redirect_of(&res).as_deref(), Some("/sign-in/code"));
    let html = b.get("/sign-in/code").await.text().await.unwrap();
    assert!(
        html.contains("+966••••••567"),
        "the code page names the masked number"
    );
}
