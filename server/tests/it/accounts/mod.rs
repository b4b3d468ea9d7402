//! Accounts: one-time codes, sign-up, sessions, profile, dependents, sign-in methods,
//! and who may see what.

mod access;
mod code_limits;
mod code_messages;
mod codes;
mod dependents;
mod flow;
mod methods;
mod pictures;
mod profile;
mod sessions;
pub mod staff;

use crate::support::{Browser, TestApp};

/// The code in the newest message to `recipient`, read from the outbox as the delivery
/// worker would.
pub async fn latest_code(app: &TestApp, recipient: &str) -> String {
    let messages = app.store.messages_to(recipient, 1).await.unwrap();
    let message = messages.first().expect("a message was queued");
    let payload = &message.payload;
    payload["code"]
        .as_str()
        .expect("the message carries a code")
        .to_owned()
}

/// Where a server function told the browser to go next.
pub fn redirect_of(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Signs a new person up with a phone code; returns their browser, signed in.
pub async fn sign_up_by_phone(app: &TestApp, phone: &str, name: &str) -> Browser {
    let browser = app.browser();
    let res = browser
        .call(
            "request_code",
            &[("destination", phone), ("channel", "sms")],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let e164 =
        app::domain::contact::PhoneNumber::parse(phone, app::domain::contact::Region::parse("SA"))
            .unwrap();
    let code = latest_code(app, e164.as_str()).await;
    let res = browser.call("verify_code", &[("code", &code)]).await;
    assert_eq!(res.status(), 200);
    assert_eq!(redirect_of(&res).as_deref(), Some("/sign-up"));
    let res = browser
        .call(
            "complete_sign_up",
            &[("full_name", name), ("accept_privacy", "on")],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    browser
}

/// The signed-in person's name, or `None` for a visitor.
pub async fn me(browser: &Browser) -> Option<String> {
    let (status, body) = browser.fetch("get_me", &[]).await;
    assert_eq!(status, 200);
    body["name"].as_str().map(str::to_owned)
}
