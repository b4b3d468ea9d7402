//! One module per page.

pub mod account;
mod appointment_parts;
pub mod appointments;
pub mod booking;
pub mod clinic;
pub mod dashboard;
pub mod home;
pub mod new_clinic;
pub mod not_found;
pub mod operator;
pub mod privacy;
