//! Booking: slot search, booking, changes, and the lists patients and staff see.
//!
//! Each function authorises, asks the domain (availability, lifecycle), and writes
//! through the store, where the database has the last word on overlaps. One file per
//! concern: [`setup`] loads a clinic's rules and bookings, [`slots`] answers "when is
//! free", [`book`] books, [`lifecycle`] moves, cancels and changes status, [`outbox`]
//! plans the messages those send, [`views`] builds the lists and detail page, and
//! [`calendar`] the `.ics` file.

mod book;
mod calendar;
mod lifecycle;
mod names;
mod outbox;
mod setup;
mod slots;
mod views;

pub use book::{BookInput, MAX_NOTE_CHARS, book};
pub use calendar::{calendar_file, calendar_from_payload, ics};
pub use lifecycle::{act, apply_action, cancel_all_as_patient, reschedule};
pub use outbox::REMINDER;
pub use slots::{PageQuery, STRIP_DAYS, nearest, page, search};
pub use views::{clinic_day, details, mine, upcoming_for_dependent};

use crate::{
    domain::availability::SlotProblem,
    error::{AppError, Conflict, Invalid},
    ssr::store::BookingConflict,
};

/// Any id in a booking form; one that does not parse is a choice we never offered.
fn parse_id<T: std::str::FromStr>(raw: &str) -> Result<T, AppError> {
    raw.parse()
        .map_err(|_| AppError::Invalid(Invalid::BookingChoice))
}

fn slot_problem(p: SlotProblem) -> AppError {
    match p {
        SlotProblem::Taken => AppError::Conflict(Conflict::SlotTaken),
        SlotProblem::TooSoon | SlotProblem::TooFar | SlotProblem::OutsideHours => {
            AppError::Invalid(Invalid::SlotTime)
        }
    }
}

fn booking_conflict(e: BookingConflict) -> AppError {
    match e {
        BookingConflict::SlotTaken => AppError::Conflict(Conflict::SlotTaken),
        BookingConflict::PatientBusy => AppError::Conflict(Conflict::PatientBusy),
        BookingConflict::TooManyUpcoming => AppError::Conflict(Conflict::TooManyUpcoming),
        // Cancelled (or checked in) by someone else while the move was on its way.
        BookingConflict::NotMovable => AppError::Invalid(Invalid::AppointmentChange),
        BookingConflict::Store(e) => e.into(),
    }
}
