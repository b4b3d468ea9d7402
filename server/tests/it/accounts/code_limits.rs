//! Code sign-in limits: nobody can lock a person out or run up the SMS bill.

use super::{latest_code, redirect_of};
use crate::{
    on_both_backends,
    support::{Backend, spawn_app_with, spawn_app_with_clock},
};

const OWNER: &str = "+966501234567";

async fn an_attacker_elsewhere_cannot_stop_the_owner_getting_a_code(backend: Backend) {
    let app = spawn_app_with(backend, &[("CALENTIFY_TRUST_PROXY", "true")]).await;
    let attacker = app.browser_at("203.0.113.9");
    let mut refused = 0;
    for _ in 0..20 {
        let res = attacker
            .call("request_code", &[("destination", OWNER)])
            .await;
        if res.status() == 429 {
            refused += 1;
        }
    }
    assert_eq!(
        refused, 15,
        "one address gets five codes per number per hour"
    );

    let owner = app.browser_at("198.51.100.7");
    let res = owner.call("request_code", &[("destination", OWNER)]).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let code = latest_code(&app, OWNER).await;
    let res = owner.call("verify_code", &[("code", &code)]).await;
    assert_eq!(redirect_of(&res).as_deref(), Some("/sign-up"));
}

async fn one_address_is_limited_across_numbers_and_others_are_not(backend: Backend) {
    let app = spawn_app_with(
        backend,
        &[
            ("CALENTIFY_TRUST_PROXY", "true"),
            ("CALENTIFY_OTP_SENDS_PER_IP_PER_HOUR", "3"),
        ],
    )
    .await;
    let busy = app.browser_at("203.0.113.9");
    for i in 0..3 {
        let number = format!("+96650123450{i}");
        let res = busy.call("request_code", &[("destination", &number)]).await;
        assert_eq!(res.status(), 200);
    }
    let res = busy.call("request_code", &[("destination", OWNER)]).await;
    assert_eq!(res.status(), 429);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"], "rate_limited");
    assert!(app.store.messages_to(OWNER, 1).await.unwrap().is_empty());
    let other = app.browser_at("198.51.100.7");
    let res = other.call("request_code", &[("destination", OWNER)]).await;
    assert_eq!(res.status(), 200);
}

/// The minutes a refused request is told to wait, if it was told to wait.
async fn wait_of(res: reqwest::Response) -> Option<i64> {
    assert_eq!(res.status(), 429);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"], "retry_in", "{body}");
    body["detail"]["minutes"].as_i64()
}

async fn a_much_asked_number_slows_down_with_growing_waits(backend: Backend) {
    let app = spawn_app_with_clock(backend, &[("CALENTIFY_TRUST_PROXY", "true")]).await;
    let ask = |n: u32| {
        let b = app.browser_at(&format!("203.0.113.{n}"));
        async move { b.call("request_code", &[("destination", OWNER)]).await }
    };
    // Ten codes from ten addresses go at once.
    for n in 1..=10 {
        assert_eq!(ask(n).await.status(), 200);
    }
    // From then on each code waits twice as long as the one before.
    let mut next = 11;
    for expected_wait in [1, 2, 4, 8] {
        assert_eq!(wait_of(ask(next).await).await, Some(expected_wait));
        app.clock
            .advance(chrono::Duration::minutes(expected_wait) - chrono::Duration::seconds(1));
        assert_eq!(wait_of(ask(next + 1).await).await, Some(1), "not yet");
        app.clock.advance(chrono::Duration::seconds(1));
        assert_eq!(ask(next + 2).await.status(), 200);
        next += 3;
    }
    // The owner, too, only waits; nothing locks them out.
    app.clock.advance(chrono::Duration::minutes(16));
    let owner = app.browser_at("198.51.100.7");
    let res = owner.call("request_code", &[("destination", OWNER)]).await;
    assert_eq!(res.status(), 200);
}

async fn the_hourly_cap_on_phone_codes_holds_under_concurrent_requests(backend: Backend) {
    let app = spawn_app_with(
        backend,
        &[
            ("CALENTIFY_TRUST_PROXY", "true"),
            ("CALENTIFY_OTP_PHONE_SENDS_PER_HOUR", "10"),
        ],
    )
    .await;
    let numbers: Vec<String> = (0..40).map(|i| format!("+966501234{i:03}")).collect();
    let requests = numbers.iter().enumerate().map(|(i, number)| {
        let b = app.browser_at(&format!("10.0.{}.{}", i / 200, i % 200 + 1));
        async move {
            b.call("request_code", &[("destination", number.as_str())])
                .await
                .status()
                .as_u16()
        }
    });
    let statuses = futures::future::join_all(requests).await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        10,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 429),
        "{statuses:?}"
    );
    let mut queued = 0;
    for number in &numbers {
        queued += app.store.messages_to(number, 5).await.unwrap().len();
    }
    assert_eq!(queued, 10, "no code beyond the cap was queued");
    // The cap is for SMS and WhatsApp; codes by email still go.
    let b = app.browser_at("10.9.9.9");
    let res = b
        .call("request_code", &[("destination", "sara@example.com")])
        .await;
    assert_eq!(res.status(), 200);
}

on_both_backends!(
    an_attacker_elsewhere_cannot_stop_the_owner_getting_a_code,
    one_address_is_limited_across_numbers_and_others_are_not,
    a_much_asked_number_slows_down_with_growing_waits,
    the_hourly_cap_on_phone_codes_holds_under_concurrent_requests,
);
