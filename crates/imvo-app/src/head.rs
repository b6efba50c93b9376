//! The head: the replay of the whole log, kept in memory by a long-running process (the
//! server) and shared by its reads and its writes.
//!
//! A read as of a date is the head cut back to it ([`Portfolio::rewind`]: a few milliseconds,
//! the large parts shared with the head, not copied). A write is validated against the head
//! with the new record applied (a clone, which shares the large parts too, and one record),
//! or, for a back-dated record, against the head cut back to the record's date with the record
//! and every later record applied again: the same rules and messages as [`append_record`],
//! which validates against a replay of the store. Appends are stored only if nobody appended
//! meanwhile (the store's check); writes through one head queue, as they would otherwise race
//! for the same sequence number. When another process has written, the head catches up with
//! the new entries: applied to a clone when none is back-dated, else cut back to the day
//! before the earliest and continued from the store; a great many at once are replayed from
//! the latest snapshot instead.

use std::sync::Arc;

use chrono::NaiveDate;
use imvo_domain::{Portfolio, Record};
use imvo_store::{Entry, Store, StoreError};
use tracing::debug;

use crate::load::append_record;
use crate::records::{from_entry, to_entry};
use crate::replay::{blocking, inconsistent, insert, resume, whole};
use crate::snapshot::SNAPSHOT_AFTER;
use crate::{AppError, Result};

/// The replay of the whole log as of some log state (see the module documentation).
#[derive(Debug, Default)]
pub struct Head {
    known: tokio::sync::Mutex<Option<Known>>,
}

/// The head at one log state.
#[derive(Debug, Clone)]
struct Known {
    /// The sequence number of the last entry replayed.
    seq: i64,
    portfolio: Arc<Portfolio>,
}

impl Head {
    /// A head that replays the log when first asked for.
    pub fn new() -> Head {
        Head::default()
    }

    /// The replay of the whole log at log state `seq` or later, with the state it is at.
    pub async fn at(&self, store: &Store, seq: i64) -> Result<(i64, Arc<Portfolio>)> {
        let mut guard = self.known.lock().await;
        let known = match guard.take() {
            Some(k) if k.seq >= seq => k,
            known => update(store, known, seq).await?,
        };
        *guard = Some(known.clone());
        Ok((known.seq, known.portfolio))
    }

    /// The portfolio as of `as_of` at log state `seq` or later: the head cut back to it.
    pub async fn as_of(&self, store: &Store, seq: i64, as_of: NaiveDate) -> Result<Portfolio> {
        let (_, head) = self.at(store, seq).await?;
        Ok(blocking(move || head.rewind(as_of)).await)
    }

    /// Validates `record` against the log and appends it, or stores nothing and says why.
    pub async fn append(&self, store: &Store, record: Record, actor: &str) -> Result<Entry> {
        let mut guard = self.known.lock().await;
        let current = store.last_seq().await?;
        let known = match guard.take() {
            Some(k) if k.seq >= current => k,
            known => update(store, known, current).await?,
        };
        let next = match with_record(store, &known, record.clone()).await {
            Ok(p) => p,
            Err(e) => {
                *guard = Some(known);
                return Err(e);
            }
        };
        match store
            .append_after(known.seq, &[to_entry(&record, actor)])
            .await
        {
            Ok(mut stored) => {
                let entry = stored.remove(0);
                *guard = Some(Known {
                    seq: entry.seq,
                    portfolio: Arc::new(next),
                });
                Ok(entry)
            }
            Err(e) => {
                *guard = Some(known);
                match e {
                    // Another process appended between our check and our write.
                    StoreError::Conflict { .. } => append_record(store, record, actor).await,
                    e => Err(e.into()),
                }
            }
        }
    }
}

/// The head brought to log state `seq` or later: caught up from `known` when it is not far
/// behind, else replayed from the latest snapshot.
async fn update(store: &Store, known: Option<Known>, seq: i64) -> Result<Known> {
    match known {
        Some(k) if usize::try_from(seq - k.seq).is_ok_and(|n| n < SNAPSHOT_AFTER) => {
            catch_up(store, k).await
        }
        _ => {
            let portfolio = whole(store, seq).await?;
            debug!(seq, records = portfolio.record_count(), "head replayed");
            Ok(Known {
                seq,
                portfolio: Arc::new(portfolio),
            })
        }
    }
}

/// `known` with the entries appended after it by another process.
async fn catch_up(store: &Store, known: Known) -> Result<Known> {
    let entries = store.entries_after_seq(known.seq).await?;
    let Some(seq) = entries.last().map(|e| e.seq) else {
        return Ok(known);
    };
    let mut records = entries.iter().map(from_entry).collect::<Result<Vec<_>>>()?;
    let earliest = records.iter().map(|r| r.date).min().expect("some entries");
    let head = known.portfolio;
    debug!(from = known.seq, to = seq, %earliest, "head catching up");
    let portfolio = if head.last_applied().is_some_and(|last| earliest < last) {
        resume(store, head, earliest, seq).await?
    } else {
        blocking(move || -> Result<Portfolio> {
            // The new entries in replay order: by date, in sequence within a date.
            records.sort_by_key(|r| r.date);
            let mut p = Portfolio::clone(&head);
            for r in records {
                p.apply_owned(r).map_err(inconsistent)?;
            }
            p.set_as_of(None);
            Ok(p)
        })
        .await?
    };
    Ok(Known {
        seq,
        portfolio: Arc::new(portfolio),
    })
}

/// The head with `record` in its place: applied to a clone when it is not dated before the
/// head's last record, else inserted at its date with the later records applied again.
async fn with_record(store: &Store, known: &Known, record: Record) -> Result<Portfolio> {
    let head = known.portfolio.clone();
    let last = head.last_applied();
    if last.is_some_and(|last| record.date < last) {
        return insert(store, head, last, record, known.seq).await;
    }
    blocking(move || {
        let mut p = Portfolio::clone(&head);
        p.apply_owned(record).map_err(|e| AppError::rejected(&e))?;
        Ok(p)
    })
    .await
}
