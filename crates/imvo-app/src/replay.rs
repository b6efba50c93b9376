//! The portfolio as of a date: the latest valid snapshot, cut back to the date or continued
//! with the records after it (see [`crate::snapshot`] for the design); and the replays a write
//! is validated with: the log with the new record in its place.
//!
//! Decoding and applying records is CPU work that takes long on a long log; it runs on the
//! runtime's blocking threads (`spawn_blocking`), so a server's async workers keep answering
//! other requests meanwhile, and the CLI's single-threaded runtime is no different.

use std::sync::Arc;

use chrono::NaiveDate;
use imvo_domain::{ApplyError, Portfolio, Record, Section};
use imvo_store::{RawEntry, Snapshot, Store};
use tracing::{Instrument, debug, info_span, warn};

use crate::records::decode;
use crate::snapshot::{self, KEEP_SNAPSHOTS, SNAPSHOT_AFTER};
use crate::{AppError, Result};

/// The portfolio as of `as_of` (everything when `None`).
pub async fn portfolio(store: &Store, as_of: Option<NaiveDate>) -> Result<Portfolio> {
    let seq = store.last_seq().await?;
    replay(store, as_of, seq)
        .instrument(info_span!("replay", as_of = ?as_of, seq))
        .await
}

/// Runs CPU work off the async runtime.
pub(crate) async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    match tokio::task::spawn_blocking(work).await {
        Ok(v) => v,
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

/// The replay as of `as_of` of the entries up to `seq`: the latest valid snapshot, cut back to
/// `as_of` when that is not after it; else continued with every entry after it, to the end of
/// the log, then cut back. Saves the result as a new snapshot when that applied many entries,
/// or had to decode a large section of the snapshot to apply them (an event, an activity, a
/// measurement …): the next replay then starts from the end of the log and decodes nothing.
async fn replay(store: &Store, as_of: Option<NaiveDate>, seq: i64) -> Result<Portfolio> {
    let (base, through) = start(store, seq).await?;
    if let (Some(t), Some(d)) = (through, as_of)
        && d <= t
    {
        return Ok(dated(base, as_of));
    }
    let entries = store.raw_entries_between(through, None, seq).await?;
    let applied = entries.len();
    let mut p = apply_all(base, entries).await?;
    debug!(from = ?through, applied, "replayed");
    let decoded = Section::LARGE.iter().any(|s| p.is_decoded(*s));
    if applied >= SNAPSHOT_AFTER || (applied > 0 && decoded) {
        p = save(store, p, seq).await?;
    }
    Ok(dated(p, as_of))
}

/// The replay of the whole log up to `seq`, every section decoded: what a long-running
/// process keeps (see [`crate::Head`]). Saves a new snapshot when it applied many records.
pub(crate) async fn whole(store: &Store, seq: i64) -> Result<Portfolio> {
    let (p, applied) = continued(store, None, seq)
        .instrument(info_span!("replay", seq))
        .await?;
    let mut p = if applied >= SNAPSHOT_AFTER {
        save(store, p, seq).await?
    } else {
        p
    };
    p.set_as_of(None);
    Ok(blocking(move || {
        snapshot::decode_all(&mut p);
        p
    })
    .await)
}

/// Saves the replay as of `through` (the end of the log when `None`) as a snapshot, however
/// few records it holds, and returns the date it is through (the date of its last record;
/// `None` when there is nothing to save). Replays make snapshots by themselves when they
/// replay many records; this is for a loader that wants them at once (and for tests).
pub async fn take_snapshot(store: &Store, through: Option<NaiveDate>) -> Result<Option<NaiveDate>> {
    let seq = store.last_seq().await?;
    let (p, _) = continued(store, through, seq).await?;
    let p = dated(p, through);
    match p.last_applied() {
        Some(last) => {
            save(store, p, seq).await?;
            Ok(Some(last))
        }
        None => Ok(None),
    }
}

/// The replay as of the end of the log with `record` in its place among the entries up to
/// `seq`: the validation of a new record, from the latest valid snapshot. A refusal says what
/// the new record breaks, or which later record it would make invalid — the same messages as a
/// full replay of the log with the record at its end.
pub(crate) async fn replay_with(store: &Store, record: Record, seq: i64) -> Result<Portfolio> {
    let (base, through) = start(store, seq).await?;
    insert(store, Arc::new(base), through, record, seq).await
}

/// The replay of the entries up to `seq` with `record` in its place, from `base`: the replay of
/// those entries through `through` (none when `None`). `base` is cut back to the record's date
/// when it reaches past it; then come the entries up to that date, the record (with the highest
/// sequence number, after every entry of its date) and the entries after it.
pub(crate) async fn insert(
    store: &Store,
    base: Arc<Portfolio>,
    through: Option<NaiveDate>,
    record: Record,
    seq: i64,
) -> Result<Portfolio> {
    let date = record.date;
    let (base, from) = match through {
        Some(t) if t > date => (blocking(move || base.rewind(date)).await, Some(date)),
        _ => (Arc::unwrap_or_clone(base), through),
    };
    let before = store.raw_entries_between(from, Some(date), seq).await?;
    let after = store.raw_entries_between(Some(date), None, seq).await?;
    debug!(from = ?from, before = before.len(), after = after.len(), "a record in its place");
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

/// `whole`, the replay of the entries up to an earlier state, brought to the entries up to
/// `seq`: cut back to the day before `earliest`, the earliest date among the new entries, and
/// continued with the entries after that day. Saves a snapshot when that applied many.
pub(crate) async fn resume(
    store: &Store,
    whole: Arc<Portfolio>,
    earliest: NaiveDate,
    seq: i64,
) -> Result<Portfolio> {
    let from = earliest.pred_opt().unwrap_or(earliest);
    let base = blocking(move || whole.rewind(from)).await;
    let entries = store.raw_entries_between(Some(from), None, seq).await?;
    let applied = entries.len();
    let mut p = apply_all(base, entries).await?;
    if applied >= SNAPSHOT_AFTER {
        p = save(store, p, seq).await?;
    }
    p.set_as_of(None);
    Ok(p)
}

/// The latest valid snapshot continued with the entries effective after it and on or before
/// `until` (all when `None`), among the entries up to `seq`; with how many were applied.
async fn continued(
    store: &Store,
    until: Option<NaiveDate>,
    seq: i64,
) -> Result<(Portfolio, usize)> {
    let (base, through) = start(store, seq).await?;
    let entries = match (through, until) {
        (Some(t), Some(u)) if u <= t => Vec::new(),
        _ => store.raw_entries_between(through, until, seq).await?,
    };
    let applied = entries.len();
    let p = apply_all(base, entries).await?;
    debug!(from = ?through, applied, "replayed");
    Ok((p, applied))
}

/// `p` as of `as_of`: cut back when that is before its last record, else only dated.
fn dated(mut p: Portfolio, as_of: Option<NaiveDate>) -> Portfolio {
    match (as_of, p.last_applied()) {
        (Some(d), Some(last)) if d < last => p.rewind(d),
        _ => {
            p.set_as_of(as_of);
            p
        }
    }
}

/// `base` with the stored `entries` applied, in order, off the runtime.
async fn apply_all(base: Portfolio, entries: Vec<RawEntry>) -> Result<Portfolio> {
    if entries.is_empty() {
        return Ok(base);
    }
    blocking(move || {
        let mut p = base;
        for r in decode(&entries)? {
            p.apply_owned(r).map_err(inconsistent)?;
        }
        Ok(p)
    })
    .await
}

/// Where a replay of the entries up to `seq` starts: the latest valid snapshot made at that
/// state or earlier, whatever its date, and that date; or an empty portfolio, also when that
/// snapshot does not decode (it is a cache: the replay from the first record makes a good one
/// to replace it). Only the snapshot's core is decoded here (see [`crate::snapshot`]).
async fn start(store: &Store, seq: i64) -> Result<(Portfolio, Option<NaiveDate>)> {
    let Some(s) = store.latest_snapshot(snapshot::format(), seq).await? else {
        return Ok((Portfolio::new(), None));
    };
    let through = s.through;
    match blocking(move || snapshot::decode(s.data)).await {
        Ok(p) => {
            debug!(%through, records = p.record_count(), "from snapshot");
            Ok((p, Some(through)))
        }
        Err(e) => {
            warn!(%through, error = %e, "ignoring a replay snapshot");
            Ok((Portfolio::new(), None))
        }
    }
}

/// Saves `p`, the replay of the entries up to `seq`, as a snapshot through the date of its last
/// record; hands `p` back, dated that day.
async fn save(store: &Store, mut p: Portfolio, seq: i64) -> Result<Portfolio> {
    let Some(through) = p.last_applied() else {
        return Ok(p);
    };
    p.set_as_of(None);
    let (p, data) = blocking(move || {
        let data = snapshot::encode(&p);
        (p, data)
    })
    .await;
    let s = Snapshot {
        format: snapshot::format().to_owned(),
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
pub(crate) fn inconsistent(e: ApplyError) -> AppError {
    AppError::Inconsistent(e.to_string())
}
