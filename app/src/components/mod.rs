//! Building blocks shared by several pages.

pub mod category_filter;
pub mod code_channel;
pub mod error_panel;
pub mod form_error;
pub mod hydration_mark;
pub mod language_switcher;
pub mod layout;
pub mod localized;
pub mod message_log;
pub mod page_title;
pub mod visit_time;
