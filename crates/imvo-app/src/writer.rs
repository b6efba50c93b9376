//! The server's writer: validate-and-append one record at a time against a replay it keeps.

use imvo_domain::{ApplyError, Portfolio, Record};
use imvo_store::{Entry, Store, StoreError};

use crate::load::append_record;
use crate::records::to_entry;
use crate::replay::{replay, replay_with};
use crate::{AppError, Result};

/// The log as a [`Writer`] keeps it: its replay and the sequence number of its last record.
/// Not the records: a back-dated record is validated from the store (the nearest snapshot
/// before its date and the records after), which is rare enough not to keep the whole log in
/// memory for it.
#[derive(Debug)]
struct KnownLog {
    seq: i64,
    portfolio: Portfolio,
}

impl KnownLog {
    async fn read(store: &Store) -> Result<KnownLog> {
        let seq = store.last_seq().await?;
        let portfolio = replay(store, None, seq).await?;
        Ok(KnownLog { seq, portfolio })
    }

    /// Validates `record` as a full replay would and adds it to the known replay (not yet to
    /// the store). On a refusal the known replay is unchanged.
    async fn add(&mut self, store: &Store, record: &Record) -> Result<()> {
        match self.portfolio.apply(record) {
            Ok(()) => Ok(()),
            // Back-dated: the records after it must hold again.
            Err(ApplyError::OutOfOrder { .. }) => {
                self.portfolio = replay_with(store, record.clone(), self.seq).await?;
                Ok(())
            }
            Err(e) => Err(AppError::rejected(&e)),
        }
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
        if let Err(e) = log.add(store, &record).await {
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
