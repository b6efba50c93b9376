//! Throw-away PostgreSQL databases for tests and benchmarks (of this crate and of the crates
//! above it), so every suite that runs "on both backends" creates and drops them the same way.
//!
//! ```no_run
//! # async fn demo() -> imvo_store::Result<()> {
//! let admin = imvo_store::scratch::admin_url();
//! let db = imvo_store::scratch::ScratchDatabase::create(&admin, "imvo_server_test").await?;
//! let store = imvo_store::Store::open(db.url()).await?;
//! // … test …
//! store.close().await;
//! db.drop_database().await?;
//! # Ok(()) }
//! ```

use std::sync::atomic::{AtomicUsize, Ordering};

use sqlx::Connection;

use crate::error::{Result, StoreError};

/// The environment variable naming the PostgreSQL server tests use.
pub const ENV: &str = "IMVO_TEST_POSTGRES_URL";
/// Its default: the local server with trust authentication.
pub const DEFAULT_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// The administrative URL from [`ENV`], or [`DEFAULT_URL`].
pub fn admin_url() -> String {
    std::env::var(ENV).unwrap_or_else(|_| DEFAULT_URL.to_owned())
}

/// `url` with its database name replaced by `name` (user, host, port and query kept).
pub fn with_database(url: &str, name: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, format!("?{q}")),
        None => (rest, String::new()),
    };
    let authority = rest.split('/').next().unwrap_or(rest);
    format!("{scheme}://{authority}/{name}{query}")
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A PostgreSQL database created empty for one test; drop it with
/// [`ScratchDatabase::drop_database`] (async, so it cannot happen in `Drop`).
#[derive(Debug)]
pub struct ScratchDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl ScratchDatabase {
    /// Creates a new empty database named `{prefix}_{process id}_{counter}` on the server of
    /// `admin_url` (a URL of a database the user may connect to, e.g. `postgres`). `prefix`
    /// must be a plain lowercase identifier.
    pub async fn create(admin_url: &str, prefix: &str) -> Result<ScratchDatabase> {
        if prefix.is_empty()
            || !prefix
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(StoreError::InvalidField {
                field: "prefix",
                message: "use lowercase letters, digits and _ only".into(),
            });
        }
        let name = format!(
            "{prefix}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        let db = ScratchDatabase {
            admin_url: admin_url.to_owned(),
            url: with_database(admin_url, &name),
            name,
        };
        db.admin(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", db.name))
            .await?;
        db.admin(&format!("CREATE DATABASE {}", db.name)).await?;
        Ok(db)
    }

    /// The URL of the new database, for [`crate::Store::open`].
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Drops the database, closing any connection still open to it.
    pub async fn drop_database(self) -> Result<()> {
        self.admin(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ))
        .await
    }

    async fn admin(&self, sql: &str) -> Result<()> {
        let shown = crate::Location::Postgres(self.admin_url.clone()).display();
        let open_err = |source| StoreError::Open {
            location: shown.clone(),
            hint: format!(
                "tests need a PostgreSQL server: start it (scripts/test.sh does), or set {ENV}"
            ),
            source,
        };
        let mut conn = sqlx::PgConnection::connect(&self.admin_url)
            .await
            .map_err(open_err)?;
        let result = sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
            .execute(&mut conn)
            .await;
        conn.close().await.ok();
        result.map(|_| ()).map_err(|source| StoreError::Database {
            location: shown.clone(),
            action: "creating or dropping a scratch database",
            hint: String::new(),
            source,
        })
    }
}
