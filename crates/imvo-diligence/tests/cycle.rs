//! The yearly cycle on a small covenant: joining, submitting, assessing, responding, escalating
//! and publishing, with the refusals the issue names, and the public figures.

use std::path::PathBuf;

use chrono::NaiveDate;
use imvo_diligence::cycle::{
    Action, Assessment, Book, Calendar, Entry, Escalation, EscalationRule, Evidence, Frameworks,
    Status, Step, Submission,
};
use imvo_diligence::{Answers, Figure, Framework, Score, Threshold};
use imvo_domain::Id;

fn id(s: &str) -> Id {
    Id::new(s).unwrap()
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn frameworks() -> Frameworks {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/diligence/frameworks/textile-covenant-v1.toml");
    let f = Framework::from_toml(&std::fs::read_to_string(path).unwrap(), "textile").unwrap();
    Frameworks::from([((f.id.clone(), f.version), f)])
}

fn entry(date: &str, actor: &str, action: Action) -> Entry {
    Entry {
        date: d(date),
        actor: actor.to_owned(),
        action,
    }
}

/// Every criterion at `points` (0–2), with evidence wherever it is needed.
fn submission(f: &Framework, points: i64) -> Submission {
    let mut s = Submission::default();
    for (_, c) in f.criteria() {
        s.answers.scores.insert(c.id.clone(), Score::Points(points));
        if c.evidence {
            s.evidence.push(Evidence {
                criterion: c.id.clone(),
                reference: format!("https://example.org/{}", c.id),
                sha256: None,
            });
        }
    }
    s
}

fn assessment(f: &Framework, points: i64) -> Assessment {
    let mut a = Assessment {
        answers: Answers::default(),
        ..Assessment::default()
    };
    for (_, c) in f.criteria() {
        a.answers.scores.insert(c.id.clone(), Score::Points(points));
    }
    a.comments
        .insert(id("goals-smart"), "Maak de doelen meetbaar.".to_owned());
    a
}

const CALENDAR: Calendar = Calendar {
    submission_due: NaiveDate::from_ymd_opt(2017, 3, 31).unwrap(),
    assessment_due: NaiveDate::from_ymd_opt(2017, 6, 30).unwrap(),
    response_due: NaiveDate::from_ymd_opt(2017, 8, 31).unwrap(),
    publication: NaiveDate::from_ymd_opt(2017, 10, 1).unwrap(),
};

/// Seven companies join; six submit and are assessed (four fully meeting), one does not submit.
fn year_2017() -> (Vec<Entry>, Frameworks) {
    let fw = frameworks();
    let f = fw.values().next().unwrap().clone();
    let mut log = Vec::new();
    for n in 1..=7 {
        log.push(entry(
            "2016-07-04",
            "ser",
            Action::Join {
                company: id(&format!("company-{n}")),
                name: format!("Company {n} (synthetic)"),
                registration: None,
                synthetic: true,
            },
        ));
    }
    log.push(entry(
        "2017-01-02",
        "ser",
        Action::OpenCycle {
            year: 2017,
            framework: f.id.clone(),
            version: 1,
            calendar: CALENDAR,
        },
    ));
    for n in 1..=6 {
        log.push(entry(
            "2017-03-01",
            &format!("user-{n}"),
            Action::Submit {
                company: id(&format!("company-{n}")),
                year: 2017,
                submission: submission(&f, 2),
            },
        ));
    }
    for n in 1..=6 {
        log.push(entry(
            "2017-05-01",
            "ser",
            Action::Assess {
                company: id(&format!("company-{n}")),
                year: 2017,
                revision: 1,
                assessment: assessment(&f, if n <= 4 { 2 } else { 1 }),
            },
        ));
    }
    for n in 1..=7 {
        log.push(entry(
            "2017-05-02",
            "ser",
            Action::Turnover {
                company: id(&format!("company-{n}")),
                year: 2017,
                million_eur: 100.0,
            },
        ));
    }
    log.push(entry(
        "2017-05-02",
        "ser",
        Action::Market {
            year: 2017,
            million_eur: 2000.0,
            source: "CBS, omzet kledingdetailhandel 2017 (synthetic test figure)".to_owned(),
        },
    ));
    (log, fw)
}

#[test]
fn a_year_of_the_cycle_and_its_public_figures() {
    let (log, fw) = year_2017();
    let book = Book::replay(id("textile"), &log, &fw).unwrap();
    assert_eq!(book.population(2017).len(), 7);
    let card = book
        .scorecard(&id("company-1"), 2017, &fw, None)
        .unwrap()
        .unwrap();
    assert_eq!(card.verdict, id("fully-meets"));

    let k5 = book.kpis(2017, &fw, &Threshold::with_k(5)).unwrap();
    assert_eq!(k5.members, 7);
    // Six assessed, one not: the 1 would be a single company, so both cells go.
    assert_eq!(k5.assessed.total, Figure::Published(7));
    assert!(k5.assessed.cells.iter().all(Figure::is_suppressed));
    // Four fully meet and two partly: both below 5, so they and the share are hidden; the
    // empty "does not meet" rests on no company and is shown.
    assert!(k5.verdicts[0].1.is_suppressed() && k5.verdicts[1].1.is_suppressed());
    assert_eq!(k5.verdicts[2], (id("does-not-meet"), Figure::Published(0)));
    assert_eq!(k5.meets, Figure::Suppressed);
    assert!(
        k5.mean_total.value().is_some(),
        "six companies' mean is published"
    );
    // 7 × 100 of a 2000 market: 35 %, no company dominant.
    assert_eq!(k5.market_share, Some(Figure::Published(0.35)));

    let k2 = book.kpis(2017, &fw, &Threshold::with_k(2)).unwrap();
    assert_eq!(k2.meets, Figure::Published(4.0 / 6.0));
    assert_eq!(k2.verdicts[0], (id("fully-meets"), Figure::Published(4)));
}

#[test]
fn refusals_name_the_field_and_change_nothing() {
    let (log, fw) = year_2017();
    let f = fw.values().next().unwrap().clone();
    let book = Book::replay(id("textile"), &log, &fw).unwrap();
    let refuse = |e: Entry| {
        let mut b = book.clone();
        let err = b.apply(e, &fw).unwrap_err();
        assert_eq!(b, book, "a refused entry changed the book");
        err.field
    };
    // Company 7 submits after the deadline.
    assert_eq!(
        refuse(entry(
            "2017-06-01",
            "user-7",
            Action::Submit {
                company: id("company-7"),
                year: 2017,
                submission: submission(&f, 2)
            }
        )),
        "date"
    );
    // A company that is not a member.
    assert_eq!(
        refuse(entry(
            "2017-06-01",
            "x",
            Action::Submit {
                company: id("company-99"),
                year: 2017,
                submission: submission(&f, 2)
            }
        )),
        "company"
    );
    // A criterion the framework does not have; a score off its scale; missing evidence.
    let mut s = submission(&f, 2);
    s.answers.scores.insert(id("no-such"), Score::Points(1));
    let resubmit = |s| {
        entry(
            "2017-06-01",
            "user-1",
            Action::Submit {
                company: id("company-1"),
                year: 2017,
                submission: s,
            },
        )
    };
    assert_eq!(refuse(resubmit(s)), "submission.answers.no-such");
    let mut s = submission(&f, 2);
    s.answers.scores.insert(id("goals-smart"), Score::Points(5));
    assert_eq!(refuse(resubmit(s)), "submission.answers.goals-smart");
    let mut s = submission(&f, 2);
    s.evidence
        .retain(|e| e.criterion != id("policy-commitment"));
    assert_eq!(refuse(resubmit(s)), "submission.evidence.policy-commitment");
    // Out of date order.
    assert_eq!(
        refuse(entry(
            "2016-01-01",
            "ser",
            Action::Join {
                company: id("late"),
                name: "Late (synthetic)".into(),
                registration: None,
                synthetic: true,
            }
        )),
        "date"
    );
    // An assessment of an old revision.
    assert_eq!(
        refuse(entry(
            "2017-06-01",
            "ser",
            Action::Assess {
                company: id("company-7"),
                year: 2017,
                revision: 1,
                assessment: assessment(&f, 2)
            }
        )),
        "revision"
    );
}

#[test]
fn feedback_response_resubmission() {
    let (mut log, fw) = year_2017();
    let f = fw.values().next().unwrap().clone();
    log.push(entry(
        "2017-06-01",
        "user-5",
        Action::Respond {
            company: id("company-5"),
            year: 2017,
            text: "We passen de doelen aan.".to_owned(),
        },
    ));
    log.push(entry(
        "2017-07-01",
        "user-5",
        Action::Submit {
            company: id("company-5"),
            year: 2017,
            submission: submission(&f, 2),
        },
    ));
    log.push(entry(
        "2017-07-15",
        "ser",
        Action::Assess {
            company: id("company-5"),
            year: 2017,
            revision: 2,
            assessment: assessment(&f, 2),
        },
    ));
    let book = Book::replay(id("textile"), &log, &fw).unwrap();
    let file = &book.cycles[&2017].files[&id("company-5")];
    assert_eq!(file.submissions.len(), 2);
    assert_eq!(
        book.scorecard(&id("company-5"), 2017, &fw, None)
            .unwrap()
            .unwrap()
            .verdict,
        id("fully-meets")
    );
}

#[test]
fn missed_deadlines_escalate_by_the_rule_and_the_secretariats_decision() {
    let (mut log, fw) = year_2017();
    let book = Book::replay(id("textile"), &log, &fw).unwrap();
    let overdue = book.overdue(d("2017-04-20"));
    let late: Vec<_> = overdue
        .iter()
        .filter(|o| o.step == Step::Submission)
        .collect();
    assert_eq!(late.len(), 1);
    assert_eq!(late[0].company, id("company-7"));
    assert_eq!(late[0].days_late, 20);
    let rule = EscalationRule::default();
    let p = book.proposals(d("2017-04-20"), &rule);
    assert_eq!(
        p.iter()
            .find(|p| p.overdue.company == id("company-7"))
            .unwrap()
            .step,
        Escalation::Warning
    );
    // The secretariat decides on a suspension after 30 days.
    log.push(entry(
        "2017-05-10",
        "ser",
        Action::Escalate {
            company: id("company-7"),
            year: 2017,
            step: Escalation::Suspension,
            decision: "Geen actieplan ingediend na herinnering en waarschuwing.".to_owned(),
        },
    ));
    let book = Book::replay(id("textile"), &log, &fw).unwrap();
    assert_eq!(book.members[&id("company-7")].status(), Status::Suspended);
    assert!(
        book.proposals(d("2017-05-11"), &rule)
            .iter()
            .all(|p| p.overdue.company != id("company-7")),
        "a decided step is not proposed again"
    );
    // Excluded is final.
    log.push(entry(
        "2017-06-10",
        "ser",
        Action::Escalate {
            company: id("company-7"),
            year: 2017,
            step: Escalation::Exclusion,
            decision: "Uitgesloten.".to_owned(),
        },
    ));
    let mut book = Book::replay(id("textile"), &log, &fw).unwrap();
    let err = book
        .apply(
            entry(
                "2017-06-11",
                "ser",
                Action::SetStatus {
                    company: id("company-7"),
                    status: Status::Active,
                    reason: "terug".to_owned(),
                },
            ),
            &fw,
        )
        .unwrap_err();
    assert_eq!(err.field, "status");
}

#[test]
fn a_published_year_is_not_rescored_without_saying_so() {
    let (mut log, mut fw) = year_2017();
    log.push(entry("2017-10-02", "ser", Action::Publish { year: 2017 }));
    let f = fw.values().next().unwrap().clone();
    let mut v2 = f.clone();
    v2.version = 2;
    fw.insert((v2.id.clone(), 2), v2);
    let mut book = Book::replay(id("textile"), &log, &fw).unwrap();
    let change = |republish| {
        entry(
            "2018-01-05",
            "ser",
            Action::ChangeFramework {
                year: 2017,
                framework: f.id.clone(),
                version: 2,
                reason: "Versie 2 van het kader.".to_owned(),
                republish,
            },
        )
    };
    assert_eq!(
        book.apply(change(false), &fw).unwrap_err().field,
        "republish"
    );
    book.apply(change(true), &fw).unwrap();
    assert_eq!(book.cycles[&2017].version, 2);
    // Publishing before the publication date is refused too.
    let (log, fw) = year_2017();
    let mut book = Book::replay(id("textile"), &log, &fw).unwrap();
    let err = book
        .apply(
            entry("2017-09-01", "ser", Action::Publish { year: 2017 }),
            &fw,
        )
        .unwrap_err();
    assert_eq!(err.field, "date");
}

#[test]
fn the_log_round_trips_through_json_and_replays_the_same() {
    let (log, fw) = year_2017();
    let text = serde_json::to_string(&log).unwrap();
    let back: Vec<Entry> = serde_json::from_str(&text).unwrap();
    assert_eq!(back, log);
    let a = Book::replay(id("textile"), &log, &fw).unwrap();
    let b = Book::replay(id("textile"), &back, &fw).unwrap();
    assert_eq!(a, b);
    assert_eq!(
        serde_json::to_string(&a.kpis(2017, &fw, &Threshold::default())).unwrap(),
        serde_json::to_string(&b.kpis(2017, &fw, &Threshold::default())).unwrap()
    );
}
