//! A replay from a snapshot — cut back to a date or continued with the records after it — and
//! the server's head cut back to a date equal a full replay of the log, for every date, also
//! after back-dated records made some snapshots stale and the head catch up; and a snapshot that
//! does not decode, or is of another format, is never trusted: ignored, and replaced.

use chrono::{Days, NaiveDate};
use imvo_app::Head;
use imvo_app::dataset::{self, HISTORY, SEED};
use imvo_app::snapshot;
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

/// The replay through the store (from the latest snapshot) and the head cut back equal a full
/// replay, as JSON.
async fn same_as_full_replay(store: &Store, head: &Head) {
    let (all, seq) = imvo_app::records(store, None).await.unwrap();
    for date in dates(&all) {
        let full = serde_json::to_value(Portfolio::replay(&all, Some(date)).unwrap()).unwrap();
        let via_store = imvo_app::portfolio(store, Some(date)).await.unwrap();
        assert_eq!(
            serde_json::to_value(&via_store).unwrap(),
            full,
            "as of {date}"
        );
        let via_head = head.as_of(store, seq, date).await.unwrap();
        assert_eq!(
            serde_json::to_value(&via_head).unwrap(),
            full,
            "head as of {date}"
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
        assert_eq!(
            store.snapshot_dates(snapshot::format()).await.unwrap(),
            kept
        );
        let head = Head::new();
        same_as_full_replay(&store, &head).await;

        // A back-dated record: the snapshots through its date and later no longer hold, the
        // earlier ones still do, and every replay still equals the full one.
        let back = d("2016-01-15");
        imvo_app::append_record(&store, event("late-news", "2016-01-15", "textile"), "test")
            .await
            .unwrap();
        let valid = store.snapshot_dates(snapshot::format()).await.unwrap();
        assert_eq!(
            valid,
            kept.iter()
                .copied()
                .filter(|t| *t < back)
                .collect::<Vec<_>>()
        );
        same_as_full_replay(&store, &head).await;

        // New snapshots after it are valid again; the head sees the same log, also with its
        // own writes, in order and back-dated.
        imvo_app::take_snapshot(&store, None).await.unwrap();
        same_as_full_replay(&store, &head).await;
        for (id, date) in [("later-news", "2016-02-01"), ("latest-news", "2019-05-01")] {
            head.append(&store, event(id, date, "textile"), "test")
                .await
                .unwrap();
            same_as_full_replay(&store, &head).await;
        }
    });
}

#[test]
fn a_snapshot_that_does_not_decode_is_ignored_and_replaced() {
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
        let (all, seq) = imvo_app::records(&store, None).await.unwrap();
        let as_of = d("2016-06-30");
        let full = serde_json::to_value(Portfolio::replay(&all, Some(as_of)).unwrap()).unwrap();
        imvo_app::take_snapshot(&store, None).await.unwrap();
        let good = store
            .latest_snapshot(snapshot::format(), seq)
            .await
            .unwrap()
            .unwrap();
        assert!(snapshot::decode(good.data.clone()).is_ok());

        // A byte changed in a large section (its CRC no longer matches), the bytes cut short,
        // a header that overruns them, nothing at all.
        let mut flipped = good.data.clone();
        let at = flipped.len() - 10;
        flipped[at] ^= 0x40;
        let damaged = [
            flipped,
            good.data[..good.data.len() / 2].to_vec(),
            vec![0xff; 64],
            Vec::new(),
        ];
        for data in damaged {
            assert!(snapshot::decode(data.clone()).is_err());
            let bad = imvo_store::Snapshot {
                data,
                ..good.clone()
            };
            store
                .save_snapshot(&bad, snapshot::KEEP_SNAPSHOTS)
                .await
                .unwrap();
            let p = imvo_app::portfolio(&store, Some(as_of)).await.unwrap();
            assert_eq!(serde_json::to_value(&p).unwrap(), full);
            // The replay from the first record saved a good snapshot in the bad one's place.
            let now = store
                .latest_snapshot(snapshot::format(), seq)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(now.through, good.through);
            assert!(snapshot::decode(now.data).is_ok());
        }

        // A snapshot of another format (another build, another shape) is not read, and the
        // next snapshot saved replaces it.
        let format = "portfolio-sections-3-another-shape";
        let other = imvo_store::Snapshot {
            format: format.to_owned(),
            data: vec![1, 2, 3],
            ..good.clone()
        };
        store
            .save_snapshot(&other, snapshot::KEEP_SNAPSHOTS)
            .await
            .unwrap();
        let p = imvo_app::portfolio(&store, Some(as_of)).await.unwrap();
        assert_eq!(serde_json::to_value(&p).unwrap(), full);
        assert_eq!(store.snapshot_dates(format).await.unwrap(), []);
        assert_eq!(
            store.snapshot_dates(snapshot::format()).await.unwrap(),
            [good.through]
        );
    });
}
