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
    domain::{
        attachments::attachable_from,
        booking::{ActorKind, AppointmentStatus},
        catalog::Slug,
        contact::PhoneNumber,
        history::Change,
        identity::VerifiedIdentity,
        ids::AppointmentId,
    },
    ssr::store::{AppointmentEvent, NewAppointment},
};
use chrono::{Duration, Utc};

pub(crate) const PDF: &[u8] =
    b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF";

/// Books an appointment for the person with `phone` straight in the store, three days
/// ahead.
async fn appointment_for(app: &TestApp, phone: &str) -> AppointmentId {
    let start = (Utc::now() + Duration::days(3))
        .date_naive()
        .and_hms_opt(7, 0, 0)
        .unwrap()
        .and_utc();
    appointment_at(app, phone, |_| start).await
}

/// Books an appointment for the person with `phone` straight in the store, at the time
/// `start` picks given the branch's time zone.
async fn appointment_at(
    app: &TestApp,
    phone: &str,
    start: impl FnOnce(app::domain::timezone::TimeZone) -> chrono::DateTime<Utc>,
) -> AppointmentId {
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
    let tz = catalog
        .branches
        .iter()
        .find(|b| b.id == p.branch_ids[0])
        .unwrap()
        .time_zone;
    let start = start(tz);
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
        actor_kind: ActorKind::Patient,
        action: Change::Booked,
        from_status: None,
        to_status: Some(AppointmentStatus::Booked),
        old_starts_at: None,
        new_starts_at: None,
        reason: None,
    };
    app.store.book(&a, &event, &[], Utc::now()).await.unwrap()
}

pub(crate) async fn upload(
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

async fn patients_attach_files_that_clinical_staff_of_that_clinic_can_read(backend: Backend) {
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

    let owner = sign_in_by_email(&app, "owner@nakheel.example").await;
    assert_eq!(owner.get(&format!("/files/{id}")).await.status(), 200);
    // The front desk schedules; it never reads clinical files.
    let reception = sign_in_by_email(&app, "reception@nakheel.example").await;
    assert_eq!(reception.get(&format!("/files/{id}")).await.status(), 404);
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

async fn files_go_only_with_upcoming_or_todays_visits_that_were_not_cancelled(backend: Backend) {
    let app = spawn_app(backend).await;
    let sara = sign_up_by_phone(&app, "+966501234567", "Sara").await;
    // Today's visit, even one that started hours ago, takes files.
    let today = appointment_at(&app, "+966501234567", |tz| {
        attachable_from(tz.tz(), Utc::now()) + Duration::minutes(1)
    })
    .await;
    assert_eq!(upload(&sara, today, PDF, "a.pdf").await.status(), 201);
    // Yesterday's does not.
    let past = appointment_at(&app, "+966501234567", |tz| {
        attachable_from(tz.tz(), Utc::now()) - Duration::hours(3)
    })
    .await;
    let res = upload(&sara, past, PDF, "b.pdf").await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["detail"],
        "files_closed"
    );
    // Nor does a cancelled one.
    let later = appointment_for(&app, "+966501234567").await;
    let cancel = sara
        .call("cancel_appointment", &[("id", &later.to_string())])
        .await;
    assert_eq!(cancel.status(), 200);
    let res = upload(&sara, later, PDF, "c.pdf").await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["detail"],
        "files_closed"
    );
    assert_eq!(app.store.files_of(today).await.unwrap().len(), 1);
    assert!(app.store.files_of(past).await.unwrap().is_empty());
    assert!(app.store.files_of(later).await.unwrap().is_empty());
}

/// The session cookie of the person with `phone` (already signed up), for raw requests.
async fn session_cookie_of(app: &TestApp, phone: &str) -> String {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let post = |endpoint: &str, form: Vec<(&str, String)>| {
        client
            .post(app.at(&format!("/api/{endpoint}")))
            .header("sec-fetch-site", "same-origin")
            .form(&form)
            .send()
    };
    let res = post(
        "request_code",
        vec![
            ("destination", phone.to_owned()),
            ("channel", "sms".to_owned()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 200);
    let code = crate::accounts::latest_code(app, phone).await;
    let res = post(
        "verify_code",
        vec![("code", code), ("destination", phone.to_owned())],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 200);
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_owned))
        .filter(|c| !c.ends_with('='))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Sends the head of a 9 MB upload and a few bytes of it, then stalls; returns the first
/// line of the answer, or `None` when none came within five seconds.
async fn answer_to_a_stalled_upload(
    app: &TestApp,
    cookie: &str,
    appointment: AppointmentId,
) -> Option<String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = app.url.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&host).await.unwrap();
    let head = format!(
        "POST /appointments/{appointment}/files HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\n\
         Sec-Fetch-Site: same-origin\r\nContent-Type: multipart/form-data; boundary=XYZ\r\n\
         Content-Length: 9000000\r\n\r\n--XYZ\r\nContent-Disposition: form-data; name=\"file\"; \
         filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut buf = vec![0u8; 256];
    let read = tokio::time::timeout(std::time::Duration::from_secs(5), stream.read(&mut buf)).await;
    match read {
        Ok(Ok(n)) if n > 0 => String::from_utf8_lossy(&buf[..n])
            .lines()
            .next()
            .map(str::to_owned),
        _ => None,
    }
}

async fn a_strangers_upload_is_refused_before_its_body_is_read(backend: Backend) {
    let app = spawn_app(backend).await;
    sign_up_by_phone(&app, "+966501234567", "Sara").await;
    let appointment = appointment_for(&app, "+966501234567").await;
    sign_up_by_phone(&app, "+966501234568", "Omar").await;
    let omar = session_cookie_of(&app, "+966501234568").await;
    let answer = answer_to_a_stalled_upload(&app, &omar, appointment).await;
    assert_eq!(
        answer.as_deref(),
        Some("HTTP/1.1 404 Not Found"),
        "answered at once, without waiting for the body"
    );
    // The same for the patient's own appointment once it is cancelled: refused up front.
    let sara = session_cookie_of(&app, "+966501234567").await;
    let b = app.browser();
    let cancelled = appointment_for_cancelled(&app, &b, &sara).await;
    let answer = answer_to_a_stalled_upload(&app, &sara, cancelled).await;
    assert_eq!(answer.as_deref(), Some("HTTP/1.1 422 Unprocessable Entity"));
    assert!(app.store.files_of(appointment).await.unwrap().is_empty());
}

/// A second appointment of the patient behind `cookie`, cancelled by them.
async fn appointment_for_cancelled(app: &TestApp, b: &Browser, cookie: &str) -> AppointmentId {
    let start = (Utc::now() + Duration::days(4))
        .date_naive()
        .and_hms_opt(7, 0, 0)
        .unwrap()
        .and_utc();
    let id = appointment_at(app, "+966501234567", |_| start).await;
    let res = b
        .client
        .post(b.at("/api/cancel_appointment"))
        .header("sec-fetch-site", "same-origin")
        .header("cookie", cookie)
        .form(&[("id", id.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    id
}

async fn concurrent_uploads_never_pass_the_limit(backend: Backend) {
    let app = spawn_app(backend).await;
    let sara = sign_up_by_phone(&app, "+966501234567", "Sara").await;
    let appointment = appointment_for(&app, "+966501234567").await;
    let answers = futures::future::join_all((0..10).map(|i| {
        upload(
            &sara,
            appointment,
            PDF,
            if i % 2 == 0 { "a.pdf" } else { "b.pdf" },
        )
    }))
    .await;
    let created = answers.iter().filter(|r| r.status() == 201).count();
    let refused = answers.iter().filter(|r| r.status() == 422).count();
    assert_eq!((created, refused), (5, 5));
    assert_eq!(app.store.files_of(appointment).await.unwrap().len(), 5);
}

on_both_backends!(
    files_go_only_with_upcoming_or_todays_visits_that_were_not_cancelled,
    a_strangers_upload_is_refused_before_its_body_is_read,
    concurrent_uploads_never_pass_the_limit,
    patients_attach_files_that_clinical_staff_of_that_clinic_can_read,
    strangers_get_nothing,
    wrong_types_large_files_and_too_many_files_are_refused,
);
