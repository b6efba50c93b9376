//! Schema migrations: one list, the same version numbers on both backends.
//!
//! Most steps are one SQL file both databases accept. Where the dialects must differ (triggers),
//! a step names a SQLite file and a PostgreSQL file under the same version number, so the two
//! backends can never drift to different versions; a test opens both and compares
//! [`crate::Store::schema_version`] with [`SCHEMA_VERSION`]. The migrations are compiled into
//! the binary (no migrations folder is needed at run time) and run by sqlx's migrator, which
//! records them in `_sqlx_migrations` and refuses a store whose applied migrations were edited.

use std::borrow::Cow;

use sqlx::SqlSafeStr;
use sqlx::migrate::{Migration, MigrationType, Migrator};

/// One schema step.
struct Step {
    version: i64,
    description: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

/// Every schema step, in order. Append new steps; never edit a released one.
const STEPS: &[Step] = &[
    Step {
        version: 1,
        description: "change log",
        sqlite: include_str!("../migrations/0001_change_log.sql"),
        postgres: include_str!("../migrations/0001_change_log.sql"),
    },
    Step {
        version: 2,
        description: "change log append-only triggers",
        sqlite: include_str!("../migrations/0002_change_log_append_only.sqlite.sql"),
        postgres: include_str!("../migrations/0002_change_log_append_only.postgres.sql"),
    },
    Step {
        version: 3,
        description: "accounts, sessions, API tokens, failed logins",
        sqlite: include_str!("../migrations/0003_accounts.sql"),
        postgres: include_str!("../migrations/0003_accounts.sql"),
    },
    Step {
        version: 4,
        description: "account log",
        sqlite: include_str!("../migrations/0004_account_log.sqlite.sql"),
        postgres: include_str!("../migrations/0004_account_log.postgres.sql"),
    },
    Step {
        version: 5,
        description: "replay snapshots",
        sqlite: include_str!("../migrations/0005_replay_snapshots.sqlite.sql"),
        postgres: include_str!("../migrations/0005_replay_snapshots.postgres.sql"),
    },
    Step {
        version: 6,
        description: "due-diligence log and frameworks",
        sqlite: include_str!("../migrations/0006_diligence.sqlite.sql"),
        postgres: include_str!("../migrations/0006_diligence.postgres.sql"),
    },
];

/// The schema version this build of the store brings every database to.
pub const SCHEMA_VERSION: i64 = 6;

/// Which SQL dialect a migrator is for.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

/// The migrator for `dialect`.
pub(crate) fn migrator(dialect: Dialect) -> Migrator {
    let migrations = STEPS
        .iter()
        .map(|s| {
            let sql = match dialect {
                Dialect::Sqlite => s.sqlite,
                Dialect::Postgres => s.postgres,
            };
            Migration::new(
                s.version,
                Cow::Borrowed(s.description),
                MigrationType::Simple,
                sql.into_sql_str(),
                false,
            )
        })
        .collect();
    Migrator::with_migrations(migrations)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_consecutive_and_end_at_schema_version() {
        for (i, s) in STEPS.iter().enumerate() {
            assert_eq!(
                s.version,
                i as i64 + 1,
                "step {} is out of order",
                s.description
            );
        }
        assert_eq!(STEPS.last().map(|s| s.version), Some(SCHEMA_VERSION));
    }
}
