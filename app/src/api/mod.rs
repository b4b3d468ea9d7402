//! Server functions: the browser's (and API clients') way into the server.
//!
//! Each one gets its context, authorises, calls a service or the store, and maps the
//! error. Endpoints are explicit (`/api/<name>`) because tests and integrations call them.

pub mod auth;
pub mod booking;
pub mod catalog;
pub mod clinic_admin;
pub mod clinic_setup;
pub mod dependents;
pub mod display;
pub mod messages;
pub mod preferences;
pub mod profile;
pub mod security;
