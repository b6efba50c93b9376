//! A replay from a snapshot equals a full replay of the log, for every date, also after a
//! back-dated record made some snapshots stale.

use chrono::{Days, NaiveDate};
use imvo_app::dataset::{self, HISTORY, SEED};
use imvo_app::snapshot::FORMAT;
use imvo_domain::{Portfolio, Record};
use imvo_store::Store;

mod common;

use common::{d, event};

/// Every 45 days from the first record to a year after the last.
fn dates(records: &[Record]) -> Vec<NaiveDate> {
    let first = records.iter().map(|r| r.date).min().unwrap();
    let last = records.iter().map(|r| r.date).max().unwrap() + Days::new(365);
    std::iter::successors(Some(first - Days::new(1)), |d| Some(*d + Days::new(45)))
        .take_while(|d| *d <= last)
        .collect()
}

/// The replay through the store (from the nearest snapshot) equals a full replay, as JSON.
async fn same_as_full_replay(store: &Store) {
    let (all, _) = imvo_app::records(store, None).await.unwrap();
    for date in dates(&all) {
        let via_store = imvo_app::portfolio(store, Some(date)).await.unwrap();
        let full = Portfolio::replay(&all, Some(date)).unwrap();
        assert_eq!(
            serde_json::to_value(&via_store).unwrap(),
            serde_json::to_value(&full).unwrap(),
            "as of {date}"
        );
    }
}

#[test]
fn a_replay_from_a_snapshot_equals_a_full_replay() {
    imvo_app::block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let store = imvo_app::open(dir.path().join("s.db").to_str().unwrap())
            .await
            .unwrap();
        let datasets = [
            dataset::embedded(SEED).unwrap(),
            dataset::embedded(HISTORY).unwrap(),
        ];
        imvo_app::load_datasets(&store, &datasets).await.unwrap();
        let mut taken = Vec::new();
        for through in ["2014-12-31", "2015-07-10", "2016-06-30", "2017-12-31"] {
            taken.push(
                imvo_app::take_snapshot(&store, Some(d(through)))
                    .await
                    .unwrap()
                    .unwrap(),
            );
        }
        taken.push(
            imvo_app::take_snapshot(&store, None)
                .await
                .unwrap()
                .unwrap(),
        );
        taken.sort();
        taken.dedup();
        let kept: Vec<_> = taken
            .iter()
            .rev()
            .take(imvo_app::snapshot::KEEP_SNAPSHOTS)
            .rev()
            .copied()
            .collect();
        assert_eq!(store.snapshot_dates(FORMAT).await.unwrap(), kept);
        same_as_full_replay(&store).await;

        // A back-dated record: the snapshots through its date and later no longer hold, the
        // earlier ones still do, and every replay still equals the full one.
        let back = d("2016-01-15");
        imvo_app::append_record(&store, event("late-news", "2016-01-15", "textile"), "test")
            .await
            .unwrap();
        let valid = store.snapshot_dates(FORMAT).await.unwrap();
        assert_eq!(
            valid,
            kept.iter()
                .copied()
                .filter(|t| *t < back)
                .collect::<Vec<_>>()
        );
        same_as_full_replay(&store).await;

        // New snapshots after it are valid again, and the writer sees the same log.
        imvo_app::take_snapshot(&store, None).await.unwrap();
        same_as_full_replay(&store).await;
        let writer = imvo_app::Writer::new();
        writer
            .append(&store, event("later-news", "2016-02-01", "textile"), "test")
            .await
            .unwrap();
        same_as_full_replay(&store).await;
    });
}
