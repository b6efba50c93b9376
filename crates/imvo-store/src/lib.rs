//! Persistence for imvo on SQLite (the embedded default) and PostgreSQL (shared deployments):
//! an append-only change log with as-of queries, accounts for the server, and a lossless JSON
//! export. The store knows nothing of the domain: a change record is an effective date, a kind,
//! a JSON payload, a source and an actor. The domain gives them meaning by replay.
//!
//! # Using it
//!
//! ```no_run
//! # async fn demo() -> imvo_store::Result<()> {
//! use imvo_store::{NewEntry, Store};
//! let store = Store::open("imvo.db").await?; // or "postgres://postgres@127.0.0.1/imvo"
//! let added = store
//!     .append(&[NewEntry {
//!         effective: chrono::NaiveDate::from_ymd_opt(2015, 7, 10).unwrap(),
//!         kind: "phase_changed".into(),
//!         payload: serde_json::json!({"trajectory": "textile", "phase": "negotiating"}),
//!         source: "Kamerstuk 26 485 nr. 212, §2".into(),
//!         actor: "dataset:seed-2015".into(),
//!     }])
//!     .await?;
//! let as_of = store.entries(Some(chrono::NaiveDate::from_ymd_opt(2015, 7, 10).unwrap())).await?;
//! # let _ = (added, as_of); Ok(()) }
//! ```
//!
//! # One code path for two databases
//!
//! [`Store`] holds an enum over a `SqlitePool` and a `PgPool`. Every query is written once, in
//! the SQL both accept (`$1` placeholders, `BIGINT`/`TEXT`/`BOOLEAN` columns, dates and times as
//! integers — see [`time`]), and a small macro compiles the same body once per driver. We chose
//! this over sqlx's `Any` driver because `Any` maps types through a lowest common denominator
//! (no `BOOLEAN` on SQLite, its own type-mapping quirks), hides which database a statement runs
//! on exactly where the two must differ (SQLite's `BEGIN IMMEDIATE`, PostgreSQL's `LOCK
//! TABLE`), and adds a runtime driver registry; with the enum each arm uses the real driver and
//! the compiler type-checks the shared body against both. sqlx's compile-time `query!` macros are
//! not used: they bind to one database at build time and need a live database or offline data.
//!
//! The only per-backend code is: connection options, how a write transaction starts (below), and
//! migration 2 (triggers), kept at the same version number on both ([`SCHEMA_VERSION`]).
//!
//! # Writes and concurrency
//!
//! Every write runs in one transaction: all or nothing. On SQLite it starts with
//! `BEGIN IMMEDIATE` (takes the write lock at once, so a writer waits on the busy timeout rather
//! than failing halfway with `SQLITE_BUSY`), the database runs in WAL mode (readers never wait on
//! the writer), with foreign keys on and `synchronous = FULL`. On PostgreSQL an append first
//! takes `LOCK TABLE change_log IN EXCLUSIVE MODE`, which queues other appends but not readers.
//! Sequence numbers and ids are assigned as last + 1 under that lock, so `seq` order is commit
//! order: a reader that has seen `seq = n` will never later find a new record below `n`, which
//! is what makes [`Store::last_seq`] a sound cache key.
//!
//! # Export files
//!
//! See [`export`]: one JSON document with a format version, the change log (with `seq` and
//! `recorded_at`) and the accounts with their API tokens (hashes only); sessions and failed
//! logins are not exported. Import fills an empty store only.
//!
//! # Features
//!
//! sqlx 0.9 with `runtime-tokio`, `sqlite-bundled` (SQLite compiled in, no system library),
//! `postgres` and `migrate`. No TLS stack: PostgreSQL is expected on loopback or a trusted
//! network. No JSON column type either: payloads are stored as JSON text, identical on both.
//!
//! # Adding queries
//!
//! Queries live in one module per area ([`log`], [`accounts`], [`export`], [`snapshot`],
//! [`diligence`]), each
//! an `impl Store` block. A new area (say, server-side caches) adds a module with its own
//! `impl Store`, using `with_pool!` / `write_tx!` (see `src/sql.rs`) so its SQL too is written
//! once, and a test module in `tests/store/` that runs on both backends.

#[macro_use]
mod sql;

pub mod accounts;
pub mod diligence;
mod error;
pub mod export;
pub mod location;
pub mod log;
mod migrate;
pub mod scratch;
pub mod snapshot;
pub mod time;

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub use accounts::{
    Account, AccountAction, AccountEvent, ApiToken, NewAccount, NewApiToken, ROLE_NAMES, Session,
};
pub use diligence::{DiligenceEntry, NewDiligenceEntry, StoredFramework};
pub use error::{Result, StoreError};
pub use export::{Export, ImportSummary};
pub use location::Location;
pub use log::{AuditQuery, Entry, NewEntry, RawEntry};
pub use migrate::SCHEMA_VERSION;
pub use snapshot::Snapshot;

use error::Fail;

/// How long a SQLite writer waits for another writer before giving up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How long to wait for a free connection from the pool.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(30);

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackendKind {
    /// SQLite (a file, or in memory).
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// The connection pool of one backend.
#[derive(Debug, Clone)]
pub(crate) enum Backend {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// An open imvo store. Cheap to clone (the pool is shared); safe to use from many tasks.
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) backend: Backend,
    pub(crate) location: String,
}

/// Options for [`Store::open_with`].
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// The most connections the pool opens. Default: 8 for SQLite (readers run in parallel in
    /// WAL mode; writers queue on the lock), 10 for PostgreSQL.
    pub max_connections: Option<u32>,
    /// Create a SQLite file when it does not exist (default true). PostgreSQL databases are
    /// never created by the store.
    pub create_if_missing: bool,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            max_connections: None,
            create_if_missing: true,
        }
    }
}

impl Store {
    /// Opens (and for a SQLite file, creates) the store at `location` and brings its schema to
    /// [`SCHEMA_VERSION`]. `location` is a file path, `sqlite:PATH`, `sqlite://PATH`,
    /// `sqlite::memory:`, or a `postgres://` / `postgresql://` URL (see [`Location::parse`]).
    pub async fn open(location: &str) -> Result<Store> {
        Store::open_with(location, &OpenOptions::default()).await
    }

    /// [`Store::open`] with options.
    pub async fn open_with(location: &str, options: &OpenOptions) -> Result<Store> {
        let parsed = Location::parse(location)?;
        let shown = parsed.display();
        let backend = match &parsed {
            Location::SqliteFile(path) => {
                let connect = SqliteConnectOptions::new()
                    .filename(path)
                    .create_if_missing(options.create_if_missing);
                let pool = sqlite_pool(connect, options.max_connections.unwrap_or(8))
                    .await
                    .map_err(|source| {
                        let hint = if !options.create_if_missing && !path.exists() {
                            "the file does not exist — run imvo init first".to_owned()
                        } else {
                            "check that the folder exists and is writable, and that the file is \
                             an imvo store (a SQLite database)"
                                .to_owned()
                        };
                        StoreError::Open {
                            location: shown.clone(),
                            hint,
                            source,
                        }
                    })?;
                Backend::Sqlite(pool)
            }
            Location::SqliteMemory => {
                // One connection that never closes: each new connection would be a new database.
                let connect = SqliteConnectOptions::new().in_memory(true);
                let pool = SqlitePoolOptions::new()
                    .max_connections(1)
                    .min_connections(1)
                    .idle_timeout(None)
                    .max_lifetime(None)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect_with(sqlite_options(connect))
                    .await
                    .map_err(|source| StoreError::Open {
                        location: shown.clone(),
                        hint: "SQLite could not create an in-memory database".into(),
                        source,
                    })?;
                Backend::Sqlite(pool)
            }
            Location::Postgres(url) => {
                let connect =
                    PgConnectOptions::from_str(url).map_err(|e| StoreError::BadLocation {
                        location: shown.clone(),
                        reason: e.to_string(),
                    })?;
                let pool = PgPoolOptions::new()
                    .max_connections(options.max_connections.unwrap_or(10))
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect_with(connect)
                    .await
                    .map_err(|source| StoreError::Open {
                        location: shown.clone(),
                        hint:
                            "check that PostgreSQL is running (pg_ctlcluster VERSION main start), \
                               that the database exists (createdb NAME) and that the user may log \
                               in"
                            .into(),
                        source,
                    })?;
                Backend::Postgres(pool)
            }
        };
        let store = Store {
            backend,
            location: shown,
        };
        store.migrate().await?;
        Ok(store)
    }

    /// Runs the migrations not yet applied.
    async fn migrate(&self) -> Result<()> {
        let result = match &self.backend {
            Backend::Sqlite(pool) => migrate::migrator(migrate::Dialect::Sqlite).run(pool).await,
            Backend::Postgres(pool) => {
                migrate::migrator(migrate::Dialect::Postgres)
                    .run(pool)
                    .await
            }
        };
        result.map_err(|source| {
            use sqlx::migrate::MigrateError as M;
            let hint = match &source {
                M::VersionMissing(_) | M::VersionTooNew(..) => {
                    "the store was written by a newer imvo; use that version".to_owned()
                }
                M::VersionMismatch(_) => {
                    "an applied migration differs from this build's; the store was made by a \
                     different imvo build — export it with that build and import it here"
                        .to_owned()
                }
                _ => "check that the database is an imvo store and is writable".to_owned(),
            };
            StoreError::Migrate {
                location: self.location.clone(),
                target: SCHEMA_VERSION,
                hint,
                source,
            }
        })
    }

    /// The highest schema version applied to this database (equals [`SCHEMA_VERSION`] after a
    /// successful open, on either backend).
    pub async fn schema_version(&self) -> Result<i64> {
        const SQL: &str =
            "SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success = TRUE";
        self.run("reading the schema version", async {
            Ok(with_pool!(self, |pool| sqlx::query_scalar::<_, i64>(SQL)
                .fetch_one(pool)
                .await?))
        })
        .await
    }

    /// Which database this store runs on.
    pub fn backend(&self) -> BackendKind {
        match self.backend {
            Backend::Sqlite(_) => BackendKind::Sqlite,
            Backend::Postgres(_) => BackendKind::Postgres,
        }
    }

    /// The store's location as shown in messages (a PostgreSQL password is hidden).
    pub fn location(&self) -> &str {
        &self.location
    }

    /// Waits for running queries and closes every connection. Dropping the store also closes
    /// them, but without waiting; on SQLite, closing checkpoints the WAL into the main file.
    pub async fn close(&self) {
        match &self.backend {
            Backend::Sqlite(pool) => pool.close().await,
            Backend::Postgres(pool) => pool.close().await,
        }
    }

    /// Runs `body`, giving a driver error the store's location, `action` and a hint.
    pub(crate) async fn run<T>(
        &self,
        action: &'static str,
        body: impl Future<Output = std::result::Result<T, Fail>>,
    ) -> Result<T> {
        body.await.map_err(|fail| match fail {
            Fail::Store(e) => e,
            Fail::Sql(source) => self.db_error(action, source),
        })
    }

    /// A [`StoreError::Database`] for `source`.
    pub(crate) fn db_error(&self, action: &'static str, source: sqlx::Error) -> StoreError {
        StoreError::Database {
            location: self.location.clone(),
            action,
            hint: error::hint_for(&source),
            source,
        }
    }

    /// A [`StoreError::Corrupt`] for a row that cannot be read back.
    pub(crate) fn corrupt(&self, what: String, message: impl Into<String>) -> StoreError {
        StoreError::Corrupt {
            location: self.location.clone(),
            what,
            message: message.into(),
        }
    }
}

/// The pragmas every SQLite connection gets.
fn sqlite_options(connect: SqliteConnectOptions) -> SqliteConnectOptions {
    connect
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(SQLITE_BUSY_TIMEOUT)
        // sqlx runs each SQLite connection on a worker thread and hands rows over a channel;
        // a larger buffer (default 50) means fewer thread hand-offs when a replay reads the
        // whole log.
        .row_buffer_size(1024)
}

/// A pool on a SQLite file.
async fn sqlite_pool(
    connect: SqliteConnectOptions,
    max_connections: u32,
) -> std::result::Result<SqlitePool, sqlx::Error> {
    SqlitePoolOptions::new()
        .max_connections(max_connections.max(1))
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect_with(sqlite_options(connect))
        .await
}
