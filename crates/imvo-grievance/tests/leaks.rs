//! Views never leak, on random logs: a small seeded generator walks signals and complaints
//! through random steps (keeping those the book accepts), with a unique token in every secret,
//! and then reads every view as JSON, the form in which it leaves the server.
//!
//! - A company's view never holds a reporter's contact or account, the reporter's kind, another
//!   company's id or another company's answer.
//! - The reporter's view never holds a company id.
//! - The public figures hold no company, reporter, contact or location.
//! - A published case holds no party the publication leaves unnamed, no contact, no actor.

mod common;

use chrono::{Days, NaiveDate};
use common::{id, known};
use imvo_diligence::Threshold;
use imvo_domain::Id;
use imvo_grievance::complaint::{self, Anonymisation, ComplaintRules, Step};
use imvo_grievance::signal::{
    self, Action, Entry, Evidence, Location, Outcome, Priority, Report, Reporter, SignalRules,
};
use imvo_grievance::{Known, PartyKind, Statement};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const COMPANIES: usize = 12;

fn company(n: usize) -> Id {
    id(&format!("company-{n:02}"))
}

fn world() -> Known {
    let mut k = known();
    k.companies = (1..=COMPANIES).map(company).collect();
    k
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// A random signal log of one covenant, every entry accepted by the book.
fn random_signals(rng: &mut ChaCha8Rng, trial: usize) -> (signal::Book, Vec<Entry>) {
    let k = world();
    let themes: Vec<Id> = k.themes.iter().cloned().collect();
    let mut book = signal::Book::new(id("textile"));
    let mut log = Vec::new();
    let mut day = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
    let mut signals: Vec<Id> = Vec::new();
    for attempt in 0..120 {
        day = day + Days::new(rng.random_range(0..6));
        let new = signals.is_empty() || rng.random_bool(0.12);
        let (actor, action) = if new {
            let n = signals.len();
            let s = id(&format!("s{n}"));
            signals.push(s.clone());
            let report = Report {
                location: Location::Matched {
                    id: format!("LOC{trial}X{n}"),
                },
                themes: (0..rng.random_range(1..4))
                    .map(|_| pick(rng, &themes).clone())
                    .fold(Vec::new(), |mut v, t| {
                        if !v.contains(&t) {
                            v.push(t);
                        }
                        v
                    }),
                description: Statement::new("Unpaid overtime and locked exits.", "en"),
                evidence: vec![Evidence {
                    reference: format!("https://evidence.example/{trial}/{n}"),
                    sha256: None,
                }],
                reporter: Reporter {
                    kind: *pick(rng, &[PartyKind::Public, PartyKind::Ngo, PartyKind::Union]),
                    contact: Some(format!("contact-{trial}-{n}@secret.example")),
                },
            };
            (
                format!("reporter-{trial}-{n}"),
                Action::Report { signal: s, report },
            )
        } else {
            let signal = pick(rng, &signals).clone();
            let action = match rng.random_range(0..7) {
                0 => Action::Triage {
                    signal,
                    admissible: rng.random_bool(0.8),
                    grounds: "Within the covenant's scope, or not.".to_owned(),
                    priority: *pick(rng, &[Priority::Normal, Priority::Urgent]),
                    location: None,
                    for_companies: rng
                        .random_bool(0.5)
                        .then(|| Statement::new("Overtime reportedly unpaid.", "en")),
                    share_evidence: rng.random_bool(0.5),
                },
                1 | 2 => Action::Forward {
                    signal,
                    companies: (0..rng.random_range(1..4))
                        .map(|_| company(rng.random_range(1..=COMPANIES)))
                        .collect(),
                },
                3 | 4 => {
                    // Mostly a company it was forwarded to; sometimes any (refused).
                    let forwarded: Vec<usize> = book.signals[&signal]
                        .forwards
                        .keys()
                        .map(|c| c.as_str()["company-".len()..].parse().unwrap())
                        .collect();
                    let c = if forwarded.is_empty() || rng.random_bool(0.2) {
                        rng.random_range(1..=COMPANIES)
                    } else {
                        *pick(rng, &forwarded)
                    };
                    Action::Answer {
                        signal,
                        company: company(c),
                        response: format!("answer-of-{c:02}-{attempt}"),
                    }
                }
                5 => Action::Close {
                    signal,
                    outcome: *pick(rng, &[Outcome::Remedied, Outcome::NotRemedied]),
                    reason: "Closed after review.".to_owned(),
                },
                _ => Action::Reopen {
                    signal,
                    reason: "New facts.".to_owned(),
                },
            };
            ("secretariat".to_owned(), action)
        };
        let e = Entry {
            date: day,
            actor,
            action,
        };
        if book.apply(e.clone(), &k).is_ok() {
            log.push(e);
        } else if new {
            signals.pop();
        }
    }
    (book, log)
}

#[test]
fn signal_views_never_leak() {
    let mut rng = ChaCha8Rng::seed_from_u64(0x0051_67a1);
    let rules = SignalRules::default();
    let (mut forwarded, mut answered) = (0, 0);
    for trial in 0..150 {
        let (book, log) = random_signals(&mut rng, trial);
        // Deterministic replay: the stored log gives the book it was recorded into.
        assert_eq!(signal::Book::replay(id("textile"), &log).unwrap(), book);
        let today = log.last().unwrap().date + Days::new(rng.random_range(0..60));
        for n in 1..=COMPANIES {
            let me = company(n);
            for view in book.for_company(&me, today, &rules) {
                forwarded += 1;
                answered += usize::from(!view.answers.is_empty());
                let json = serde_json::to_string(&view).unwrap();
                for secret in ["contact-", "secret.example", "reporter-", "\"reporter\""] {
                    assert!(!json.contains(secret), "{secret} in {json}");
                }
                for other in (1..=COMPANIES).filter(|&o| o != n) {
                    assert!(!json.contains(company(other).as_str()), "{json}");
                    assert!(!json.contains(&format!("answer-of-{other:02}-")), "{json}");
                }
            }
        }
        for s in book.signals.keys() {
            let json = serde_json::to_string(&book.for_reporter(s).unwrap()).unwrap();
            assert!(
                !json.contains("company-") && !json.contains("answer-of"),
                "{json}"
            );
        }
        for year in book.years() {
            let public = book.public(year, today, &rules, &Threshold::with_k(3));
            let json = serde_json::to_string(&public).unwrap();
            for secret in ["company-", "contact-", "reporter-", "LOC", "answer-of"] {
                assert!(!json.contains(secret), "{secret} in {json}");
            }
        }
    }
    // The generator reaches the views it tests.
    assert!(forwarded > 300 && answered > 100, "{forwarded} {answered}");
}

/// A random complaint log: cases walked through random steps, every entry accepted.
fn random_complaints(
    rng: &mut ChaCha8Rng,
    trial: usize,
    rules: &ComplaintRules,
) -> complaint::Book {
    use complaint::{Action, CloseReason, CommitteeMember, Complainant, Complaint, Entry};
    let k = world();
    let mut book = complaint::Book::new(id("textile"));
    let mut day = NaiveDate::from_ymd_opt(2017, 1, 1).unwrap();
    let compose = Entry {
        date: day,
        actor: "secretariat".to_owned(),
        action: Action::Compose {
            members: vec![CommitteeMember {
                organisation: id("ser"),
                role: "chair".to_owned(),
            }],
        },
    };
    book.apply(compose, &k, rules).unwrap();
    let mut cases: Vec<Id> = Vec::new();
    for _ in 0..80 {
        day = day + Days::new(rng.random_range(0..30));
        let action = if cases.is_empty() || rng.random_bool(0.15) {
            let n = cases.len();
            cases.push(id(&format!("c{n}")));
            Action::Intake {
                case: id(&format!("c{n}")),
                complaint: Complaint {
                    complainant: Complainant {
                        kind: PartyKind::Union,
                        name: format!("complainant-{trial}-{n}"),
                        organisation: None,
                        contact: Some(format!("contact-{trial}-{n}@secret.example")),
                    },
                    respondent: company(rng.random_range(1..=COMPANIES)),
                    harm: Statement::new(format!("harm-words-{trial}-{n}"), "en"),
                    agreement: "Article 9".to_owned(),
                },
            }
        } else {
            let case = pick(rng, &cases).clone();
            // Mostly the step the case waits for, so cases reach their end; sometimes any step.
            let c = &book.cases[&case];
            let expected = c.latest().step.expected_next(c.admissible());
            let which = match expected {
                Some(step) if rng.random_bool(0.7) => step,
                _ => *pick(
                    rng,
                    &[
                        Step::Admissibility,
                        Step::RespondentAnswer,
                        Step::Hearing,
                        Step::InterimRuling,
                        Step::FinalRuling,
                        Step::Publication,
                        Step::FollowUp,
                        Step::Closed,
                    ],
                ),
            };
            match which {
                Step::Intake => unreachable!("never picked"),
                Step::Admissibility => Action::Admissibility {
                    case,
                    admissible: rng.random_bool(0.8),
                    grounds: "Grounds.".to_owned(),
                },
                Step::RespondentAnswer => Action::RespondentAnswer {
                    case,
                    text: Some("respondent-words".to_owned()),
                },
                Step::Hearing => Action::Hearing {
                    case,
                    note: Some("hearing-note".to_owned()),
                },
                Step::InterimRuling => Action::InterimRuling {
                    case,
                    text: Statement::new("Interim.", "en"),
                },
                Step::FinalRuling => Action::FinalRuling {
                    case,
                    ruling: complaint::Ruling {
                        text: Statement::new("The ruling.", "en"),
                        binding: rules.binding,
                        findings: vec![complaint::Finding {
                            text: "A finding.".to_owned(),
                            upheld: rng.random_bool(0.5),
                        }],
                    },
                },
                Step::Publication => Action::Publication {
                    case,
                    anonymised: Anonymisation {
                        complainant: rng.random_bool(0.5),
                        respondent: rng.random_bool(0.5),
                    },
                },
                Step::FollowUp => Action::FollowUp {
                    case,
                    text: "Follow-up.".to_owned(),
                },
                Step::Closed => Action::Close {
                    case,
                    reason: *pick(
                        rng,
                        &[
                            CloseReason::Completed,
                            CloseReason::Withdrawn,
                            CloseReason::Settled,
                        ],
                    ),
                    note: None,
                },
            }
        };
        let e = Entry {
            date: day,
            actor: "committee-clerk".to_owned(),
            action,
        };
        let _ = book.apply(e, &k, rules);
    }
    book
}

#[test]
fn published_cases_never_name_the_unnamed() {
    let mut rng = ChaCha8Rng::seed_from_u64(0xc033);
    let base = common::rules();
    let mut published = 0;
    for trial in 0..150 {
        let rules = ComplaintRules {
            anonymise: Anonymisation {
                complainant: rng.random_bool(0.5),
                respondent: rng.random_bool(0.5),
            },
            ..base.clone()
        };
        let book = random_complaints(&mut rng, trial, &rules);
        for p in book.published() {
            published += 1;
            let case = &book.cases[&p.case];
            assert!(p.anonymised.covers(rules.anonymise));
            let json = serde_json::to_string(&p).unwrap();
            for secret in [
                "contact-",
                "harm-words",
                "respondent-words",
                "hearing-note",
                "committee-clerk",
            ] {
                assert!(!json.contains(secret), "{secret} in {json}");
            }
            if p.anonymised.complainant {
                assert!(!json.contains(&case.complaint.complainant.name), "{json}");
            }
            if p.anonymised.respondent {
                assert!(!json.contains("company-"), "{json}");
            }
        }
        // The ageing names no party.
        let json = serde_json::to_string(&book.ageing(NaiveDate::MAX, &rules)).unwrap();
        assert!(!json.contains("company-") && !json.contains("complainant-"));
        assert!(book.cases.values().all(|c| c.steps[0].step == Step::Intake));
    }
    assert!(published > 50, "{published}");
}
