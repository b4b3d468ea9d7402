//! "My appointments" arrives split into upcoming and past by the server's clock, so the
//! page never reads a clock of its own (and server and browser cannot disagree).

use crate::{
    accounts::sign_up_by_phone,
    booking::book_later,
    on_both_backends,
    support::{Backend, spawn_app_with_clock},
};

on_both_backends!(the_server_splits_upcoming_from_past_by_its_clock);

async fn the_server_splits_upcoming_from_past_by_its_clock(backend: Backend) {
    let app = spawn_app_with_clock(backend, &[]).await;
    let patient = sign_up_by_phone(&app, "+966501110091", "Lists Patient").await;
    let (id, start) = book_later(&app, &patient).await;
    let (status, lists) = patient.fetch("my_appointment_lists", &[]).await;
    assert_eq!(status, 200, "{lists}");
    assert_eq!(lists["upcoming"][0]["id"], id.to_string(), "{lists}");
    assert_eq!(lists["past"].as_array().map(Vec::len), Some(0), "{lists}");

    // Once the visit is over by the server's clock, it is past.
    app.clock.set(start + chrono::Duration::hours(3));
    let (status, lists) = patient.fetch("my_appointment_lists", &[]).await;
    assert_eq!(status, 200, "{lists}");
    assert_eq!(
        lists["upcoming"].as_array().map(Vec::len),
        Some(0),
        "{lists}"
    );
    assert_eq!(lists["past"][0]["id"], id.to_string(), "{lists}");
}
