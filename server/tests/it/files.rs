//! Files attached to appointments: type by content, size and count limits, encryption
//! at rest, and need-to-know downloads.

use crate::{
    accounts::{
        sign_up_by_phone,
        staff::{other_clinic_owner, sign_in_by_email},
    },
    on_both_backends,
    support::{Backend, Browser, TestApp, spawn_app},
};
use app::{
    domain::{catalog::Slug, contact::PhoneNumber, identity::VerifiedIdentity, ids::AppointmentId},
    ssr::store::{AppointmentEvent, NewAppointment},
};
use chrono::{Duration, Utc};

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF";

/// Books an appointment for the person with `phone` straight in the store.
async fn appointment_for(app: &TestApp, phone: &str) -> AppointmentId {
    let user = app
        .store
        .identity_owner(
            &VerifiedIdentity::phone(PhoneNumber::parse(phone, None).unwrap()),
            Utc::now(),
        )
        .await
        .unwrap()
        .unwrap();
    let clinic = app
        .store
        .clinic_by_slug(&Slug::parse("nakheel").unwrap())
        .await
        .unwrap();
    let catalog = app.store.clinic_catalog(clinic.id).await.unwrap();
    let p = &catalog.providers[0];
    let start = (Utc::now() + Duration::days(3))
        .date_naive()
        .and_hms_opt(7, 0, 0)
        .unwrap()
        .and_utc();
    let a = NewAppointment {
        id: AppointmentId(uuid::Uuid::now_v7()),
        clinic_id: clinic.id,
        branch_id: p.branch_ids[0],
        provider_id: p.id,
        service_id: p.service_ids[0],
        booked_by: user,
        dependent_id: None,
        starts_at: start,
        ends_at: start + Duration::minutes(20),
        reserved_from: start,
        reserved_until: start + Duration::minutes(25),
        idempotency_key: None,
        note: None,
    };
    let event = AppointmentEvent {
        at: Utc::now(),
        actor_id: Some(user),
        actor_kind: "patient",
        action: "booked",
        from_status: None,
        to_status: Some("booked"),
        old_starts_at: None,
        new_starts_at: None,
        reason: None,
    };
    app.store.book(&a, &event, &[], Utc::now()).await.unwrap()
}

async fn upload(
    b: &Browser,
    appointment: AppointmentId,
    bytes: &[u8],
    name: &str,
) -> reqwest::Response {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_owned()),
    );
    b.client
        .post(b.at(&format!("/appointments/{appointment}/files")))
        .header("sec-fetch-site", "same-origin")
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn patients_attach_files_that_staff_of_that_clinic_can_read(backend: Backend) {
    let app = spawn_app(backend).await;
    let sara = sign_up_by_phone(&app, "+966501234567", "Sara").await;
    let appointment = appointment_for(&app, "+966501234567").await;
    let res = upload(&sara, appointment, PDF, "blood test.pdf").await;
    assert_eq!(res.status(), 201);
    let id = res.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let res = sara.get(&format!("/files/{id}")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("blood%20test.pdf")
    );
    assert_eq!(res.bytes().await.unwrap().as_ref(), PDF);

    let reception = sign_in_by_email(&app, "reception@nakheel.example").await;
    assert_eq!(reception.get(&format!("/files/{id}")).await.status(), 200);
    let user = app
        .store
        .user_with_contact_of(&VerifiedIdentity::phone(
            PhoneNumber::parse("+966501234567", None).unwrap(),
        ))
        .await
        .unwrap()
        .unwrap();
    let log = app.store.access_to(user, 10).await.unwrap();
    assert!(
        log.iter()
            .any(|e| e.action == "file.view" && e.clinic_id.is_some()),
        "staff access is logged"
    );

    // Stored encrypted: the plain bytes appear nowhere in the row.
    let row = app.store.file(id.parse().unwrap()).await.unwrap();
    assert!(!row.ciphertext.windows(8).any(|w| w == &PDF[..8]));
    assert!(!row.name_ciphertext.windows(5).any(|w| w == b"blood"));
}

async fn strangers_get_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let sara = sign_up_by_phone(&app, "+966501234567", "Sara").await;
    let appointment = appointment_for(&app, "+966501234567").await;
    let res = upload(&sara, appointment, PDF, "r.pdf").await;
    let id = res.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let omar = sign_up_by_phone(&app, "+966501234568", "Omar").await;
    assert_eq!(
        omar.get(&format!("/files/{id}")).await.status(),
        404,
        "another patient"
    );
    assert_eq!(
        upload(&omar, appointment, PDF, "x.pdf").await.status(),
        404,
        "cannot attach to someone else's"
    );
    let outsider = other_clinic_owner(&app).await;
    assert_eq!(
        outsider.get(&format!("/files/{id}")).await.status(),
        404,
        "another clinic's staff"
    );
    assert_eq!(
        app.browser().get(&format!("/files/{id}")).await.status(),
        404,
        "anonymous"
    );
    assert_eq!(sara.get("/files/not-an-id").await.status(), 404);
}

async fn wrong_types_large_files_and_too_many_files_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let sara = sign_up_by_phone(&app, "+966501234567", "Sara").await;
    let appointment = appointment_for(&app, "+966501234567").await;
    let res = upload(
        &sara,
        appointment,
        b"<html><script>alert(1)</script>",
        "report.pdf",
    )
    .await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["detail"],
        "file_type"
    );
    let mut big = PDF.to_vec();
    big.resize(11 * 1024 * 1024, b' ');
    let res = upload(&sara, appointment, &big, "big.pdf").await;
    assert_eq!(res.status(), 422);
    for i in 0..5 {
        assert_eq!(
            upload(&sara, appointment, PDF, &format!("{i}.pdf"))
                .await
                .status(),
            201
        );
    }
    let res = upload(&sara, appointment, PDF, "6.pdf").await;
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["detail"],
        "too_many_files"
    );
    assert_eq!(app.store.files_of(appointment).await.unwrap().len(), 5);
}

on_both_backends!(
    patients_attach_files_that_staff_of_that_clinic_can_read,
    strangers_get_nothing,
    wrong_types_large_files_and_too_many_files_are_refused,
);
