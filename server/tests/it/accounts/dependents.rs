use super::sign_up_by_phone;
use crate::{
    on_both_backends,
    support::{Backend, spawn_app},
};

async fn guardians_add_change_and_remove_their_dependents(backend: Backend) {
    let app = spawn_app(backend).await;
    let b = sign_up_by_phone(&app, "+966501234567", "Sara").await;
    let res = b
        .call(
            "save_dependent",
            &[
                ("full_name", "Lina"),
                ("date_of_birth", "2019-03-02"),
                ("gender", "female"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let id: String = res.json().await.unwrap();
    let (_, list) = b.fetch("list_dependents", &[]).await;
    assert_eq!(list[0]["full_name"], "Lina");
    assert_eq!(list[0]["gender"], "female");
    assert!(list[0]["age"].as_i64().unwrap() >= 7);
    b.call(
        "save_dependent",
        &[
            ("id", &id),
            ("full_name", "Lina Q."),
            ("date_of_birth", "2019-03-02"),
        ],
    )
    .await;
    let (_, list) = b.fetch("list_dependents", &[]).await;
    assert_eq!(list[0]["full_name"], "Lina Q.");
    assert!(list[0]["gender"].is_null());
    assert_eq!(
        b.call("remove_dependent", &[("id", &id)]).await.status(),
        200
    );
    let (_, list) = b.fetch("list_dependents", &[]).await;
    assert!(list.as_array().unwrap().is_empty());
}

async fn nobody_else_sees_or_changes_a_guardians_dependents(backend: Backend) {
    let app = spawn_app(backend).await;
    let sara = sign_up_by_phone(&app, "+966501234567", "Sara").await;
    let omar = sign_up_by_phone(&app, "+966501234568", "Omar").await;
    let res = sara
        .call(
            "save_dependent",
            &[("full_name", "Lina"), ("date_of_birth", "2019-03-02")],
        )
        .await;
    let id: String = res.json().await.unwrap();
    let (_, list) = omar.fetch("list_dependents", &[]).await;
    assert!(list.as_array().unwrap().is_empty());
    let res = omar
        .call(
            "save_dependent",
            &[
                ("id", &id),
                ("full_name", "Hijacked"),
                ("date_of_birth", "2019-03-02"),
            ],
        )
        .await;
    assert_eq!(res.status(), 404);
    assert_eq!(
        omar.call("remove_dependent", &[("id", &id)]).await.status(),
        404
    );
    let (_, list) = sara.fetch("list_dependents", &[]).await;
    assert_eq!(list[0]["full_name"], "Lina");
}

async fn bad_dependent_input_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let b = sign_up_by_phone(&app, "+966501234567", "Sara").await;
    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Days::new(1)).to_string();
    for form in [
        vec![("full_name", "Lina"), ("date_of_birth", tomorrow.as_str())],
        vec![("full_name", "Lina"), ("date_of_birth", "")],
        vec![("full_name", ""), ("date_of_birth", "2019-01-01")],
        vec![
            ("full_name", "Lina"),
            ("date_of_birth", "2019-01-01"),
            ("gender", "x"),
        ],
    ] {
        assert_eq!(
            b.call("save_dependent", &form).await.status(),
            422,
            "{form:?}"
        );
    }
    assert_eq!(
        b.call("remove_dependent", &[("id", "not-an-id")])
            .await
            .status(),
        404
    );
    let (_, list) = b.fetch("list_dependents", &[]).await;
    assert!(list.as_array().unwrap().is_empty());
}

on_both_backends!(
    guardians_add_change_and_remove_their_dependents,
    nobody_else_sees_or_changes_a_guardians_dependents,
    bad_dependent_input_is_refused,
);
