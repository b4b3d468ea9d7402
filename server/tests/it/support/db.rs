//! A fresh database per test.

use app::ssr::store::{Store, StoreOptions};
use sqlx::{Connection, Executor, PgConnection, SqliteConnection};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database that exists for one test. SQLite files live in a temporary directory;
/// PostgreSQL databases are created on the test server and dropped on `Drop`.
pub struct TestDb {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

pub fn admin_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

impl TestDb {
    pub async fn new(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let url = format!("sqlite://{}/test.db", dir.path().display());
                TestDb {
                    url,
                    _dir: Some(dir),
                    pg: None,
                }
            }
            Backend::Postgres => {
                let admin = admin_url();
                let name = format!("calentify_test_{}", uuid::Uuid::new_v4().simple());
                let mut conn = PgConnection::connect(&admin).await.unwrap_or_else(|e| {
                    panic!("PostgreSQL is needed for the postgres tests (TEST_DATABASE_URL): {e}")
                });
                conn.execute(format!("CREATE DATABASE {name}").as_str())
                    .await
                    .unwrap();
                conn.close().await.unwrap();
                let mut url = url::Url::parse(&admin).unwrap();
                url.set_path(&name);
                TestDb {
                    url: url.to_string(),
                    _dir: None,
                    pg: Some((admin, name)),
                }
            }
        }
    }

    /// Whether `needle` appears anywhere in the database: every text, JSON and binary
    /// column of every table, read over a connection of its own (so the write-ahead log
    /// is seen too). Any failure to read fails the test, never a silent "not found".
    pub async fn contains(&self, needle: &str) -> bool {
        if self.pg.is_some() {
            let mut conn = PgConnection::connect(&self.url).await.unwrap();
            let columns: Vec<(String, String, String)> = sqlx::query_as(
                "SELECT table_name::text, column_name::text, data_type::text \
                 FROM information_schema.columns WHERE table_schema = 'public' \
                 AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea')",
            )
            .fetch_all(&mut conn)
            .await
            .unwrap();
            assert!(!columns.is_empty(), "no columns found to search");
            for (table, column, kind) in columns {
                let test = if kind == "bytea" {
                    format!("position(convert_to($1, 'UTF8') in \"{column}\") > 0")
                } else {
                    format!("strpos(\"{column}\"::text, $1) > 0")
                };
                let hits: i64 =
                    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{table}\" WHERE {test}"))
                        .bind(needle)
                        .fetch_one(&mut conn)
                        .await
                        .unwrap();
                if hits > 0 {
                    return true;
                }
            }
            false
        } else {
            let mut conn = SqliteConnection::connect(&self.url).await.unwrap();
            let columns: Vec<(String, String)> = sqlx::query_as(
                "SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c \
                 WHERE m.type = 'table' AND upper(c.type) IN ('TEXT', 'BLOB', '')",
            )
            .fetch_all(&mut conn)
            .await
            .unwrap();
            assert!(!columns.is_empty(), "no columns found to search");
            for (table, column) in columns {
                let hits: i64 = sqlx::query_scalar(&format!(
                    "SELECT COUNT(*) FROM \"{table}\" WHERE instr(CAST(\"{column}\" AS BLOB), CAST($1 AS BLOB)) > 0"
                ))
                .bind(needle)
                .fetch_one(&mut conn)
                .await
                .unwrap();
                if hits > 0 {
                    return true;
                }
            }
            false
        }
    }

    /// A second, independent handle on the same database, for assertions.
    pub async fn store(&self) -> Store {
        Store::open(&self.url, &StoreOptions::default())
            .await
            .unwrap()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((admin, name)) = self.pg.take() else {
            return;
        };
        // Drop runs outside async context: use a small runtime of its own.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                if let Ok(mut conn) = PgConnection::connect(&admin).await {
                    let _ = conn
                        .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
                        .await;
                }
            });
        })
        .join();
    }
}
