//! `imvo demo` builds the due-diligence demo, and `imvo diligence …` reads and extends it.

use crate::support::{fails, ok};

#[test]
fn the_demo_builds_the_cycle_and_the_commands_read_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = ok(d, &["--db", "imvo.db", "demo", "--out", "out"]);
    assert!(out.contains("SYNTHETIC companies"), "{out}");
    for share in ["8 %", "63 %", "80 %"] {
        assert!(out.contains(share), "{share} missing from:\n{out}");
    }
    // The annual covenant report, in both languages and every format.
    for ext in ["nl.md", "en.md", "nl.html", "en.html", "nl.pdf", "en.pdf"] {
        let path = d.join(format!("out/jaarrapportage-textile-2020.{ext}"));
        assert!(
            std::fs::metadata(&path).is_ok_and(|m| m.len() > 1000),
            "{}",
            path.display()
        );
    }
    let md = std::fs::read_to_string(d.join("out/jaarrapportage-textile-2020.en.md")).unwrap();
    assert!(md.contains("| 2019 | 81 | 63%"), "{md}");

    let public = ok(
        d,
        &[
            "--db",
            "imvo.db",
            "diligence",
            "public",
            "--covenant",
            "textile",
            "--json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&public).unwrap();
    assert_eq!(v["members"].as_array().unwrap().len(), 90);
    assert_eq!(v["years"][0]["meets"]["value"].as_f64().unwrap(), 0.08);

    let bench = ok(
        d,
        &[
            "--db",
            "imvo.db",
            "diligence",
            "workbench",
            "--covenant",
            "textile",
            "--today",
            "2020-12-01",
            "--lang",
            "en",
        ],
    );
    assert!(bench.contains("awaiting assessment: 0"), "{bench}");

    // A step that breaks a rule is refused naming the field; nothing is stored.
    std::fs::write(
        d.join("join.json"),
        r#"{"action": "join", "company": "synthetic-textile-company-001", "name": "Again", "synthetic": true}"#,
    )
    .unwrap();
    let err = fails(
        d,
        &[
            "--db",
            "imvo.db",
            "diligence",
            "record",
            "--covenant",
            "textile",
            "--date",
            "2021-01-01",
            "join.json",
        ],
    );
    assert!(
        err.contains("company") && err.contains("member already"),
        "{err}"
    );

    // Re-scoring is deterministic: the same output twice.
    let args = [
        "--db",
        "imvo.db",
        "diligence",
        "rescore",
        "--covenant",
        "textile",
        "--year",
        "2019",
        "--framework",
        "oecd-six-steps",
        "--version",
        "1",
    ];
    let first = ok(d, &args);
    assert_eq!(first, ok(d, &args));
    assert!(first.contains("rescored"), "{first}");
}
