//! The use cases of imvo, shared by the command line and the server: open a store, load
//! dataset files into it all-or-nothing, replay the change log into the portfolio as of a date,
//! validate and append one change, forecast a target, and manage accounts (logins, sessions,
//! API tokens).
//!
//! # Why a crate of its own
//!
//! The store (`imvo-store`) is deliberately generic: it keeps entries with an effective date, a
//! kind, a JSON payload, a source and an actor, and knows nothing of sectors or covenants. The
//! domain (`imvo-domain`) is deliberately pure: no I/O, no async. Something must join them —
//! turn records into entries and back, validate a change by replaying the whole log with the
//! change in its place before writing it, map a replay error back to the dataset line it came
//! from. Doing that in the CLI would duplicate it in the server (and let the two drift); doing
//! it in the store would tie the store to the domain. This crate is that join, so both front
//! ends stay thin: parse input, call one function here, print or serve the result.
//!
//! A command reads the portfolio as of a date from the latest saved replay, cut back to the
//! date or continued with the records after it ([`snapshot`]), and validates a change the same
//! way ([`append_record`]). The server keeps the replay of the whole log in memory ([`Head`]):
//! a read of a date cuts it back, a write costs one record, not the log.
//!
//! # Where things are
//!
//! - `records`: a record as a store entry and back; reading records from the store.
//! - `replay` and [`snapshot`]: the portfolio as of a date, from the latest snapshot.
//! - `load`: datasets all-or-nothing, and one record at a time ([`append_record`]).
//! - `head`: the server's [`Head`], the replay of the whole log shared by its reads and writes.
//! - `target`: the forecast configuration and the [`TargetReport`].
//! - [`accounts`]: accounts, password hashing, logins, sessions, API tokens, the account log.
//! - [`diligence`]: the covenants' due-diligence cycle: frameworks, steps, and who reads what.
//!
//! # How records are stored
//!
//! One record is one store entry: `effective` = the record's date, `kind` = the change's kind
//! tag, `source` = the human-readable citation ("Kamerstuk 26 485 nr. 212, §2 …") for the audit
//! listing, `payload` = `{"date_precision", "source", "change"}` with the full source, so a
//! record survives the round trip losslessly.

pub mod accounts;
pub mod dataset;
pub mod diligence;
mod head;
mod load;
mod records;
mod replay;
pub mod snapshot;
mod target;

use std::future::Future;

use chrono::NaiveDate;
use imvo_domain::ApplyError;
use imvo_store::{OpenOptions, Store, StoreError};

pub use dataset::{Dataset, DatasetError, Embedded};
pub use head::Head;
pub use load::{LoadSummary, append_record, load_datasets, load_shipped};
pub use records::{changes, from_entry, records, to_entry};
pub use replay::{portfolio, take_snapshot};
pub use target::{
    CountedCovenant, TargetReport, default_forecast_config, parse_forecast_config, target_report,
};

/// The shipped forecast configuration (data/forecast.toml), embedded at build time.
pub const FORECAST_DEFAULTS: Embedded = Embedded {
    file: "data/forecast.toml",
    text: include_str!("../../../data/forecast.toml"),
};

/// Everything that can go wrong in a use case.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A dataset is malformed or does not fit the portfolio.
    #[error(transparent)]
    Dataset(#[from] DatasetError),
    /// A change was refused by the rules of the portfolio; nothing was stored.
    #[error("refused: {message}; nothing was stored")]
    Rejected {
        /// What is wrong.
        message: String,
        /// The field of the new record at fault (`date`, `trajectory`, `agreement.owner` …);
        /// `None` when the new record is fine on its own but would make another one invalid.
        field: Option<&'static str>,
    },
    /// A stored entry cannot be read as a record.
    #[error(
        "change record {seq} in the store is not a valid record: {message}; restore the store from an export"
    )]
    Unreadable {
        /// The entry's sequence number.
        seq: i64,
        /// What is wrong.
        message: String,
    },
    /// The stored log does not replay (it was written by another program or edited).
    #[error("the stored change log does not replay: {0}; restore the store from an export")]
    Inconsistent(String),
    /// The forecast configuration is malformed.
    #[error("{file}: {message}")]
    Config {
        /// The file.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// The target asked for does not exist, or there is none.
    #[error("{0}")]
    NoTarget(String),
    /// The forecast failed.
    #[error(transparent)]
    Forecast(#[from] imvo_domain::ForecastError),
    /// An account use case refused (a wrong password, one's own account …).
    #[error(transparent)]
    Account(#[from] accounts::AccountError),
    /// A due-diligence use case refused (a step breaking a rule of the cycle, a confidential
    /// file asked for by someone else …).
    #[error(transparent)]
    Diligence(diligence::DiligenceError),
}

impl AppError {
    /// The refusal of a record that breaks a rule, naming its field.
    pub(crate) fn rejected(e: &ApplyError) -> AppError {
        AppError::Rejected {
            message: e.to_string(),
            field: Some(e.field()),
        }
    }
}

/// Shorthand for results of the use cases.
pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// Runs a future to completion on a fresh single-threaded runtime: for synchronous callers such
/// as the CLI, which has no runtime of its own.
pub fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime can be built")
        .block_on(future)
}

/// Today's date (UTC): the default "as of" of the front ends.
pub fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// Opens the store at `location`, creating a SQLite file when missing (for `init`, `load`,
/// `demo`).
pub async fn open(location: &str) -> Result<Store> {
    Ok(Store::open(location).await?)
}

/// Opens an existing store at `location`; a missing SQLite file is an error that says how to
/// create one (for read and record commands, which must not leave an empty file behind).
pub async fn open_existing(location: &str) -> Result<Store> {
    if let Ok(imvo_store::Location::SqliteFile(path)) = imvo_store::Location::parse(location)
        && !path.exists()
    {
        return Err(AppError::Store(StoreError::NotFound {
            what: "store",
            key: format!(
                "{} (create one with `imvo demo`, or `imvo init` and `imvo load`)",
                path.display()
            ),
        }));
    }
    let options = OpenOptions {
        create_if_missing: false,
        ..OpenOptions::default()
    };
    Ok(Store::open_with(location, &options).await?)
}
