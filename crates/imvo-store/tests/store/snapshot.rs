//! Replay snapshots: the latest found, ignored once a back-dated record makes it stale or when it
//! was made at a later log state than the reader's, pruned.

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
    of_format("f", through, log_seq)
}

fn of_format(format: &str, through: NaiveDate, log_seq: i64) -> Snapshot {
    Snapshot {
        format: format.into(),
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
        let found = s.latest_snapshot("f", 2).await.unwrap();
        assert_eq!(found, Some(snapshot(date(2016, 1, 1), 2)));
        // Made at a later log state than the reader's: not for it.
        assert!(s.latest_snapshot("f", 1).await.unwrap().is_none());
        assert!(s.latest_snapshot("other", 2).await.unwrap().is_none());
        // A record dated after every snapshot leaves them all valid.
        s.append(&[entry(date(2017, 1, 1))]).await.unwrap();
        assert_eq!(
            s.snapshot_dates("f").await.unwrap(),
            [date(2015, 1, 1), date(2016, 1, 1)]
        );
        // A back-dated one makes those through its date and later stale, not the earlier ones.
        s.append(&[entry(date(2015, 7, 1))]).await.unwrap();
        assert_eq!(s.snapshot_dates("f").await.unwrap(), [date(2015, 1, 1)]);
        let found = s.latest_snapshot("f", 4).await.unwrap();
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
        // A snapshot of another format (another build's) replaces those of this one.
        s.save_snapshot(&of_format("other", date(2016, 1, 1), 4), 10)
            .await
            .unwrap();
        assert_eq!(s.snapshot_dates("f").await.unwrap(), []);
        assert_eq!(s.snapshot_dates("other").await.unwrap(), [date(2016, 1, 1)]);
    }
);
