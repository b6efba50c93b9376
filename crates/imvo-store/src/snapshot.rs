//! Saved replays ("snapshots") of the change log, so that a reader as of a date starts from one
//! (cut back to the date, or continued with the records after it) instead of the whole log.
//!
//! The store keeps them as opaque bytes with what it needs to tell whether they still hold;
//! what the bytes mean (an encoded portfolio) is the replayer's business (`imvo_app::snapshot`).
//! A snapshot is a cache, not history: it is not exported, and any of them may be dropped.
//!
//! # When a snapshot holds
//!
//! A snapshot *through D at log state S* is the replay of every record with `effective ≤ D`
//! among records `1..=S`. The log only grows, so it stays the replay of every record with
//! `effective ≤ D` exactly as long as no record appended after `S` is dated on or before `D`:
//! a back-dated record invalidates every snapshot through its date or later, and none before
//! it. That is one `NOT EXISTS` over the records after `S` (a range of the primary key, short
//! in practice), checked on every read, so a stale snapshot is never used, whoever appended.
//! Stale rows are deleted when the next snapshot is saved.

use chrono::NaiveDate;

use crate::error::Result;
use crate::log::date_bound;
use crate::{Store, time};

/// One saved replay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// The encoding of `data` (its reader's name and version); readers look up only their own.
    pub format: String,
    /// It is the replay of every record effective on or before this date …
    pub through: NaiveDate,
    /// … among the records up to this sequence number.
    pub log_seq: i64,
    /// How many records it holds (informational).
    pub records: i64,
    /// The replay, encoded.
    pub data: Vec<u8>,
}

/// Holds for the log as it is now: no record appended after `log_seq` is dated on or before
/// `through_date`. The unary `+` keeps SQLite from looking the records up by date (the
/// `change_log_by_effective` index), which for a snapshot late in the log walks nearly every
/// record — 40 ms at a million records — instead of the few after `log_seq` by primary key.
/// It changes nothing else, on SQLite or PostgreSQL.
const VALID: &str = "NOT EXISTS (SELECT 1 FROM change_log c \
     WHERE c.seq > replay_snapshot.log_seq AND +c.effective <= replay_snapshot.through_date)";

impl Store {
    /// The latest snapshot of `format` that holds for the log as it is now and was made at log
    /// state `max_seq` or earlier, if any: one that a replay of the records up to `max_seq`
    /// can start from. (A snapshot saved meanwhile by another process, at a later state, may
    /// hold records after `max_seq`: a reader that then applies those records by sequence
    /// number would apply them twice.)
    pub async fn latest_snapshot(&self, format: &str, max_seq: i64) -> Result<Option<Snapshot>> {
        let sql = format!(
            "SELECT through_date, log_seq, records, data FROM replay_snapshot \
             WHERE format = $1 AND log_seq <= $2 AND {VALID} \
             ORDER BY through_date DESC LIMIT 1"
        );
        let row = self
            .run("reading a replay snapshot", async {
                Ok(with_pool!(self, |pool| {
                    sqlx::query_as::<_, (i64, i64, i64, Vec<u8>)>(sqlx::AssertSqlSafe(sql))
                        .bind(format)
                        .bind(max_seq)
                        .fetch_optional(pool)
                        .await?
                }))
            })
            .await?;
        row.map(|(through, log_seq, records, data)| {
            let through = time::int_to_date(through).ok_or_else(|| {
                self.corrupt(
                    format!("replay snapshot through {through}"),
                    "the date is not a yyyymmdd date",
                )
            })?;
            Ok(Snapshot {
                format: format.to_owned(),
                through,
                log_seq,
                records,
                data,
            })
        })
        .transpose()
    }

    /// The dates of the snapshots of `format` that hold for the log as it is now, in order.
    pub async fn snapshot_dates(&self, format: &str) -> Result<Vec<NaiveDate>> {
        let sql = format!(
            "SELECT through_date FROM replay_snapshot WHERE format = $1 AND {VALID} \
             ORDER BY through_date"
        );
        let rows = self
            .run("reading the replay snapshots", async {
                Ok(with_pool!(self, |pool| {
                    sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql))
                        .bind(format)
                        .fetch_all(pool)
                        .await?
                }))
            })
            .await?;
        Ok(rows.into_iter().filter_map(time::int_to_date).collect())
    }

    /// Saves `snapshot`, replacing one of the same format and date, deletes the snapshots that
    /// no longer hold and those of other formats (written by another build, which this one does
    /// not read), and keeps only the latest `keep` of its format.
    pub async fn save_snapshot(&self, snapshot: &Snapshot, keep: usize) -> Result<()> {
        const UPSERT: &str = "INSERT INTO replay_snapshot \
             (format, through_date, log_seq, records, data) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (format, through_date) DO UPDATE SET \
             log_seq = excluded.log_seq, records = excluded.records, data = excluded.data";
        const PRUNE: &str = "DELETE FROM replay_snapshot WHERE format <> $1 OR through_date NOT IN \
             (SELECT through_date FROM replay_snapshot WHERE format = $1 \
              ORDER BY through_date DESC LIMIT $2)";
        let stale = format!("DELETE FROM replay_snapshot WHERE NOT {VALID}");
        let keep = i64::try_from(keep).unwrap_or(i64::MAX);
        self.run("saving a replay snapshot", async {
            write_tx!(self, lock = "", |tx| {
                sqlx::query(sqlx::AssertSqlSafe(stale))
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(UPSERT)
                    .bind(&snapshot.format)
                    .bind(date_bound(snapshot.through))
                    .bind(snapshot.log_seq)
                    .bind(snapshot.records)
                    .bind(&snapshot.data)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(PRUNE)
                    .bind(&snapshot.format)
                    .bind(keep)
                    .execute(&mut *tx)
                    .await?;
            });
            Ok(())
        })
        .await
    }
}
