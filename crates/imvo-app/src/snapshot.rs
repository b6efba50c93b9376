//! Snapshots: saved replays, so that the portfolio as of a date is the nearest saved replay at
//! or before it plus the records after it, not the whole log.
//!
//! # Design
//!
//! - **What**: a snapshot is a [`Portfolio`] — the read model, which is all the state the rules
//!   need — serialised with serde. The portfolio keeps no records, so its size is that of the
//!   state, not of the log twice.
//! - **Where**: in the store, table `replay_snapshot` (migration 5, the same on SQLite and
//!   PostgreSQL; see `imvo_store::snapshot`), so the CLI, which starts afresh for every
//!   command, and every server on the same store share them, and a store moved by export and
//!   import simply rebuilds them (they are a cache: not exported, deletable at will).
//! - **When it holds**: a snapshot *through D at log state S* is the replay of every record
//!   effective on or before D among records 1..=S. It still is for the log as it is now exactly
//!   when no record appended after S is dated on or before D. A back-dated record therefore
//!   invalidates the snapshots through its date and later, and none before it. The store
//!   checks this in the query that finds the nearest snapshot, so a stale one is never read,
//!   whoever appended (this server, another one, the CLI).
//! - **How a replay uses one**: the portfolio as of A = the latest valid snapshot through
//!   D ≤ A, then the records effective in (D, A] in (effective, seq) order — the same order and
//!   the same checks as a full replay, so the result is the same (a test compares them for
//!   many dates, also after a back-dated record).
//! - **When one is made**: after a replay that applied at least [`SNAPSHOT_AFTER`] records
//!   beyond its starting point, its result is saved through the date of its last record (not
//!   through A, which may lie in the future: a snapshot through the last record's date is not
//!   invalidated by records added later between that date and A). Only the latest
//!   [`KEEP_SNAPSHOTS`] are kept: a replay as of an early date has few records to apply
//!   anyway, and the snapshots that pay are those of late dates, where the state is large.
//! - **Encoding**: JSON ([`FORMAT`] names it and its version; a reader ignores snapshots of
//!   other formats, so a change of encoding or of the portfolio's shape needs only a new name).
//!   The read model's types already serialise to JSON for the API, the indexes are rebuilt on
//!   reading, and JSON needs no schema of its own. It is not the fastest encoding: decoding the
//!   state of a million records takes a good part of a second (see BENCHMARKS.md), which a
//!   binary encoding of the read model would cut further.

use imvo_domain::Portfolio;

use crate::{AppError, Result};

/// The name of the encoding of the snapshots this build writes and reads.
pub const FORMAT: &str = "portfolio-json-1";

/// A replay that applied at least this many records beyond its starting point saves its result.
/// Below it, replaying the records again costs less than reading a snapshot would save.
pub const SNAPSHOT_AFTER: usize = 20_000;

/// How many snapshots are kept (the latest by date).
pub const KEEP_SNAPSHOTS: usize = 4;

/// A portfolio as snapshot bytes.
pub fn encode(p: &Portfolio) -> Vec<u8> {
    serde_json::to_vec(p).expect("a portfolio serialises to JSON")
}

/// Snapshot bytes back as the portfolio they were made from.
pub fn decode(data: &[u8]) -> Result<Portfolio> {
    serde_json::from_slice(data)
        .map_err(|e| AppError::Inconsistent(format!("a replay snapshot does not decode: {e}")))
}
