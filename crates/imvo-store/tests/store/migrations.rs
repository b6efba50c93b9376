//! Schema versions, opening, and locations.

use imvo_store::{BackendKind, SCHEMA_VERSION, Store, StoreError};

use crate::support::TestDb;

both!(opening_brings_the_schema_to_the_current_version, |db| {
    assert_eq!(db.store.schema_version().await.unwrap(), SCHEMA_VERSION);
    // Opening again applies nothing and changes nothing.
    let again = Store::open(&db.location).await.unwrap();
    assert_eq!(again.schema_version().await.unwrap(), SCHEMA_VERSION);
    again.close().await;
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_backends_reach_the_same_schema_version() {
    let sqlite = TestDb::fresh(BackendKind::Sqlite).await;
    let postgres = TestDb::fresh(BackendKind::Postgres).await;
    let a = sqlite.store.schema_version().await;
    let b = postgres.store.schema_version().await;
    assert_eq!(sqlite.store.backend(), BackendKind::Sqlite);
    assert_eq!(postgres.store.backend(), BackendKind::Postgres);
    sqlite.remove().await;
    postgres.remove().await;
    assert_eq!(a.unwrap(), b.unwrap());
}

#[tokio::test]
async fn every_location_form_opens_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.db");
    for location in [
        path.display().to_string(),
        format!("sqlite:{}", path.display()),
        format!("sqlite://{}", path.display()),
        "sqlite::memory:".to_owned(),
    ] {
        let store = Store::open(&location)
            .await
            .unwrap_or_else(|e| panic!("{location}: {e}"));
        assert_eq!(store.backend(), BackendKind::Sqlite);
        store.close().await;
    }
    assert!(path.exists());
}

#[tokio::test]
async fn bad_locations_say_what_to_do() {
    let err = Store::open("mysql://u@h/d").await.unwrap_err();
    assert!(matches!(err, StoreError::BadLocation { .. }), "{err}");
    assert!(err.to_string().contains("postgres://"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no/such/folder/imvo.db");
    let err = Store::open(&missing.display().to_string())
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Open { .. }), "{err}");
    assert!(err.to_string().contains("folder exists"), "{err}");

    let url = crate::support::with_database(&crate::support::admin_url(), "imvo_no_such_database");
    let err = Store::open(&url).await.unwrap_err();
    assert!(err.to_string().contains("createdb"), "{err}");

    // Not a SQLite database at all.
    let junk = dir.path().join("junk.db");
    std::fs::write(
        &junk,
        "this is not a database, just some text that is long enough ....",
    )
    .unwrap();
    let err = Store::open(&junk.display().to_string()).await.unwrap_err();
    assert!(err.to_string().contains("imvo store"), "{err}");
}
