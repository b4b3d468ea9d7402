use super::{latest_code, me, redirect_of, sign_up_by_phone};
use crate::{
    on_both_backends,
    support::{Backend, spawn_app},
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

async fn a_verified_contact_match_asks_before_linking(backend: Backend) {
    let app = spawn_app(backend).await;
    // Sara has a verified email on her account but (after removing it) no email sign-in.
    let sara = sign_up_by_phone(&app, "+966501234567", "Sara").await;
    sara.call("request_code", &[("destination", "sara@example.com")])
        .await;
    let code = latest_code(&app, "sara@example.com").await;
    sara.call("verify_code", &[("code", &code)]).await;
    let (_, methods) = sara.fetch("list_sign_in_methods", &[]).await;
    let email_id = methods
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["kind"] == "email")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    sara.call("disconnect_sign_in_method", &[("id", &email_id)])
        .await;

    // Signing in by email code now finds the matching account and asks.
    let b = app.browser();
    b.call("request_code", &[("destination", "sara@example.com")])
        .await;
    let code = latest_code(&app, "sara@example.com").await;
    let res = b.call("verify_code", &[("code", &code)]).await;
    assert_eq!(redirect_of(&res).as_deref(), Some("/sign-in/link"));
    let (_, prompt) = b.fetch("link_prompt", &[]).await;
    assert_eq!(prompt["method"], "email");
    assert_eq!(prompt["contact"], "s•••@example.com");
    let res = b.call("confirm_link", &[("decision", "link")]).await;
    assert_eq!(res.status(), 200);
    assert_eq!(me(&b).await.as_deref(), Some("Sara"));
    // The ticket was single use.
    assert_eq!(
        b.call("confirm_link", &[("decision", "link")])
            .await
            .status(),
        422
    );
}

on_both_backends!(
    a_signed_in_person_connects_an_email_and_can_then_drop_the_phone,
    a_method_belonging_to_someone_else_cannot_be_connected,
    a_verified_contact_match_asks_before_linking,
);
