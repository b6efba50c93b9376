//! The use cases of imvo, shared by the command line and the server: open a store, load
//! dataset files into it all-or-nothing, replay the change log into the portfolio as of a date,
//! validate and append one change, and forecast a target.
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
//! A command validates a change by replaying the log once ([`append_record`]); the server keeps
//! the replayed log between writes ([`Writer`]), so a write costs one record, not the log.
//!
//! # How records are stored
//!
//! One record is one store entry: `effective` = the record's date, `kind` = the change's kind
//! tag, `source` = the human-readable citation ("Kamerstuk 26 485 nr. 212, §2 …") for the audit
//! listing, `payload` = `{"date_precision", "source", "change"}` with the full source, so a
//! record survives the round trip losslessly.

pub mod dataset;

use std::future::Future;

use chrono::NaiveDate;
use imvo_domain::{
    ApplyError, DatePrecision, Forecast, ForecastConfig, Id, Portfolio, Record, ReplayError, Source,
};
use imvo_store::{Entry, NewEntry, OpenOptions, Store, StoreError};
use serde::{Deserialize, Serialize};

pub use dataset::{Dataset, DatasetError, Embedded};

/// The shipped forecast configuration (data/forecast.toml), embedded at build time.
pub const FORECAST_DEFAULTS: Embedded = Embedded {
    file: "data/forecast.toml",
    text: include_str!("../../../data/forecast.toml"),
};

/// How many times a validate-and-append is retried when another writer appended meanwhile.
const CONFLICT_RETRIES: usize = 5;

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
}

impl AppError {
    /// The refusal of a record that breaks a rule, naming its field.
    fn rejected(e: &ApplyError) -> AppError {
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

/// The payload of a stored record (everything but the date, which is the entry's `effective`).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Payload {
    #[serde(default)]
    date_precision: DatePrecision,
    source: Source,
    change: imvo_domain::Change,
}

/// Turns a record into a store entry recorded by `actor`.
pub fn to_entry(record: &Record, actor: &str) -> NewEntry {
    let payload = Payload {
        date_precision: record.date_precision,
        source: record.source.clone(),
        change: record.change.clone(),
    };
    NewEntry {
        effective: record.date,
        kind: record.change.kind().to_owned(),
        payload: serde_json::to_value(&payload).expect("records serialise to JSON"),
        source: record.source.citation(),
        actor: actor.to_owned(),
    }
}

/// Reads a stored entry back as a record.
pub fn from_entry(entry: &Entry) -> Result<Record> {
    let p: Payload =
        serde_json::from_value(entry.payload.clone()).map_err(|e| AppError::Unreadable {
            seq: entry.seq,
            message: e.to_string(),
        })?;
    if p.change.kind() != entry.kind {
        return Err(AppError::Unreadable {
            seq: entry.seq,
            message: format!(
                "kind {:?} differs from its payload's {:?}",
                entry.kind,
                p.change.kind()
            ),
        });
    }
    Ok(Record {
        date: entry.effective,
        date_precision: p.date_precision,
        source: p.source,
        change: p.change,
    })
}

/// Every record in the store effective on or before `until` (all when `None`), in replay
/// order, with the sequence number of the last entry read.
pub async fn records(store: &Store, until: Option<NaiveDate>) -> Result<(Vec<Record>, i64)> {
    // Read the last seq first: entries appended after it are simply seen by the next call,
    // and a validate-and-append against this seq fails with a conflict rather than going stale.
    let last = store.last_seq().await?;
    let entries = store.entries(until).await?;
    let records = entries
        .iter()
        .filter(|e| e.seq <= last)
        .map(from_entry)
        .collect::<Result<Vec<_>>>()?;
    Ok((records, last))
}

/// The portfolio as of `as_of` (everything when `None`).
pub async fn portfolio(store: &Store, as_of: Option<NaiveDate>) -> Result<Portfolio> {
    let (records, _) = records(store, as_of).await?;
    Portfolio::replay(&records, as_of).map_err(|e| AppError::Inconsistent(e.to_string()))
}

/// The records effective after `from` and on or before `to`: "what changed since".
pub async fn changes(store: &Store, from: NaiveDate, to: NaiveDate) -> Result<Vec<Record>> {
    store
        .entries_between(Some(from), Some(to))
        .await?
        .iter()
        .map(from_entry)
        .collect()
}

/// What a load stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoadSummary {
    /// Records stored per dataset id, in load order.
    pub datasets: Vec<(String, usize)>,
    /// The sequence number of the last stored entry.
    pub last_seq: i64,
}

/// Validates `datasets` against the store's log by replaying the log plus every dataset record
/// in date order, then stores all of them in one transaction — or nothing. A record that breaks
/// a rule is reported with its dataset file and line and the field at fault. Each dataset's
/// records are recorded with actor `dataset:<id>`.
pub async fn load_datasets(store: &Store, datasets: &[Dataset]) -> Result<LoadSummary> {
    let mut attempt = 0;
    loop {
        let (existing, last) = records(store, None).await?;
        let mut all = existing.clone();
        let mut origin = Vec::new();
        for (d, ds) in datasets.iter().enumerate() {
            for (r, rec) in ds.records.iter().enumerate() {
                all.push(rec.clone());
                origin.push((d, r));
            }
        }
        if let Err(e) = Portfolio::replay(&all, None) {
            return Err(locate(e, existing.len(), &origin, datasets));
        }
        let batch: Vec<NewEntry> = datasets
            .iter()
            .flat_map(|ds| {
                let actor = format!("dataset:{}", ds.id);
                ds.records.iter().map(move |r| to_entry(r, &actor))
            })
            .collect();
        match store.append_after(last, &batch).await {
            Ok(stored) => {
                return Ok(LoadSummary {
                    datasets: datasets
                        .iter()
                        .map(|d| (d.id.clone(), d.records.len()))
                        .collect(),
                    last_seq: stored.last().map_or(last, |e| e.seq),
                });
            }
            Err(StoreError::Conflict { .. }) if attempt < CONFLICT_RETRIES => attempt += 1,
            Err(e) => return Err(e.into()),
        }
    }
}

/// Maps a replay error over (stored records ++ dataset records) to a dataset line.
fn locate(
    e: ReplayError,
    stored: usize,
    origin: &[(usize, usize)],
    datasets: &[Dataset],
) -> AppError {
    if e.index < stored {
        return AppError::Rejected {
            message: format!(
                "the new records would make a stored record invalid ({e}); check their dates"
            ),
            field: None,
        };
    }
    let (d, r) = origin[e.index - stored];
    let ds = &datasets[d];
    AppError::Dataset(DatasetError {
        file: ds.file.clone(),
        line: ds.lines[r],
        field: e.error.field().to_owned(),
        message: format!("{} record dated {}: {}", e.kind, e.date, e.error),
    })
}

/// Loads the shipped datasets (seed, then history).
pub async fn load_shipped(store: &Store) -> Result<LoadSummary> {
    let datasets = dataset::SHIPPED
        .iter()
        .map(|e| dataset::embedded(*e))
        .collect::<Result<Vec<_>, _>>()?;
    load_datasets(store, &datasets).await
}

/// Replays `all`, whose last element is the record being added. A refusal says what the new
/// record breaks, or which later record it would make invalid.
fn validate_last(all: &[Record]) -> Result<Portfolio> {
    let n = all.len() - 1;
    Portfolio::replay(all, None).map_err(|e| {
        if e.index == n {
            AppError::rejected(&e.error)
        } else {
            AppError::Rejected {
                message: format!(
                    "a record dated {} would then fail ({}); record changes in date order",
                    e.date, e.error
                ),
                field: None,
            }
        }
    })
}

/// Validates one record by replaying the store's log with it in its place, then appends it —
/// or, when it breaks a rule, stores nothing and says why.
pub async fn append_record(store: &Store, record: Record, actor: &str) -> Result<Entry> {
    let mut attempt = 0;
    loop {
        let (mut all, last) = records(store, None).await?;
        all.push(record.clone());
        validate_last(&all)?;
        match store.append_after(last, &[to_entry(&record, actor)]).await {
            Ok(mut stored) => return Ok(stored.remove(0)),
            Err(StoreError::Conflict { .. }) if attempt < CONFLICT_RETRIES => attempt += 1,
            Err(e) => return Err(e.into()),
        }
    }
}

/// The log as a [`Writer`] keeps it: the records in log order, their replay, and the sequence
/// number of the last one.
#[derive(Debug)]
struct KnownLog {
    seq: i64,
    records: Vec<Record>,
    portfolio: Portfolio,
}

impl KnownLog {
    async fn read(store: &Store) -> Result<KnownLog> {
        let (records, seq) = records(store, None).await?;
        let portfolio =
            Portfolio::replay(&records, None).map_err(|e| AppError::Inconsistent(e.to_string()))?;
        Ok(KnownLog {
            seq,
            records,
            portfolio,
        })
    }

    /// Validates `record` as a full replay would and adds it to the known log (not yet to the
    /// store). On a refusal the log is unchanged.
    fn add(&mut self, record: &Record) -> Result<()> {
        match self.portfolio.apply(record) {
            Ok(()) => self.records.push(record.clone()),
            // Back-dated: the records after it must hold again, so replay them all — from
            // memory, without reading and parsing the log again.
            Err(ApplyError::OutOfOrder { .. }) => {
                self.records.push(record.clone());
                match validate_last(&self.records) {
                    Ok(p) => self.portfolio = p,
                    Err(e) => {
                        self.records.pop();
                        return Err(e);
                    }
                }
            }
            Err(e) => return Err(AppError::rejected(&e)),
        }
        Ok(())
    }
}

/// Appends records for a long-running process (the server), one at a time, keeping the log it
/// last validated against in memory between writes.
///
/// [`append_record`] reads, parses and replays the whole log for every write, which is right
/// for a command that runs once but makes each write cost the size of the log. A `Writer` reads
/// the log once; while the store's last sequence number is the one it knows, it validates a
/// record against its copy — applying it to the replayed portfolio, or, for a back-dated
/// record, replaying its records with the new one in place: the same rules and messages as
/// [`append_record`] — and appends with the store's check that nobody appended meanwhile. When
/// another process has written, it reads the log again. Writes through one `Writer` queue: they
/// would otherwise race for the same sequence number.
#[derive(Debug, Default)]
pub struct Writer {
    log: tokio::sync::Mutex<Option<KnownLog>>,
}

impl Writer {
    /// A writer that reads the log at its first write.
    pub fn new() -> Writer {
        Writer::default()
    }

    /// Validates `record` against the log and appends it, or stores nothing and says why.
    pub async fn append(&self, store: &Store, record: Record, actor: &str) -> Result<Entry> {
        let mut guard = self.log.lock().await;
        let current = store.last_seq().await?;
        let mut log = match guard.take() {
            Some(log) if log.seq == current => log,
            _ => KnownLog::read(store).await?,
        };
        if let Err(e) = log.add(&record) {
            *guard = Some(log);
            return Err(e);
        }
        match store
            .append_after(log.seq, &[to_entry(&record, actor)])
            .await
        {
            Ok(mut stored) => {
                let entry = stored.remove(0);
                log.seq = entry.seq;
                *guard = Some(log);
                Ok(entry)
            }
            // Another process appended between our check and our write: start from the store.
            Err(StoreError::Conflict { .. }) => append_record(store, record, actor).await,
            Err(e) => Err(e.into()),
        }
    }
}

/// Parses a forecast configuration (the format of data/forecast.toml).
pub fn parse_forecast_config(file: &str, text: &str) -> Result<ForecastConfig> {
    let config: ForecastConfig = toml::from_str(text).map_err(|e| {
        let at = e.span().map_or(String::new(), |s| {
            format!(
                " (line {})",
                text.as_bytes()[..s.start]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    + 1
            )
        });
        AppError::Config {
            file: file.to_owned(),
            message: format!("{}{at}", e.message()),
        }
    })?;
    config.validate().map_err(|e| AppError::Config {
        file: file.to_owned(),
        message: e.to_string(),
    })?;
    Ok(config)
}

/// The shipped forecast configuration.
pub fn default_forecast_config() -> ForecastConfig {
    parse_forecast_config(FORECAST_DEFAULTS.file, FORECAST_DEFAULTS.text)
        .expect("data/forecast.toml is valid (checked by a test)")
}

/// A target's status and forecast as of a date, ready to print or serve. Serialised as the
/// JSON of `imvo target --json` (and the API): `signed` of `target` by `deadline`, with the
/// forecast's `expected` count and `probability` of meeting it at the top level.
#[derive(Debug, Clone, Serialize)]
pub struct TargetReport {
    /// The target's id.
    pub target_id: Id,
    /// The target as worded by its source.
    pub description: imvo_domain::Text,
    /// The status date.
    pub as_of: NaiveDate,
    /// Covenants that count on the status date.
    pub signed: u32,
    /// Covenants required (the target number).
    pub target: u32,
    /// Signings must be before this date.
    pub deadline: NaiveDate,
    /// True when the status date is on or after the deadline (the count is final).
    pub deadline_passed: bool,
    /// True when enough covenants count.
    pub met: bool,
    /// Expected number counting at the deadline (from the forecast).
    pub expected: f64,
    /// Probability of meeting the target at the deadline (from the forecast).
    pub probability: f64,
    /// The covenants that count, in signing order.
    pub counted: Vec<CountedCovenant>,
    /// The full forecast: distribution, percentiles, per-trajectory chances, duration sources.
    pub forecast: Forecast,
}

/// A covenant that counts towards a target.
#[derive(Debug, Clone, Serialize)]
pub struct CountedCovenant {
    /// Its id.
    pub id: Id,
    /// Its name.
    pub name: imvo_domain::Text,
    /// When it was signed.
    pub signed: NaiveDate,
    /// The precision of the signing date.
    pub precision: DatePrecision,
}

/// The status and forecast of a target (the only one, or `target` when given) as of `as_of`.
pub fn target_report(
    portfolio: &Portfolio,
    target: Option<&Id>,
    config: &ForecastConfig,
) -> Result<TargetReport> {
    let t = match target {
        Some(id) => portfolio.target(id).ok_or_else(|| {
            AppError::NoTarget(format!(
                "no target {id:?} on this date; known: {}",
                known(portfolio)
            ))
        })?,
        None => match portfolio.targets() {
            [] => {
                return Err(AppError::NoTarget(
                    "no policy target on this date; load the datasets or pick a later --as-of"
                        .into(),
                ));
            }
            [only] => only,
            _ => {
                return Err(AppError::NoTarget(format!(
                    "several targets; name one with --target: {}",
                    known(portfolio)
                )));
            }
        },
    };
    let status = portfolio.target_status(&t.spec.id).expect("target exists");
    let forecast = imvo_domain::forecast(portfolio, &t.spec.id, config)?;
    Ok(TargetReport {
        target_id: t.spec.id.clone(),
        description: t.spec.description.clone(),
        as_of: forecast.as_of,
        signed: status.signed,
        target: status.required,
        deadline: status.deadline,
        deadline_passed: status.deadline_passed,
        met: status.met,
        expected: forecast.expected,
        probability: forecast.probability,
        counted: status
            .counted
            .iter()
            .map(|c| CountedCovenant {
                id: c.spec.id.clone(),
                name: c.spec.name.clone(),
                signed: c.signed.date,
                precision: c.signed.precision,
            })
            .collect(),
        forecast,
    })
}

fn known(p: &Portfolio) -> String {
    let ids: Vec<_> = p.targets().iter().map(|t| t.spec.id.to_string()).collect();
    if ids.is_empty() {
        "none".into()
    } else {
        ids.join(", ")
    }
}
