use super::{latest_code, me, redirect_of, sign_up_by_phone};
use crate::{
    on_both_backends,
    support::{Backend, Browser, TestApp, spawn_app, spawn_app_with_clock},
};

async fn a_signed_in_person_connects_an_email_and_can_then_drop_the_phone(backend: Backend) {
    let app = spawn_app(backend).await;
    let b = sign_up_by_phone(&app, "+966501234567", "Sara").await;
    let (_, methods) = b.fetch("list_sign_in_methods", &[]).await;
    let phone_id = methods[0]["id"].as_str().unwrap().to_owned();
    // The only method cannot be removed.
    let res = b
        .call("disconnect_sign_in_method", &[("id", &phone_id)])
        .await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["detail"], "last_sign_in_method");

    b.call(
        "request_code",
        &[
            ("destination", "sara@example.com"),
            ("return_to", "/account/security"),
        ],
    )
    .await;
    let code = latest_code(&app, "sara@example.com").await;
    let res = b.call("verify_code", &[("code", &code)]).await;
    let location = redirect_of(&res);
    assert_eq!(
        location.as_deref(),
        Some("/account/security"),
        "{}",
        res.text().await.unwrap()
    );
    let (_, methods) = b.fetch("list_sign_in_methods", &[]).await;
    assert_eq!(methods.as_array().unwrap().len(), 2);
    let (_, profile) = b.fetch("get_profile", &[]).await;
    assert_eq!(profile["email"], "sara@example.com");

    assert_eq!(
        b.call("disconnect_sign_in_method", &[("id", &phone_id)])
            .await
            .status(),
        200
    );
    // Email still signs her in.
    let other = app.browser();
    other
        .call("request_code", &[("destination", "sara@example.com")])
        .await;
    let code = latest_code(&app, "sara@example.com").await;
    other.call("verify_code", &[("code", &code)]).await;
    assert_eq!(me(&other).await.as_deref(), Some("Sara"));
}

async fn a_method_belonging_to_someone_else_cannot_be_connected(backend: Backend) {
    let app = spawn_app(backend).await;
    let _omar = sign_up_by_phone(&app, "+966501234568", "Omar").await;
    let sara = sign_up_by_phone(&app, "+966501234567", "Sara").await;
    sara.call("request_code", &[("destination", "+966501234568")])
        .await;
    let code = latest_code(&app, "+966501234568").await;
    let res = sara.call("verify_code", &[("code", &code)]).await;
    assert_eq!(res.status(), 409);
    assert_eq!(me(&sara).await.as_deref(), Some("Sara"), "still herself");
    let (_, methods) = sara.fetch("list_sign_in_methods", &[]).await;
    assert_eq!(methods.as_array().unwrap().len(), 1);
}

/// The id of the caller's sign-in method of `kind`.
async fn method_id(browser: &Browser, kind: &str) -> String {
    let (_, methods) = browser.fetch("list_sign_in_methods", &[]).await;
    methods
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} method in {methods}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Signs `browser` in (or on to a pending step) with a code to `destination`; returns
/// where it was sent next.
async fn prove(app: &TestApp, browser: &Browser, destination: &str) -> Option<String> {
    let res = browser
        .call("request_code", &[("destination", destination)])
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let code = latest_code(app, destination).await;
    let res = browser.call("verify_code", &[("code", &code)]).await;
    redirect_of(&res)
}

async fn kinds_sent_to(app: &TestApp, recipient: &str) -> Vec<String> {
    app.store
        .messages_to(recipient, 50)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.kind.to_string())
        .collect()
}

async fn a_removed_contact_no_longer_opens_the_account(backend: Backend) {
    let app = spawn_app(backend).await;
    // Sara signs up by phone, adds her email, then drops the phone (a number she gave up).
    let sara = sign_up_by_phone(&app, "+966501234567", "Sara").await;
    assert_eq!(
        prove(&app, &sara, "sara@example.com").await.as_deref(),
        Some("/account/security")
    );
    let phone_id = method_id(&sara, "phone").await;
    assert_eq!(
        sara.call("disconnect_sign_in_method", &[("id", &phone_id)])
            .await
            .status(),
        200
    );
    // Her session began with the phone, so it ended with it; her email still works.
    assert_eq!(me(&sara).await, None);
    let sara = app.browser();
    assert_eq!(
        prove(&app, &sara, "sara@example.com").await.as_deref(),
        Some("/account")
    );
    let (_, profile) = sara.fetch("get_profile", &[]).await;
    assert_eq!(profile["phone"], serde_json::Value::Null, "{profile}");
    assert_eq!(profile["email"], "sara@example.com");

    // The number's next holder proves it: that makes a new account, never Sara's.
    let stranger = app.browser();
    assert_eq!(
        prove(&app, &stranger, "+966501234567").await.as_deref(),
        Some("/sign-up")
    );
    assert_eq!(me(&stranger).await, None);
    assert_eq!(
        stranger
            .call("confirm_link", &[("decision", "link")])
            .await
            .status(),
        422,
        "no link is pending"
    );
    let res = stranger
        .call(
            "complete_sign_up",
            &[("full_name", "Yousef"), ("accept_privacy", "on")],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(me(&stranger).await.as_deref(), Some("Yousef"));
    assert_eq!(me(&sara).await.as_deref(), Some("Sara"));
}

async fn changing_sign_in_methods_needs_a_sign_in_in_the_last_ten_minutes(backend: Backend) {
    let app = spawn_app_with_clock(backend, &[]).await;
    let sara = sign_up_by_phone(&app, "+966501234567", "Sara").await;
    let (_, fresh) = sara.fetch("can_change_sign_in_methods", &[]).await;
    assert_eq!(fresh, true);
    app.clock.advance(chrono::Duration::minutes(11));
    let (_, fresh) = sara.fetch("can_change_sign_in_methods", &[]).await;
    assert_eq!(fresh, false);
    let html = sara.get("/account/security").await.text().await.unwrap();
    assert!(
        html.contains("data-testid=\"reverify\""),
        "the page asks to re-verify"
    );

    // Eleven minutes on, a new contact proved by code is not added.
    sara.call("request_code", &[("destination", "sara@example.com")])
        .await;
    let code = latest_code(&app, "sara@example.com").await;
    let res = sara.call("verify_code", &[("code", &code)]).await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["detail"], "reverify_required");
    let (_, methods) = sara.fetch("list_sign_in_methods", &[]).await;
    assert_eq!(methods.as_array().unwrap().len(), 1);

    // Signing in again with her phone is the proof; then the email can be added.
    // (The clock moves a second between codes, so "the newest code" is well defined.)
    app.clock.advance(chrono::Duration::seconds(1));
    assert_eq!(
        prove(&app, &sara, "+966501234567").await.as_deref(),
        Some("/account")
    );
    app.clock.advance(chrono::Duration::seconds(1));
    assert_eq!(
        prove(&app, &sara, "sara@example.com").await.as_deref(),
        Some("/account/security")
    );

    // Removing needs the same.
    app.clock.advance(chrono::Duration::minutes(11));
    let phone_id = method_id(&sara, "phone").await;
    let res = sara
        .call("disconnect_sign_in_method", &[("id", &phone_id)])
        .await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["detail"], "reverify_required");
    assert_eq!(
        prove(&app, &sara, "sara@example.com").await.as_deref(),
        Some("/account")
    );
    let res = sara
        .call("disconnect_sign_in_method", &[("id", &phone_id)])
        .await;
    assert_eq!(res.status(), 200);
}

async fn adding_and_removing_a_method_is_told_to_the_existing_contacts(backend: Backend) {
    let app = spawn_app(backend).await;
    let sara = sign_up_by_phone(&app, "+966501234567", "Sara").await;
    prove(&app, &sara, "sara@example.com").await;
    // The phone (the contact the account had) hears of the new email; the email only
    // gets its code.
    assert!(
        kinds_sent_to(&app, "+966501234567")
            .await
            .contains(&"sign_in_method_added".to_owned())
    );
    assert_eq!(
        kinds_sent_to(&app, "sara@example.com").await,
        ["sign_in_code"]
    );

    let phone_id = method_id(&sara, "phone").await;
    sara.call("disconnect_sign_in_method", &[("id", &phone_id)])
        .await;
    // Both contacts hear of the removal, the removed number included.
    for contact in ["+966501234567", "sara@example.com"] {
        let kinds = kinds_sent_to(&app, contact).await;
        assert!(
            kinds.contains(&"sign_in_method_removed".to_owned()),
            "{contact}: {kinds:?}"
        );
    }
    let laptop = app.browser();
    prove(&app, &laptop, "sara@example.com").await;
    let (_, log) = laptop.fetch("my_messages", &[]).await;
    assert!(log.to_string().contains("sign_in_method_removed"), "{log}");
}

async fn removing_a_method_ends_the_sessions_it_created(backend: Backend) {
    let app = spawn_app(backend).await;
    let on_phone = sign_up_by_phone(&app, "+966501234567", "Sara").await;
    prove(&app, &on_phone, "sara@example.com").await;
    let on_laptop = app.browser();
    assert_eq!(
        prove(&app, &on_laptop, "sara@example.com").await.as_deref(),
        Some("/account")
    );
    let phone_id = method_id(&on_laptop, "phone").await;
    assert_eq!(
        on_laptop
            .call("disconnect_sign_in_method", &[("id", &phone_id)])
            .await
            .status(),
        200
    );
    assert_eq!(me(&on_phone).await, None, "the phone's session ended");
    assert_eq!(me(&on_laptop).await.as_deref(), Some("Sara"));
    let (_, sessions) = on_laptop.fetch("list_sessions", &[]).await;
    assert_eq!(sessions.as_array().unwrap().len(), 1, "{sessions}");
}

on_both_backends!(
    a_signed_in_person_connects_an_email_and_can_then_drop_the_phone,
    a_method_belonging_to_someone_else_cannot_be_connected,
    a_removed_contact_no_longer_opens_the_account,
    changing_sign_in_methods_needs_a_sign_in_in_the_last_ten_minutes,
    adding_and_removing_a_method_is_told_to_the_existing_contacts,
    removing_a_method_ends_the_sessions_it_created,
);
