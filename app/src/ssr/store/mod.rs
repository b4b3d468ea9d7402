//! One store, two databases.
//!
//! SQLite is the embedded default; PostgreSQL is used when the database URL says so. Each
//! query is written once: [`with_pool!`] and [`with_tx!`] expand the same body for both
//! backends, so the compiler checks it against each driver's types. Where the SQL must
//! differ, the body branches on [`Store::backend`].

mod access_log;
mod accounts;
mod appointments;
mod catalog;
mod deliveries;
mod dependents;
mod display;
mod files;
mod generation;
mod members;
mod message_log;
mod otp;
mod outbox;
mod retry;
mod sessions;
mod tickets;
mod writer;

pub use access_log::{AccessEntry, NamedAccess};
pub use accounts::{
    Consent, ConsentKind, Identity, NewUser, Picture, ProfileUpdate, SignedIn, User,
};
pub use appointments::{
    ACTIVE_STATUSES, AppointmentEvent, AppointmentRow, BookingConflict, BusyRow, EventRow,
    NewAppointment,
};
pub use catalog::{CatalogSeed, ClinicCatalog, ClinicSnapshot, ClinicSummaryRow, PendingClinicRow};
pub use deliveries::Receipt;
pub use dependents::{Dependent, DependentInput};
pub use files::{FileMeta, FileRefusal, FileRow, NewFile, sealed_name};
pub use members::{Membership, StaffClinicRow};
pub use message_log::MessageReceipt;
pub use otp::{NewCode, StoredCode};
pub use outbox::{ClaimEnd, NewMessage, OutboxEntry};
pub use sessions::{NewSession, SessionRecord};
pub use tickets::TicketPurpose;

use sqlx::{
    PgPool, SqlitePool,
    postgres::PgPoolOptions,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};
use std::{path::PathBuf, str::FromStr, time::Duration};

/// Expands `$body` once per backend with `$pool` bound to that backend's pool, for
/// reads. On SQLite these connections refuse writes (`query_only`), so a write put here
/// by mistake fails in every test instead of queueing behind SQLite's busy handler.
macro_rules! with_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.pool {
            $crate::ssr::store::Pool::Sqlite { read: $pool, .. } => $body,
            $crate::ssr::store::Pool::Postgres($pool) => $body,
        }
    };
}

/// Like [`with_pool!`], for a single statement that writes outside a transaction.
macro_rules! with_writer {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.pool {
            $crate::ssr::store::Pool::Sqlite { write: $pool, .. } => $body,
            $crate::ssr::store::Pool::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` inside a transaction bound to `$tx`, committing when it returns `Ok`.
/// The body is written once and expanded per backend; its error type is [`StoreError`]
/// unless named (`tx: BookingConflict => ...`), and must convert from `sqlx::Error`.
///
/// SQLite transactions start with `BEGIN IMMEDIATE`: they take the write lock up front,
/// so a read-check-write sequence (the overlap check before a booking) cannot be
/// interleaved with another writer's, and lock upgrades never deadlock. They run on the
/// one writer connection, so writers of this process wait their turn in the pool's
/// queue; only another process's writer meets the busy timeout.
macro_rules! with_tx {
    ($store:expr, $tx:ident => $body:expr) => {
        $crate::ssr::store::with_tx!($store, $tx: $crate::ssr::store::StoreError => $body)
    };
    ($store:expr, $tx:ident: $err:ty => $body:expr) => {
        match &$store.pool {
            $crate::ssr::store::Pool::Sqlite { write: pool, .. } => {
                // The connection is waited for as usual; the transaction itself runs
                // without yielding the thread (see `writer`).
                let mut conn = pool.acquire().await?;
                $crate::ssr::store::writer::drive(async {
                    #[allow(unused_mut)]
                    let mut $tx = sqlx::Connection::begin_with(&mut *conn, "BEGIN IMMEDIATE")
                        .await
                        .map_err(<$err>::from)?;
                    let out: Result<_, $err> = async { $body }.await;
                    if out.is_ok() {
                        $tx.commit().await.map_err(<$err>::from)?;
                    }
                    out
                })
                .await
            }
            $crate::ssr::store::Pool::Postgres(pool) => {
                #[allow(unused_mut)]
                let mut $tx = pool.begin().await?;
                let out: Result<_, $err> = async { $body }.await;
                if out.is_ok() {
                    $tx.commit().await?;
                }
                out
            }
        }
    };
}

pub(crate) use generation::bump_catalog_generation;
pub(crate) use {with_pool, with_tx, with_writer};

#[derive(Clone)]
pub struct Store {
    pool: Pool,
    generation: std::sync::Arc<generation::SeenGeneration>,
    snapshots: std::sync::Arc<catalog::SnapshotCache>,
}

#[derive(Clone)]
pub(crate) enum Pool {
    /// SQLite admits one writer at a time. Giving writes a single connection of their
    /// own queues them in order inside the process; several connections would each try,
    /// fail with `SQLITE_BUSY` and sleep in the busy handler, which at a few hundred
    /// bookings a second costs more time than the writes themselves. Reads never wait
    /// for writes (WAL).
    Sqlite {
        read: SqlitePool,
        write: SqlitePool,
        /// Bookings written together through `write` (see `appointments::queue`).
        bookings: appointments::BookingQueue,
    },
    Postgres(PgPool),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("record not found")]
    NotFound,
    /// A uniqueness rule was hit: the thing already exists or belongs to someone else.
    #[error("conflicts with an existing {0}")]
    Conflict(&'static str),
    /// A rule about the data itself was hit (e.g. removing the last sign-in method).
    #[error("refused: {0}")]
    Refused(&'static str),
    #[error("too many requests")]
    RateLimited,
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    /// A stored value the code cannot read. Logged here, where the table and column are
    /// known, so the cause is never lost behind a generic `Internal`; `what` names the
    /// column and the value, never personal data.
    pub(crate) fn corrupt(what: impl Into<String>) -> Self {
        let what = what.into();
        tracing::error!(what = %what, "stored data is not valid");
        StoreError::Corrupt(what)
    }
}

/// Why the store could not be opened; shown to the operator at start-up.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("DATABASE_URL must start with sqlite:// or postgres:// (got `{0}`)")]
    UnsupportedScheme(String),
    #[error("cannot create the database directory {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the database: {0}")]
    Open(#[source] sqlx::Error),
    #[error("cannot bring the database schema up to date: {0}")]
    Migrate(#[source] sqlx::migrate::MigrateError),
}

#[derive(Clone, Debug)]
pub struct StoreOptions {
    pub max_connections: u32,
    pub acquire_timeout: Duration,
}

impl Default for StoreOptions {
    fn default() -> Self {
        Self {
            max_connections: 10,
            acquire_timeout: Duration::from_secs(10),
        }
    }
}

impl Store {
    /// Opens the database named by `url`, creating a SQLite file (and its directory) on
    /// first use, and applies any pending migrations.
    pub async fn open(url: &str, options: &StoreOptions) -> Result<Self, ConnectError> {
        let store = Self::connect(url, options).await?;
        store.migrate().await.map_err(|e| match e {
            StoreError::Migrate(m) => ConnectError::Migrate(m),
            StoreError::Database(d) => ConnectError::Open(d),
            other => ConnectError::Open(sqlx::Error::Protocol(other.to_string())),
        })?;
        Ok(store)
    }

    async fn connect(url: &str, options: &StoreOptions) -> Result<Self, ConnectError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(options.max_connections)
                .acquire_timeout(options.acquire_timeout)
                .connect(url)
                .await
                .map_err(ConnectError::Open)?;
            return Ok(Self {
                pool: Pool::Postgres(pool),
                generation: generation::fresh(),
                snapshots: Default::default(),
            });
        }
        if !url.starts_with("sqlite:") {
            let scheme = url.split(':').next().unwrap_or_default().to_owned();
            return Err(ConnectError::UnsupportedScheme(scheme));
        }
        let connect = SqliteConnectOptions::from_str(url)
            .map_err(ConnectError::Open)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let file = connect.get_filename();
        if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty())
            && file.as_os_str() != ":memory:"
        {
            std::fs::create_dir_all(dir).map_err(|source| ConnectError::CreateDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let memory = file.as_os_str() == ":memory:";
        // A connection to a local file does not go stale the way a network one can, so
        // the pool's ping before every use (a round trip to the connection's thread per
        // query) is turned off.
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .acquire_timeout(options.acquire_timeout)
            .connect_with(connect.clone())
            .await
            .map_err(ConnectError::Open)?;
        // An in-memory database exists once per connection, so it cannot be shared.
        let read = if memory {
            write.clone()
        } else {
            SqlitePoolOptions::new()
                .max_connections(options.max_connections)
                .test_before_acquire(false)
                .acquire_timeout(options.acquire_timeout)
                .connect_with(connect.pragma("query_only", "ON"))
                .await
                .map_err(ConnectError::Open)?
        };
        Ok(Self {
            pool: Pool::Sqlite {
                read,
                bookings: appointments::BookingQueue::start(write.clone()),
                write,
            },
            generation: generation::fresh(),
            snapshots: Default::default(),
        })
    }

    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite { .. } => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    pub async fn migrate(&self) -> Result<(), StoreError> {
        match &self.pool {
            Pool::Sqlite { write, .. } => sqlx::migrate!("../migrations/sqlite").run(write).await?,
            Pool::Postgres(pool) => sqlx::migrate!("../migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// A round trip to the database, for readiness checks.
    pub async fn ping(&self) -> Result<(), StoreError> {
        with_pool!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))?;
        Ok(())
    }

    pub async fn close(&self) {
        with_pool!(self, pool => pool.close().await);
        with_writer!(self, pool => pool.close().await);
    }
}

/// Whether a database error is a unique-constraint violation.
pub(crate) fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// Maps "no row" to [`StoreError::NotFound`] so callers never match on sqlx errors.
pub(crate) fn found<T>(row: Option<T>) -> Result<T, StoreError> {
    row.ok_or(StoreError::NotFound)
}
