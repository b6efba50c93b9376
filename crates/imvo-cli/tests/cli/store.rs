//! Tests of the store commands: init, export, import, load.

use std::path::Path;

use crate::support::{fails, imvo, ok};

/// A valid export file with two change records and one account, in the canonical layout.
fn sample_export() -> String {
    serde_json::to_string_pretty(&serde_json::json!({
        "format": "imvo-store-export",
        "format_version": 1,
        "schema_version": 3,
        "entries": [
            {"seq": 1, "effective": "2014-11-01", "recorded_at": "2026-01-02T03:04:05.123456Z",
             "kind": "note", "source": "DOMAIN.md", "actor": "dataset:test",
             "payload": {"text": "steenkoolconvenant"}},
            {"seq": 2, "effective": "2015-07-10", "recorded_at": "2026-01-02T03:04:06Z",
             "kind": "note", "source": "Kamerstuk 26 485 nr. 212", "actor": "anna",
             "payload": [1, 2.5, "drie"]}
        ],
        "accounts": [
            {"id": 1, "username": "anna", "display_name": "Anna", "role": "ministry",
             "organisation_id": null, "password_hash": "$argon2id$x", "active": true,
             "created_at": "2026-01-01T00:00:00Z"}
        ],
        "api_tokens": []
    }))
    .unwrap()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn init_creates_the_store_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(dir.path(), &["init"]);
    assert!(out.contains("Created") && out.contains("imvo.db"), "{out}");
    assert!(dir.path().join("imvo.db").exists());
    let again = ok(dir.path(), &["init"]);
    assert!(again.contains("exists and is empty"), "{again}");
    let out = ok(dir.path(), &["--db", "sqlite:other.db", "init"]);
    assert!(out.contains("other.db"), "{out}");
    assert!(dir.path().join("other.db").exists());
    let out = imvo(dir.path())
        .env("IMVO_DATABASE_URL", "third.db")
        .arg("init")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(dir.path().join("third.db").exists());
}

#[test]
fn export_import_export_gives_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("in.json"), sample_export()).unwrap();
    let out = ok(dir.path(), &["--db", "a.db", "import", "in.json"]);
    assert!(
        out.contains("Imported 2 change records, 1 accounts"),
        "{out}"
    );
    ok(dir.path(), &["--db", "a.db", "export", "one.json"]);
    ok(dir.path(), &["--db", "b.db", "import", "one.json"]);
    ok(dir.path(), &["--db", "b.db", "export", "two.json"]);
    let one = read(&dir.path().join("one.json"));
    assert_eq!(one, read(&dir.path().join("two.json")));
    assert!(one.contains("steenkoolconvenant") && one.contains("2026-01-02T03:04:05.123456Z"));
    // Export overwrites atomically and leaves no temporary file.
    ok(dir.path(), &["--db", "b.db", "export", "two.json"]);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(names.is_empty(), "temporary files left: {names:?}");
}

#[test]
fn export_and_import_across_sqlite_and_postgresql() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let admin = imvo_store::scratch::admin_url();
    let pg = rt
        .block_on(imvo_store::scratch::ScratchDatabase::create(
            &admin,
            "imvo_cli_test",
        ))
        .unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("in.json"), sample_export()).unwrap();
    let url = pg.url().to_owned();
    let url = url.as_str();
    let steps: Vec<(Vec<&str>, bool)> = vec![
        (vec!["--db", "a.db", "import", "in.json"], true),
        (vec!["--db", "a.db", "export", "one.json"], true),
        (vec!["--db", url, "import", "one.json"], true),
        (vec!["--db", url, "export", "two.json"], true),
        // Importing again into the now non-empty PostgreSQL store is refused.
        (vec!["--db", url, "import", "one.json"], false),
        (vec!["--db", url, "export", "three.json"], true),
    ];
    let outputs: Vec<_> = steps
        .iter()
        .map(|(args, _)| imvo(dir.path()).args(args).output().unwrap())
        .collect();
    rt.block_on(pg.drop_database()).unwrap();
    for ((args, success), out) in steps.iter().zip(&outputs) {
        assert_eq!(
            out.status.success(),
            *success,
            "imvo {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let refused = String::from_utf8_lossy(&outputs[4].stderr);
    assert!(
        refused.contains("not empty") && refused.contains("--db"),
        "{refused}"
    );
    let one = read(&dir.path().join("one.json"));
    assert_eq!(one, read(&dir.path().join("two.json")));
    assert_eq!(one, read(&dir.path().join("three.json")));
}

#[test]
fn a_bad_import_file_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.json"), sample_export()).unwrap();
    let broken = sample_export().replacen("\"seq\": 2", "\"seq\": \"two\"", 1);
    std::fs::write(dir.path().join("broken.json"), &broken).unwrap();
    std::fs::write(dir.path().join("garbage.json"), "{\n  \"format\": oops\n}").unwrap();

    // Into a store that does not exist yet: an error, and no store is created.
    let err = fails(dir.path(), &["--db", "new.db", "import", "broken.json"]);
    assert!(
        err.contains("broken.json") && err.contains("entries[1].seq"),
        "{err}"
    );
    assert!(err.contains("line "), "{err}");
    assert!(!dir.path().join("new.db").exists());
    let err = fails(dir.path(), &["--db", "new.db", "import", "garbage.json"]);
    assert!(
        err.contains("garbage.json") && err.contains("line 2"),
        "{err}"
    );
    let err = fails(dir.path(), &["--db", "new.db", "import", "missing.json"]);
    assert!(err.contains("cannot read missing.json"), "{err}");

    // Into a store with data: refused, and the store is byte-for-byte what it was.
    ok(dir.path(), &["import", "good.json"]);
    ok(dir.path(), &["export", "before.json"]);
    for file in ["broken.json", "good.json"] {
        let err = fails(dir.path(), &["import", file]);
        assert!(err.starts_with("error: "), "{err}");
    }
    let err = fails(dir.path(), &["import", "good.json"]);
    assert!(
        err.contains("is not empty") && err.contains("use a new --db path"),
        "{err}"
    );
    ok(dir.path(), &["export", "after.json"]);
    assert_eq!(
        read(&dir.path().join("before.json")),
        read(&dir.path().join("after.json"))
    );
}

#[test]
fn export_errors_name_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let err = fails(dir.path(), &["export", "out.json"]);
    assert!(
        err.contains("no store at imvo.db") && err.contains("imvo init"),
        "{err}"
    );
    assert!(
        !dir.path().join("imvo.db").exists(),
        "export does not create a store"
    );
    ok(dir.path(), &["init"]);
    let err = fails(dir.path(), &["export", "no/such/dir/out.json"]);
    assert!(err.contains("no/such/dir/out.json"), "{err}");
    let err = fails(dir.path(), &["--db", "mysql://x@y/z", "export", "out.json"]);
    assert!(
        err.contains("not supported") && err.contains("postgres://"),
        "{err}"
    );
}

/// A shipped dataset file of the repository.
fn dataset(name: &str) -> String {
    format!("{}/../../data/portfolio/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn load_stores_datasets_and_refuses_bad_ones_whole() {
    let dir = tempfile::tempdir().unwrap();
    let seed = dataset("seed-2015-07-10.toml");
    let history = dataset("history-2014-2019.toml");

    // A malformed dataset: refused with file and line, and no store is created.
    std::fs::write(
        dir.path().join("bad.toml"),
        "[dataset]\nid = \"bad\"\ntitle = \"bad\"\n\n[[record]]\ndate = \"2015-13-01\"\nkind = \"record_event\"\n",
    )
    .unwrap();
    let err = fails(dir.path(), &["load", "bad.toml"]);
    assert!(
        err.contains("bad.toml:") && err.contains("nothing was loaded"),
        "{err}"
    );
    assert!(
        !dir.path().join("imvo.db").exists(),
        "a refused load creates no store"
    );

    let out = ok(dir.path(), &["load", &seed, &history]);
    assert!(
        out.contains("seed-2015-07-10") && out.contains("change records"),
        "{out}"
    );
    ok(dir.path(), &["export", "before.json"]);

    // A good file together with a bad one: nothing of either is stored.
    let err = fails(dir.path(), &["load", &history, "bad.toml"]);
    assert!(err.contains("bad.toml:"), "{err}");
    // Loading the history a second time breaks the portfolio's rules: refused, nothing stored.
    let err = fails(dir.path(), &["load", &history]);
    assert!(err.contains("history-2014-2019.toml:"), "{err}");
    ok(dir.path(), &["export", "after.json"]);
    assert_eq!(
        read(&dir.path().join("before.json")),
        read(&dir.path().join("after.json"))
    );
}
