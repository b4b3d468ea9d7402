//! Where the data lives: the database URL and the size of its connection pool.

use super::{
    ConfigError,
    reader::{Vars, invalid},
};
use secrecy::SecretString;

pub(super) struct Database {
    pub url: SecretString,
    pub max_connections: u32,
}

pub(super) fn read(vars: &Vars) -> Result<Database, ConfigError> {
    let url = vars
        .get("DATABASE_URL")
        .unwrap_or("sqlite://data/calentify.db");
    if !(url.starts_with("sqlite:")
        || url.starts_with("postgres://")
        || url.starts_with("postgresql://"))
    {
        // The URL may hold a password: name the scheme only.
        let scheme = url.split(':').next().unwrap_or_default();
        return Err(invalid(
            "DATABASE_URL",
            format!("expected sqlite://… or postgres://…, got a `{scheme}` URL"),
        ));
    }
    let max_connections = vars.number("CALENTIFY_DB_MAX_CONNECTIONS", 10, 1..=1000)?;
    Ok(Database {
        url: SecretString::from(url.to_owned()),
        max_connections,
    })
}
