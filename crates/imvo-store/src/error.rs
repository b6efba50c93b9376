//! The one error type of the store. Every message says what went wrong, where, and what to do.

/// Everything that can go wrong in the store.
///
/// `location` fields hold the store as the user named it (a file path or a PostgreSQL URL with
/// any password replaced by `***`), so a message can be shown to the user as it is.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The store location is neither a file path, a `sqlite:` URL nor a `postgres://` URL.
    #[error(
        "cannot use {location:?} as a store: {reason}; give a file path such as imvo.db, \
         sqlite:PATH, or postgres://USER@HOST:PORT/DATABASE"
    )]
    BadLocation {
        /// The location as given.
        location: String,
        /// What is wrong with it.
        reason: String,
    },

    /// The database could not be opened or reached.
    #[error("cannot open the store at {location}: {source}; {hint}")]
    Open {
        /// The store.
        location: String,
        /// What to try.
        hint: String,
        /// The driver's error.
        #[source]
        source: sqlx::Error,
    },

    /// The schema migrations failed.
    #[error("cannot bring the store at {location} to schema version {target}: {source}; {hint}")]
    Migrate {
        /// The store.
        location: String,
        /// The schema version this program needs.
        target: i64,
        /// What to try.
        hint: String,
        /// The migrator's error.
        #[source]
        source: sqlx::migrate::MigrateError,
    },

    /// A query failed.
    #[error("the store at {location} failed while {action}: {source}{hint}")]
    Database {
        /// The store.
        location: String,
        /// What the store was doing, e.g. "appending to the change log".
        action: &'static str,
        /// What to try, with a leading "; ", or empty.
        hint: String,
        /// The driver's error.
        #[source]
        source: sqlx::Error,
    },

    /// A stored row cannot be read back (the database was edited by hand or is damaged).
    #[error(
        "the store at {location} holds an unreadable {what}: {message}; restore it from an \
         export (imvo export / imvo import)"
    )]
    Corrupt {
        /// The store.
        location: String,
        /// Which row, e.g. "change record 12".
        what: String,
        /// What is wrong with it.
        message: String,
    },

    /// A new change record was refused before anything was written.
    #[error(
        "change record {index} of the batch is invalid: {field}: {message}; nothing was stored"
    )]
    InvalidEntry {
        /// Position in the batch, from 0.
        index: usize,
        /// The field at fault.
        field: &'static str,
        /// What is wrong.
        message: String,
    },

    /// Optimistic concurrency: someone appended since the caller last looked.
    #[error(
        "the change log moved on while this change was prepared (expected last record {expected}, \
         found {found}); nothing was stored — reload and try again"
    )]
    Conflict {
        /// The last sequence number the caller saw.
        expected: i64,
        /// The last sequence number in the store.
        found: i64,
    },

    /// `import` into a store that already holds data.
    #[error(
        "the store at {location} is not empty ({entries} change records, {accounts} accounts); \
         import needs an empty store — use a new --db path"
    )]
    NotEmpty {
        /// The store.
        location: String,
        /// Change records present.
        entries: i64,
        /// Accounts present.
        accounts: i64,
    },

    /// An export file cannot be read or is malformed.
    #[error("the export file {file}{at}: {message}; nothing was imported")]
    BadExport {
        /// The file (or `<input>` when not read from a file).
        file: String,
        /// Where in the file: " at line L column C" and/or the JSON path, or empty.
        at: String,
        /// What is wrong.
        message: String,
    },

    /// Reading or writing a file (export, import) failed.
    #[error("cannot {action} {file}: {source}")]
    Io {
        /// "read", "write", "rename" …
        action: &'static str,
        /// The file.
        file: String,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },

    /// A username is already in use.
    #[error("the username {0:?} is already taken; choose another")]
    UsernameTaken(String),

    /// An account, session or token that must exist does not.
    #[error("there is no {what} {key}")]
    NotFound {
        /// "account", "API token" …
        what: &'static str,
        /// Its id or name.
        key: String,
    },

    /// A field of an account, session or token is invalid.
    #[error("invalid {field}: {message}")]
    InvalidField {
        /// The field at fault.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
}

/// Shorthand for results of the store.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The error type of the bodies run inside a backend dispatch: either a driver error (given its
/// context at the public function's boundary) or a finished [`StoreError`].
#[derive(Debug)]
pub(crate) enum Fail {
    Sql(sqlx::Error),
    Store(StoreError),
}

impl From<sqlx::Error> for Fail {
    fn from(e: sqlx::Error) -> Self {
        Fail::Sql(e)
    }
}

impl From<StoreError> for Fail {
    fn from(e: StoreError) -> Self {
        Fail::Store(e)
    }
}

/// A hint for a driver error, with a leading "; ", or empty.
pub(crate) fn hint_for(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Database(db) => {
            let code = db.code().unwrap_or_default();
            // SQLite: 5 = SQLITE_BUSY, 6 = SQLITE_LOCKED; PostgreSQL: 40001/40P01 = serialization
            // failure / deadlock, 55P03 = lock not available.
            if matches!(&*code, "5" | "6" | "517" | "40001" | "40P01" | "55P03") {
                "; another process held the store too long — try again".into()
            } else {
                String::new()
            }
        }
        sqlx::Error::PoolTimedOut => "; the store is overloaded or unreachable — try again".into(),
        sqlx::Error::Io(_) | sqlx::Error::Tls(_) => {
            "; check that the database server is running and reachable".into()
        }
        _ => String::new(),
    }
}
