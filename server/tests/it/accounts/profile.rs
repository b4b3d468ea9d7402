use super::sign_up_by_phone;
use crate::{
    on_both_backends,
    support::{Backend, spawn_app},
};

async fn profiles_keep_optional_fields_only_with_consent(backend: Backend) {
    let app = spawn_app(backend).await;
    let b = sign_up_by_phone(&app, "+966501234567", "Sara").await;
    let res = b
        .call(
            "update_profile",
            &[
                ("full_name", "Sara  Al-Qahtani"),
                ("gender", "female"),
                ("date_of_birth", "1990-05-17"),
                ("lang", "ar"),
                ("preferred_channel", "whatsapp"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let (_, p) = b.fetch("get_profile", &[]).await;
    assert_eq!(p["full_name"], "Sara Al-Qahtani");
    assert_eq!(p["gender"], "female");
    assert_eq!(p["date_of_birth"], "1990-05-17");
    assert_eq!(p["lang"], "ar");
    assert_eq!(p["preferred_channel"], "whatsapp");
    let kinds: Vec<&str> = p["consents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["withdrawn"].is_null())
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"gender") && kinds.contains(&"date_of_birth"),
        "{kinds:?}"
    );

    // Clearing a field withdraws its consent.
    b.call(
        "update_profile",
        &[
            ("full_name", "Sara Al-Qahtani"),
            ("gender", ""),
            ("date_of_birth", "1990-05-17"),
        ],
    )
    .await;
    let (_, p) = b.fetch("get_profile", &[]).await;
    assert!(p["gender"].is_null());
    let gender = p["consents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "gender")
        .unwrap();
    assert!(!gender["withdrawn"].is_null());
    // Changes are in the access log, without the content.
    let user = app
        .store
        .user_with_contact_of(&app::domain::identity::VerifiedIdentity::phone(
            app::domain::contact::PhoneNumber::parse("+966501234567", None).unwrap(),
        ))
        .await
        .unwrap()
        .unwrap();
    let log = app.store.access_to(user, 10).await.unwrap();
    assert!(
        log.iter()
            .any(|e| e.action == "profile.update" && e.actor_id == Some(user))
    );
}

async fn bad_profile_input_is_refused_and_changes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let b = sign_up_by_phone(&app, "+966501234567", "Sara").await;
    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Days::new(1)).to_string();
    let twelve = (chrono::Utc::now().date_naive() - chrono::Days::new(365 * 12)).to_string();
    for (field, value, detail) in [
        ("date_of_birth", tomorrow.as_str(), "birth_date_in_future"),
        ("date_of_birth", "1990-13-45", "date"),
        ("date_of_birth", twelve.as_str(), "too_young_for_account"),
        ("gender", "other", "gender"),
        ("preferred_channel", "fax", "channel"),
        ("full_name", "", "name"),
    ] {
        let mut form = vec![("full_name", "Changed"), ("gender", "female")];
        form.retain(|(k, _)| *k != field);
        form.push((field, value));
        let res = b.call("update_profile", &form).await;
        assert_eq!(res.status(), 422, "{field}={value}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["detail"], detail, "{field}={value}");
    }
    let (_, p) = b.fetch("get_profile", &[]).await;
    assert_eq!(p["full_name"], "Sara");
    assert!(p["gender"].is_null());
}

async fn the_profile_form_follows_the_clinic_field_rules(backend: Backend) {
    let app = spawn_app(backend).await;
    let slug = app::domain::catalog::Slug::parse("nakheel").unwrap();
    let clinic = app.store.clinic_by_slug(&slug).await.unwrap();
    let rules = app::domain::people::ProfileFieldRules {
        gender: app::domain::people::FieldRequirement::Required,
        date_of_birth: app::domain::people::FieldRequirement::Optional,
        picture: app::domain::people::FieldRequirement::Hidden,
        min_patient_age: 18,
    };
    app.store
        .set_clinic_field_rules(clinic.id, &rules)
        .await
        .unwrap();
    let b = sign_up_by_phone(&app, "+966501234567", "Sara").await;
    let (status, p) = b.fetch("get_profile", &[("clinic", "nakheel")]).await;
    assert_eq!(status, 200);
    assert_eq!(p["clinic"]["rules"]["gender"], "required");
    assert_eq!(p["clinic"]["rules"]["picture"], "hidden");
    assert_eq!(p["clinic"]["rules"]["min_patient_age"], 18);
    let html = b.get("/account?clinic=nakheel").await.text().await.unwrap();
    assert!(
        html.contains(r#"name="gender""#) && html.contains("(required)"),
        "{html}"
    );
    assert!(
        !html.contains(r#"name="picture""#),
        "a hidden field is not asked"
    );
    let (status, _) = b
        .fetch("get_profile", &[("clinic", "no-such-clinic")])
        .await;
    assert_eq!(status, 404);
}

on_both_backends!(
    profiles_keep_optional_fields_only_with_consent,
    bad_profile_input_is_refused_and_changes_nothing,
    the_profile_form_follows_the_clinic_field_rules,
);
