//! Garbage never panics: random edits of valid logs (as JSON, the form the store keeps and an
//! import reads) either fail to parse, are refused by the replay with a field named, or replay —
//! and every view of whatever replays is built without a panic. The same for the committee's
//! rules file.

mod common;

use chrono::NaiveDate;
use common::id;
use imvo_diligence::Threshold;
use imvo_grievance::complaint::{self, ComplaintRules};
use imvo_grievance::signal::{self, SignalRules};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Replaces, deletes or inserts one to three bytes.
fn mutate(rng: &mut ChaCha8Rng, text: &str, alphabet: &[u8]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
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
    bytes
}

const JSON_ALPHABET: &[u8] = b"{}[]\":,0123456789-abcdefnrstu_ ";

fn signal_log() -> String {
    serde_json::json!([
        {"date": "2024-03-01", "actor": "form", "action": "report", "signal": "s1",
         "report": {"location": {"kind": "matched", "id": "BD2019303BQ3FZP"},
                    "themes": ["wages", "health_safety"],
                    "description": {"text": "Overtime not paid", "language": "en",
                                    "translation": {"nl": "Overuren niet betaald", "en": "Overtime not paid"}},
                    "evidence": [{"reference": "https://example.org/p"}],
                    "reporter": {"kind": "union", "contact": "x@union.example"}}},
        {"date": "2024-03-02", "actor": "form", "action": "report", "signal": "s2",
         "report": {"location": {"kind": "unmatched", "name": "Sunrise", "country": "BD"},
                    "themes": ["child_labour"],
                    "description": {"text": "Kinderen", "language": "nl"},
                    "reporter": {"kind": "public"}}},
        {"date": "2024-03-10", "actor": "ser", "action": "triage", "signal": "s1", "admissible": true,
         "grounds": "In scope", "priority": "urgent", "share_evidence": true},
        {"date": "2024-03-11", "actor": "ser", "action": "triage", "signal": "s2", "admissible": false,
         "grounds": "Out of scope"},
        {"date": "2024-03-12", "actor": "ser", "action": "forward", "signal": "s1",
         "companies": ["brand-a", "brand-b"]},
        {"date": "2024-03-20", "actor": "a", "action": "answer", "signal": "s1", "company": "brand-a",
         "response": "We talk to the factory"},
        {"date": "2024-04-20", "actor": "ser", "action": "close", "signal": "s1", "outcome": "remedied",
         "reason": "Paid"},
        {"date": "2024-05-01", "actor": "ser", "action": "reopen", "signal": "s1", "reason": "Again"},
        {"date": "2024-05-02", "actor": "ser", "action": "reopen", "signal": "s2", "reason": "New facts"},
    ])
    .to_string()
}

fn complaint_log() -> String {
    serde_json::json!([
        {"date": "2017-01-01", "actor": "ser", "action": "compose",
         "members": [{"organisation": "ser", "role": "chair"}, {"organisation": "fnv", "role": "member"}]},
        {"date": "2017-06-01", "actor": "ser", "action": "intake", "case": "c1",
         "complaint": {"complainant": {"kind": "ngo", "name": "GWR", "contact": "c@gwr.example"},
                       "respondent": "brand-a",
                       "harm": {"text": "Dismissals", "language": "en"},
                       "agreement": "Article 9"}},
        {"date": "2017-06-20", "actor": "c", "action": "admissibility", "case": "c1", "admissible": true,
         "grounds": "In scope"},
        {"date": "2017-08-01", "actor": "c", "action": "respondent_answer", "case": "c1", "text": "Audit"},
        {"date": "2017-10-15", "actor": "c", "action": "hearing", "case": "c1"},
        {"date": "2018-01-10", "actor": "c", "action": "interim_ruling", "case": "c1",
         "text": {"text": "More documents", "language": "en"}},
        {"date": "2019-06-03", "actor": "c", "action": "final_ruling", "case": "c1",
         "ruling": {"text": {"text": "Upheld", "language": "en"}, "binding": true,
                    "findings": [{"text": "No risk analysis", "upheld": true}]}},
        {"date": "2019-06-20", "actor": "c", "action": "publication", "case": "c1",
         "anonymised": {"complainant": true, "respondent": false}},
        {"date": "2019-12-01", "actor": "c", "action": "follow_up", "case": "c1", "text": "Plan made"},
        {"date": "2020-07-01", "actor": "c", "action": "close", "case": "c1", "reason": "completed"},
        {"date": "2018-01-01", "actor": "ser", "action": "intake", "case": "c2",
         "complaint": {"complainant": {"kind": "union", "name": "U"}, "respondent": "brand-b",
                       "harm": {"text": "Wages", "language": "en"}, "agreement": "Article 9"}},
        {"date": "2018-01-20", "actor": "c", "action": "admissibility", "case": "c2", "admissible": false,
         "grounds": "Not a covenant agreement"},
    ])
    .to_string()
}

#[test]
fn mutated_signal_logs_never_panic() {
    let log = signal_log();
    let valid: Vec<signal::Entry> = serde_json::from_str(&log).unwrap();
    signal::Book::replay(id("textile"), &valid).unwrap();
    let rules = SignalRules::default();
    let mut rng = ChaCha8Rng::seed_from_u64(0x0bad_5167);
    let (mut parsed, mut refused, mut replayed) = (0, 0, 0);
    for _ in 0..4000 {
        let bytes = mutate(&mut rng, &log, JSON_ALPHABET);
        let Ok(entries) = serde_json::from_slice::<Vec<signal::Entry>>(&bytes) else {
            continue;
        };
        parsed += 1;
        match signal::Book::replay(id("textile"), &entries) {
            Err((at, e)) => {
                assert!(at < entries.len());
                assert!(!e.field.is_empty() && !e.problem.is_empty());
                refused += 1;
            }
            Ok(book) => {
                replayed += 1;
                for today in [NaiveDate::MIN, NaiveDate::MAX, entries[0].date] {
                    book.overdue(today, &rules);
                    for c in ["brand-a", "brand-b", "brand-c"] {
                        book.for_company(&id(c), today, &rules);
                    }
                    for s in book.signals.keys() {
                        book.for_reporter(s).unwrap();
                    }
                    for y in book.years() {
                        book.public(y, today, &rules, &Threshold::default());
                    }
                }
            }
        }
    }
    assert!(
        parsed > 200 && refused > 20 && replayed > 100,
        "parsed {parsed}, refused {refused}, replayed {replayed}"
    );
}

#[test]
fn mutated_complaint_logs_never_panic() {
    let log = complaint_log();
    let valid: Vec<complaint::Entry> = serde_json::from_str(&log).unwrap();
    complaint::Book::replay(id("textile"), &valid).unwrap();
    let rules = common::rules();
    let mut rng = ChaCha8Rng::seed_from_u64(0x000b_adc0);
    let (mut parsed, mut refused, mut replayed) = (0, 0, 0);
    for _ in 0..4000 {
        let bytes = mutate(&mut rng, &log, JSON_ALPHABET);
        let Ok(entries) = serde_json::from_slice::<Vec<complaint::Entry>>(&bytes) else {
            continue;
        };
        parsed += 1;
        match complaint::Book::replay(id("textile"), &entries) {
            Err((at, e)) => {
                assert!(at < entries.len());
                assert!(!e.field.is_empty() && !e.problem.is_empty());
                refused += 1;
            }
            Ok(book) => {
                replayed += 1;
                for today in [NaiveDate::MIN, NaiveDate::MAX, entries[0].date] {
                    book.ageing(today, &rules);
                    book.overdue(today, &rules);
                }
                book.published();
            }
        }
    }
    assert!(
        parsed > 200 && refused > 20 && replayed > 100,
        "parsed {parsed}, refused {refused}, replayed {replayed}"
    );
}

#[test]
fn mutated_rules_files_never_panic() {
    let text = common::rules_text();
    let mut rng = ChaCha8Rng::seed_from_u64(0x000b_ad70);
    let (mut read, mut refused) = (0, 0);
    for _ in 0..3000 {
        let bytes = mutate(&mut rng, &text, b"[]{}=\".,-_ 0123456789azAZ\n#");
        match ComplaintRules::from_toml(&String::from_utf8_lossy(&bytes), "fuzz.toml") {
            Ok(_) => read += 1,
            Err(e) => {
                assert!(e.to_string().starts_with("fuzz.toml: "), "{e}");
                refused += 1;
            }
        }
    }
    assert!(
        read > 100 && refused > 100,
        "read {read}, refused {refused}"
    );
}
