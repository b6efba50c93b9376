//! The portfolio as of a date: the nearest valid snapshot at or before it, then the records
//! after it (see [`crate::snapshot`] for the design).
//!
//! Decoding and applying records is CPU work that takes long on a long log; it runs on the
//! runtime's blocking threads (`spawn_blocking`), so a server's async workers keep answering
//! other requests meanwhile, and the CLI's single-threaded runtime is no different.

use chrono::NaiveDate;
use imvo_domain::{ApplyError, Portfolio, Record};
use imvo_store::{RawEntry, Snapshot, Store};
use tracing::{Instrument, debug, info_span};

use crate::records::decode;
use crate::snapshot::{self, FORMAT, KEEP_SNAPSHOTS, SNAPSHOT_AFTER};
use crate::{AppError, Result};

/// The portfolio as of `as_of` (everything when `None`).
pub async fn portfolio(store: &Store, as_of: Option<NaiveDate>) -> Result<Portfolio> {
    let seq = store.last_seq().await?;
    replay(store, as_of, seq).await
}

/// Runs CPU work off the async runtime.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    match tokio::task::spawn_blocking(work).await {
        Ok(v) => v,
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

/// The replay as of `as_of` of the entries up to `seq`, from the nearest valid snapshot on;
/// saves a new snapshot when it replayed many records.
pub(crate) async fn replay(store: &Store, as_of: Option<NaiveDate>, seq: i64) -> Result<Portfolio> {
    replay_inner(store, as_of, seq)
        .instrument(info_span!("replay", as_of = ?as_of, seq))
        .await
}

async fn replay_inner(store: &Store, as_of: Option<NaiveDate>, seq: i64) -> Result<Portfolio> {
    let (mut p, applied) = from_nearest_snapshot(store, as_of, seq).await?;
    if applied >= SNAPSHOT_AFTER
        && let Some(last) = p.last_applied()
    {
        p = save(store, p, last, seq).await?;
    }
    p.set_as_of(as_of);
    Ok(p)
}

/// Saves the replay as of `through` (the end of the log when `None`) as a snapshot, however
/// few records it holds, and returns the date it is through (the date of its last record;
/// `None` when there is nothing to save). Replays make snapshots by themselves when they
/// replay many records; this is for a loader that wants them at once (and for tests).
pub async fn take_snapshot(store: &Store, through: Option<NaiveDate>) -> Result<Option<NaiveDate>> {
    let seq = store.last_seq().await?;
    let (p, _) = from_nearest_snapshot(store, through, seq).await?;
    match p.last_applied() {
        Some(last) => {
            save(store, p, last, seq).await?;
            Ok(Some(last))
        }
        None => Ok(None),
    }
}

/// The replay as of the end of the log with `record` in its place among the entries up to
/// `seq`: the validation of a new record, from the nearest valid snapshot before its date. A
/// refusal says what the new record breaks, or which later record it would make invalid —
/// the same messages as a full replay of the log with the record at its end.
pub(crate) async fn replay_with(store: &Store, record: Record, seq: i64) -> Result<Portfolio> {
    let (base, through) = start(store, record.date).await?;
    let before = store
        .raw_entries_between(through, Some(record.date), seq)
        .await?;
    let after = store
        .raw_entries_between(Some(record.date), None, seq)
        .await?;
    blocking(move || -> Result<Portfolio> {
        let mut p = base;
        for r in decode(&before)? {
            p.apply_owned(r).map_err(inconsistent)?;
        }
        p.apply_owned(record).map_err(|e| AppError::rejected(&e))?;
        for r in decode(&after)? {
            let date = r.date;
            p.apply_owned(r).map_err(|e| AppError::Rejected {
                message: format!(
                    "a record dated {date} would then fail ({e}); record changes in date order"
                ),
                field: None,
            })?;
        }
        p.set_as_of(None);
        Ok(p)
    })
    .await
}

/// The replay as of `as_of` of the entries up to `seq`: the nearest valid snapshot with the
/// entries after it applied; with how many were applied.
async fn from_nearest_snapshot(
    store: &Store,
    as_of: Option<NaiveDate>,
    seq: i64,
) -> Result<(Portfolio, usize)> {
    let (base, through) = start(store, as_of.unwrap_or(NaiveDate::MAX)).await?;
    let entries = store.raw_entries_between(through, as_of, seq).await?;
    let applied = entries.len();
    let p = apply_all(base, entries).await?;
    debug!(from = ?through, applied, "replayed");
    Ok((p, applied))
}

/// `base` with the stored `entries` applied, in order, off the runtime.
async fn apply_all(base: Portfolio, entries: Vec<RawEntry>) -> Result<Portfolio> {
    blocking(move || {
        let mut p = base;
        for r in decode(&entries)? {
            p.apply_owned(r).map_err(inconsistent)?;
        }
        Ok(p)
    })
    .await
}

/// Where a replay as of `date` starts: the latest valid snapshot through `date` or earlier and
/// its date, or an empty portfolio.
async fn start(store: &Store, date: NaiveDate) -> Result<(Portfolio, Option<NaiveDate>)> {
    match store.snapshot_on_or_before(FORMAT, date).await? {
        Some(s) => {
            let through = s.through;
            let p = blocking(move || snapshot::decode(&s.data)).await?;
            debug!(%through, records = p.record_count(), "from snapshot");
            Ok((p, Some(through)))
        }
        None => Ok((Portfolio::new(), None)),
    }
}

/// Saves `p`, the replay of the records up to `seq` through `through`, as a snapshot; hands
/// `p` back.
async fn save(store: &Store, p: Portfolio, through: NaiveDate, seq: i64) -> Result<Portfolio> {
    let (p, data) = blocking(move || {
        let data = snapshot::encode(&p);
        (p, data)
    })
    .await;
    let s = Snapshot {
        format: FORMAT.to_owned(),
        through,
        log_seq: seq,
        records: i64::try_from(p.record_count()).unwrap_or(i64::MAX),
        data,
    };
    store.save_snapshot(&s, KEEP_SNAPSHOTS).await?;
    debug!(%through, bytes = s.data.len(), "snapshot saved");
    Ok(p)
}

/// A stored record that does not apply: the log is not one this program wrote.
fn inconsistent(e: ApplyError) -> AppError {
    AppError::Inconsistent(e.to_string())
}
