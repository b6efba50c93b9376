//! Fresh stores on both backends, and the `both!` macro that writes a test body once.

use std::future::Future;

use imvo_store::{BackendKind, Store};
use sqlx::Connection;

use imvo_store::scratch::ScratchDatabase;
pub use imvo_store::scratch::{admin_url, with_database};

/// A fresh store and what is needed to remove it.
pub struct TestDb {
    /// The store under test.
    pub store: Store,
    /// The location it was opened from (file path or URL), to open a second handle.
    pub location: String,
    /// Which backend.
    pub kind: BackendKind,
    _dir: Option<tempfile::TempDir>,
    pg: Option<ScratchDatabase>,
}

impl TestDb {
    /// A new, empty, migrated store on `kind`.
    pub async fn fresh(kind: BackendKind) -> TestDb {
        match kind {
            BackendKind::Sqlite => {
                let dir = tempfile::tempdir().expect("a temporary directory");
                let location = dir.path().join("imvo.db").display().to_string();
                let store = Store::open(&location)
                    .await
                    .expect("a fresh SQLite store opens");
                TestDb {
                    store,
                    location,
                    kind,
                    _dir: Some(dir),
                    pg: None,
                }
            }
            BackendKind::Postgres => {
                let scratch = ScratchDatabase::create(&admin_url(), "imvo_store_test")
                    .await
                    .unwrap_or_else(|e| panic!("{e}"));
                let location = scratch.url().to_owned();
                let store = Store::open(&location)
                    .await
                    .expect("a fresh PostgreSQL store opens");
                TestDb {
                    store,
                    location,
                    kind,
                    _dir: None,
                    pg: Some(scratch),
                }
            }
        }
    }

    /// Closes the store and removes its database or file.
    pub async fn remove(self) {
        self.store.close().await;
        if let Some(scratch) = self.pg {
            scratch
                .drop_database()
                .await
                .expect("drop the test database");
        }
    }

    /// Runs a raw SQL statement on a separate connection (to test what the database itself
    /// allows, bypassing the store's API).
    pub async fn raw(&self, sql: &str) -> Result<(), sqlx::Error> {
        match self.kind {
            BackendKind::Sqlite => {
                let mut c =
                    sqlx::SqliteConnection::connect(&format!("sqlite:{}", self.location)).await?;
                sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
                    .execute(&mut c)
                    .await?;
                c.close().await
            }
            BackendKind::Postgres => {
                let mut c = sqlx::PgConnection::connect(&self.location).await?;
                sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
                    .execute(&mut c)
                    .await?;
                c.close().await
            }
        }
    }
}

/// Runs `body` on a fresh store of `kind`, then removes the store — also when `body` panics
/// (the panic is re-raised after the clean-up).
pub async fn run<F, Fut>(kind: BackendKind, body: F)
where
    F: FnOnce(std::sync::Arc<TestDb>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let db = std::sync::Arc::new(TestDb::fresh(kind).await);
    let outcome = tokio::spawn(body(db.clone())).await;
    let db = std::sync::Arc::try_unwrap(db)
        .unwrap_or_else(|_| panic!("a test kept its TestDb after finishing"));
    db.remove().await;
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// Declares a test that runs its body on SQLite and on PostgreSQL:
/// `both!(name, |db| { ... db.store ... });` — `db` is an `Arc<TestDb>`.
macro_rules! both {
    ($name:ident, |$db:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::support::run(imvo_store::BackendKind::Sqlite, |$db| async move $body).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::support::run(imvo_store::BackendKind::Postgres, |$db| async move $body).await
            }
        }
    };
}
