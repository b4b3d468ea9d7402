//! Both databases are first-class: every schema change is written for each, under the
//! same version, so a deployment moving from SQLite to PostgreSQL (or a test run on
//! both) never meets a schema the other lacks.

use std::{collections::BTreeSet, fs, path::Path};

fn versions(kind: &str) -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../migrations")
        .join(kind);
    let entries = fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    entries
        .map(|e| e.unwrap_or_else(|e| panic!("{}: {e}", dir.display())))
        .map(|e| e.file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".sql"))
        .collect()
}

#[test]
fn sqlite_and_postgres_hold_the_same_migrations() {
    let (sqlite, postgres) = (versions("sqlite"), versions("postgres"));
    assert!(!sqlite.is_empty(), "no SQLite migrations found");
    let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
    let only_postgres: Vec<_> = postgres.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "migrations only for SQLite: {only_sqlite:?}; only for PostgreSQL: {only_postgres:?}"
    );
}

#[test]
fn every_migration_is_named_by_a_version_and_a_description() {
    for name in versions("sqlite") {
        let (version, rest) = name.split_once('_').unwrap_or((&name, ""));
        assert!(
            version.len() == 14 && version.bytes().all(|b| b.is_ascii_digit()),
            "{name}: a migration starts with its 14-digit version"
        );
        assert!(
            rest.len() > ".sql".len(),
            "{name}: a migration says what it does"
        );
    }
}
