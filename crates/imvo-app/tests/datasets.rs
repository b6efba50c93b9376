//! The shipped datasets load and say what the sources say; malformed copies are refused with
//! file, line and field; loading is all or nothing.

use chrono::NaiveDate;
use imvo_app::dataset::{self, HISTORY, SEED};
use imvo_app::{AppError, default_forecast_config};
use imvo_domain::{Id, Phase, Portfolio};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn id(s: &str) -> Id {
    Id::new(s).unwrap()
}

fn shipped() -> Vec<imvo_domain::Record> {
    let seed = dataset::embedded(SEED).unwrap();
    let history = dataset::embedded(HISTORY).unwrap();
    seed.records.into_iter().chain(history.records).collect()
}

#[test]
fn the_seed_dataset_replays_alone_and_with_the_history() {
    let seed = dataset::embedded(SEED).unwrap();
    assert_eq!(seed.id, "seed-2015-07-10");
    Portfolio::replay(&seed.records, None).unwrap();
    let all = shipped();
    Portfolio::replay(&all, None).unwrap();
    // Every record names its source document and locator.
    for r in &all {
        assert!(
            !r.source.document.is_empty() && !r.source.locator.is_empty(),
            "{r:?}"
        );
    }
    assert!(
        seed.records
            .iter()
            .all(|r| r.source.document == "Kamerstuk 26 485 nr. 212")
    );
}

#[test]
fn the_portfolio_of_july_2015_groups_trajectories_as_the_letter_does() {
    let p = Portfolio::replay(&shipped(), Some(d("2015-07-10"))).unwrap();
    let phase = |t: &str| {
        p.trajectory(&id(t))
            .unwrap_or_else(|| panic!("{t}"))
            .phase()
    };
    for t in ["banks", "textile"] {
        assert_eq!(phase(t), Some(Phase::Negotiating), "{t}");
    }
    for t in ["retail", "insurers", "wood", "floriculture", "gold", "food"] {
        assert_eq!(phase(t), Some(Phase::Dialogue), "{t}");
    }
    for t in [
        "construction",
        "chemicals",
        "energy",
        "wholesale",
        "metal-electronics",
    ] {
        assert_eq!(phase(t), Some(Phase::Exploring), "{t}");
    }
    for t in ["pension-funds", "lto", "oil-gas"] {
        assert_eq!(phase(t), Some(Phase::NoInitiative), "{t}");
    }
    for t in ["shipbuilding", "tourism"] {
        assert!(!p.is_sra_trajectory(p.trajectory(&id(t)).unwrap()), "{t}");
    }
    assert_eq!(p.trajectories().len(), 18);
    // 13 SRA sectors in 12 chapters.
    let sra: Vec<_> = p.sectors().iter().filter(|s| s.elevated_risk).collect();
    assert_eq!(sra.len(), 13);
    assert_eq!(p.sra_chapters().len(), 12);
    assert_eq!(p.sectors_in_chapter(&id("metal-electronics")).len(), 2);
    // Gold touches metal, electronics, jewellers and finance.
    assert_eq!(p.trajectory(&id("gold")).unwrap().spec.sectors.len(), 4);
    // The coal covenant is signed while its trajectory explores.
    assert_eq!(p.covenants_in(&id("energy")).len(), 1);
    // The SER's roles in textile.
    let ser_roles = p
        .organisations_in(&id("textile"))
        .into_iter()
        .find(|(o, _)| o.id == id("ser"))
        .map(|(_, r)| r.len());
    assert_eq!(ser_roles, Some(4));
    // A month-precise event keeps its precision.
    let vnmi = p
        .events()
        .find(|e| e.spec.id == id("vnmi-workshop-2015-01"))
        .unwrap();
    assert_eq!(
        vnmi.when.unwrap().precision,
        imvo_domain::DatePrecision::Month
    );
    // Nothing of the later history is visible yet.
    assert_eq!(p.covenants().len(), 1);
}

#[test]
fn the_target_on_1_january_2017_counts_coal_textile_and_banking() {
    let p = Portfolio::replay(&shipped(), Some(d("2017-01-01"))).unwrap();
    let s = p.target_status(&id("ten-before-2017")).unwrap();
    let counted: Vec<_> = s.counted.iter().map(|c| c.id().as_str()).collect();
    assert_eq!(counted, ["coal", "textile", "banking"]);
    assert_eq!((s.signed, s.required, s.met), (3, 10, false));
    // As of today all twelve covenants are signed and plant proteins has ended.
    let all = Portfolio::replay(&shipped(), None).unwrap();
    assert_eq!(all.covenants().len(), 12);
    assert!(all.covenant(&id("plant-proteins")).unwrap().ended.is_some());
    assert_eq!(
        all.trajectory(&id("plant-proteins")).unwrap().phase(),
        Some(Phase::Ended)
    );
}

#[test]
fn the_forecast_of_july_2015_is_reproducible_and_far_from_ten() {
    let config = default_forecast_config();
    let p = Portfolio::replay(&shipped(), Some(d("2015-07-10"))).unwrap();
    let a = imvo_domain::forecast(&p, &id("ten-before-2017"), &config).unwrap();
    let b = imvo_domain::forecast(&p, &id("ten-before-2017"), &config).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.signed, 1);
    assert!(
        a.expected > 1.0 && a.expected < 10.0,
        "expected {}",
        a.expected
    );
    assert!(a.probability < 0.5, "probability {}", a.probability);
    // In 2015 no phase has enough completed spells: defaults everywhere.
    assert!(
        a.duration_sources
            .values()
            .all(|s| matches!(s, imvo_domain::DurationSource::Default { .. }))
    );
}

/// The seed text with `from` replaced once by `to`, and the 1-based line where `from` was.
fn broken(from: &str, to: &str) -> (String, usize) {
    let at = SEED
        .text
        .find(from)
        .unwrap_or_else(|| panic!("{from:?} not in the seed"));
    let line = SEED.text[..at].matches('\n').count() + 1;
    (SEED.text.replacen(from, to, 1), line)
}

/// The line of the `[[record]]` header before `line`.
fn header_before(text: &str, line: usize) -> usize {
    let lines: Vec<_> = text.lines().collect();
    (1..=line)
        .rev()
        .find(|&l| lines[l - 1].trim() == "[[record]]")
        .unwrap()
}

#[test]
fn a_malformed_dataset_names_file_line_and_field() {
    // A bad date.
    let (text, line) = broken("date = \"2015-06-22\"", "date = \"2015-06-31\"");
    let e = dataset::parse("seed.toml", &text).unwrap_err();
    assert_eq!((e.file.as_str(), e.field.as_str()), ("seed.toml", "date"));
    assert_eq!(e.line, header_before(&text, line));
    assert!(e.to_string().starts_with("seed.toml:"), "{e}");

    // A field of the wrong type: the line of that field.
    let (text, line) = broken("count = 10\n", "count = \"ten\"\n");
    let e = dataset::parse("seed.toml", &text).unwrap_err();
    assert_eq!((e.field.as_str(), e.line), ("count", line), "{e}");

    // A misspelt field.
    let (text, line) = broken("elevated_risk = false", "elevated_risc = false");
    let e = dataset::parse("seed.toml", &text).unwrap_err();
    assert_eq!((e.field.as_str(), e.line), ("elevated_risc", line), "{e}");

    // An unknown kind.
    let (text, line) = broken("kind = \"add_target\"", "kind = \"add_goal\"");
    let e = dataset::parse("seed.toml", &text).unwrap_err();
    assert_eq!(
        (e.field.as_str(), e.line),
        ("kind", header_before(&text, line)),
        "{e}"
    );
    assert!(e.message.contains("add_target"), "{e}");

    // A missing required field.
    let (text, line) = broken("phase = \"negotiating\"\nnote", "note");
    let e = dataset::parse("seed.toml", &text).unwrap_err();
    assert_eq!(
        (e.field.as_str(), e.line),
        ("phase", header_before(&text, line)),
        "{e}"
    );

    // A nested field: the path is named.
    let (text, line) = broken(
        "participants = { count = 100,",
        "participants = { count = -1,",
    );
    let e = dataset::parse("seed.toml", &text).unwrap_err();
    assert_eq!(
        (e.field.as_str(), e.line),
        ("participants.count", line),
        "{e}"
    );

    // Broken TOML syntax.
    let (text, line) = broken("kind = \"add_target\"", "kind = add_target\"");
    let e = dataset::parse("seed.toml", &text).unwrap_err();
    assert_eq!(e.line, line, "{e}");

    // A record without a source.
    let (text, line) = broken("source = { locator = \"§5\"", "sourc = { locator = \"§5\"");
    let e = dataset::parse("seed.toml", &text).unwrap_err();
    assert_eq!(
        (e.field.as_str(), e.line),
        ("source", header_before(&text, line)),
        "{e}"
    );
}

#[test]
fn a_rule_broken_in_a_dataset_names_the_record_line() {
    // An unknown trajectory: only the replay finds it.
    let (text, line) = broken(
        "trajectory = \"oil-gas\"\nphase",
        "trajectory = \"oil-and-gas\"\nphase",
    );
    let ds = dataset::parse("seed.toml", &text).unwrap();
    let err = imvo_app::block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let store = imvo_app::open(dir.path().join("s.db").to_str().unwrap())
            .await
            .unwrap();
        let err = imvo_app::load_datasets(&store, &[ds]).await.unwrap_err();
        assert_eq!(store.last_seq().await.unwrap(), 0, "nothing half-loaded");
        err
    });
    let AppError::Dataset(e) = err else {
        panic!("{err}")
    };
    assert_eq!(
        (e.field.as_str(), e.line),
        ("trajectory", header_before(&text, line)),
        "{e}"
    );
    assert!(e.message.contains("oil-and-gas"), "{e}");
}

#[test]
fn loading_is_all_or_nothing_and_round_trips() {
    imvo_app::block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let store = imvo_app::open(dir.path().join("s.db").to_str().unwrap())
            .await
            .unwrap();
        let summary = imvo_app::load_shipped(&store).await.unwrap();
        let n = shipped().len();
        assert_eq!(summary.last_seq as usize, n);
        // What comes back is what went in.
        let (back, _) = imvo_app::records(&store, None).await.unwrap();
        let mut expected = shipped();
        expected.sort_by_key(|r| r.date);
        assert_eq!(back, expected);
        // Loading the seed again breaks the rules (duplicate ids): refused, nothing stored.
        let seed = dataset::embedded(SEED).unwrap();
        let err = imvo_app::load_datasets(&store, &[seed]).await.unwrap_err();
        assert!(err.to_string().contains("already exists"), "{err}");
        assert_eq!(store.last_seq().await.unwrap() as usize, n);
        // The portfolio as of a date comes from the store.
        let p = imvo_app::portfolio(&store, Some(d("2017-01-01")))
            .await
            .unwrap();
        assert_eq!(p.target_status(&id("ten-before-2017")).unwrap().signed, 3);
        let r = imvo_app::target_report(&p, None, &default_forecast_config()).unwrap();
        assert_eq!((r.signed, r.target, r.deadline_passed), (3, 10, true));
        assert_eq!(r.forecast.expected, 3.0);
    });
}

#[test]
fn the_shipped_forecast_configuration_is_valid() {
    let c = default_forecast_config();
    assert_eq!(c.phases.len(), 4);
    let bad = imvo_app::FORECAST_DEFAULTS
        .text
        .replace("runs = 10000", "runs = 0");
    let e = imvo_app::parse_forecast_config("forecast.toml", &bad).unwrap_err();
    assert!(e.to_string().contains("runs"), "{e}");
    let bad = imvo_app::FORECAST_DEFAULTS
        .text
        .replace("seed = 20150710", "seed = \"x\"");
    let e = imvo_app::parse_forecast_config("forecast.toml", &bad).unwrap_err();
    assert!(e.to_string().contains("line"), "{e}");
}
