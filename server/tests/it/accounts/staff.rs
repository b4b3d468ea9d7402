//! Clinic roles: demo staff sign in by email code; settings are readable by a clinic's
//! staff, changeable by its owners and admins, and invisible to everyone else.

use super::{latest_code, me, sign_up_by_phone};
use crate::{
    on_both_backends,
    support::{Backend, Browser, TestApp, spawn_app},
};
use app::{domain::roles::Role, ssr::demo};

pub async fn sign_in_by_email(app: &TestApp, email: &str) -> Browser {
    let b = app.browser();
    assert_eq!(
        b.call("request_code", &[("destination", email)])
            .await
            .status(),
        200
    );
    let code = latest_code(app, email).await;
    let res = b.call("verify_code", &[("code", &code)]).await;
    assert_eq!(res.status(), 200);
    b
}

/// A second clinic with its own owner, for "another clinic's staff" checks.
pub async fn other_clinic_owner(app: &TestApp) -> Browser {
    let mut seed = demo::demo_catalog(chrono::Utc::now()).unwrap();
    seed.clinic.slug = app::domain::catalog::Slug::parse("other-clinic").unwrap();
    app.store.insert_catalog(&seed).await.unwrap();
    let owner = sign_up_by_phone(app, "+966509999999", "Other Owner").await;
    let user = app
        .store
        .identity_owner(
            &app::domain::identity::VerifiedIdentity::phone(
                app::domain::contact::PhoneNumber::parse("+966509999999", None).unwrap(),
            ),
            chrono::Utc::now(),
        )
        .await
        .unwrap()
        .unwrap();
    app.store
        .add_member(seed.clinic.id, user, Role::Owner, None, chrono::Utc::now())
        .await
        .unwrap();
    owner
}

async fn demo_staff_sign_in_with_email_codes_and_see_their_clinic(backend: Backend) {
    let app = spawn_app(backend).await;
    let owner = sign_in_by_email(&app, "owner@nakheel.example").await;
    assert_eq!(me(&owner).await.as_deref(), Some("Huda Al-Harbi"));
    let (_, body) = owner.fetch("get_me", &[]).await;
    assert_eq!(body["staff_of"][0]["slug"], "nakheel");
    assert_eq!(body["staff_of"][0]["roles"], serde_json::json!(["owner"]));
    let (status, settings) = owner
        .fetch("get_clinic_settings", &[("slug", "nakheel")])
        .await;
    assert_eq!(status, 200);
    assert_eq!(settings["can_edit"], true);
}

async fn only_owners_and_admins_change_settings_and_other_clinics_see_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let form = [
        ("slug", "nakheel"),
        ("gender", "required"),
        ("date_of_birth", "required"),
        ("picture", "optional"),
        ("min_patient_age", "18"),
    ];
    let reception = sign_in_by_email(&app, "reception@nakheel.example").await;
    let (status, settings) = reception
        .fetch("get_clinic_settings", &[("slug", "nakheel")])
        .await;
    assert_eq!(status, 200);
    assert_eq!(settings["can_edit"], false);
    assert_eq!(
        reception
            .call("update_clinic_settings", &form)
            .await
            .status(),
        403
    );

    let outsider = other_clinic_owner(&app).await;
    let (status, body) = outsider
        .fetch("get_clinic_settings", &[("slug", "nakheel")])
        .await;
    assert_eq!(status, 404);
    assert_eq!(body, serde_json::json!({"error": "not_found"}));
    assert_eq!(
        outsider
            .call("update_clinic_settings", &form)
            .await
            .status(),
        404
    );
    let patient = sign_up_by_phone(&app, "+966501234567", "Sara").await;
    assert_eq!(
        patient.call("update_clinic_settings", &form).await.status(),
        404
    );
    assert_eq!(
        app.browser()
            .call("update_clinic_settings", &form)
            .await
            .status(),
        401
    );

    let slug = app::domain::catalog::Slug::parse("nakheel").unwrap();
    let clinic = app.store.clinic_by_slug(&slug).await.unwrap();
    let before = app.store.clinic_field_rules(clinic.id).await.unwrap();
    assert_eq!(before.min_patient_age, 16, "nothing changed");

    let owner = sign_in_by_email(&app, "owner@nakheel.example").await;
    assert_eq!(
        owner.call("update_clinic_settings", &form).await.status(),
        200
    );
    let after = app.store.clinic_field_rules(clinic.id).await.unwrap();
    assert_eq!(after.min_patient_age, 18);
    assert_eq!(
        after.gender,
        app::domain::people::FieldRequirement::Required
    );
    let bad = [
        ("slug", "nakheel"),
        ("gender", "maybe"),
        ("date_of_birth", "required"),
        ("picture", "optional"),
        ("min_patient_age", "18"),
    ];
    assert_eq!(
        owner.call("update_clinic_settings", &bad).await.status(),
        422
    );
}

on_both_backends!(
    demo_staff_sign_in_with_email_codes_and_see_their_clinic,
    only_owners_and_admins_change_settings_and_other_clinics_see_nothing,
);
