//! Calentify's application crate: everything shared by the server and the browser.
//!
//! `domain` holds the pure rules, `views` the data the browser receives, `api` the server
//! functions, `pages` and `components` the interface, `i18n` the texts. Server-only code lives in `ssr`, compiled only with
//! the `ssr` feature.

// Deeply nested views produce deeply nested types; type-erased (`into_any`) component
// boundaries keep them in check, and this leaves headroom for the rest.
#![recursion_limit = "256"]

pub mod api;
mod app;
pub mod components;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod views;

pub use app::{App, shell};
