//! The two macros that let each query be written once and compiled against both drivers.
//!
//! Inside the body, the pool or transaction is the concrete sqlx type of one backend, so
//! `sqlx::query(..).bind(..).fetch_all(pool)` type-checks against SQLite and PostgreSQL alike.
//! Rows are read as structs deriving `sqlx::FromRow` (by column name, as the account tables do)
//! or as tuples (`query_as::<_, (i64, String, ..)>`); both decode the same on both.
//! Bodies return `Result<_, Fail>`; wrap them in [`crate::Store::run`] to give errors context.

/// Evaluates `$body` with `$pool` bound to the store's concrete pool (`&SqlitePool` or
/// `&PgPool`). For reads and single-statement writes.
macro_rules! with_pool {
    ($store:expr, |$pool:ident| $body:expr) => {
        match &$store.backend {
            $crate::Backend::Sqlite($pool) => $body,
            $crate::Backend::Postgres($pool) => $body,
        }
    };
}

/// Evaluates `$body` inside one write transaction bound to `$tx` and commits when the body
/// returns `Ok` (a `?` or `Err` rolls it back when `$tx` drops). SQLite: `BEGIN IMMEDIATE`.
/// PostgreSQL: `BEGIN`, then the `$lock` statement(s) (e.g. `LOCK TABLE change_log IN
/// EXCLUSIVE MODE`) so that last-plus-one numbering is safe; pass `""` for none.
/// Use inside an `async` block returning `Result<_, Fail>`.
macro_rules! write_tx {
    ($store:expr, lock = $lock:expr, |$tx:ident| $body:expr) => {
        match &$store.backend {
            $crate::Backend::Sqlite(pool) => {
                let mut $tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
            $crate::Backend::Postgres(pool) => {
                let mut $tx = pool.begin().await?;
                let lock: &'static str = $lock;
                if !lock.is_empty() {
                    sqlx::raw_sql(lock).execute(&mut *$tx).await?;
                }
                let out = $body;
                $tx.commit().await?;
                out
            }
        }
    };
}
