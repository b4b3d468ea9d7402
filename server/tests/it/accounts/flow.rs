//! The sign-in flow's own safety: where it sends the browser afterwards, and the helper
//! cookies it sets on the way.

use super::{latest_code, me, redirect_of, sign_up_by_phone};
use crate::{
    on_both_backends,
    support::{Backend, oidc, spawn_app_with},
};

/// Enough codes for one person to sign in many times in a test.
const MANY_CODES: [(&str, &str); 2] = [
    ("CALENTIFY_OTP_SENDS_PER_HOUR", "50"),
    ("CALENTIFY_OTP_SENDS_PER_IP_PER_HOUR", "50"),
];

async fn return_to_off_our_origin_or_with_control_characters_goes_to_the_account_page(
    backend: Backend,
) {
    let app = spawn_app_with(backend, &MANY_CODES).await;
    let _sara = sign_up_by_phone(&app, "+966501234567", "Sara").await;
    for (asked, landed) in [
        ("/c/nakheel/book", "/c/nakheel/book"),
        // Browsers drop the tab and follow `//evil.example`.
        ("/\t/evil.example", "/account"),
        ("/\\evil.example", "/account"),
        ("https://evil.example/", "/account"),
        // A newline once made the server panic after the session was created.
        ("/account\r\nSet-Cookie: a=b", "/account"),
    ] {
        let b = app.browser();
        let res = b
            .call(
                "request_code",
                &[("destination", "+966501234567"), ("return_to", asked)],
            )
            .await;
        assert_eq!(res.status(), 200, "{asked:?}");
        let next = redirect_of(&res).unwrap();
        assert!(
            !next.contains("evil") && !next.contains("%0A") && !next.contains("%09"),
            "{asked:?} -> {next}"
        );
        let code = latest_code(&app, "+966501234567").await;
        let res = b
            .call("verify_code", &[("code", &code), ("return_to", asked)])
            .await;
        assert_eq!(res.status(), 200, "{asked:?}");
        assert_eq!(redirect_of(&res).as_deref(), Some(landed), "{asked:?}");
        assert_eq!(me(&b).await.as_deref(), Some("Sara"), "{asked:?}");
    }
}

fn set_cookies(res: &reqwest::Response) -> Vec<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(str::to_owned)
        .collect()
}

/// The `name=value` pair of the cookie whose name is `name`.
fn pair(cookies: &[String], name: &str) -> String {
    cookies
        .iter()
        .find(|c| c.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} in {cookies:?}"))
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

fn assert_host_only(cookies: &[String], name: &str) {
    let c = cookies
        .iter()
        .find(|c| c.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} in {cookies:?}"));
    assert!(
        c.contains("Secure") && c.contains("Path=/") && !c.contains("Domain"),
        "{c}"
    );
}

async fn over_https_every_sign_in_cookie_is_host_prefixed(backend: Backend) {
    let fake = oidc::FakeOidc::start(oidc::Person {
        sub: "g-1".to_owned(),
        email: "amal@mail.example".to_owned(),
        email_verified: true,
        name: "Amal".to_owned(),
    })
    .await;
    let public = "https://book.example.test";
    let app = spawn_app_with(
        backend,
        &[
            ("CALENTIFY_PUBLIC_URL", public),
            ("GOOGLE_CLIENT_ID", oidc::CLIENT_ID),
            ("GOOGLE_CLIENT_SECRET", oidc::CLIENT_SECRET),
            ("GOOGLE_ISSUER_URL", fake.base.as_str()),
        ],
    )
    .await;
    // A plain client: `Secure` cookies are carried by hand, as a browser would over https.
    let post = |endpoint: &str, cookie: String, form: Vec<(&'static str, String)>| {
        app.client
            .post(app.at(&format!("/api/{endpoint}")))
            .header("sec-fetch-site", "same-origin")
            .header("origin", public)
            .header("cookie", cookie)
            .form(&form)
            .send()
    };
    let res = post(
        "request_code",
        String::new(),
        vec![("destination", "+966501234567".to_owned())],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 200);
    let cookies = set_cookies(&res);
    assert_host_only(&cookies, "__Host-calentify_otp");
    let otp = pair(&cookies, "__Host-calentify_otp");
    let code = latest_code(&app, "+966501234567").await;
    let res = post("verify_code", otp, vec![("code", code)])
        .await
        .unwrap();
    assert_eq!(redirect_of(&res).as_deref(), Some("/sign-up"));
    let cookies = set_cookies(&res);
    assert_host_only(&cookies, "__Host-calentify_signup");
    let signup = pair(&cookies, "__Host-calentify_signup");
    let res = post(
        "complete_sign_up",
        signup,
        vec![
            ("full_name", "Sara".to_owned()),
            ("accept_privacy", "on".to_owned()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(
        res.status(),
        200,
        "the prefixed sign-up cookie is read back"
    );
    assert_host_only(&set_cookies(&res), "__Host-calentify_session");

    // The OAuth binding cookie too, and a start never keeps one the browser brought.
    let planted = "p".repeat(43);
    let res = app
        .client
        .get(app.at("/auth/google/start"))
        .header("cookie", format!("__Host-calentify_oauth={planted}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let cookies = set_cookies(&res);
    assert_host_only(&cookies, "__Host-calentify_oauth");
    let binding = pair(&cookies, "__Host-calentify_oauth");
    assert_ne!(binding, format!("__Host-calentify_oauth={planted}"));
}

async fn an_oauth_start_never_reuses_a_binding_cookie_the_browser_brought(backend: Backend) {
    let fake = oidc::FakeOidc::start(oidc::Person {
        sub: "g-1".to_owned(),
        email: "amal@mail.example".to_owned(),
        email_verified: true,
        name: "Amal".to_owned(),
    })
    .await;
    let app = spawn_app_with(
        backend,
        &[
            ("GOOGLE_CLIENT_ID", oidc::CLIENT_ID),
            ("GOOGLE_CLIENT_SECRET", oidc::CLIENT_SECRET),
            ("GOOGLE_ISSUER_URL", fake.base.as_str()),
        ],
    )
    .await;
    // An attacker plants their own binding token, then lures the victim to start.
    let planted = "a".repeat(43);
    let res = app
        .client
        .get(app.at("/auth/google/start"))
        .header("cookie", format!("calentify_oauth={planted}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let binding = pair(&set_cookies(&res), "calentify_oauth");
    assert_ne!(binding, format!("calentify_oauth={planted}"));
    assert!(binding.len() > "calentify_oauth=".len() + 32);
}

on_both_backends!(
    return_to_off_our_origin_or_with_control_characters_goes_to_the_account_page,
    over_https_every_sign_in_cookie_is_host_prefixed,
    an_oauth_start_never_reuses_a_binding_cookie_the_browser_brought,
);
