//! Replay snapshots: found by date, ignored once a back-dated record makes them stale, pruned.

use chrono::NaiveDate;
use imvo_store::{NewEntry, Snapshot};
use serde_json::json;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

fn entry(effective: NaiveDate) -> NewEntry {
    NewEntry {
        effective,
        kind: "k".into(),
        payload: json!({}),
        source: "s".into(),
        actor: "test".into(),
    }
}

fn snapshot(through: NaiveDate, log_seq: i64) -> Snapshot {
    Snapshot {
        format: "f".into(),
        through,
        log_seq,
        records: log_seq,
        data: vec![0, 1, 2, 255],
    }
}

both!(
    snapshots_hold_until_a_record_is_dated_on_or_before_them,
    |db| {
        let s = &db.store;
        s.append(&[entry(date(2015, 1, 1)), entry(date(2016, 1, 1))])
            .await
            .unwrap();
        s.save_snapshot(&snapshot(date(2015, 1, 1), 2), 10)
            .await
            .unwrap();
        s.save_snapshot(&snapshot(date(2016, 1, 1), 2), 10)
            .await
            .unwrap();
        let found = s
            .snapshot_on_or_before("f", date(2015, 6, 1))
            .await
            .unwrap();
        assert_eq!(found, Some(snapshot(date(2015, 1, 1), 2)));
        assert!(
            s.snapshot_on_or_before("f", date(2014, 6, 1))
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            s.snapshot_on_or_before("other", date(2017, 1, 1))
                .await
                .unwrap()
                .is_none()
        );
        // A record dated after every snapshot leaves them all valid.
        s.append(&[entry(date(2017, 1, 1))]).await.unwrap();
        assert_eq!(
            s.snapshot_dates("f").await.unwrap(),
            [date(2015, 1, 1), date(2016, 1, 1)]
        );
        // A back-dated one makes those through its date and later stale, not the earlier ones.
        s.append(&[entry(date(2015, 7, 1))]).await.unwrap();
        assert_eq!(s.snapshot_dates("f").await.unwrap(), [date(2015, 1, 1)]);
        let found = s
            .snapshot_on_or_before("f", date(2016, 6, 1))
            .await
            .unwrap();
        assert_eq!(found.map(|f| f.through), Some(date(2015, 1, 1)));
        // Saving deletes the stale ones and keeps only the latest `keep`.
        s.save_snapshot(&snapshot(date(2017, 1, 1), 4), 1)
            .await
            .unwrap();
        assert_eq!(s.snapshot_dates("f").await.unwrap(), [date(2017, 1, 1)]);
        s.save_snapshot(&snapshot(date(2017, 1, 1), 4), 1)
            .await
            .unwrap();
        assert_eq!(s.snapshot_dates("f").await.unwrap(), [date(2017, 1, 1)]);
    }
);
