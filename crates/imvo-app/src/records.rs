//! Records in the store: one record is one change-log entry (see the crate documentation), and
//! the reads that turn entries back into records.

use chrono::NaiveDate;
use imvo_domain::{DatePrecision, Record, Source};
use imvo_store::{Entry, NewEntry, RawEntry, Store};
use serde::{Deserialize, Serialize};

use crate::{AppError, Result};

/// The payload of a stored record (everything but the date, which is the entry's `effective`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Payload {
    #[serde(default)]
    date_precision: DatePrecision,
    source: Source,
    change: imvo_domain::Change,
}

/// [`Payload`] borrowed from a record, to write one without copying the record.
#[derive(Serialize)]
struct PayloadRef<'a> {
    date_precision: DatePrecision,
    source: &'a Source,
    change: &'a imvo_domain::Change,
}

/// Turns a record into a store entry recorded by `actor`.
pub fn to_entry(record: &Record, actor: &str) -> NewEntry {
    let payload = PayloadRef {
        date_precision: record.date_precision,
        source: &record.source,
        change: &record.change,
    };
    NewEntry {
        effective: record.date,
        kind: record.change.kind().to_owned(),
        payload: serde_json::to_value(&payload).expect("records serialise to JSON"),
        source: record.source.citation(),
        actor: actor.to_owned(),
    }
}

/// A decoded payload as the record of entry `seq`, checking it against the entry's kind.
fn to_record(
    seq: i64,
    date: NaiveDate,
    kind: &str,
    payload: serde_json::Result<Payload>,
) -> Result<Record> {
    let unreadable = |message| AppError::Unreadable { seq, message };
    let p = payload.map_err(|e| unreadable(e.to_string()))?;
    if p.change.kind() != kind {
        return Err(unreadable(format!(
            "kind {kind:?} differs from its payload's {:?}",
            p.change.kind()
        )));
    }
    Ok(Record {
        date,
        date_precision: p.date_precision,
        source: p.source,
        change: p.change,
    })
}

/// Reads a stored entry back as a record.
pub fn from_entry(entry: &Entry) -> Result<Record> {
    let payload = Payload::deserialize(&entry.payload);
    to_record(entry.seq, entry.effective, &entry.kind, payload)
}

/// Reads a change-log row back as a record, parsing its payload text once.
fn from_raw(entry: &RawEntry) -> Result<Record> {
    let payload = serde_json::from_str(&entry.payload);
    to_record(entry.seq, entry.effective, &entry.kind, payload)
}

/// Below this many entries, decoding on one thread is as quick as starting others.
const PARALLEL_FROM: usize = 4096;

/// Decodes rows into records, in order. Decoding is most of a replay's cost and each row is
/// independent, so a long list is cut into one slice per core, decoded side by side.
pub(crate) fn decode(entries: &[RawEntry]) -> Result<Vec<Record>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || entries.len() < PARALLEL_FROM {
        return entries.iter().map(from_raw).collect();
    }
    let chunk = entries.len().div_ceil(threads);
    let parts: Vec<Result<Vec<Record>>> = std::thread::scope(|s| {
        let handles: Vec<_> = entries
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(from_raw).collect()))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("decoding does not panic"))
            .collect()
    });
    let mut out = Vec::with_capacity(entries.len());
    for part in parts {
        out.extend(part?);
    }
    Ok(out)
}

/// The records effective after `after` and on or before `until` (`None`: open), among the
/// entries up to `max_seq`, in replay order.
pub(crate) async fn records_between(
    store: &Store,
    after: Option<NaiveDate>,
    until: Option<NaiveDate>,
    max_seq: i64,
) -> Result<Vec<Record>> {
    let entries = store.raw_entries_between(after, until, max_seq).await?;
    decode(&entries)
}

/// Every record in the store effective on or before `until` (all when `None`), in replay
/// order, with the sequence number of the last entry read.
pub async fn records(store: &Store, until: Option<NaiveDate>) -> Result<(Vec<Record>, i64)> {
    // Read the last seq first: entries appended after it are simply seen by the next call,
    // and a validate-and-append against this seq fails with a conflict rather than going stale.
    let last = store.last_seq().await?;
    let records = records_between(store, None, until, last).await?;
    Ok((records, last))
}

/// The records effective after `from` and on or before `to`: "what changed since".
pub async fn changes(store: &Store, from: NaiveDate, to: NaiveDate) -> Result<Vec<Record>> {
    records_between(store, Some(from), Some(to), i64::MAX).await
}
