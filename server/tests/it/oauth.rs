//! Sign in with Google (OpenID Connect against a strict provider on loopback) and with
//! Facebook (its token endpoint and Graph API on loopback): accounts keyed by issuer and
//! subject, and every way a callback can be wrong refused without creating anything.

use crate::{
    accounts::{latest_code, me, redirect_of, sign_up_by_phone},
    on_both_backends,
    support::{
        Backend, Browser, TestApp,
        facebook::{self, FakeFacebook},
        oidc::{self, FakeOidc, Person, Twist},
        spawn_app, spawn_app_with,
    },
};
use app::domain::identity::{FACEBOOK_ISSUER, IdentityKind, VerifiedIdentity};

fn amal(email_verified: bool) -> Person {
    Person {
        sub: "g-110169484474386276334".to_owned(),
        email: "amal@mail.example".to_owned(),
        email_verified,
        name: "Amal Saleh".to_owned(),
    }
}

async fn with_google(backend: Backend) -> (TestApp, FakeOidc) {
    let fake = FakeOidc::start(amal(true)).await;
    let app = spawn_app_with(
        backend,
        &[
            ("GOOGLE_CLIENT_ID", oidc::CLIENT_ID),
            ("GOOGLE_CLIENT_SECRET", oidc::CLIENT_SECRET),
            ("GOOGLE_ISSUER_URL", fake.base.as_str()),
        ],
    )
    .await;
    (app, fake)
}

fn location(res: &reqwest::Response) -> String {
    redirect_of(res).expect("a redirect")
}

/// The browser leaves for the provider, which sends it back: returns the callback URL.
async fn to_provider_and_back(browser: &Browser, fake: &FakeOidc, start: &str) -> String {
    let res = browser.get(start).await;
    assert_eq!(res.status(), 303);
    let authorize = location(&res);
    assert!(
        authorize.starts_with(&format!("{}/authorize?", fake.base)),
        "{authorize}"
    );
    let at_provider = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(&authorize)
        .send()
        .await
        .unwrap();
    assert_eq!(
        at_provider.status(),
        303,
        "the provider refused our request: {}",
        at_provider.text().await.unwrap()
    );
    location(&at_provider)
}

async fn open(browser: &Browser, url: &str) -> String {
    let res = browser.client.get(url).send().await.unwrap();
    assert_eq!(res.status(), 303, "{url}");
    location(&res)
}

fn google_identity(fake: &FakeOidc, sub: &str) -> VerifiedIdentity {
    VerifiedIdentity {
        kind: IdentityKind::Google,
        issuer: fake.base.clone(),
        subject: sub.to_owned(),
        verified_email: None,
        verified_phone: None,
        name: None,
        picture_url: None,
    }
}

async fn owner_of(app: &TestApp, identity: &VerifiedIdentity) -> Option<app::domain::ids::UserId> {
    app.store
        .identity_owner(identity, chrono::Utc::now())
        .await
        .unwrap()
}

async fn google_signs_up_and_later_signs_in_by_subject(backend: Backend) {
    let (app, fake) = with_google(backend).await;
    let html = app.get("/sign-in").await.text().await.unwrap();
    assert!(html.contains("sign-in-google"), "Google is offered");
    assert!(!html.contains("sign-in-facebook"), "Facebook is not set up");

    let browser = app.browser();
    let callback = to_provider_and_back(&browser, &fake, "/auth/google/start").await;
    assert_eq!(open(&browser, &callback).await, "/sign-up");
    // We sent the PKCE verifier and the same redirect URI (the provider checked both).
    let sent = fake.token_requests();
    assert_eq!(sent.len(), 1);
    assert!(sent[0]["code_verifier"].len() >= 43);
    assert_eq!(
        sent[0]["redirect_uri"],
        format!("{}/auth/google/callback", app.url)
    );
    let (_, prompt) = browser.fetch("sign_up_prompt", &[]).await;
    assert_eq!(prompt["suggested_name"], "Amal Saleh");
    assert_eq!(prompt["method"], "google");
    // Its picture host cannot be reached, so no picture is offered.
    assert_eq!(prompt["has_picture"], false);
    let res = browser
        .call(
            "complete_sign_up",
            &[("full_name", "Amal Saleh"), ("accept_privacy", "on")],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    assert_eq!(me(&browser).await.as_deref(), Some("Amal Saleh"));
    let user = owner_of(&app, &google_identity(&fake, &amal(true).sub))
        .await
        .expect("the account is keyed by issuer and subject");

    // Later, in another browser and with a new email at Google: the subject decides.
    fake.set_person(Person {
        email: "amal.saleh@mail.example".to_owned(),
        ..amal(true)
    });
    let later = app.browser();
    let callback =
        to_provider_and_back(&later, &fake, "/auth/google/start?return_to=/appointments").await;
    assert_eq!(open(&later, &callback).await, "/appointments");
    assert_eq!(me(&later).await.as_deref(), Some("Amal Saleh"));
    assert_eq!(
        owner_of(&app, &google_identity(&fake, &amal(true).sub)).await,
        Some(user)
    );

    // The same callback again (a replayed `state`) is refused.
    let replay = app.browser();
    assert_eq!(
        open(&replay, &callback).await,
        "/sign-in?error=sign_in_expired"
    );
    assert_eq!(me(&replay).await, None);
}

async fn a_callback_carried_to_another_browser_is_refused(backend: Backend) {
    let (app, fake) = with_google(backend).await;
    let victim = app.browser();
    let callback = to_provider_and_back(&victim, &fake, "/auth/google/start").await;
    let attacker = app.browser();
    assert_eq!(
        open(&attacker, &callback).await,
        "/sign-in?error=sign_in_expired"
    );
    assert_eq!(me(&attacker).await, None);
    assert_eq!(
        owner_of(&app, &google_identity(&fake, &amal(true).sub)).await,
        None
    );
    // A made-up state is refused the same way.
    let made_up = format!("{}/auth/google/callback?code=x&state=guess", app.url);
    assert_eq!(
        open(&victim, &made_up).await,
        "/sign-in?error=sign_in_expired"
    );
    // No state at all, too.
    let bare = format!("{}/auth/google/callback?code=x", app.url);
    assert_eq!(open(&victim, &bare).await, "/sign-in?error=sign_in_expired");
}

async fn tokens_that_fail_verification_create_nothing(backend: Backend) {
    let (app, fake) = with_google(backend).await;
    for twist in [
        Twist::WrongNonce,
        Twist::WrongAudience,
        Twist::WrongIssuer,
        Twist::Expired,
        Twist::ForeignKey,
        Twist::RefuseCode,
    ] {
        fake.set_twist(twist);
        let browser = app.browser();
        let callback = to_provider_and_back(&browser, &fake, "/auth/google/start").await;
        assert_eq!(
            open(&browser, &callback).await,
            "/sign-in?error=sign_in_failed",
            "{twist:?} must be refused"
        );
        assert_eq!(me(&browser).await, None, "{twist:?}");
        let (_, prompt) = browser.fetch("sign_up_prompt", &[]).await;
        assert!(
            prompt.is_null(),
            "{twist:?} left a pending sign-up: {prompt}"
        );
    }
    assert_eq!(
        owner_of(&app, &google_identity(&fake, &amal(true).sub)).await,
        None
    );

    // The PKCE verifier is what makes a code redeemable: the same code presented
    // without it (as someone who intercepted it would) gets nothing.
    fake.set_twist(Twist::None);
    let browser = app.browser();
    let callback = to_provider_and_back(&browser, &fake, "/auth/google/start").await;
    let code = url::Url::parse(&callback)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    let stolen = reqwest::Client::new()
        .post(format!("{}/token", fake.base))
        .basic_auth(oidc::CLIENT_ID, Some(oidc::CLIENT_SECRET))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            (
                "redirect_uri",
                format!("{}/auth/google/callback", app.url).as_str(),
            ),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(stolen.status(), 400);
    // …and since the code is now spent, the real callback fails cleanly too.
    assert_eq!(
        open(&browser, &callback).await,
        "/sign-in?error=sign_in_failed"
    );
}

async fn declining_at_the_provider_comes_back_politely(backend: Backend) {
    let (app, _fake) = with_google(backend).await;
    let browser = app.browser();
    let res = browser.get("/auth/google/start").await;
    let authorize = url::Url::parse(&location(&res)).unwrap();
    let state = authorize
        .query_pairs()
        .find(|(k, _)| k == "state")
        .unwrap()
        .1
        .into_owned();
    let back = format!(
        "{}/auth/google/callback?error=access_denied&state={state}",
        app.url
    );
    assert_eq!(
        open(&browser, &back).await,
        "/sign-in?error=sign_in_cancelled"
    );
    let html = browser
        .get("/sign-in?error=sign_in_cancelled")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("role=\"alert\""));
}

async fn a_matching_verified_email_links_only_after_signing_in_to_the_account(backend: Backend) {
    let (app, fake) = with_google(backend).await;
    // Amal already has an account made with an email code to the same address.
    let first = app.browser();
    first
        .call("request_code", &[("destination", "amal@mail.example")])
        .await;
    let code = latest_code(&app, "amal@mail.example").await;
    let res = first.call("verify_code", &[("code", &code)]).await;
    assert_eq!(redirect_of(&res).as_deref(), Some("/sign-up"));
    first
        .call(
            "complete_sign_up",
            &[("full_name", "Amal S."), ("accept_privacy", "on")],
        )
        .await;

    // An unverified address at Google proves nothing: a separate sign-up, no link.
    fake.set_person(amal(false));
    let b = app.browser();
    let callback = to_provider_and_back(&b, &fake, "/auth/google/start").await;
    assert_eq!(open(&b, &callback).await, "/sign-up");

    // A verified one is offered as a link; agreeing alone opens nothing.
    fake.set_person(amal(true));
    let b = app.browser();
    let callback = to_provider_and_back(&b, &fake, "/auth/google/start").await;
    assert_eq!(open(&b, &callback).await, "/sign-in/link");
    let res = b.call("confirm_link", &[("decision", "link")]).await;
    assert_eq!(res.status(), 200);
    assert_eq!(redirect_of(&res).as_deref(), Some("/sign-in"));
    assert_eq!(
        me(&b).await,
        None,
        "proving the Google address is not enough"
    );
    assert_eq!(
        owner_of(&app, &google_identity(&fake, &amal(true).sub)).await,
        None
    );

    // Signing in to the account with its own method, in the same browser, links it.
    b.call("request_code", &[("destination", "amal@mail.example")])
        .await;
    let code = latest_code(&app, "amal@mail.example").await;
    let res = b.call("verify_code", &[("code", &code)]).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    assert_eq!(me(&b).await.as_deref(), Some("Amal S."));
    let (_, methods) = b.fetch("list_sign_in_methods", &[]).await;
    assert!(
        methods
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["kind"] == "google"),
        "{methods}"
    );
    assert!(
        owner_of(&app, &google_identity(&fake, &amal(true).sub))
            .await
            .is_some()
    );
}

async fn a_signed_in_person_connects_google_once(backend: Backend) {
    let (app, fake) = with_google(backend).await;
    let nadia = sign_up_by_phone(&app, "+966501230001", "Nadia").await;
    let callback = to_provider_and_back(&nadia, &fake, "/auth/google/start").await;
    assert_eq!(open(&nadia, &callback).await, "/account/security");
    let (_, methods) = nadia.fetch("list_sign_in_methods", &[]).await;
    assert!(
        methods
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["kind"] == "google"),
        "{methods}"
    );
    // Someone else cannot connect the same Google account.
    let omar = sign_up_by_phone(&app, "+966501230002", "Omar").await;
    let callback = to_provider_and_back(&omar, &fake, "/auth/google/start").await;
    assert_eq!(
        open(&omar, &callback).await,
        "/sign-in?error=identity_in_use"
    );
    assert_eq!(me(&omar).await.as_deref(), Some("Omar"));
}

async fn facebook_signs_up_with_only_what_we_need(backend: Backend) {
    let fake = FakeFacebook::start().await;
    let settings = fake.settings();
    let vars: Vec<(&str, &str)> = settings.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let app = spawn_app_with(backend, &vars).await;
    let html = app.get("/sign-in").await.text().await.unwrap();
    assert!(html.contains("sign-in-facebook"));
    assert!(!html.contains("sign-in-google"));

    let browser = app.browser();
    let res = browser.get("/auth/facebook/start").await;
    assert_eq!(res.status(), 303);
    let dialog = url::Url::parse(&location(&res)).unwrap();
    assert_eq!(
        dialog.as_str().split('?').next(),
        Some(format!("{}/v21.0/dialog/oauth", fake.base).as_str())
    );
    let q: std::collections::HashMap<_, _> = dialog.query_pairs().into_owned().collect();
    assert_eq!(q["client_id"], facebook::APP_ID);
    assert_eq!(q["scope"], "public_profile");
    assert_eq!(
        q["redirect_uri"],
        format!("{}/auth/facebook/callback", app.url)
    );
    let state = q["state"].clone();
    assert!(state.len() >= 22);

    let callback = format!(
        "{}/auth/facebook/callback?code={}&state={state}",
        app.url,
        facebook::GOOD_CODE
    );
    assert_eq!(open(&browser, &callback).await, "/sign-up");
    let (_, prompt) = browser.fetch("sign_up_prompt", &[]).await;
    assert_eq!(prompt["suggested_name"], "Layla Haddad");
    assert_eq!(prompt["has_picture"], true);
    let res = browser
        .call(
            "complete_sign_up",
            &[
                ("full_name", "Layla Haddad"),
                ("accept_privacy", "on"),
                ("use_picture", "yes"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    // The picture she chose is ours now: re-encoded, served by us, with her consent.
    let (_, profile) = browser.fetch("get_profile", &[]).await;
    let picture = profile["picture_url"]
        .as_str()
        .expect("a picture")
        .to_owned();
    let res = browser.get(&picture).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    let identity = VerifiedIdentity {
        kind: IdentityKind::Facebook,
        issuer: FACEBOOK_ISSUER.to_owned(),
        subject: "10158000000000001".to_owned(),
        verified_email: None,
        verified_phone: None,
        name: None,
        picture_url: None,
    };
    assert!(owner_of(&app, &identity).await.is_some());

    // The fake checked each request; here: what we asked Graph for.
    let requests = fake.requests();
    let graph = &requests.iter().find(|(what, _)| what == "me").unwrap().1;
    assert_eq!(graph["fields"], "id,name,picture.width(256).height(256)");

    // Facebook's access token was used once and kept nowhere in the database (the
    // search itself is checked: it finds a value we know is stored).
    let token = fake.issued_tokens().pop().unwrap();
    assert!(app.db.contains("Layla Haddad").await, "the search works");
    assert!(
        !app.db.contains(&token).await,
        "the access token is in the database"
    );

    // The code is spent: the same callback is refused (its state is gone too).
    let again = app.browser();
    assert_eq!(
        open(&again, &callback).await,
        "/sign-in?error=sign_in_expired"
    );
    // A fresh attempt with a code Facebook rejects fails cleanly.
    let b = app.browser();
    let res = b.get("/auth/facebook/start").await;
    let state = url::Url::parse(&location(&res))
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "state")
        .unwrap()
        .1
        .into_owned();
    let bad = format!(
        "{}/auth/facebook/callback?code=wrong&state={state}",
        app.url
    );
    assert_eq!(open(&b, &bad).await, "/sign-in?error=sign_in_failed");
    assert_eq!(me(&b).await, None);
}

async fn unconfigured_providers_are_not_offered(backend: Backend) {
    let app = spawn_app(backend).await;
    let html = app.get("/sign-in").await.text().await.unwrap();
    assert!(!html.contains("sign-in-google"));
    assert!(!html.contains("sign-in-facebook"));
    assert_eq!(app.get("/auth/google/start").await.status(), 404);
    assert_eq!(
        app.get("/auth/facebook/callback?code=x&state=y")
            .await
            .status(),
        404
    );
    assert_eq!(app.get("/auth/phone/start").await.status(), 404);
}

/// The provider stand-in holds us to the least we need: the same request with one more
/// scope (mail, contacts) is refused, so a code change asking for more fails here.
async fn we_ask_google_for_exactly_openid_email_and_profile(backend: Backend) {
    let (app, fake) = with_google(backend).await;
    let res = app.browser().get("/auth/google/start").await;
    let authorize = url::Url::parse(&location(&res)).unwrap();
    let at = |url: url::Url| async move {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
            .get(url)
            .send()
            .await
            .unwrap()
            .status()
    };
    for extra in [
        "https://www.googleapis.com/auth/gmail.readonly",
        "https://www.googleapis.com/auth/contacts.readonly",
    ] {
        let mut more = authorize.clone();
        let pairs: Vec<(String, String)> = authorize
            .query_pairs()
            .map(|(k, v)| {
                let v = if k == "scope" {
                    format!("{v} {extra}")
                } else {
                    v.into_owned()
                };
                (k.into_owned(), v)
            })
            .collect();
        more.query_pairs_mut().clear().extend_pairs(pairs);
        assert_ne!(at(more).await, 303, "{extra} is refused");
    }
    // The very same request without the extra scope goes through.
    assert_eq!(at(authorize).await, 303, "ours is accepted");
    let _ = fake;
}

on_both_backends!(
    google_signs_up_and_later_signs_in_by_subject,
    a_callback_carried_to_another_browser_is_refused,
    tokens_that_fail_verification_create_nothing,
    declining_at_the_provider_comes_back_politely,
    a_matching_verified_email_links_only_after_signing_in_to_the_account,
    a_signed_in_person_connects_google_once,
    facebook_signs_up_with_only_what_we_need,
    unconfigured_providers_are_not_offered,
    we_ask_google_for_exactly_openid_email_and_profile,
);
