use super::{me, sign_up_by_phone};
use crate::{
    on_both_backends,
    support::{Backend, spawn_app, spawn_app_with_clock},
};

fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("calentify_session="))
        .map(str::to_owned)
}

async fn the_session_cookie_is_http_only_lax_and_unguessable(backend: Backend) {
    let app = spawn_app(backend).await;
    let b = app.browser();
    b.call("request_code", &[("destination", "+966501234567")])
        .await;
    let code = super::latest_code(&app, "+966501234567").await;
    b.call("verify_code", &[("code", &code)]).await;
    let res = b
        .call(
            "complete_sign_up",
            &[("full_name", "Sara"), ("accept_privacy", "on")],
        )
        .await;
    let cookie = session_cookie(&res).expect("a session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/")
    );
    let value = cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("calentify_session=");
    assert!(value.len() >= 43, "at least 256 bits, base64url");
}

async fn signing_in_again_replaces_the_session_and_signing_out_ends_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let b = sign_up_by_phone(&app, "+966501234567", "Sara").await;
    let (_, sessions) = b.fetch("list_sessions", &[]).await;
    let first = sessions[0]["id"].as_str().unwrap().to_owned();
    // Sign in again in the same browser: a new session id, the old one gone.
    b.call("request_code", &[("destination", "+966501234567")])
        .await;
    let code = super::latest_code(&app, "+966501234567").await;
    b.call("verify_code", &[("code", &code)]).await;
    let (_, sessions) = b.fetch("list_sessions", &[]).await;
    let ids: Vec<&str> = sessions
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 1);
    assert_ne!(ids[0], first);
    let res = b.call("sign_out", &[]).await;
    assert_eq!(res.status(), 200);
    assert_eq!(me(&b).await, None);
}

async fn people_see_and_end_their_own_sessions_and_can_sign_out_everywhere(backend: Backend) {
    let app = spawn_app(backend).await;
    let phone = sign_up_by_phone(&app, "+966501234567", "Sara").await;
    let laptop = app.browser();
    laptop
        .call("request_code", &[("destination", "+966501234567")])
        .await;
    let code = super::latest_code(&app, "+966501234567").await;
    laptop.call("verify_code", &[("code", &code)]).await;
    let (_, sessions) = laptop.fetch("list_sessions", &[]).await;
    let list = sessions.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list.iter().filter(|s| s["current"] == true).count(), 1);
    let other = list.iter().find(|s| s["current"] == false).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Someone else cannot end it.
    let stranger = sign_up_by_phone(&app, "+966501234599", "Omar").await;
    assert_eq!(
        stranger
            .call("end_session", &[("id", &other)])
            .await
            .status(),
        404
    );
    assert_eq!(me(&phone).await.as_deref(), Some("Sara"));
    // The owner can.
    assert_eq!(
        laptop.call("end_session", &[("id", &other)]).await.status(),
        200
    );
    assert_eq!(me(&phone).await, None, "the phone was signed out");
    assert_eq!(me(&laptop).await.as_deref(), Some("Sara"));
    laptop.call("sign_out_everywhere", &[]).await;
    assert_eq!(me(&laptop).await, None);
    assert_eq!(
        me(&stranger).await.as_deref(),
        Some("Omar"),
        "other people are untouched"
    );
}

async fn sessions_end_when_idle_and_at_their_absolute_limit(backend: Backend) {
    let app = spawn_app_with_clock(
        backend,
        &[
            ("CALENTIFY_SESSION_IDLE_HOURS", "24"),
            ("CALENTIFY_SESSION_MAX_DAYS", "3"),
        ],
    )
    .await;
    let b = sign_up_by_phone(&app, "+966501234567", "Sara").await;
    app.clock.advance(chrono::Duration::hours(23));
    assert_eq!(
        me(&b).await.as_deref(),
        Some("Sara"),
        "use extends the idle deadline"
    );
    app.clock.advance(chrono::Duration::hours(23));
    assert_eq!(me(&b).await.as_deref(), Some("Sara"));
    app.clock.advance(chrono::Duration::hours(23));
    assert_eq!(me(&b).await.as_deref(), Some("Sara"));
    app.clock.advance(chrono::Duration::hours(6));
    assert_eq!(
        me(&b).await,
        None,
        "three days is the limit, however active"
    );

    let b = sign_up_by_phone(&app, "+966501234568", "Omar").await;
    app.clock.advance(chrono::Duration::hours(25));
    assert_eq!(me(&b).await, None, "a day unused ends the session");
    // Expired sessions are purged.
    let purged = app.store.purge_expired_auth(app.clock.now()).await.unwrap();
    assert!(purged >= 2);
}

on_both_backends!(
    the_session_cookie_is_http_only_lax_and_unguessable,
    signing_in_again_replaces_the_session_and_signing_out_ends_it,
    people_see_and_end_their_own_sessions_and_can_sign_out_everywhere,
    sessions_end_when_idle_and_at_their_absolute_limit,
);
