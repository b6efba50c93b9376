//! Export and import: lossless round trips across backends, refusals that change nothing.

use chrono::{Duration, NaiveDate, Utc};
use imvo_store::{
    BackendKind, Export, NewAccount, NewApiToken, NewEntry, Session, Store, StoreError,
};
use serde_json::json;

use crate::support::TestDb;

/// Fills a store with a bit of everything the export carries (and a session it must not).
async fn fill(s: &Store) {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    s.append_diligence(
        &[imvo_store::NewDiligenceEntry {
            covenant: "textile".into(),
            effective: d(2016, 7, 4),
            actor: "ser".into(),
            action: "join".into(),
            company: Some("c1".into()),
            year: None,
            payload: r#"{"date":"2016-07-04","actor":"ser","action":"join","company":"c1","name":"ë \"q\""}"#
                .into(),
        }],
        None,
    )
    .await
    .unwrap();
    s.save_framework(&imvo_store::StoredFramework {
        framework_id: "textile-covenant".into(),
        version: 1,
        sha256: "abc".into(),
        text: "format = \"imvo-framework-1\"\n".into(),
        loaded_by: "admin".into(),
    })
    .await
    .unwrap();
    s.append(&[
        NewEntry {
            effective: d(2015, 7, 10),
            kind: "phase_changed".into(),
            payload: json!({"trajectory": "textiel", "phase": "negotiating", "z": [1, 2.5, -3e-7, null, true],
                            "a": {"nested": "ëüï ‘quotes’ \"escaped\" \n newline \u{0} nul"}}),
            source: "Kamerstuk 26 485 nr. 212, §2.1".into(),
            actor: "dataset:seed-2015".into(),
        },
        NewEntry {
            effective: d(2014, 11, 1),
            kind: "covenant_signed".into(),
            payload: json!({"covenant": "steenkool", "big": 9007199254740993_i64, "f": 0.1}),
            source: "DOMAIN.md".into(),
            actor: "dataset:history".into(),
        },
    ])
    .await
    .unwrap();
    s.append(&[NewEntry {
        effective: d(2016, 3, 1),
        kind: "event".into(),
        payload: json!("a bare string"),
        source: "form".into(),
        actor: "anna".into(),
    }])
    .await
    .unwrap();
    let a = s
        .create_account(
            &NewAccount {
                username: "anna".into(),
                display_name: "Anna de Vries".into(),
                role: "ministry".into(),
                organisation_id: Some("bz".into()),
                password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
            },
            "admin",
        )
        .await
        .unwrap();
    let b = s
        .create_account(
            &NewAccount {
                username: "bot".into(),
                display_name: "Export bot".into(),
                role: "secretariat".into(),
                organisation_id: None,
                password_hash: "$argon2id$x".into(),
            },
            "admin",
        )
        .await
        .unwrap();
    s.set_active(b.id, false, "admin").await.unwrap();
    let t = s
        .create_api_token(
            &NewApiToken {
                account_id: a.id,
                name: "ci".into(),
                token_hash: "abc".into(),
            },
            "admin",
        )
        .await
        .unwrap();
    s.touch_api_token(t.id, imvo_store::time::now())
        .await
        .unwrap();
    s.create_api_token(
        &NewApiToken {
            account_id: b.id,
            name: "old".into(),
            token_hash: "def".into(),
        },
        "admin",
    )
    .await
    .unwrap();
    s.create_session(&Session {
        id_hash: "sess".into(),
        account_id: a.id,
        csrf_token: "csrf".into(),
        created_at: Utc::now(),
        expires_at: Utc::now() + Duration::hours(1),
    })
    .await
    .unwrap();
}

/// Export from `from`, import into `to`, export again; both files must be byte-identical, and
/// a third hop back to `from`'s backend too.
async fn round_trip(from: BackendKind, to: BackendKind) {
    let a = TestDb::fresh(from).await;
    let b = TestDb::fresh(to).await;
    let c = TestDb::fresh(from).await;
    fill(&a.store).await;
    let first = a.store.export().await.unwrap().to_json();
    let parsed = Export::from_json(&first, "first.json").unwrap();
    let summary = b.store.import(&parsed).await.unwrap();
    assert_eq!(
        (summary.entries, summary.accounts, summary.api_tokens),
        (3, 2, 2)
    );
    assert_eq!((summary.diligence_log, summary.frameworks), (1, 1));
    let second = b.store.export().await.unwrap().to_json();
    c.store
        .import(&Export::from_json(&second, "second.json").unwrap())
        .await
        .unwrap();
    let third = c.store.export().await.unwrap().to_json();
    // The imported store behaves like the original: the log goes on, accounts work.
    assert_eq!(b.store.last_seq().await.unwrap(), 3);
    assert_eq!(
        b.store.entries(None).await.unwrap(),
        a.store.entries(None).await.unwrap()
    );
    let next = b
        .store
        .append(&[NewEntry {
            effective: NaiveDate::from_ymd_opt(2017, 1, 1).unwrap(),
            kind: "k".into(),
            payload: json!(null),
            source: "s".into(),
            actor: "anna".into(),
        }])
        .await;
    let created = b
        .store
        .create_account(
            &NewAccount {
                username: "new".into(),
                display_name: "New".into(),
                role: "company".into(),
                organisation_id: None,
                password_hash: "h".into(),
            },
            "admin",
        )
        .await;
    let token = b.store.api_token("abc").await;
    let dd = b.store.diligence_entries("textile").await.unwrap();
    let dd_next = b
        .store
        .append_diligence(&[dd[0].entry.clone()], Some(1))
        .await;
    let session = b.store.session("sess", Utc::now()).await;
    for db in [a, b, c] {
        db.remove().await;
    }
    assert_eq!(first, second, "export → import → export changed the file");
    assert_eq!(first, third);
    assert!(first.contains("\"format\": \"imvo-store-export\""));
    assert!(!first.contains("csrf"), "sessions are not exported");
    assert_eq!(next.unwrap()[0].seq, 4);
    assert_eq!(created.unwrap().id, 3);
    assert_eq!(
        token.unwrap().expect("the token survives").1.username,
        "anna"
    );
    assert_eq!(session.unwrap(), None, "sessions do not survive");
    assert_eq!(dd.len(), 1);
    assert_eq!(dd_next.unwrap(), vec![2], "the due-diligence log goes on");
    assert!(first.contains("\"diligence_log\"") && first.contains("\"frameworks\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn round_trip_sqlite_to_postgres_is_lossless() {
    round_trip(BackendKind::Sqlite, BackendKind::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn round_trip_postgres_to_sqlite_is_lossless() {
    round_trip(BackendKind::Postgres, BackendKind::Sqlite).await;
}

both!(import_refuses_a_store_that_is_not_empty, |db| {
    fill(&db.store).await;
    let export = db.store.export().await.unwrap();
    let err = db.store.import(&export).await.unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::NotEmpty {
                entries: 3,
                accounts: 2,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("use a new --db path"), "{err}");
    assert_eq!(
        db.store.export().await.unwrap(),
        export,
        "the store is unchanged"
    );
});

both!(import_refuses_malformed_files_and_stores_nothing, |db| {
    let good = {
        let src = TestDb::fresh(db.kind).await;
        fill(&src.store).await;
        let text = src.store.export().await.unwrap().to_json();
        src.remove().await;
        text
    };
    let cases: Vec<(String, &str)> = vec![
        (
            "{\n  \"format\": \"imvo-store-export\",\n  oops".into(),
            "line 3",
        ),
        ("[]".into(), "not a JSON object"),
        ("".into(), "not valid JSON"),
        (
            good.replace("imvo-store-export", "something-else"),
            "not an imvo export",
        ),
        (
            good.replace("\"format_version\": 3", "\"format_version\": 7"),
            "newer imvo",
        ),
        (
            good.replacen("\"kind\": \"phase_changed\",", "", 1),
            "entries[0]",
        ),
        (
            good.replacen(
                "\"effective\": \"2015-07-10\"",
                "\"effective\": \"2015-13-10\"",
                1,
            ),
            "entries[0].effective",
        ),
        (
            good.replacen("\"seq\": 2", "\"seq\": 5", 1),
            "entries[1].seq",
        ),
        (
            good.replacen("\"role\": \"ministry\"", "\"role\": \"\"", 1),
            "accounts[0].role",
        ),
        (
            good.replacen("\"role\": \"ministry\"", "\"role\": \"root\"", 1),
            "accounts[0].role",
        ),
        (
            good.replacen("\"username\": \"bot\"", "\"username\": \"anna\"", 1),
            "accounts[1].username",
        ),
        (
            good.replacen("\"account_id\": 2", "\"account_id\": 9", 1),
            "api_tokens[1].account_id",
        ),
        (
            good.replacen("\"actor\": \"anna\"", "\"actor\": \"\"", 1),
            "entries[2].actor",
        ),
        (
            good.replacen("\"seq\": 1,", "\"seq\": 1, \"extra\": 1,", 1),
            "unknown field",
        ),
        (format!("{good} trailing"), "trailing characters"),
        (
            good.replacen("\"actor\": \"ser\"", "\"actor\": \" \"", 1),
            "diligence_log[0].actor",
        ),
        (
            good.replacen("\"loaded_by\": \"admin\"", "\"loaded_by\": \"\"", 1),
            "frameworks[0].loaded_by",
        ),
    ];
    for (text, expected) in cases {
        let err = Export::from_json(&text, "bad.json").unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, StoreError::BadExport { .. }), "{msg}");
        assert!(
            msg.contains("bad.json") && msg.contains(expected),
            "expected {expected:?} in: {msg}"
        );
    }
    // The missing-field error names the line too.
    let msg = Export::from_json(
        &good.replacen("\"kind\": \"phase_changed\",", "", 1),
        "bad.json",
    )
    .unwrap_err()
    .to_string();
    assert!(
        msg.contains("missing field `kind`") && msg.contains("line "),
        "{msg}"
    );
    assert_eq!(db.store.last_seq().await.unwrap(), 0);
    assert!(db.store.accounts().await.unwrap().is_empty());
});

#[test]
fn files_are_written_atomically_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.json");
    let export = Export {
        format: imvo_store::export::FORMAT.into(),
        format_version: imvo_store::export::FORMAT_VERSION,
        schema_version: imvo_store::SCHEMA_VERSION,
        entries: vec![],
        accounts: vec![],
        api_tokens: vec![],
        account_log: vec![],
        diligence_log: vec![],
        frameworks: vec![],
    };
    std::fs::write(&path, "old").unwrap();
    export.write_file(&path).unwrap();
    assert_eq!(Export::read_file(&path).unwrap(), export);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    let err = export
        .write_file(&dir.path().join("missing/export.json"))
        .unwrap_err();
    assert!(err.to_string().contains("missing/export.json"), "{err}");
    let err = Export::read_file(&dir.path().join("nope.json")).unwrap_err();
    assert!(err.to_string().contains("cannot read"), "{err}");
}
