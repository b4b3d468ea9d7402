//! The access-control matrix: every server function that reads or changes personal
//! data refuses an anonymous visitor and never serves one person's data to another.

use super::sign_up_by_phone;
use crate::{
    on_both_backends,
    support::{Backend, spawn_app},
};

const READS: &[&str] = &[
    "get_profile",
    "list_dependents",
    "list_sign_in_methods",
    "list_sessions",
    "list_access_to_me",
];

async fn anonymous_visitors_are_refused_everywhere(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = app.browser();
    for endpoint in READS {
        let (status, body) = visitor.fetch(endpoint, &[]).await;
        assert_eq!(status, 401, "{endpoint}");
        assert_eq!(
            body,
            serde_json::json!({"error": "unauthenticated"}),
            "{endpoint} leaks nothing"
        );
    }
    for (endpoint, form) in [
        ("update_profile", vec![("full_name", "X")]),
        (
            "save_dependent",
            vec![("full_name", "X"), ("date_of_birth", "2020-01-01")],
        ),
        (
            "remove_dependent",
            vec![("id", "00000000-0000-0000-0000-000000000000")],
        ),
        (
            "disconnect_sign_in_method",
            vec![("id", "00000000-0000-0000-0000-000000000000")],
        ),
        (
            "end_session",
            vec![("id", "00000000-0000-0000-0000-000000000000")],
        ),
        ("sign_out_everywhere", vec![]),
        ("remove_picture", vec![]),
    ] {
        let res = visitor.call(endpoint, &form).await;
        assert_eq!(res.status(), 401, "{endpoint}");
    }
    let (status, me) = visitor.fetch("get_me", &[]).await;
    assert_eq!((status, me), (200, serde_json::Value::Null));
}

async fn one_person_never_sees_anothers_data(backend: Backend) {
    let app = spawn_app(backend).await;
    let sara = sign_up_by_phone(&app, "+966501234567", "Sara").await;
    let omar = sign_up_by_phone(&app, "+966501234568", "Omar").await;
    sara.call(
        "save_dependent",
        &[("full_name", "Lina"), ("date_of_birth", "2019-03-02")],
    )
    .await;
    for endpoint in READS {
        let (_, body) = omar.fetch(endpoint, &[]).await;
        let text = body.to_string();
        assert!(
            !text.contains("Sara") && !text.contains("Lina") && !text.contains("4567"),
            "{endpoint}: {text}"
        );
    }
    let (_, methods) = sara.fetch("list_sign_in_methods", &[]).await;
    let id = methods[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        omar.call("disconnect_sign_in_method", &[("id", &id)])
            .await
            .status(),
        404
    );
    let (_, methods) = sara.fetch("list_sign_in_methods", &[]).await;
    assert_eq!(methods.as_array().unwrap().len(), 1);
}

on_both_backends!(
    anonymous_visitors_are_refused_everywhere,
    one_person_never_sees_anothers_data
);
