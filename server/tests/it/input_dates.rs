//! Dates, times and spans from a request: out-of-range or malformed ones answer 422
//! and never panic the server (a panic resets the connection: no status at all).

use crate::{
    accounts::{sign_up_by_phone, staff::sign_in_by_email},
    booking::{book_later, offer},
    on_both_backends,
    support::{Backend, Browser, spawn_app},
};
use proptest::{
    strategy::{Strategy, ValueTree},
    test_runner::TestRunner,
};

on_both_backends!(
    extreme_dates_times_and_spans_answer_422,
    arbitrary_text_in_date_fields_never_breaks_the_server
);

/// Days and times at the ends of what chrono can hold, and just past them.
const EXTREME_DAYS: &[&str] = &[
    "-262143-01-01",
    "+262142-12-31",
    "262143-01-01",
    "9999-12-31",
    "0001-01-01",
];
const EXTREME_TIMES: &[&str] = &[
    "-262143-01-01T00:00:00Z",
    "+262142-12-31T23:59:59Z",
    "9999-12-31T23:59:59+14:00",
    "0001-01-01T00:00:00-12:00",
];

async fn detail(b: &Browser, endpoint: &str, query: &[(&str, &str)]) -> (u16, String) {
    let (status, body) = b.fetch(endpoint, query).await;
    (
        status,
        body["detail"].as_str().unwrap_or_default().to_owned(),
    )
}

async fn extreme_dates_times_and_spans_answer_422(backend: Backend) {
    let app = spawn_app(backend).await;
    let (service, branch, provider) = offer(&app).await;
    let offer = [
        ("slug", "nakheel"),
        ("service", service.as_str()),
        ("branch", branch.as_str()),
        ("provider", provider.as_str()),
    ];
    let owner = sign_in_by_email(&app, "owner@nakheel.example").await;
    let patient = sign_up_by_phone(&app, "+966501110061", "Edge Case").await;
    let (id, _) = book_later(&app, &patient).await;
    let id = id.to_string();

    for day in EXTREME_DAYS {
        let (status, why) =
            detail(&owner, "clinic_day", &[("slug", "nakheel"), ("date", day)]).await;
        assert_eq!(status, 422, "clinic_day date={day}");
        assert!(why == "date_out_of_range" || why == "date", "{day}: {why}");
        let mut q = offer.to_vec();
        q.push(("from", day));
        assert_eq!(
            detail(&patient, "search_slots", &q).await.0,
            422,
            "from={day}"
        );
        let mut q = offer.to_vec();
        q.push(("date", day));
        assert_eq!(
            detail(&patient, "booking_page", &q).await.0,
            422,
            "date={day}"
        );
    }
    for days in ["0", "-1", "63", "2147483647", "-2147483648"] {
        let mut q = offer.to_vec();
        q.push(("days", days));
        assert_eq!(
            detail(&patient, "search_slots", &q).await,
            (422, "search_days".to_owned()),
            "days={days}"
        );
    }
    for time in EXTREME_TIMES {
        let mut q = offer.to_vec();
        q.push(("start", time));
        let (status, why) = detail(&patient, "nearest_slots", &q).await;
        assert_eq!(status, 422, "nearest start={time}");
        assert!(
            why == "date_out_of_range" || why == "slot_time",
            "{time}: {why}"
        );
        let mut form = offer.to_vec();
        form.push(("start", time));
        let res = patient.call("book_appointment", &form).await;
        assert_eq!(res.status(), 422, "book start={time}");
        let res = patient
            .call("reschedule_appointment", &[("id", &id), ("start", time)])
            .await;
        assert_eq!(res.status(), 422, "reschedule start={time}");
    }
    // Nothing was booked or moved by any of it.
    let (_, mine) = patient.fetch("my_appointments", &[]).await;
    assert_eq!(mine.as_array().map(Vec::len), Some(1));
    // The ordinary answers still work.
    let mut q = offer.to_vec();
    q.push(("days", "62"));
    assert_eq!(detail(&patient, "search_slots", &q).await.0, 200);
    let (status, _) = owner.fetch("clinic_day", &[("slug", "nakheel")]).await;
    assert_eq!(status, 200);
}

async fn arbitrary_text_in_date_fields_never_breaks_the_server(backend: Backend) {
    let app = spawn_app(backend).await;
    let (service, branch, provider) = offer(&app).await;
    let owner = sign_in_by_email(&app, "owner@nakheel.example").await;
    // Text shaped like dates and times (signed, long years, odd offsets) and any text.
    let texts = proptest::prop_oneof![
        "[+-]?[0-9]{1,7}-[0-9]{1,2}-[0-9]{1,2}",
        "[+-]?[0-9]{1,7}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})",
        "[+-]?[0-9]{1,11}",
        ".{0,24}",
    ];
    let mut runner = TestRunner::deterministic();
    for _ in 0..48 {
        let raw = texts.new_tree(&mut runner).unwrap().current();
        let answers = [
            owner
                .fetch("clinic_day", &[("slug", "nakheel"), ("date", &raw)])
                .await
                .0,
            owner
                .fetch(
                    "search_slots",
                    &[
                        ("slug", "nakheel"),
                        ("service", &service),
                        ("branch", &branch),
                        ("provider", &provider),
                        ("from", &raw),
                        ("days", &raw),
                    ],
                )
                .await
                .0,
            owner
                .fetch(
                    "nearest_slots",
                    &[
                        ("slug", "nakheel"),
                        ("service", &service),
                        ("branch", &branch),
                        ("provider", &provider),
                        ("start", &raw),
                    ],
                )
                .await
                .0,
        ];
        for status in answers {
            assert!(
                matches!(status, 200 | 400 | 422),
                "{raw:?} answered {status}"
            );
        }
    }
}
