//! Server-rendered pages and the catalogue server functions.

use crate::{
    on_both_backends,
    support::{Backend, spawn_app},
};

async fn the_home_page_lists_the_demo_clinic_in_english_by_default(backend: Backend) {
    let app = spawn_app(backend).await;
    let res = app.get_in("/", "en-GB,en;q=0.9").await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(
        html.contains(r#"lang="en""#) && html.contains(r#"dir="ltr""#),
        "{html}"
    );
    assert!(html.contains("Nakheel Family Clinics"));
    assert!(html.contains(r#"href="/c/nakheel""#));
}

async fn the_clinic_page_renders_services_branches_and_team(backend: Backend) {
    let app = spawn_app(backend).await;
    let html = app.get_in("/c/nakheel", "en").await.text().await.unwrap();
    for text in [
        "General consultation",
        "Laser hair removal session",
        "Olaya branch",
        "Zamalek branch",
        "Dr. Layla Haddad",
        "SAR 600.00",
        "Times shown in Africa/Cairo",
    ] {
        assert!(html.contains(text), "missing {text}");
    }
    assert_eq!(html.matches(r#"data-testid="service""#).count(), 8);
}

async fn arabic_visitors_get_right_to_left_pages(backend: Backend) {
    let app = spawn_app(backend).await;
    let html = app
        .get_in("/c/nakheel", "ar-SA,ar;q=0.9,en;q=0.5")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"lang="ar""#) && html.contains(r#"dir="rtl""#));
    assert!(html.contains("عيادات النخيل للعائلة"));
    assert!(html.contains("الخدمات"));
}

async fn an_unknown_clinic_is_a_localised_404(backend: Backend) {
    let app = spawn_app(backend).await;
    let res = app.get_in("/c/no-such-clinic", "ar").await;
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("لم نعثر على هذه الصفحة"));
    let res = app.get_in("/c/NOT%20A%20SLUG", "en").await;
    assert_eq!(res.status(), 404);
    let res = app.get_in("/no/such/page", "en").await;
    assert_eq!(res.status(), 404);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("We could not find that page")
    );
}

async fn the_catalogue_api_answers_json_with_proper_statuses(backend: Backend) {
    let app = spawn_app(backend).await;
    let res = app.get("/api/list_clinics").await;
    assert_eq!(res.status(), 200);
    let list: serde_json::Value = res.json().await.unwrap();
    assert_eq!(list[0]["slug"], "nakheel");
    assert_eq!(list[0]["branch_count"], 2);

    let res = app.get("/api/get_clinic?slug=nakheel").await;
    assert_eq!(res.status(), 200);
    let page: serde_json::Value = res.json().await.unwrap();
    assert_eq!(page["services"].as_array().unwrap().len(), 8);
    let slug = app::domain::catalog::Slug::parse("nakheel").unwrap();
    let stored = app.store.clinic_by_slug(&slug).await.unwrap();
    assert_eq!(page["clinic"]["id"], stored.id.to_string());
    assert_eq!(page["branches"][1]["time_zone"], "Africa/Cairo");

    let res = app.get("/api/get_clinic?slug=nope").await;
    assert_eq!(res.status(), 404);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body, serde_json::json!({"error": "not_found"}));

    let res = app.get("/api/get_clinic").await;
    assert_eq!(
        res.status(),
        400,
        "a missing argument is the client's mistake"
    );
}

async fn health_and_readiness_report_the_database(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(app.get("/healthz").await.status(), 200);
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "ready");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_fails_when_the_database_goes_away() {
    use sqlx::{Connection, Executor};
    let app = spawn_app(Backend::Postgres).await;
    assert_eq!(app.get("/readyz").await.status(), 200);
    let name = url::Url::parse(&app.db.url)
        .unwrap()
        .path()
        .trim_start_matches('/')
        .to_owned();
    let mut admin = sqlx::PgConnection::connect(&crate::support::db::admin_url())
        .await
        .unwrap();
    admin
        .execute(format!("DROP DATABASE {name} WITH (FORCE)").as_str())
        .await
        .unwrap();
    assert_eq!(app.get("/readyz").await.status(), 503);
    assert_eq!(
        app.get("/healthz").await.status(),
        200,
        "the process itself is still up"
    );
}

on_both_backends!(
    the_home_page_lists_the_demo_clinic_in_english_by_default,
    the_clinic_page_renders_services_branches_and_team,
    arabic_visitors_get_right_to_left_pages,
    an_unknown_clinic_is_a_localised_404,
    the_catalogue_api_answers_json_with_proper_statuses,
    health_and_readiness_report_the_database,
);
