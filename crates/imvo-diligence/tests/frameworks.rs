//! The shipped frameworks: each reads, its assumptions are marked, and its verdict rule gives
//! the anchor's verdicts on worked examples. Re-scoring under another version is deterministic.

use std::path::PathBuf;

use imvo_diligence::{Answers, Framework, Score, score, validate};
use imvo_domain::Id;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/diligence/frameworks")
}

fn load(name: &str) -> Framework {
    let path = dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    Framework::from_toml(&text, &path.display().to_string()).unwrap_or_else(|e| panic!("{e}"))
}

fn id(s: &str) -> Id {
    Id::new(s).unwrap()
}

/// Answers giving every criterion of the framework the same share of its scale, then the
/// listed exceptions.
fn answers(f: &Framework, share: f64, except: &[(&str, Score)]) -> Answers {
    let mut a = Answers::default();
    for (_, c) in f.criteria() {
        let (min, max) = c.scale.bounds();
        let points = min + ((max - min) as f64 * share).round() as i64;
        a.scores.insert(c.id.clone(), Score::Points(points));
    }
    for (c, s) in except {
        a.scores.insert(id(c), *s);
    }
    a
}

#[test]
fn every_shipped_framework_reads() {
    let mut n = 0;
    for entry in std::fs::read_dir(dir()).unwrap() {
        let path = entry.unwrap().path();
        let f = load(path.file_name().unwrap().to_str().unwrap());
        let expected = format!("{}-v{}.toml", f.id, f.version);
        assert_eq!(path.file_name().unwrap().to_str().unwrap(), expected);
        assert!(!f.sources.is_empty(), "{}: no source", f.id);
        assert!(!f.meets.is_empty(), "{}: nothing meets", f.id);
        n += 1;
    }
    assert_eq!(n, 4);
}

#[test]
fn textile_covenant_weighs_element_3_at_40_percent_sourced_and_marks_the_rest_assumed() {
    let f = load("textile-covenant-v1.toml");
    assert_eq!(f.elements.len(), 5);
    let goals = &f.elements[2];
    assert_eq!(goals.id, id("goals-and-actions"));
    assert_eq!(goals.weight, 40.0);
    assert!(goals.assumed.is_none(), "element 3's weight is published");
    let assumed: Vec<String> = f.assumptions().into_iter().map(|a| a.field).collect();
    for e in [
        "policy",
        "risk-analysis",
        "evaluation-and-communication",
        "stakeholder-consultation",
    ] {
        assert!(
            assumed.contains(&format!("element[{e}].weight")),
            "{assumed:?}"
        );
    }
    assert!(assumed.contains(&"verdict[fully-meets]".to_owned()));
}

#[test]
fn textile_covenant_verdicts() {
    let f = load("textile-covenant-v1.toml");
    // Everything fully in place.
    let card = score(&f, &answers(&f, 1.0, &[])).unwrap();
    assert_eq!(card.verdict, id("fully-meets"));
    assert!(card.meets);
    assert_eq!(card.total, Some(1.0));
    // Strong everywhere but element 3 only half: not "fully meets".
    let half_goals = [
        ("goals-smart", Score::Points(1)),
        ("actions-prevent", Score::Points(1)),
        ("actions-purchasing", Score::Points(1)),
        ("actions-remedy", Score::Points(1)),
    ];
    let card = score(&f, &answers(&f, 1.0, &half_goals)).unwrap();
    assert_eq!(
        card.element(&id("goals-and-actions")).unwrap().share,
        Some(0.5)
    );
    // 0.15 × 4 + 0.40 × 0.5 = 0.8 in total, but element 3 is below three quarters.
    assert!((card.total.unwrap() - 0.8).abs() < 1e-12);
    assert_eq!(card.verdict, id("partly-meets"));
    assert!(!card.meets);
    // Nothing answered: every criterion listed, does not meet.
    let card = score(&f, &Answers::default()).unwrap();
    assert_eq!(card.verdict, id("does-not-meet"));
    assert_eq!(card.unanswered.len(), 14);
    // "n/a" on the collective project leaves element 5 scored on its other criterion.
    let card = score(
        &f,
        &answers(&f, 1.0, &[("stakeholders-projects", Score::NotApplicable)]),
    )
    .unwrap();
    assert_eq!(
        card.element(&id("stakeholder-consultation")).unwrap().share,
        Some(1.0)
    );
}

#[test]
fn fair_wear_categories_and_suspension() {
    let f = load("fair-wear-style-v1.toml");
    let with = |share: f64, monitored: f64, years: f64, previous: Option<&str>| {
        let mut a = answers(&f, share, &[]);
        a.inputs.insert(id("monitored-share"), monitored);
        a.inputs.insert(id("membership-years"), years);
        a.previous = previous.map(id);
        validate(&f, &a).unwrap();
        score(&f, &a).unwrap().verdict
    };
    // Scale 0–2: share 1.0 → 100 %, 0.5 → 50 %.
    assert_eq!(with(1.0, 0.95, 5.0, None), id("leader"));
    assert_eq!(
        with(1.0, 0.80, 5.0, None),
        id("needs-improvement"),
        "monitoring below 90 %"
    );
    assert_eq!(with(0.5, 0.95, 5.0, None), id("good"));
    assert_eq!(
        with(0.5, 0.70, 2.0, None),
        id("good"),
        "second year: 65 % suffices"
    );
    assert_eq!(
        with(0.5, 0.45, 1.0, None),
        id("good"),
        "first year: 40 % suffices"
    );
    assert_eq!(with(0.5, 0.45, 2.0, None), id("needs-improvement"));
    assert_eq!(with(0.0, 0.95, 5.0, None), id("needs-improvement"));
    // A second year in "needs improvement" suspends; a good year does not.
    assert_eq!(
        with(0.0, 0.95, 5.0, Some("needs-improvement")),
        id("suspended")
    );
    assert_eq!(with(0.5, 0.95, 5.0, Some("needs-improvement")), id("good"));
}

#[test]
fn bsci_grades_and_roll_up() {
    let f = load("amfori-bsci-style-v1.toml");
    assert_eq!(f.elements.len(), 13);
    // Each area is one criterion: the share of its questions met, in percent.
    let areas: Vec<Id> = f
        .elements
        .iter()
        .map(|e| e.criteria[0].id.clone())
        .collect();
    let rate = |percents: &[i64]| {
        let mut a = Answers::default();
        for (c, p) in areas.iter().zip(percents) {
            a.scores.insert(c.clone(), Score::Points(*p));
        }
        let card = score(&f, &a).unwrap();
        let grades: String = card
            .elements
            .iter()
            .map(|e| e.grade.clone().unwrap())
            .collect();
        (grades, card.verdict.to_string())
    };
    // The bands: 86 is A, 85 B, 71 B, 70 C, 51 C, 50 D, 30 D, 29 E.
    let (g, _) = rate(&[86, 85, 71, 70, 51, 50, 30, 29, 100, 0, 86, 86, 86]);
    assert_eq!(g, "ABBCCDDEAEAAA");
    // A: at least 7 A and none C, D or E.
    assert_eq!(
        rate(&[90, 90, 90, 90, 90, 90, 90, 80, 80, 80, 80, 80, 80]).1,
        "a"
    );
    // Six A only: B.
    assert_eq!(
        rate(&[90, 90, 90, 90, 90, 90, 80, 80, 80, 80, 80, 80, 80]).1,
        "b"
    );
    // Seven A but one C: not A; B allows two C.
    assert_eq!(
        rate(&[90, 90, 90, 90, 90, 90, 90, 60, 80, 80, 80, 80, 80]).1,
        "b"
    );
    // Three C: C.
    assert_eq!(
        rate(&[90, 90, 90, 90, 90, 90, 90, 60, 60, 60, 80, 80, 80]).1,
        "c"
    );
    // One E: D; two E: E.
    assert_eq!(
        rate(&[90, 90, 90, 90, 90, 90, 90, 10, 80, 80, 80, 80, 80]).1,
        "d"
    );
    assert_eq!(
        rate(&[90, 90, 90, 90, 90, 90, 90, 10, 10, 80, 80, 80, 80]).1,
        "e"
    );
}

#[test]
fn oecd_self_assessment_covers_all_six_steps() {
    let f = load("oecd-six-steps-v1.toml");
    for step in imvo_diligence::OecdStep::ALL {
        assert!(
            f.criteria().any(|(_, c)| c.oecd_step == step),
            "no question for step {step}"
        );
    }
    // "In place" (2 of 3) everywhere is aligned; "first steps" (1 of 3) is not.
    assert_eq!(
        score(&f, &answers(&f, 2.0 / 3.0, &[])).unwrap().verdict,
        id("aligned")
    );
    assert_eq!(
        score(&f, &answers(&f, 1.0 / 3.0, &[])).unwrap().verdict,
        id("not-aligned")
    );
}

/// A second version of the textile framework: element 3 weighs 50 %, the collective-project
/// criterion is dropped and a criterion on living wages is added.
fn textile_v2() -> Framework {
    let text = std::fs::read_to_string(dir().join("textile-covenant-v1.toml")).unwrap();
    let start = text
        .find("[[element.criterion]]\nid = \"stakeholders-projects\"")
        .unwrap();
    let end = start + text[start..].find("[[verdict]]").unwrap();
    let text = format!(
        "{}{}{}",
        &text[..start],
        "[[element.criterion]]\nid = \"stakeholders-living-wage\"\ntext = { nl = \"Leefbaar loon.\", en = \"Living wage.\" }\nscale = { min = 0, max = 2 }\noecd_step = 3\n\n",
        &text[end..]
    )
    .replace("version = 1", "version = 2")
    .replace("weight = 40", "weight = 50")
    .replacen("weight = 15", "weight = 5", 1);
    Framework::from_toml(&text, "textile-covenant-v2 (test)").unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn rescoring_under_another_version_is_deterministic() {
    let v1 = load("textile-covenant-v1.toml");
    let v2 = textile_v2();
    assert_eq!(v2.version, 2);
    let stored = answers(
        &v1,
        1.0,
        &[
            ("goals-smart", Score::Points(1)),
            ("policy-commitment", Score::Points(0)),
            ("stakeholders-projects", Score::Points(2)),
        ],
    );
    validate(&v1, &stored).unwrap();
    let first = score(&v2, &stored).unwrap();
    let again = score(&v2, &stored).unwrap();
    assert_eq!(first, again);
    assert_eq!(
        serde_json::to_string(&first).unwrap(),
        serde_json::to_string(&again).unwrap()
    );
    assert_eq!(first.version, 2);
    assert_eq!(first.ignored, vec![id("stakeholders-projects")]);
    assert_eq!(first.unanswered, vec![id("stakeholders-living-wage")]);
    // Under v1 the same answers score differently, and still the same every time.
    let old = score(&v1, &stored).unwrap();
    assert_ne!(old.total, first.total);
    assert_eq!(old, score(&v1, &stored).unwrap());
}
