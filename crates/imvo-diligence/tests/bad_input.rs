//! Bad frameworks and bad answers are refused with the field named; garbage never panics.

use std::path::PathBuf;

use imvo_diligence::{AnswerError, Answers, Framework, FrameworkError, Score, score, validate};
use imvo_domain::Id;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn textile() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/diligence/frameworks/textile-covenant-v1.toml");
    std::fs::read_to_string(path).unwrap()
}

fn field_of(text: &str) -> String {
    match Framework::from_toml(text, "test.toml") {
        Ok(_) => panic!("accepted"),
        Err(e @ FrameworkError::Syntax { .. }) => format!("syntax: {e}"),
        Err(e) => e.field().unwrap().to_owned(),
    }
}

fn id(s: &str) -> Id {
    Id::new(s).unwrap()
}

#[test]
fn framework_rules_are_enforced_with_the_field_named() {
    let t = textile();
    let cases: Vec<(String, &str)> = vec![
        (
            t.replacen("weight = 40", "weight = 30", 1),
            "element.weight",
        ),
        (
            t.replacen("weight = 15", "weight = -15", 1),
            "element[policy].weight",
        ),
        (t.replace("imvo-framework-1", "imvo-framework-9"), "format"),
        (t.replace("version = 1", "version = 0"), "version"),
        (
            t.replacen(
                "id = \"policy-responsibility\"",
                "id = \"policy-commitment\"",
                1,
            ),
            "criterion[policy-commitment]",
        ),
        (
            t.replacen(
                "scale = { min = 0, max = 2 }",
                "scale = { min = 2, max = 2 }",
                1,
            ),
            "criterion[policy-commitment].scale",
        ),
        (
            t.replacen("scale = { min = 0, max = 2 }", "scale = \"stars\"", 1),
            "criterion[policy-commitment].scale",
        ),
        (
            t.replace("\"min_element >= 0.5\"", "\"element.nope >= 0.5\""),
            "verdict[fully-meets].when[0]",
        ),
        (
            t.replace("\"total >= 0.4\"", "\"total >= high\""),
            "verdict[partly-meets].when[0]",
        ),
        (
            t.replace("meets = [\"fully-meets\"]", "meets = [\"excellent\"]"),
            "meets[0]",
        ),
        (
            format!("{t}\n[[verdict]]\nid = \"extra\"\nlabel = {{ nl = \"x\", en = \"x\" }}\n"),
            "verdict[does-not-meet].when",
        ),
        (
            t.replace("when = [\"total >= 0.4\"]\n", ""),
            "verdict[partly-meets].when",
        ),
        (
            t.replacen("en = \"Policy\"", "en = \" \"", 1),
            "element[policy].name",
        ),
    ];
    for (text, field) in cases {
        assert_eq!(field_of(&text), field);
    }
}

#[test]
fn syntax_errors_name_the_file_and_line() {
    let t = textile().replacen("weight = 15", "wieght = 15", 1);
    let e = Framework::from_toml(&t, "frameworks/textile.toml")
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("frameworks/textile.toml: "), "{e}");
    assert!(e.contains("wieght") && e.contains("line"), "{e}");
    let e = Framework::from_toml("id = [", "x.toml")
        .unwrap_err()
        .to_string();
    assert!(e.contains("x.toml") && e.contains("line 1"), "{e}");
}

#[test]
fn grade_bands_must_descend_to_zero() {
    let bsci = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../data/diligence/frameworks/amfori-bsci-style-v1.toml"),
    )
    .unwrap();
    assert_eq!(
        field_of(&bsci.replace("min = 0.71", "min = 0.9")),
        "grade[B].min"
    );
    assert_eq!(
        field_of(&bsci.replace("grade = \"E\"\nmin = 0", "grade = \"E\"\nmin = 0.1")),
        "grade[E].min"
    );
}

#[test]
fn answers_are_refused_with_the_field_named() {
    let f = Framework::from_toml(&textile(), "t").unwrap();
    let mut a = Answers::default();
    a.scores.insert(id("policy-commitment"), Score::Points(3));
    let e = validate(&f, &a).unwrap_err();
    assert!(matches!(e, AnswerError::OffScale { score: 3, .. }));
    assert_eq!(e.field(), "answers.policy-commitment");
    // Re-scoring refuses an off-scale stored answer too, rather than bending it.
    assert!(score(&f, &a).is_err());

    let mut a = Answers::default();
    a.scores.insert(id("no-such-criterion"), Score::Points(1));
    assert_eq!(
        validate(&f, &a).unwrap_err().field(),
        "answers.no-such-criterion"
    );

    let mut a = Answers::default();
    a.scores
        .insert(id("policy-commitment"), Score::NotApplicable);
    assert_eq!(
        validate(&f, &a).unwrap_err().field(),
        "answers.policy-commitment"
    );

    let mut a = Answers::default();
    a.inputs.insert(id("monitored-share"), 0.5);
    assert_eq!(
        validate(&f, &a).unwrap_err().field(),
        "inputs.monitored-share"
    );

    let a = Answers {
        previous: Some(id("leader")),
        ..Answers::default()
    };
    assert_eq!(validate(&f, &a).unwrap_err().field(), "previous");
}

#[test]
fn answers_read_from_json_with_n_a() {
    let a: Answers = serde_json::from_str(
        r#"{"scores": {"policy-commitment": 2, "stakeholders-projects": "n/a"}}"#,
    )
    .unwrap();
    assert_eq!(a.scores[&id("stakeholders-projects")], Score::NotApplicable);
    assert_eq!(
        serde_json::to_string(&a.scores).unwrap(),
        r#"{"policy-commitment":2,"stakeholders-projects":"n/a"}"#
    );
    let e = serde_json::from_str::<Answers>(r#"{"scores": {"policy-commitment": "two"}}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("n/a"), "{e}");
}

/// Mutation fuzzing: thousands of random edits of the shipped frameworks (bytes replaced,
/// deleted, inserted, lines swapped or duplicated). Reading must return, never panic; whatever
/// reads must score random answers without panicking and give a verdict of the framework.
#[test]
fn mutated_frameworks_never_panic() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/diligence/frameworks");
    let mut rng = ChaCha8Rng::seed_from_u64(0x1d_11_9e);
    let alphabet = b"[]{}=\".,-_ 0123456789azAZ\n#()<>!";
    let (mut read, mut refused) = (0, 0);
    for entry in std::fs::read_dir(dir).unwrap() {
        let original = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for _ in 0..400 {
            let mut text: Vec<u8> = original.clone().into_bytes();
            for _ in 0..rng.random_range(1..4) {
                match rng.random_range(0..5) {
                    0 if !text.is_empty() => {
                        let i = rng.random_range(0..text.len());
                        text[i] = alphabet[rng.random_range(0..alphabet.len())];
                    }
                    1 if !text.is_empty() => {
                        let i = rng.random_range(0..text.len());
                        let n = rng.random_range(1..40).min(text.len() - i);
                        text.drain(i..i + n);
                    }
                    2 => {
                        let i = rng.random_range(0..=text.len());
                        text.insert(i, alphabet[rng.random_range(0..alphabet.len())]);
                    }
                    _ => {
                        let s = String::from_utf8_lossy(&text).into_owned();
                        let mut lines: Vec<&str> = s.lines().collect();
                        if lines.len() > 2 {
                            let a = rng.random_range(0..lines.len());
                            let b = rng.random_range(0..lines.len());
                            if rng.random_bool(0.5) {
                                lines.swap(a, b);
                            } else {
                                lines.insert(a, lines[b]);
                            }
                        }
                        text = lines.join("\n").into_bytes();
                    }
                }
            }
            let text = String::from_utf8_lossy(&text);
            match Framework::from_toml(&text, "fuzz.toml") {
                Err(_) => refused += 1,
                Ok(f) => {
                    read += 1;
                    let mut a = Answers::default();
                    for (_, c) in f.criteria() {
                        let (min, max) = c.scale.bounds();
                        a.scores
                            .insert(c.id.clone(), Score::Points(rng.random_range(min..=max)));
                    }
                    let card = score(&f, &a).unwrap();
                    assert!(f.verdict(&card.verdict).is_some());
                }
            }
        }
    }
    // Both outcomes occur, so the mutations reach past the TOML reader into the rules.
    assert!(
        read > 100 && refused > 100,
        "read {read}, refused {refused}"
    );
}

/// Random condition texts through the rule parser (inside a framework): errors, never panics.
#[test]
fn random_rules_never_panic() {
    let t = textile();
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let pieces = [
        "total",
        "element.",
        "policy",
        "min_element",
        "grades(",
        ")",
        ",",
        "A",
        "input.",
        "previous",
        "none",
        ">=",
        "<",
        "==",
        "!=",
        " ",
        "0.5",
        "-1",
        "1e400",
        "é",
        "fully-meets",
        "(",
    ];
    for _ in 0..1500 {
        let n = rng.random_range(0..7);
        let expr: String = (0..n)
            .map(|_| pieces[rng.random_range(0..pieces.len())])
            .collect();
        let text = t.replace("\"total >= 0.4\"", &format!("{expr:?}"));
        let _ = Framework::from_toml(&text, "rule-fuzz.toml");
    }
}

/// Mutation fuzzing of a covenant's log as JSON (what `imvo diligence import` and the store
/// read): random edits of a valid log either fail to parse, are refused by the replay with a
/// field named, or replay — never a panic.
#[test]
fn mutated_logs_never_panic() {
    use imvo_diligence::cycle::{Book, Entry, Frameworks};
    let f = Framework::from_toml(&textile(), "t").unwrap();
    let mut answers = Answers::default();
    for (_, c) in f.criteria() {
        answers.scores.insert(c.id.clone(), Score::Points(1));
    }
    let submission = serde_json::json!({
        "answers": answers,
        "evidence": f.criteria().filter(|(_, c)| c.evidence).map(|(_, c)| {
            serde_json::json!({"criterion": c.id, "reference": "https://example.org"})
        }).collect::<Vec<_>>(),
    });
    let log = serde_json::json!([
        {"date": "2016-07-04", "actor": "ser", "action": "join", "company": "a", "name": "A", "synthetic": true},
        {"date": "2017-01-02", "actor": "ser", "action": "open_cycle", "year": 2017,
         "framework": "textile-covenant", "version": 1,
         "calendar": {"submission_due": "2017-03-31", "assessment_due": "2017-06-30",
                      "response_due": "2017-08-31", "publication": "2017-10-01"}},
        {"date": "2017-03-01", "actor": "a", "action": "submit", "company": "a", "year": 2017,
         "submission": submission},
        {"date": "2017-05-01", "actor": "ser", "action": "assess", "company": "a", "year": 2017,
         "revision": 1, "assessment": {"answers": answers}},
        {"date": "2017-10-02", "actor": "ser", "action": "publish", "year": 2017},
    ])
    .to_string();
    let frameworks = Frameworks::from([((f.id.clone(), f.version), f)]);
    let valid: Vec<Entry> = serde_json::from_str(&log).unwrap();
    Book::replay(id("textile"), &valid, &frameworks).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(13);
    let alphabet = b"{}[]\":,0123456789-abcnrstu ";
    let (mut parsed, mut refused) = (0, 0);
    for _ in 0..3000 {
        let mut bytes = log.clone().into_bytes();
        for _ in 0..rng.random_range(1..4) {
            let i = rng.random_range(0..bytes.len());
            match rng.random_range(0..3) {
                0 => bytes[i] = alphabet[rng.random_range(0..alphabet.len())],
                1 => {
                    bytes.remove(i);
                }
                _ => bytes.insert(i, alphabet[rng.random_range(0..alphabet.len())]),
            }
        }
        let Ok(entries) = serde_json::from_slice::<Vec<Entry>>(&bytes) else {
            continue;
        };
        parsed += 1;
        if let Err((_, e)) = Book::replay(id("textile"), &entries, &frameworks) {
            assert!(!e.field.is_empty() && !e.problem.is_empty());
            refused += 1;
        }
    }
    assert!(
        parsed > 100 && refused > 10,
        "parsed {parsed}, refused {refused}"
    );
}
