//! The clinic dashboard.

pub mod day;
pub mod display;
pub mod settings;
