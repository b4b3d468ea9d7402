//! Logging. Request spans carry an id, the method and the path: never query strings,
//! bodies or headers, which can hold personal data or secrets.

use crate::config::{LogFormat, Settings};
use tracing_subscriber::{EnvFilter, fmt, prelude::*};

pub fn init(settings: &Settings) {
    let filter =
        EnvFilter::try_new(&settings.log_filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let registry = tracing_subscriber::registry().with(filter);
    let _ = match settings.log_format {
        LogFormat::Text => registry.with(fmt::layer().with_target(false)).try_init(),
        LogFormat::Json => registry
            .with(fmt::layer().json().flatten_event(true))
            .try_init(),
    };
}
