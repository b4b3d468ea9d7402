//! Integration tests: the real server on a free port, real SQLite and PostgreSQL.
//!
//! Tests that touch storage run once per backend (`…::sqlite` and `…::postgres`).
//! PostgreSQL comes from `TEST_DATABASE_URL` (default: the local server); each test gets
//! a database of its own, dropped afterwards.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod access_matrix;
mod accounts;
mod appointment_lists;
mod booking;
mod booking_limits;
mod booking_races;
mod booking_store;
mod calendar_file;
mod channels;
mod clinic_setup;
mod config;
mod delivery;
mod display;
mod email;
mod files;
mod input_dates;
mod load;
mod local_keys;
mod meta;
mod oauth;
mod outbox_rows;
mod page_cache;
mod pages;
mod preferences;
mod process;
mod pwa;
mod security;
mod site_files;
mod staff_actions;
mod store;
mod twilio;
