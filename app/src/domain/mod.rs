//! Pure rules of the product: no I/O, no clock reads, no framework types.
//!
//! Everything here compiles for the browser as well as the server, and is tested
//! without a database or a browser. Time is always passed in by the caller.

pub mod access_action;
pub mod attachments;
pub mod availability;
pub mod booking;
pub mod booking_policy;
pub mod catalog;
pub mod clinic_setup;
mod closed_set;
pub mod consent;
pub mod contact;
pub mod dates;
pub mod devices;
pub mod display;
pub mod history;
pub mod identity;
pub mod ids;
pub mod lang;
pub mod message_kind;
pub mod message_status;
pub mod messaging;
pub mod money;
pub mod operators;
pub mod otp;
#[cfg(test)]
mod parse_anything;
pub mod people;
pub mod privacy;
pub mod reminders;
pub mod replies;
pub mod return_to;
pub mod roles;
pub mod schedule;
pub mod text;
pub mod timezone;
pub mod upcoming;
