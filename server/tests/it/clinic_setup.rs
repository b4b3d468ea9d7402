//! Clinics that set themselves up: registration under each sign-up rule, the owner's
//! checklist and publishing, and the operators' approval, on both databases.

use crate::{
    accounts::{redirect_of, sign_up_by_phone},
    on_both_backends,
    support::{Backend, Browser, TestApp, spawn_app, spawn_app_with},
};
use app::domain::catalog::Slug;
use serde_json::Value;

const OPERATOR_PHONE: &str = "+966501112222";

/// A complete registration form for `slug`; `change` replaces one field.
fn form(slug: &str) -> Vec<(&'static str, String)> {
    [
        ("name_en", "Nile Family Clinic"),
        ("name_ar", "عيادة النيل للأسرة"),
        ("slug", slug),
        ("currency", "egp"),
        ("english", "on"),
        ("arabic", "on"),
        ("branch_name_en", "Zamalek"),
        ("branch_name_ar", "الزمالك"),
        ("city_en", "Cairo"),
        ("city_ar", "القاهرة"),
        ("address_en", "12 Brazil Street"),
        ("address_ar", "١٢ شارع البرازيل"),
        ("phone", "+20 2 27350000"),
        ("time_zone", "Africa/Cairo"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_owned()))
    .collect()
}

fn with(
    mut form: Vec<(&'static str, String)>,
    key: &str,
    value: &str,
) -> Vec<(&'static str, String)> {
    form.retain(|(k, _)| *k != key);
    // An unticked box is not sent at all; an emptied text field is sent empty.
    if !value.is_empty() || !matches!(key, "english" | "arabic") {
        form.push((leak(key), value.to_owned()));
    }
    form
}

fn leak(key: &str) -> &'static str {
    Box::leak(key.to_owned().into_boxed_str())
}

async fn post(b: &Browser, endpoint: &str, form: &[(&'static str, String)]) -> (u16, Value) {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = b.call(endpoint, &pairs).await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn exists(app: &TestApp, slug: &str) -> bool {
    app.store
        .slug_taken(&Slug::parse(slug).unwrap())
        .await
        .unwrap()
}

async fn listed_slugs(app: &TestApp) -> Vec<String> {
    let (status, body) = app.browser().fetch("list_clinics", &[]).await;
    assert_eq!(status, 200);
    body.as_array()
        .unwrap()
        .iter()
        .map(|c| c["slug"].as_str().unwrap().to_owned())
        .collect()
}

async fn a_signed_in_person_registers_a_clinic_and_becomes_its_owner(backend: Backend) {
    let app = spawn_app(backend).await;
    let b = sign_up_by_phone(&app, "+966505550001", "Mona Adel").await;

    let (status, check) = b
        .fetch("check_clinic_slug", &[("slug", " Nile-Family ")])
        .await;
    assert_eq!(status, 200);
    assert_eq!(check["slug"], "nile-family");
    assert_eq!(check["available"], true);
    let (_, taken) = b.fetch("check_clinic_slug", &[("slug", "nakheel")]).await;
    assert_eq!(taken["available"], false);
    assert!(
        taken["problem"]
            .as_str()
            .unwrap()
            .contains("Another clinic"),
        "{taken}"
    );
    let (_, reserved) = b.fetch("check_clinic_slug", &[("slug", "dashboard")]).await;
    assert_eq!(reserved["available"], false);
    let (status, _) = app
        .browser()
        .fetch("check_clinic_slug", &[("slug", "nile-family")])
        .await;
    assert_eq!(status, 401, "visitors cannot probe addresses");

    // Each bad field is refused with its own reason, and nothing is written.
    for (key, value, detail) in [
        ("name_ar", "", "clinic_name"),
        ("slug", "new", "slug_reserved"),
        ("slug", "nile family", "slug"),
        ("currency", "EURO", "currency"),
        ("arabic", "", "languages"),
        ("phone", "call us", "phone"),
        ("time_zone", "Mars/Olympus", "time_zone"),
        ("city_en", " ", "branch_text"),
    ] {
        let mut bad = with(form("nile-family"), key, value);
        if key == "arabic" {
            bad = with(bad, "english", "");
        }
        let (status, body) = post(&b, "create_clinic", &bad).await;
        assert_eq!(status, 422, "{key}: {body}");
        assert_eq!(body["detail"], detail, "{key}");
    }
    assert!(
        !exists(&app, "nile-family").await,
        "a refused form writes nothing"
    );

    let res = b
        .call(
            "create_clinic",
            &form("Nile-Family")
                .iter()
                .map(|(k, v)| (*k, v.as_str()))
                .collect::<Vec<_>>(),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(redirect_of(&res).as_deref(), Some("/dashboard/nile-family"));
    let clinic = app
        .store
        .clinic_by_slug(&Slug::parse("nile-family").unwrap())
        .await
        .unwrap();
    assert!(!clinic.listed, "a new clinic starts unpublished");
    assert_eq!(clinic.time_zone.name(), "Africa/Cairo");
    let catalog = app.store.clinic_catalog(clinic.id).await.unwrap();
    assert_eq!(catalog.branches.len(), 1);
    assert_eq!(catalog.branches[0].phone, "+20227350000");
    assert_eq!(catalog.branches[0].city.ar, "القاهرة");

    let (_, me) = b.fetch("get_me", &[]).await;
    assert_eq!(me["staff_of"][0]["slug"], "nile-family");
    assert_eq!(me["staff_of"][0]["roles"], serde_json::json!(["owner"]));

    // Hidden from patients until published; its owner previews it.
    assert!(!listed_slugs(&app).await.contains(&"nile-family".to_owned()));
    assert_eq!(app.browser().get("/c/nile-family").await.status(), 404);
    let (status, _) = app
        .browser()
        .fetch("get_clinic", &[("slug", "nile-family")])
        .await;
    assert_eq!(status, 404);
    let stranger = sign_up_by_phone(&app, "+966505550002", "Curious Patient").await;
    let (status, _) = stranger
        .fetch("booking_page", &[("slug", "nile-family")])
        .await;
    assert_eq!(status, 404, "nobody books an unpublished clinic");
    assert_eq!(b.get("/c/nile-family").await.status(), 200);

    let (status, list) = b
        .fetch("clinic_checklist", &[("slug", "nile-family")])
        .await;
    assert_eq!(status, 200);
    let done: Vec<(String, bool)> = list["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["step"].as_str().unwrap().to_owned(),
                s["done"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        done,
        [
            ("branch".to_owned(), true),
            ("service".to_owned(), false),
            ("provider".to_owned(), false),
            ("hours".to_owned(), false),
            ("publish".to_owned(), false),
        ]
    );
    assert_eq!(list["can_publish"], true);

    let (status, body) = post(&b, "publish_clinic", &[("slug", "nile-family".into())]).await;
    assert_eq!(status, 422);
    assert_eq!(
        body["detail"], "publish_needs_service",
        "the first missing step is named"
    );
    assert!(!listed_slugs(&app).await.contains(&"nile-family".to_owned()));

    // The address is now taken, for everyone, in any case.
    let (status, body) = post(&stranger, "create_clinic", &form("NILE-FAMILY")).await;
    assert_eq!(status, 409);
    assert_eq!(body["detail"], "slug_taken");
    let (_, check) = stranger
        .fetch("check_clinic_slug", &[("slug", "nile-family")])
        .await;
    assert_eq!(check["available"], false);
    // The stranger is no one at the new clinic.
    let (status, _) = stranger
        .fetch("clinic_checklist", &[("slug", "nile-family")])
        .await;
    assert_eq!(status, 404);
    let (status, _) = post(
        &stranger,
        "publish_clinic",
        &[("slug", "nile-family".into())],
    )
    .await;
    assert_eq!(status, 404);
}

async fn with_approval_patients_see_a_clinic_only_after_an_operator_approves(backend: Backend) {
    let app = spawn_app_with(
        backend,
        &[
            ("CALENTIFY_CLINIC_SIGNUP", "approval"),
            ("CALENTIFY_OPERATORS", OPERATOR_PHONE),
        ],
    )
    .await;
    let owner = sign_up_by_phone(&app, "+966505550003", "Omar Saleh").await;
    let (_, info) = owner.fetch("new_clinic_info", &[]).await;
    assert_eq!(info["may_register"], true);
    assert_eq!(info["needs_approval"], true);
    let (status, _) = post(&owner, "create_clinic", &form("nile-family")).await;
    assert_eq!(status, 200);

    let operator = sign_up_by_phone(&app, OPERATOR_PHONE, "Operator One").await;
    let (_, me) = operator.fetch("get_me", &[]).await;
    assert_eq!(me["operator"], true);
    let (_, me) = owner.fetch("get_me", &[]).await;
    assert_eq!(me["operator"], false);

    // Only operators see the queue or approve.
    let (status, _) = owner.fetch("pending_clinics", &[]).await;
    assert_eq!(status, 404);
    let (status, _) = app.browser().fetch("pending_clinics", &[]).await;
    assert_eq!(status, 401);
    let (status, _) = post(&owner, "approve_clinic", &[("slug", "nile-family".into())]).await;
    assert_eq!(status, 404);

    let (status, pending) = operator.fetch("pending_clinics", &[]).await;
    assert_eq!(status, 200);
    assert_eq!(pending.as_array().unwrap().len(), 1, "{pending}");
    assert_eq!(pending[0]["slug"], "nile-family");
    assert_eq!(pending[0]["name"]["ar"], "عيادة النيل للأسرة");
    assert_eq!(pending[0]["published"], false);
    let page = operator.get("/operator").await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Nile Family Clinic"));

    let (status, _) = post(
        &operator,
        "approve_clinic",
        &[("slug", "nile-family".into())],
    )
    .await;
    assert_eq!(status, 200);
    let (_, pending) = operator.fetch("pending_clinics", &[]).await;
    assert_eq!(pending, serde_json::json!([]));
    let (_, list) = owner
        .fetch("clinic_checklist", &[("slug", "nile-family")])
        .await;
    assert_eq!(list["approved"], true);
    assert_eq!(
        list["published"], false,
        "approval does not publish for the owner"
    );
    assert!(!listed_slugs(&app).await.contains(&"nile-family".to_owned()));
}

async fn closed_sign_up_leaves_registration_to_operators(backend: Backend) {
    let app = spawn_app_with(
        backend,
        &[
            ("CALENTIFY_CLINIC_SIGNUP", "closed"),
            ("CALENTIFY_OPERATORS", OPERATOR_PHONE),
        ],
    )
    .await;
    let person = sign_up_by_phone(&app, "+966505550004", "Layla Hassan").await;
    let (_, info) = person.fetch("new_clinic_info", &[]).await;
    assert_eq!(info["may_register"], false);
    let (status, _) = post(&person, "create_clinic", &form("nile-family")).await;
    assert_eq!(status, 403);
    assert!(!exists(&app, "nile-family").await);
    let page = person.get("/clinics/new").await;
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("data-testid=\"signup-closed\"")
    );

    let operator = sign_up_by_phone(&app, OPERATOR_PHONE, "Operator One").await;
    let (status, _) = post(&operator, "create_clinic", &form("nile-family")).await;
    assert_eq!(status, 200);
    let (_, list) = operator
        .fetch("clinic_checklist", &[("slug", "nile-family")])
        .await;
    assert_eq!(
        list["approved"], true,
        "an operator's own clinic needs no approval"
    );
}

on_both_backends!(
    a_signed_in_person_registers_a_clinic_and_becomes_its_owner,
    with_approval_patients_see_a_clinic_only_after_an_operator_approves,
    closed_sign_up_leaves_registration_to_operators,
);
