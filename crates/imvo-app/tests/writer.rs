//! The server's head validates writes as a full replay does: the same records are stored, the
//! same refusals given with the same messages, also for back-dated records and when another
//! process has written meanwhile; and what it reads as of a date is the full replay's.

use chrono::NaiveDate;
use imvo_app::dataset::{self, HISTORY, SEED};
use imvo_app::{Head, append_record};
use imvo_store::Store;

mod common;

use common::event;

async fn loaded(dir: &std::path::Path, name: &str) -> Store {
    let store = imvo_app::open(dir.join(name).to_str().unwrap())
        .await
        .unwrap();
    let datasets = [
        dataset::embedded(SEED).unwrap(),
        dataset::embedded(HISTORY).unwrap(),
    ];
    imvo_app::load_datasets(&store, &datasets).await.unwrap();
    store
}

fn outcome(r: imvo_app::Result<imvo_store::Entry>) -> Result<(i64, NaiveDate), String> {
    r.map(|e| (e.seq, e.effective)).map_err(|e| e.to_string())
}

#[test]
fn the_head_stores_and_refuses_what_a_full_replay_does() {
    imvo_app::block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (
            loaded(dir.path(), "a.db").await,
            loaded(dir.path(), "b.db").await,
        );
        let head = Head::new();
        let steps = [
            event("w-1", "2020-01-01", "textile"),
            event("w-2", "2020-01-01", "no-such-trajectory"),
            event("w-1", "2020-02-01", "textile"),
            event("w-3", "2020-03-01", "banks"),
            // Back-dated: validated with every later record again.
            event("w-4", "2015-08-01", "gold"),
            event("w-5", "2020-03-01", "textile"),
        ];
        let mut refused = 0;
        for r in steps {
            let via_head = outcome(head.append(&a, r.clone(), "test").await);
            let via_replay = outcome(append_record(&b, r, "test").await);
            assert_eq!(via_head, via_replay);
            refused += usize::from(via_head.is_err());
        }
        assert_eq!(refused, 2, "the unknown trajectory and the repeated id");
        assert_eq!(
            imvo_app::records(&a, None).await.unwrap(),
            imvo_app::records(&b, None).await.unwrap()
        );
    });
}

#[test]
fn the_head_sees_what_another_process_wrote() {
    imvo_app::block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let store = loaded(dir.path(), "s.db").await;
        let head = Head::new();
        head.append(&store, event("first", "2020-01-01", "textile"), "server")
            .await
            .unwrap();
        // The CLI appends behind the writer's back.
        append_record(&store, event("from-cli", "2020-01-02", "textile"), "cli")
            .await
            .unwrap();
        let err = head
            .append(&store, event("from-cli", "2020-01-03", "textile"), "server")
            .await
            .unwrap_err()
            .to_string();
        assert!(err.contains("from-cli"), "{err}");
        let last = store.last_seq().await.unwrap();
        let stored = head
            .append(&store, event("second", "2020-01-03", "textile"), "server")
            .await
            .unwrap();
        assert_eq!(stored.seq, last + 1);
    });
}
