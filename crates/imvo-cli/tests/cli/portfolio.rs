//! Tests of the portfolio commands: `imvo portfolio`, `imvo target` and `imvo record …`.
//! Each test gets its own directory with a store loaded from the shipped datasets.

use std::path::Path;

use serde_json::Value;

use crate::support::{fails, ok, run};

/// A store in `dir/imvo.db` with both shipped datasets, loaded through the application layer
/// (the same loader `imvo load` and `imvo demo` use).
fn loaded(dir: &Path) {
    let db = dir.join("imvo.db");
    imvo_app::block_on(async {
        let store = imvo_app::open(db.to_str().unwrap()).await.unwrap();
        imvo_app::load_shipped(&store).await.unwrap();
        store.close().await;
    });
}

/// Every record in the store, to check that a refused command changed nothing.
fn log(dir: &Path) -> Vec<imvo_domain::Record> {
    let db = dir.join("imvo.db");
    imvo_app::block_on(async {
        let store = imvo_app::open_existing(db.to_str().unwrap()).await.unwrap();
        let (records, _) = imvo_app::records(&store, None).await.unwrap();
        store.close().await;
        records
    })
}

fn json(dir: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(dir, args)).expect("JSON output")
}

const SOURCE: [&str; 4] = ["--source", "Test", "--locator", "§1"];

fn record(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["record"];
    all.extend_from_slice(args);
    all.extend_from_slice(&SOURCE);
    run(dir, &all)
}

/// Runs a record command that must fail; returns stderr and checks the store is unchanged.
fn refused(dir: &Path, args: &[&str]) -> String {
    let before = log(dir);
    let out = record(dir, args);
    assert!(
        !out.status.success(),
        "record {args:?} succeeded but should fail"
    );
    assert_eq!(log(dir), before, "record {args:?} changed the store");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn portfolio_of_july_2015_groups_trajectories_as_the_letter() {
    let dir = tempfile::tempdir().unwrap();
    loaded(dir.path());
    let rows = json(
        dir.path(),
        &["portfolio", "--as-of", "2015-07-10", "--json"],
    );
    let rows = rows.as_array().unwrap();
    let phase_of = |t: &str| {
        rows.iter()
            .find(|r| r["trajectory"] == t)
            .unwrap_or_else(|| panic!("{t} missing"))["phase"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let groups: [(&str, &[&str]); 4] = [
        ("negotiating", &["banks", "textile"]),
        (
            "dialogue",
            &["retail", "insurers", "wood", "floriculture", "gold", "food"],
        ),
        (
            "exploring",
            &[
                "construction",
                "chemicals",
                "energy",
                "wholesale",
                "metal-electronics",
                "shipbuilding",
                "tourism",
            ],
        ),
        ("no_initiative", &["pension-funds", "lto", "oil-gas"]),
    ];
    for (phase, trajectories) in groups {
        for t in trajectories {
            assert_eq!(phase_of(t), phase, "{t}");
        }
    }
    assert_eq!(rows.len(), 18);
    for r in rows {
        assert!(
            r["sectors"].as_array().is_some_and(|s| !s.is_empty()),
            "{r}"
        );
    }
    let gold = rows.iter().find(|r| r["trajectory"] == "gold").unwrap();
    assert_eq!(
        gold["sectors"],
        serde_json::json!(["metal", "electronics", "jewellers", "finance"])
    );
    for t in ["shipbuilding", "tourism"] {
        assert_eq!(
            rows.iter().find(|r| r["trajectory"] == t).unwrap()["in_sra"],
            false
        );
    }

    // The table lists the groups in the letter's order, the other sectors last.
    let table = ok(dir.path(), &["portfolio", "--as-of", "2015-07-10"]);
    let at = |s: &str| {
        table
            .find(s)
            .unwrap_or_else(|| panic!("{s:?} not in\n{table}"))
    };
    assert!(at("## onderhandeling") < at("## multi-stakeholderdialoog"));
    assert!(at("## multi-stakeholderdialoog") < at("## verkennend"));
    assert!(at("## verkennend") < at("## nog geen initiatief"));
    assert!(at("## nog geen initiatief") < at("## andere sectoren"));
    assert!(at("banks") < at("## multi-stakeholderdialoog"));
    assert!(at("shipbuilding") > at("## andere sectoren"));
    let english = ok(
        dir.path(),
        &["portfolio", "--as-of", "2015-07-10", "--lang", "en"],
    );
    assert!(
        english.contains("## negotiating") && english.contains("Textile and garments"),
        "{english}"
    );
}

#[test]
fn portfolio_defaults_to_today_and_sees_the_later_history() {
    let dir = tempfile::tempdir().unwrap();
    loaded(dir.path());
    let rows = json(dir.path(), &["portfolio", "--json"]);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 20);
    let textile = rows.iter().find(|r| r["trajectory"] == "textile").unwrap();
    assert_eq!(textile["phase"], "signed");
    assert_eq!(textile["covenants"], serde_json::json!(["textile"]));
    // Before anything happened there is nothing to show, but it is not an error.
    let early = json(
        dir.path(),
        &["portfolio", "--as-of", "2014-01-01", "--json"],
    );
    assert_eq!(early, serde_json::json!([]));
}

#[test]
fn target_on_1_january_2017_counts_coal_textile_and_banking() {
    let dir = tempfile::tempdir().unwrap();
    loaded(dir.path());
    let t = json(dir.path(), &["target", "--as-of", "2017-01-01", "--json"]);
    assert_eq!(t["signed"], 3);
    assert_eq!(t["target"], 10);
    assert_eq!(t["deadline"], "2017-01-01");
    assert_eq!(t["expected"], 3.0);
    assert_eq!(t["probability"], 0.0);
    let counted: Vec<_> = t["counted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(counted, ["coal", "textile", "banking"]);
    let text = ok(dir.path(), &["target", "--as-of", "2017-01-01"]);
    assert!(text.contains("3 van 10"), "{text}");
    for c in ["coal", "textile", "banking"] {
        assert!(text.contains(c), "{text}");
    }
    let en = ok(
        dir.path(),
        &["target", "--as-of", "2017-01-01", "--lang", "en"],
    );
    assert!(en.contains("3 of 10") && en.contains("not met"), "{en}");
}

#[test]
fn target_forecast_of_july_2015_repeats_and_says_the_pace_is_too_low() {
    let dir = tempfile::tempdir().unwrap();
    loaded(dir.path());
    let args = ["target", "--as-of", "2015-07-10", "--json"];
    let a = json(dir.path(), &args);
    let b = json(dir.path(), &args);
    assert_eq!(a, b, "seeded: the same forecast twice");
    assert_eq!(a["signed"], 1);
    let expected = a["expected"].as_f64().unwrap();
    let p = a["probability"].as_f64().unwrap();
    assert!(expected > 1.0 && expected < 10.0, "{expected}");
    assert!((0.0..0.5).contains(&p), "{p}");
    let dist: f64 = a["forecast"]["distribution"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .sum();
    assert!((dist - 1.0).abs() < 1e-9);

    // Another configuration: nobody moves, so only what is signed counts.
    let config = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/forecast.toml"
    ))
    .unwrap();
    let stuck = config
        .replace("advance_probability = 0.6", "advance_probability = 0.0")
        .replace("advance_probability = 0.85", "advance_probability = 0.0")
        .replace("advance_probability = 0.9", "advance_probability = 0.0");
    std::fs::write(dir.path().join("stuck.toml"), stuck).unwrap();
    let s = json(
        dir.path(),
        &[
            "target",
            "--as-of",
            "2015-07-10",
            "--json",
            "--forecast-config",
            "stuck.toml",
        ],
    );
    assert_eq!(s["expected"], 1.0);
    // A malformed configuration names the file and the field.
    std::fs::write(
        dir.path().join("bad.toml"),
        config.replace("runs = 10000", "runs = 0"),
    )
    .unwrap();
    let err = fails(dir.path(), &["target", "--forecast-config", "bad.toml"]);
    assert!(err.contains("bad.toml") && err.contains("runs"), "{err}");
}

#[test]
fn reading_a_missing_store_fails_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let err = fails(dir.path(), &["portfolio"]);
    assert!(
        err.contains("imvo.db") && err.contains("imvo demo"),
        "{err}"
    );
    assert!(!dir.path().join("imvo.db").exists());
    let err = fails(dir.path(), &["target"]);
    assert!(err.contains("imvo.db"), "{err}");
    let err = fails(dir.path(), &["portfolio", "--as-of", "2015-02-30"]);
    assert!(
        err.contains("2015-02-30") && err.contains("YYYY-MM-DD"),
        "{err}"
    );
    // An empty store has no target.
    imvo_app::block_on(async {
        let s = imvo_app::open(dir.path().join("imvo.db").to_str().unwrap())
            .await
            .unwrap();
        s.close().await;
    });
    let err = fails(dir.path(), &["target"]);
    assert!(err.contains("no policy target"), "{err}");
}

#[test]
fn record_commands_store_valid_changes() {
    let dir = tempfile::tempdir().unwrap();
    loaded(dir.path());
    let n = log(dir.path()).len();
    let out = record(
        dir.path(),
        &[
            "phase",
            "--date",
            "2015-09-01",
            "--trajectory",
            "oil-gas",
            "--phase",
            "exploring",
            "--note-nl",
            "n",
            "--note-en",
            "n",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = json(
        dir.path(),
        &["portfolio", "--as-of", "2015-09-01", "--json"],
    );
    let oil = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["trajectory"] == "oil-gas")
        .unwrap()
        .clone();
    assert_eq!(oil["phase"], "exploring");
    assert_eq!(oil["phase_since"], "2015-09-01");
    // As of the letter's date it is unchanged: history is kept.
    let then = json(
        dir.path(),
        &["portfolio", "--as-of", "2015-07-10", "--json"],
    );
    assert_eq!(
        then.as_array()
            .unwrap()
            .iter()
            .find(|r| r["trajectory"] == "oil-gas")
            .unwrap()["phase"],
        "no_initiative"
    );

    let steps: [&[&str]; 5] = [
        &[
            "event",
            "--date",
            "2015-09-15",
            "--id",
            "oil-gas-workshop",
            "--kind",
            "workshop",
            "--trajectory",
            "oil-gas",
            "--organisation",
            "tank-storage-association",
            "--description-nl",
            "Workshop",
            "--description-en",
            "Workshop",
        ],
        &[
            "role",
            "--date",
            "2015-09-15",
            "--organisation",
            "mvo-nederland",
            "--trajectory",
            "oil-gas",
            "--role",
            "knowledge_partner",
        ],
        &[
            "agreement",
            "--date",
            "2016-08-01",
            "--covenant",
            "textile",
            "--id",
            "textile-market-share",
            "--result-nl",
            "50% marktaandeel",
            "--result-en",
            "50% market share",
            "--indicator-nl",
            "marktaandeel",
            "--indicator-en",
            "market share",
            "--unit",
            "%",
            "--baseline-value",
            "30",
            "--baseline-date",
            "2016-07-04",
            "--target-value",
            "50",
            "--target-date",
            "2018-07-04",
            "--owner",
            "ser",
            "--risk",
            "working_conditions",
        ],
        &[
            "measurement",
            "--date",
            "2017-07-04",
            "--agreement",
            "textile-market-share",
            "--value",
            "45",
        ],
        &[
            "covenant",
            "--date",
            "2019-09-01",
            "--id",
            "oil-gas",
            "--trajectory",
            "oil-gas",
            "--name-nl",
            "Olie",
            "--name-en",
            "Oil",
            "--party",
            "tank-storage-association:party",
        ],
    ];
    for step in steps {
        let out = record(dir.path(), step);
        assert!(
            out.status.success(),
            "{step:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("recorded"));
    }
    assert_eq!(log(dir.path()).len(), n + 6);
    let rows = json(dir.path(), &["portfolio", "--json"]);
    let oil = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["trajectory"] == "oil-gas")
        .unwrap()
        .clone();
    assert_eq!(oil["covenants"], serde_json::json!(["oil-gas"]));
}

#[test]
fn bad_record_commands_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    loaded(dir.path());
    let d = dir.path();

    // A phase that moves back.
    let e = refused(
        d,
        &[
            "phase",
            "--date",
            "2015-08-01",
            "--trajectory",
            "textile",
            "--phase",
            "exploring",
        ],
    );
    assert!(
        e.contains("move back from negotiating to exploring") && e.contains("nothing was stored"),
        "{e}"
    );
    // A phase that makes a later record invalid (gold signs in 2017).
    let e = refused(
        d,
        &[
            "phase",
            "--date",
            "2016-01-01",
            "--trajectory",
            "gold",
            "--phase",
            "ended",
        ],
    );
    assert!(e.contains("2017-06-19"), "{e}");
    // An unknown trajectory and an unknown phase.
    let e = refused(
        d,
        &[
            "phase",
            "--date",
            "2015-08-01",
            "--trajectory",
            "mining",
            "--phase",
            "exploring",
        ],
    );
    assert!(e.contains("unknown trajectory \"mining\""), "{e}");
    let e = refused(
        d,
        &[
            "phase",
            "--date",
            "2015-08-01",
            "--trajectory",
            "banks",
            "--phase",
            "talking",
        ],
    );
    assert!(e.contains("talking") && e.contains("negotiating"), "{e}");
    // A bad date and a missing source.
    let e = refused(
        d,
        &[
            "event",
            "--date",
            "2015-13-01",
            "--id",
            "x",
            "--kind",
            "meeting",
            "--description-nl",
            "x",
            "--description-en",
            "x",
        ],
    );
    assert!(e.contains("2015-13-01"), "{e}");
    let before = log(d);
    let e = fails(
        d,
        &[
            "record",
            "measurement",
            "--date",
            "2017-01-01",
            "--agreement",
            "x",
            "--value",
            "1",
        ],
    );
    assert!(e.contains("--source"), "{e}");
    assert_eq!(log(d), before);

    // A non-SMART agreement: every missing element is named.
    let e = refused(
        d,
        &[
            "agreement",
            "--date",
            "2016-08-01",
            "--covenant",
            "textile",
            "--id",
            "a1",
            "--unit",
            "%",
        ],
    );
    for flag in [
        "--result-nl/--result-en",
        "--indicator-nl/--indicator-en",
        "--baseline-value",
        "--baseline-date",
        "--target-value",
        "--target-date",
        "--owner",
        "--risk",
    ] {
        assert!(e.contains(flag), "{flag} not in {e}");
    }
    assert!(!e.contains("--unit"), "{e}");
    // Only one language of a text.
    let e = refused(
        d,
        &[
            "agreement",
            "--date",
            "2016-08-01",
            "--covenant",
            "textile",
            "--result-nl",
            "x",
        ],
    );
    assert!(e.contains("--result-en"), "{e}");
    // An agreement on an ended covenant.
    let e = refused(
        d,
        &[
            "agreement",
            "--date",
            "2019-04-01",
            "--covenant",
            "plant-proteins",
            "--id",
            "pp",
            "--result-nl",
            "r",
            "--result-en",
            "r",
            "--indicator-nl",
            "i",
            "--indicator-en",
            "i",
            "--unit",
            "t",
            "--baseline-value",
            "0",
            "--baseline-date",
            "2019-01-01",
            "--target-value",
            "1",
            "--target-date",
            "2020-01-01",
            "--owner",
            "ser",
            "--risk",
            "x",
        ],
    );
    assert!(e.contains("ended on 2019-03-19"), "{e}");

    // Measurements of an unknown agreement.
    let e = refused(
        d,
        &[
            "measurement",
            "--date",
            "2017-01-01",
            "--agreement",
            "nope",
            "--value",
            "1",
        ],
    );
    assert!(e.contains("unknown agreement \"nope\""), "{e}");
    // A duplicate covenant, an unknown party, an unknown role.
    let e = refused(
        d,
        &[
            "covenant",
            "--date",
            "2019-09-01",
            "--id",
            "textile",
            "--trajectory",
            "textile",
            "--name-nl",
            "x",
            "--name-en",
            "x",
        ],
    );
    assert!(e.contains("covenant \"textile\" already exists"), "{e}");
    let e = refused(
        d,
        &[
            "covenant",
            "--date",
            "2019-09-01",
            "--id",
            "new",
            "--trajectory",
            "textile",
            "--name-nl",
            "x",
            "--name-en",
            "x",
            "--party",
            "nobody:party",
        ],
    );
    assert!(e.contains("unknown organisation \"nobody\""), "{e}");
    let e = refused(
        d,
        &[
            "role",
            "--date",
            "2015-08-01",
            "--organisation",
            "ser",
            "--trajectory",
            "banks",
            "--role",
            "boss",
        ],
    );
    assert!(e.contains("boss") && e.contains("convenor"), "{e}");
    let e = refused(
        d,
        &[
            "role",
            "--date",
            "2015-08-01",
            "--organisation",
            "ser",
            "--trajectory",
            "banks",
            "--role",
            "convenor",
        ],
    );
    assert!(e.contains("already has role"), "{e}");
    // An event referring to an organisation that does not exist.
    let e = refused(
        d,
        &[
            "event",
            "--date",
            "2015-08-01",
            "--id",
            "e1",
            "--kind",
            "meeting",
            "--organisation",
            "acme",
            "--description-nl",
            "x",
            "--description-en",
            "x",
        ],
    );
    assert!(e.contains("unknown organisation \"acme\""), "{e}");
    // A month-precise date that is not the first of the month.
    let e = refused(
        d,
        &[
            "event",
            "--date",
            "2015-08-15",
            "--precision",
            "month",
            "--id",
            "e2",
            "--kind",
            "meeting",
            "--description-nl",
            "x",
            "--description-en",
            "x",
        ],
    );
    assert!(e.contains("first day of the period"), "{e}");
}

#[test]
fn a_reader_that_goes_away_ends_the_output_quietly() {
    let dir = tempfile::tempdir().unwrap();
    loaded(dir.path());
    for args in [
        &["portfolio", "--as-of", "2015-07-10"][..],
        &["target", "--as-of", "2017-01-01", "--json"][..],
    ] {
        let mut child = crate::support::imvo(dir.path())
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Close the pipe before the command has read its store and written anything, as
        // `imvo portfolio | head -0` would.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
