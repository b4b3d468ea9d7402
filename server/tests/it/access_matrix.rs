//! The access-control matrix: every server function and route that takes an id, against
//! every role at the clinic and everyone outside it, on both databases. Each answer is
//! exactly the data the README's role matrix allows, or a refusal (404; 401 for
//! anonymous visitors where that is the convention; 403 for the clinic's own staff on a
//! settings change their role does not allow), and a refused call changes nothing.
//!
//! Calls that would change something when allowed are sent in a form that passes the
//! access check and then fails validation (a time in the past, a status change the
//! appointment cannot take, a file that is not a PDF), so every cell can be run against
//! the same data; where even that is impossible (removing a dependent, ending a
//! session), the allowed caller's cell is left to that feature's own tests.
//!
//! Adding an endpoint is one [`Row`] in [`rows`].

use crate::{
    accounts::{
        sign_up_by_phone,
        staff::{other_clinic_owner, sign_in_by_email},
    },
    booking::{demo_clinic, id_from},
    files::{PDF, upload},
    on_both_backends,
    support::{Backend, Browser, TestApp, spawn_app},
};
use app::{
    domain::{
        contact::{Email, PhoneNumber},
        identity::VerifiedIdentity,
        ids::{AppointmentId, ClinicId, ProviderId, UserId},
        roles::Role,
    },
    ssr::store::Store,
};
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::{collections::HashMap, fmt::Write};

const NOTE: &str = "Allergic to penicillin";
const PATIENT: &str = "Matrix Patient";
const CHILD: &str = "Matrix Child";

/// Everyone the matrix asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Who {
    Owner,
    Admin,
    Receptionist,
    /// The provider the appointments are with.
    ItsProvider,
    /// Another provider of the same clinic.
    OtherProvider,
    /// The account holder who booked for themselves.
    Patient,
    /// The account holder who booked for their child.
    Guardian,
    OtherPatient,
    OtherClinicOwner,
    Anonymous,
}

const EVERYONE: [Who; 10] = [
    Who::Owner,
    Who::Admin,
    Who::Receptionist,
    Who::ItsProvider,
    Who::OtherProvider,
    Who::Patient,
    Who::Guardian,
    Who::OtherPatient,
    Who::OtherClinicOwner,
    Who::Anonymous,
];

/// Whose visit a row is about.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Subject {
    /// The patient's own appointments (`a1`, and the cancelled `a3`).
    Patients,
    /// The guardian's child's appointment (`a2`).
    Childs,
}

/// What a caller is to an appointment, by the README's role matrix.
#[derive(Clone, Copy)]
enum Standing {
    /// Owner, admin, or the provider it is with: everything, notes and files included.
    Clinical,
    /// The receptionist: scheduling data and the patient's name, no notes or files.
    FrontDesk,
    /// The account holder who booked it.
    Holder,
    /// Anyone else signed in: it does not exist for them.
    Stranger,
    Anonymous,
}

fn standing(who: Who, subject: Subject) -> Standing {
    match who {
        Who::Owner | Who::Admin | Who::ItsProvider => Standing::Clinical,
        Who::Receptionist => Standing::FrontDesk,
        Who::Patient if subject == Subject::Patients => Standing::Holder,
        Who::Guardian if subject == Subject::Childs => Standing::Holder,
        Who::Anonymous => Standing::Anonymous,
        _ => Standing::Stranger,
    }
}

/// Checks an allowed answer's body.
type Check = fn(&World, &[u8]) -> Result<(), String>;

#[derive(Clone, Copy)]
enum Want {
    Status(u16),
    Body(u16, Check),
    /// Allowed and changing: covered by the feature's own tests, not run here.
    Skip,
}

/// The answer per standing towards one appointment:
/// `[clinical, front desk, holder, stranger, anonymous]`.
fn on(who: Who, subject: Subject, wants: [Want; 5]) -> Want {
    let [clinical, front_desk, holder, stranger, anonymous] = wants;
    match standing(who, subject) {
        Standing::Clinical => clinical,
        Standing::FrontDesk => front_desk,
        Standing::Holder => holder,
        Standing::Stranger => stranger,
        Standing::Anonymous => anonymous,
    }
}

/// The answer for a clinic-level call: `[owner and admin, other staff, everyone else
/// signed in, anonymous]`.
fn at_clinic(who: Who, wants: [Want; 4]) -> Want {
    let [managers, staff, outsiders, anonymous] = wants;
    match who {
        Who::Owner | Who::Admin => managers,
        Who::Receptionist | Who::ItsProvider | Who::OtherProvider => staff,
        Who::Anonymous => anonymous,
        _ => outsiders,
    }
}

/// The answer for a call open to anyone signed in (the operators' calls answer 404 to
/// everyone here, since the matrix's deployment names no operator).
fn signed_in(who: Who, want: Want) -> Want {
    if who == Who::Anonymous { S401 } else { want }
}

/// A registration form complete but for the clinic's names: refused, nothing written.
fn new_clinic_without_name() -> Vec<(&'static str, String)> {
    [
        ("name_en", ""),
        ("name_ar", ""),
        ("slug", "matrix-clinic"),
        ("currency", "SAR"),
        ("english", "on"),
        ("branch_name_en", "Main"),
        ("branch_name_ar", "الرئيسي"),
        ("city_en", "Riyadh"),
        ("city_ar", "الرياض"),
        ("address_en", "1 King Fahd Road"),
        ("address_ar", "١ طريق الملك فهد"),
        ("phone", "+966112345678"),
        ("time_zone", "Asia/Riyadh"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_owned()))
    .collect()
}

/// The answer for a call on one person's own account data: theirs, or nobody's.
fn own(who: Who, owner: Who, theirs: Want) -> Want {
    match who {
        w if w == owner => theirs,
        Who::Anonymous => Want::Status(401),
        _ => Want::Status(404),
    }
}

const S401: Want = Want::Status(401);
const S403: Want = Want::Status(403);
const S404: Want = Want::Status(404);
const S422: Want = Want::Status(422);

/// What a row sends.
enum Req {
    /// A GET server function with its query.
    Get(&'static str, Vec<(&'static str, String)>),
    /// A POST server function with its form.
    Post(&'static str, Vec<(&'static str, String)>),
    /// A plain GET route.
    Route(String),
    /// A multipart upload of these bytes to a route.
    Upload(AppointmentId, &'static [u8]),
}

struct Row {
    name: &'static str,
    request: fn(&World) -> Req,
    want: fn(Who) -> Want,
}

/// The data the matrix runs against: two appointments with the same provider (one the
/// patient's own with a note and a file, one the guardian's child's), a cancelled one of
/// the patient's, and everyone's browsers.
struct World {
    app: TestApp,
    browsers: HashMap<Who, Browser>,
    clinic: ClinicId,
    patient: UserId,
    guardian: UserId,
    a1: AppointmentId,
    a2: AppointmentId,
    a3: AppointmentId,
    a1_date: String,
    file: String,
    dependent: String,
    session: String,
    method: String,
}

fn id(a: AppointmentId) -> String {
    a.to_string()
}

// One row per line: the matrix reads as a table.
#[rustfmt::skip]
fn rows() -> Vec<Row> {
    use Subject::{Childs, Patients};
    use Want::{Body, Skip, Status};
    vec![
        Row { name: "get_appointment (own visit)", request: |w| Req::Get("get_appointment", vec![("id", id(w.a1))]), want: |who| on(who, Patients, [Body(200, full_details), Body(200, front_desk_details), Body(200, full_details), S404, S401]) },
        Row { name: "get_appointment (child's visit)", request: |w| Req::Get("get_appointment", vec![("id", id(w.a2))]), want: |who| on(who, Childs, [Body(200, childs_details), Body(200, childs_details), Body(200, childs_details), S404, S401]) },
        Row { name: "calendar.ics (own visit)", request: |w| Req::Route(format!("/appointments/{}/calendar.ics", w.a1)), want: |who| on(who, Patients, [Body(200, ics_a1), Body(200, ics_a1), Body(200, ics_a1), S404, S404]) },
        Row { name: "calendar.ics (child's visit)", request: |w| Req::Route(format!("/appointments/{}/calendar.ics", w.a2)), want: |who| on(who, Childs, [Status(200), Status(200), Status(200), S404, S404]) },
        Row { name: "booking_page (moving a visit)", request: |w| Req::Get("booking_page", vec![("slug", "nakheel".into()), ("reschedule", id(w.a1))]), want: |who| on(who, Patients, [Status(200), Status(200), Status(200), S404, S401]) },
        Row { name: "reschedule_appointment (to a past time)", request: |w| Req::Post("reschedule_appointment", vec![("id", id(w.a1)), ("start", "2020-01-05T08:00:00Z".into())]), want: |who| on(who, Patients, [S422, S422, S422, S404, S401]) },
        Row { name: "cancel_appointment (already cancelled)", request: |w| Req::Post("cancel_appointment", vec![("id", id(w.a3))]), want: |who| on(who, Patients, [S422, S422, S422, S404, S401]) },
        Row { name: "update_appointment (own visit, not checked in)", request: |w| Req::Post("update_appointment", vec![("id", id(w.a1)), ("action", "complete".into())]), want: |who| on(who, Patients, [S422, S422, S422, S404, S401]) },
        Row { name: "update_appointment (child's visit, not checked in)", request: |w| Req::Post("update_appointment", vec![("id", id(w.a2)), ("action", "complete".into())]), want: |who| on(who, Childs, [S422, S422, S422, S404, S401]) },
        Row { name: "upload a file (not a PDF)", request: |w| Req::Upload(w.a1, b"<html>not a document</html>"), want: |who| on(who, Patients, [S403, S403, S422, S404, S401]) },
        Row { name: "download a file", request: |w| Req::Route(format!("/files/{}", w.file)), want: |who| on(who, Patients, [Body(200, the_pdf), S404, Body(200, the_pdf), S404, S404]) },
        Row { name: "save_dependent (unchanged)", request: |w| Req::Post("save_dependent", vec![("id", w.dependent.clone()), ("full_name", CHILD.into()), ("date_of_birth", "2019-03-02".into())]), want: |who| own(who, Who::Guardian, Status(200)) },
        Row { name: "remove_dependent", request: |w| Req::Post("remove_dependent", vec![("id", w.dependent.clone())]), want: |who| own(who, Who::Guardian, Skip) },
        Row { name: "end_session", request: |w| Req::Post("end_session", vec![("id", w.session.clone())]), want: |who| own(who, Who::Patient, Skip) },
        Row { name: "disconnect_sign_in_method", request: |w| Req::Post("disconnect_sign_in_method", vec![("id", w.method.clone())]), want: |who| own(who, Who::Patient, Skip) },
        Row { name: "get_clinic_settings", request: |_| Req::Get("get_clinic_settings", vec![("slug", "nakheel".into())]), want: |who| at_clinic(who, [Status(200), Status(200), S404, S401]) },
        Row { name: "update_booking_policy (out of range)", request: |_| Req::Post("update_booking_policy", vec![("slug", "nakheel".into()), ("min_notice_min", "60".into()), ("horizon_days", "0".into()), ("slot_step_min", "15".into()), ("cancel_cutoff_min", "60".into()), ("reminder_offsets", "120".into())]), want: |who| at_clinic(who, [S422, S403, S404, S401]) },
        Row { name: "update_clinic_channels (all off)", request: |_| Req::Post("update_clinic_channels", vec![("slug", "nakheel".into())]), want: |who| at_clinic(who, [S422, S403, S404, S401]) },
        Row { name: "clinic_day", request: |w| Req::Get("clinic_day", vec![("slug", "nakheel".into()), ("date", w.a1_date.clone())]), want: |who| match who { Who::OtherProvider => Body(200, day_without_a1), _ => at_clinic(who, [Body(200, day_with_a1), Body(200, day_with_a1), S404, S401]) } },
        Row { name: "clinic_checklist", request: |_| Req::Get("clinic_checklist", vec![("slug", "nakheel".into())]), want: |who| at_clinic(who, [Status(200), Status(200), S404, S401]) },
        Row { name: "publish_clinic (already published)", request: |_| Req::Post("publish_clinic", vec![("slug", "nakheel".into())]), want: |who| at_clinic(who, [Status(200), S403, S404, S401]) },
        Row { name: "unpublish_clinic", request: |_| Req::Post("unpublish_clinic", vec![("slug", "nakheel".into())]), want: |who| at_clinic(who, [Skip, S403, S404, S401]) },
        Row { name: "new_clinic_info", request: |_| Req::Get("new_clinic_info", vec![]), want: |_| Status(200) },
        Row { name: "check_clinic_slug", request: |_| Req::Get("check_clinic_slug", vec![("slug", "nakheel".into())]), want: |who| signed_in(who, Status(200)) },
        Row { name: "create_clinic (no name)", request: |_| Req::Post("create_clinic", new_clinic_without_name()), want: |who| signed_in(who, S422) },
        Row { name: "pending_clinics (no operator here)", request: |_| Req::Get("pending_clinics", vec![]), want: |who| signed_in(who, S404) },
        Row { name: "approve_clinic (no operator here)", request: |_| Req::Post("approve_clinic", vec![("slug", "nakheel".into())]), want: |who| signed_in(who, S404) },
    ]
}

fn json(body: &[u8]) -> Result<Value, String> {
    serde_json::from_slice(body).map_err(|e| format!("not JSON: {e}"))
}

fn expect(ok: bool, what: &str, body: &Value) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(format!("{what}: {body}"))
    }
}

/// What everyone who may see the patient's visit gets: the name and the messages sent.
fn scheduling_side(d: &Value) -> Result<(), String> {
    expect(
        d["summary"]["patient_name"] == PATIENT,
        "the patient's name",
        d,
    )?;
    expect(
        d["messages"].as_array().is_some_and(|m| !m.is_empty()),
        "the messages sent about it",
        d,
    )
}

fn full_details(w: &World, body: &[u8]) -> Result<(), String> {
    let d = json(body)?;
    scheduling_side(&d)?;
    expect(d["note"] == NOTE, "the clinical note", &d)?;
    expect(d["clinical"] == true, "marked clinical", &d)?;
    expect(
        d["files"].as_array().map(Vec::len) == Some(1) && d["files"][0]["id"] == w.file.as_str(),
        "the file",
        &d,
    )
}

fn front_desk_details(w: &World, body: &[u8]) -> Result<(), String> {
    let d = json(body)?;
    scheduling_side(&d)?;
    expect(d["note"].is_null(), "no note", &d)?;
    expect(d["clinical"] == false, "marked not clinical", &d)?;
    expect(d["files"] == serde_json::json!([]), "no files", &d)?;
    let text = String::from_utf8_lossy(body);
    expect(
        !text.contains("penicillin") && !text.contains(&w.file),
        "nothing clinical anywhere",
        &d,
    )
}

fn childs_details(_: &World, body: &[u8]) -> Result<(), String> {
    let d = json(body)?;
    expect(
        d["summary"]["patient_name"] == CHILD,
        "the child's name",
        &d,
    )?;
    expect(d["summary"]["for_dependent"] == true, "for a dependent", &d)
}

fn ics_a1(w: &World, body: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(body);
    if text.starts_with("BEGIN:VCALENDAR") && text.contains(&format!("UID:{}@calentify", w.a1)) {
        Ok(())
    } else {
        Err(format!("not the visit's calendar file: {text}"))
    }
}

fn the_pdf(_: &World, body: &[u8]) -> Result<(), String> {
    if body == PDF {
        Ok(())
    } else {
        Err("not the uploaded file".to_owned())
    }
}

fn day_ids(body: &[u8]) -> Result<Vec<String>, String> {
    let d = json(body)?;
    let list = d[1].as_array().ok_or_else(|| format!("not a day: {d}"))?;
    Ok(list
        .iter()
        .filter_map(|a| a["id"].as_str().map(str::to_owned))
        .collect())
}

fn day_with_a1(w: &World, body: &[u8]) -> Result<(), String> {
    let ids = day_ids(body)?;
    if ids.contains(&id(w.a1)) {
        Ok(())
    } else {
        Err(format!("the day misses the visit: {ids:?}"))
    }
}

fn day_without_a1(w: &World, body: &[u8]) -> Result<(), String> {
    let ids = day_ids(body)?;
    if ids.contains(&id(w.a1)) || ids.contains(&id(w.a2)) {
        Err(format!("another provider's column shows: {ids:?}"))
    } else {
        Ok(())
    }
}

async fn send(b: &Browser, req: &Req) -> (u16, Vec<u8>) {
    let res = match req {
        Req::Get(endpoint, query) => b
            .client
            .get(b.at(&format!("/api/{endpoint}")))
            .query(query)
            .send()
            .await
            .unwrap(),
        Req::Post(endpoint, form) => {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            b.call(endpoint, &form).await
        }
        Req::Route(path) => b.get(path).await,
        Req::Upload(appointment, bytes) => upload(b, *appointment, bytes, "x.pdf").await,
    };
    let status = res.status().as_u16();
    (status, res.bytes().await.unwrap_or_default().to_vec())
}

/// Everything a call in the matrix could change, read straight from the database.
async fn snapshot(w: &World) -> String {
    let s: &Store = &w.app.store;
    let mut out = String::new();
    for a in [w.a1, w.a2, w.a3] {
        let r = s.appointment(a).await.unwrap();
        let messages: Vec<(String, String)> = s
            .messages_for_appointment(a)
            .await
            .unwrap()
            .into_iter()
            .map(|m| (m.kind.to_string(), m.status.to_string()))
            .collect();
        let events = s.appointment_events(a).await.unwrap().len();
        writeln!(
            out,
            "{a}: {} {} {} {:?} events={events} messages={messages:?}",
            r.status, r.starts_at, r.provider_id, r.note_ciphertext
        )
        .unwrap();
    }
    writeln!(out, "files={}", s.files_of(w.a1).await.unwrap().len()).unwrap();
    writeln!(
        out,
        "dependents={:?}",
        s.dependents_of(w.guardian).await.unwrap()
    )
    .unwrap();
    let sessions = s.sessions_of(w.patient, Utc::now()).await.unwrap().len();
    let methods = s.identities(w.patient).await.unwrap().len();
    writeln!(out, "sessions={sessions} methods={methods}").unwrap();
    writeln!(
        out,
        "policy={:?} offsets={:?} channels={:?}",
        s.clinic_policy(w.clinic).await.unwrap(),
        s.reminder_offsets(w.clinic).await.unwrap(),
        s.clinic_channels(w.clinic).await.unwrap()
    )
    .unwrap();
    out
}

/// Entries in the patients' access logs; a refused call adds none.
async fn logged(w: &World) -> usize {
    let s = &w.app.store;
    s.access_to(w.patient, 10_000).await.unwrap().len()
        + s.access_to(w.guardian, 10_000).await.unwrap().len()
}

async fn user_by_phone(app: &TestApp, phone: &str) -> UserId {
    app.store
        .identity_owner(
            &VerifiedIdentity::phone(PhoneNumber::parse(phone, None).unwrap()),
            Utc::now(),
        )
        .await
        .unwrap()
        .unwrap()
}

/// The provider record of a demo staff member.
pub(crate) async fn provider_of(app: &TestApp, email: &str) -> ProviderId {
    let user = app
        .store
        .user_with_contact_of(&VerifiedIdentity::email(Email::parse(email).unwrap()))
        .await
        .unwrap()
        .unwrap();
    app.store
        .memberships(user)
        .await
        .unwrap()
        .into_iter()
        .find_map(|m| m.provider_id)
        .unwrap()
}

/// Books the first free time of `provider` after `after` (a service and branch they
/// offer), through the booking server function; returns the appointment and its start.
pub(crate) async fn book_with(
    app: &TestApp,
    patient: &Browser,
    provider: ProviderId,
    after: DateTime<Utc>,
    extra: &[(&str, &str)],
) -> (AppointmentId, DateTime<Utc>) {
    let catalog = app
        .store
        .clinic_catalog(demo_clinic(app).await)
        .await
        .unwrap();
    let p = catalog.providers.iter().find(|p| p.id == provider).unwrap();
    let (service, branch, provider) = (
        p.service_ids[0].to_string(),
        p.branch_ids[0].to_string(),
        p.id.to_string(),
    );
    let (status, slots) = patient
        .fetch(
            "search_slots",
            &[
                ("slug", "nakheel"),
                ("service", &service),
                ("branch", &branch),
                ("provider", &provider),
                ("days", "21"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{slots}");
    let start = slots
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["start"].as_str())
        .find(|s| DateTime::parse_from_rfc3339(s).unwrap() > after)
        .expect("a free time")
        .to_owned();
    let mut form = vec![
        ("slug", "nakheel"),
        ("service", service.as_str()),
        ("branch", branch.as_str()),
        ("provider", provider.as_str()),
        ("start", start.as_str()),
    ];
    form.extend_from_slice(extra);
    let res = patient.call("book_appointment", &form).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let id = id_from(&res).parse().unwrap();
    let start = DateTime::parse_from_rfc3339(&start)
        .unwrap()
        .with_timezone(&Utc);
    (id, start)
}

async fn world(backend: Backend) -> World {
    let app = spawn_app(backend).await;
    let clinic = demo_clinic(&app).await;
    let mut browsers = HashMap::new();
    browsers.insert(
        Who::Owner,
        sign_in_by_email(&app, "owner@nakheel.example").await,
    );
    browsers.insert(
        Who::Receptionist,
        sign_in_by_email(&app, "reception@nakheel.example").await,
    );
    browsers.insert(
        Who::ItsProvider,
        sign_in_by_email(&app, "sara@nakheel.example").await,
    );
    browsers.insert(
        Who::OtherProvider,
        sign_in_by_email(&app, "khalid@nakheel.example").await,
    );
    // The demo clinic has no admin: one joins for the matrix.
    browsers.insert(
        Who::Admin,
        sign_up_by_phone(&app, "+966501119001", "Matrix Admin").await,
    );
    let admin = user_by_phone(&app, "+966501119001").await;
    app.store
        .add_member(clinic, admin, Role::Admin, None, Utc::now())
        .await
        .unwrap();
    browsers.insert(
        Who::Patient,
        sign_up_by_phone(&app, "+966501119002", PATIENT).await,
    );
    browsers.insert(
        Who::Guardian,
        sign_up_by_phone(&app, "+966501119003", "Matrix Guardian").await,
    );
    browsers.insert(
        Who::OtherPatient,
        sign_up_by_phone(&app, "+966501119004", "Matrix Stranger").await,
    );
    browsers.insert(Who::OtherClinicOwner, other_clinic_owner(&app).await);
    browsers.insert(Who::Anonymous, app.browser());
    let patient = user_by_phone(&app, "+966501119002").await;
    let guardian = user_by_phone(&app, "+966501119003").await;

    let sara = provider_of(&app, "sara@nakheel.example").await;
    let after = Utc::now() + chrono::Duration::days(3);
    let (a1, a1_start) = book_with(
        &app,
        &browsers[&Who::Patient],
        sara,
        after,
        &[("note", NOTE)],
    )
    .await;
    let res = upload(&browsers[&Who::Patient], a1, PDF, "lab.pdf").await;
    assert_eq!(res.status(), 201);
    let file = res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let g = &browsers[&Who::Guardian];
    let res = g
        .call(
            "save_dependent",
            &[("full_name", CHILD), ("date_of_birth", "2019-03-02")],
        )
        .await;
    assert_eq!(res.status(), 200);
    let (_, deps) = g.fetch("list_dependents", &[]).await;
    let dependent = deps[0]["id"].as_str().unwrap().to_owned();
    let (a2, _) = book_with(&app, g, sara, after, &[("patient", &dependent)]).await;

    let p = &browsers[&Who::Patient];
    let (a3, _) = book_with(&app, p, sara, a1_start + chrono::Duration::days(1), &[]).await;
    assert_eq!(
        p.call("cancel_appointment", &[("id", &id(a3))])
            .await
            .status(),
        200
    );
    let (_, sessions) = p.fetch("list_sessions", &[]).await;
    let session = sessions[0]["id"].as_str().unwrap().to_owned();
    let (_, methods) = p.fetch("list_sign_in_methods", &[]).await;
    let method = methods[0]["id"].as_str().unwrap().to_owned();
    let (_, details) = p.fetch("get_appointment", &[("id", &id(a1))]).await;
    let a1_date = details["summary"]["local_date"]
        .as_str()
        .unwrap()
        .to_owned();
    World {
        app,
        browsers,
        clinic,
        patient,
        guardian,
        a1,
        a2,
        a3,
        a1_date,
        file,
        dependent,
        session,
        method,
    }
}

async fn every_id_taking_call_answers_each_role_by_the_matrix(backend: Backend) {
    let w = world(backend).await;
    let mut failures = Vec::new();
    for row in rows() {
        let req = (row.request)(&w);
        for who in EVERYONE {
            let want = (row.want)(who);
            let (status, check) = match want {
                Want::Skip => continue,
                Want::Status(s) => (s, None),
                Want::Body(s, check) => (s, Some(check)),
            };
            let before = snapshot(&w).await;
            let logged_before = logged(&w).await;
            let (got, body) = send(&w.browsers[&who], &req).await;
            let cell = format!("{} as {who:?}", row.name);
            if got != status {
                failures.push(format!(
                    "{cell}: {got} (wanted {status}): {}",
                    String::from_utf8_lossy(&body)
                ));
                continue;
            }
            if let Some(check) = check
                && let Err(e) = check(&w, &body)
            {
                failures.push(format!("{cell}: {e}"));
            }
            if snapshot(&w).await != before {
                failures.push(format!("{cell}: changed something"));
            }
            if got != 200 && logged(&w).await != logged_before {
                failures.push(format!("{cell}: a refused call was logged as an access"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Patients see who at the clinic looked at their record and when, never the staff
/// member's address or device.
async fn patients_see_who_looked_and_when_but_not_from_where(backend: Backend) {
    let w = world(backend).await;
    let reception = &w.browsers[&Who::Receptionist];
    let res = reception
        .client
        .get(reception.at("/api/get_appointment"))
        .query(&[("id", id(w.a1))])
        .header("user-agent", "FrontDeskTablet/1.0 (iPad)")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let (status, log) = w.browsers[&Who::Patient]
        .fetch("list_access_to_me", &[])
        .await;
    assert_eq!(status, 200, "{log}");
    let entries = log.as_array().unwrap();
    let seen = entries
        .iter()
        .find(|e| e["who"] == "Noura Al-Saud")
        .unwrap_or_else(|| panic!("the receptionist's look is listed: {log}"));
    assert_eq!(seen["role"], "receptionist");
    assert_eq!(seen["clinic"], "Nakheel Family Clinics");
    assert_eq!(seen["action"], "view_appointment");
    assert!(
        // An instant the page writes in the reader's language.
        seen["at"]
            .as_str()
            .is_some_and(|t| chrono::DateTime::parse_from_rfc3339(t).is_ok()),
        "{seen}"
    );
    for e in entries {
        let keys: Vec<&String> = e.as_object().unwrap().keys().collect();
        for field in ["ip", "user_agent", "device", "address"] {
            assert!(!e.as_object().unwrap().contains_key(field), "{keys:?}");
        }
    }
    // The recorded address is really there, just not shown.
    let stored = w.app.store.access_to(w.patient, 100).await.unwrap();
    assert!(
        stored
            .iter()
            .any(|e| e.ip == "127.0.0.1" && e.user_agent.contains("FrontDeskTablet"))
    );
    let text = log.to_string();
    for secret in ["127.0.0.1", "FrontDeskTablet", "iPad"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
}

on_both_backends!(
    every_id_taking_call_answers_each_role_by_the_matrix,
    patients_see_who_looked_and_when_but_not_from_where,
);
