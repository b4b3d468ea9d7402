//! Server-only code: application state, the store and the services behind the
//! server functions. Compiled only with the `ssr` feature, so the browser bundle never
//! carries database drivers or secrets.

pub mod auth;
pub mod caller;
pub mod client_errors;
pub mod clock;
pub mod config;
pub mod context;
pub mod cookies;
pub mod crypto;
pub mod demo;
pub mod pictures;
pub mod security_header;
pub mod services;
pub mod state;
pub mod store;
pub mod vault;
