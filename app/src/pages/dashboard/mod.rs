//! The clinic dashboard.

pub mod day;
pub mod settings;
