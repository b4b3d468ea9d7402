pub mod app;
pub mod db;
pub mod facebook;
pub mod oidc;

pub use app::{
    Browser, TEST_FILE_KEYS, TEST_SECRET_KEY, TestApp, spawn_app, spawn_app_with,
    spawn_app_with_clock,
};
pub use db::{Backend, TestDb};

/// Runs each named async test function once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::support::Backend::Sqlite).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::support::Backend::Postgres).await
            }
        }
    )*};
}
