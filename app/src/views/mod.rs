//! What the browser receives: the data types server functions return and pages render.
//!
//! Plain data, compiled for the server and the browser alike, below both `api` (which
//! sends them) and `ssr` (whose services build them), so neither has to import the other.

pub mod account;
pub mod appointments;
pub mod booking;
pub mod catalog;
pub mod clinic_settings;
pub mod clinic_setup;
pub mod messages;
pub mod profile;
pub mod security;
