//! Persistence for imvo on SQLite (default) and PostgreSQL: migrations, append-only change log, as-of queries, accounts.
