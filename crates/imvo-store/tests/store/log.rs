//! The change log: append, ordering, as-of queries, atomicity, concurrency, append-only.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use imvo_store::{AuditQuery, BackendKind, NewEntry, StoreError};
use serde_json::json;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

fn entry(effective: NaiveDate, kind: &str, n: i64) -> NewEntry {
    NewEntry {
        effective,
        kind: kind.into(),
        payload: json!({"n": n, "name": "Textiel en kleding — ‘convenant’", "x": 0.1}),
        source: "Kamerstuk 26 485 nr. 212, §2".into(),
        actor: "test".into(),
    }
}

both!(append_numbers_records_and_reads_them_back, |db| {
    let s = &db.store;
    assert_eq!(s.last_seq().await.unwrap(), 0);
    let stored = s
        .append(&[
            entry(date(2015, 7, 10), "a", 1),
            entry(date(2014, 11, 1), "b", 2),
        ])
        .await
        .unwrap();
    assert_eq!(stored.iter().map(|e| e.seq).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(
        stored[0].recorded_at, stored[1].recorded_at,
        "one batch, one moment"
    );
    let more = s.append(&[entry(date(2016, 3, 1), "c", 3)]).await.unwrap();
    assert_eq!(more[0].seq, 3);
    assert!(more[0].recorded_at >= stored[0].recorded_at);
    assert_eq!(s.last_seq().await.unwrap(), 3);
    // What append returned is exactly what a read returns (times truncated to microseconds).
    let all = s.entries_after_seq(0).await.unwrap();
    assert_eq!(all, [stored, more].concat());
    assert!(s.append(&[]).await.unwrap().is_empty());
    assert_eq!(s.last_seq().await.unwrap(), 3);
});

both!(entries_are_in_replay_order_and_filtered_as_of, |db| {
    let s = &db.store;
    // Appended out of date order; the same date twice (seq breaks the tie).
    s.append(&[entry(date(2016, 1, 1), "late", 1)])
        .await
        .unwrap();
    s.append(&[
        entry(date(2014, 11, 1), "early", 2),
        entry(date(2015, 7, 10), "mid-a", 3),
    ])
    .await
    .unwrap();
    s.append(&[entry(date(2015, 7, 10), "mid-b", 4)])
        .await
        .unwrap();
    let kinds = |v: Vec<imvo_store::Entry>| v.into_iter().map(|e| e.kind).collect::<Vec<_>>();
    assert_eq!(
        kinds(s.entries(None).await.unwrap()),
        ["early", "mid-a", "mid-b", "late"]
    );
    assert_eq!(
        kinds(s.entries(Some(date(2015, 7, 10))).await.unwrap()),
        ["early", "mid-a", "mid-b"]
    );
    assert_eq!(
        kinds(s.entries(Some(date(2015, 7, 9))).await.unwrap()),
        ["early"]
    );
    assert!(
        s.entries(Some(date(2014, 10, 31)))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        kinds(
            s.entries_between(Some(date(2014, 11, 1)), Some(date(2015, 12, 31)))
                .await
                .unwrap()
        ),
        ["mid-a", "mid-b"]
    );
    assert_eq!(
        kinds(
            s.entries_between(Some(date(2015, 7, 10)), None)
                .await
                .unwrap()
        ),
        ["late"]
    );
    // Dates outside the storable years still compare sensibly.
    assert!(s.entries(Some(NaiveDate::MIN)).await.unwrap().is_empty());
    assert_eq!(s.entries(Some(NaiveDate::MAX)).await.unwrap().len(), 4);
    assert_eq!(
        kinds(s.entries_after_seq(2).await.unwrap()),
        ["mid-a", "mid-b"]
    );
});

both!(an_invalid_batch_stores_nothing, |db| {
    let s = &db.store;
    s.append(&[entry(date(2015, 1, 1), "kept", 0)])
        .await
        .unwrap();
    let mut bad = entry(date(2015, 1, 2), "x", 2);
    bad.actor = " ".into();
    let err = s
        .append(&[entry(date(2015, 1, 2), "ok", 1), bad])
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::InvalidEntry {
                index: 1,
                field: "actor",
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("nothing was stored"), "{err}");
    let mut far = entry(date(2015, 1, 2), "x", 3);
    far.effective = date(10000, 1, 1);
    assert!(matches!(
        s.append(&[far]).await.unwrap_err(),
        StoreError::InvalidEntry {
            index: 0,
            field: "effective",
            ..
        }
    ));
    assert_eq!(s.last_seq().await.unwrap(), 1);
});

both!(a_batch_the_database_refuses_halfway_leaves_nothing, |db| {
    // Make the database itself refuse the third record of a batch, after two inserts succeeded
    // inside the transaction: the whole batch must roll back.
    let trigger = match db.kind {
        BackendKind::Sqlite => {
            "CREATE TRIGGER poison BEFORE INSERT ON change_log WHEN NEW.kind = 'poison' \
             BEGIN SELECT RAISE(ABORT, 'poisoned'); END;"
        }
        _ => {
            "CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
               IF NEW.kind = 'poison' THEN RAISE EXCEPTION 'poisoned'; END IF; RETURN NEW; END $$; \
             CREATE TRIGGER poison BEFORE INSERT ON change_log FOR EACH ROW EXECUTE FUNCTION poison();"
        }
    };
    db.raw(trigger).await.unwrap();
    let s = &db.store;
    s.append(&[entry(date(2015, 1, 1), "before", 0)])
        .await
        .unwrap();
    let err = s
        .append(&[
            entry(date(2015, 1, 2), "one", 1),
            entry(date(2015, 1, 3), "two", 2),
            entry(date(2015, 1, 4), "poison", 3),
        ])
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Database {
                action: "appending to the change log",
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("poisoned"), "{err}");
    assert_eq!(s.last_seq().await.unwrap(), 1);
    assert_eq!(s.entries(None).await.unwrap().len(), 1);
    // The log goes on from where it was.
    assert_eq!(
        s.append(&[entry(date(2015, 1, 5), "after", 4)])
            .await
            .unwrap()[0]
            .seq,
        2
    );
});

both!(concurrent_appends_get_distinct_gapless_numbers, |db| {
    const TASKS: usize = 2;
    const BATCHES: usize = 40;
    const SIZE: usize = 3;
    let mut handles = Vec::new();
    for t in 0..TASKS {
        let store = db.store.clone();
        handles.push(tokio::spawn(async move {
            let mut seqs = Vec::new();
            for b in 0..BATCHES {
                let batch: Vec<_> = (0..SIZE)
                    .map(|i| entry(date(2015, 1, 1), &format!("t{t}"), (b * SIZE + i) as i64))
                    .collect();
                let stored = store
                    .append(&batch)
                    .await
                    .expect("a concurrent append succeeds");
                let s: Vec<i64> = stored.iter().map(|e| e.seq).collect();
                // A batch is numbered consecutively: nothing interleaves inside it.
                assert!(
                    s.windows(2).all(|w| w[1] == w[0] + 1),
                    "batch not consecutive: {s:?}"
                );
                seqs.extend(s);
            }
            seqs
        }));
    }
    let mut all = BTreeSet::new();
    for h in handles {
        for s in h.await.unwrap() {
            assert!(all.insert(s), "seq {s} given twice");
        }
    }
    let n = (TASKS * BATCHES * SIZE) as i64;
    assert_eq!(all, (1..=n).collect::<BTreeSet<_>>());
    assert_eq!(db.store.last_seq().await.unwrap(), n);
    let log = db.store.entries_after_seq(0).await.unwrap();
    assert!(
        log.windows(2).all(|w| w[0].recorded_at <= w[1].recorded_at),
        "recorded_at follows seq"
    );
});

both!(append_after_refuses_a_stale_view, |db| {
    let s = &db.store;
    s.append_after(0, &[entry(date(2015, 1, 1), "a", 1)])
        .await
        .unwrap();
    let err = s
        .append_after(0, &[entry(date(2015, 1, 1), "b", 2)])
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Conflict {
                expected: 0,
                found: 1
            }
        ),
        "{err}"
    );
    assert_eq!(s.last_seq().await.unwrap(), 1);
    assert_eq!(
        s.append_after(1, &[entry(date(2015, 1, 1), "b", 2)])
            .await
            .unwrap()[0]
            .seq,
        2
    );
});

both!(audit_log_lists_newest_first_by_actor, |db| {
    let s = &db.store;
    let mut a = entry(date(2015, 1, 1), "a", 1);
    a.actor = "anna".into();
    let mut b = entry(date(2010, 1, 1), "b", 2);
    b.actor = "bert".into();
    s.append(&[a.clone()]).await.unwrap();
    let middle = s.append(&[b]).await.unwrap()[0].recorded_at;
    s.append(&[a]).await.unwrap();
    let all = s.audit_log(&AuditQuery::default()).await.unwrap();
    assert_eq!(all.iter().map(|e| e.seq).collect::<Vec<_>>(), [3, 2, 1]);
    let anna = s
        .audit_log(&AuditQuery {
            actor: Some("anna".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(anna.iter().map(|e| e.seq).collect::<Vec<_>>(), [3, 1]);
    let last = s
        .audit_log(&AuditQuery {
            limit: Some(1),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(last.len(), 1);
    assert_eq!(last[0].seq, 3);
    let since = s
        .audit_log(&AuditQuery {
            recorded_from: Some(middle),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(since.iter().all(|e| e.recorded_at >= middle) && since.iter().any(|e| e.seq == 2));
    let before = s
        .audit_log(&AuditQuery {
            recorded_before: Some(middle),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(before.iter().all(|e| e.recorded_at < middle));
});

both!(the_database_refuses_to_change_or_remove_records, |db| {
    db.store
        .append(&[entry(date(2015, 1, 1), "a", 1)])
        .await
        .unwrap();
    let update = db
        .raw("UPDATE change_log SET kind = 'forged'")
        .await
        .unwrap_err();
    assert!(update.to_string().contains("append-only"), "{update}");
    let delete = db.raw("DELETE FROM change_log").await.unwrap_err();
    assert!(delete.to_string().contains("append-only"), "{delete}");
    assert_eq!(db.store.entries(None).await.unwrap()[0].kind, "a");
});

both!(a_second_handle_sees_the_same_log, |db| {
    db.store
        .append(&[entry(date(2015, 1, 1), "a", 1)])
        .await
        .unwrap();
    let other = imvo_store::Store::open(&db.location).await.unwrap();
    assert_eq!(other.last_seq().await.unwrap(), 1);
    other
        .append(&[entry(date(2015, 1, 2), "b", 2)])
        .await
        .unwrap();
    other.close().await;
    assert_eq!(db.store.last_seq().await.unwrap(), 2);
});
