//! The clinic dashboard.

pub mod checklist;
pub mod day;
pub mod display;
pub mod settings;
