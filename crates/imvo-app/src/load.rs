//! Validate-and-append: datasets all-or-nothing, and one record at a time for a command.

use imvo_domain::{Portfolio, Record, ReplayError};
use imvo_store::{Entry, NewEntry, Store, StoreError};
use serde::Serialize;

use crate::records::{records, to_entry};
use crate::replay::replay_with;
use crate::{AppError, Dataset, DatasetError, Result, dataset};

/// How many times a validate-and-append is retried when another writer appended meanwhile.
pub(crate) const CONFLICT_RETRIES: usize = 5;

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
        let (mut all, last) = records(store, None).await?;
        let existing = all.len();
        let mut origin = Vec::new();
        for (d, ds) in datasets.iter().enumerate() {
            for (r, rec) in ds.records.iter().enumerate() {
                all.push(rec.clone());
                origin.push((d, r));
            }
        }
        if let Err(e) = Portfolio::replay(&all, None) {
            return Err(locate(e, existing, &origin, datasets));
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

/// Validates one record by replaying the store's log with it in its place (from the nearest
/// snapshot before its date), then appends it — or, when it breaks a rule, stores nothing and
/// says why.
pub async fn append_record(store: &Store, record: Record, actor: &str) -> Result<Entry> {
    let mut attempt = 0;
    loop {
        let last = store.last_seq().await?;
        replay_with(store, record.clone(), last).await?;
        match store.append_after(last, &[to_entry(&record, actor)]).await {
            Ok(mut stored) => return Ok(stored.remove(0)),
            Err(StoreError::Conflict { .. }) if attempt < CONFLICT_RETRIES => attempt += 1,
            Err(e) => return Err(e.into()),
        }
    }
}
