//! Complaints before the committee: the two-year path from filing to closing with its ageing,
//! the inadmissible and withdrawn paths, every refusal with its field, deadlines at their
//! boundaries, the published (anonymised) case, deterministic replay, and the rules file.

mod common;

use common::complaints::{admissibility, close, compose, entry, intake, step, two_year_case};
use common::{d, id, known, rules};
use imvo_grievance::complaint::{
    Action, Anonymisation, Book, CloseReason, CommitteeMember, ComplaintRules, Entry, Step, Verdict,
};

fn book_of(log: &[Entry]) -> Book {
    let (k, r) = (known(), rules());
    let mut book = Book::new(id("textile"));
    for e in log {
        book.apply(e.clone(), &k, &r)
            .unwrap_or_else(|err| panic!("{e:?}: {err}"));
    }
    book
}

#[test]
fn the_two_year_case_and_its_ageing() {
    let book = book_of(&two_year_case());
    let case = &book.cases[&id("c1")];
    assert!(!case.is_open());
    assert_eq!(
        case.ruling.as_ref().unwrap().what.verdict(),
        Verdict::PartlyUpheld
    );
    assert_eq!(case.interim_rulings.len(), 2);
    assert_eq!(case.follow_ups.len(), 2);
    let rules = rules();
    let a = case.ageing(d("2021-01-01"), &rules);
    assert_eq!(a.days_to_final_ruling, Some(732));
    assert_eq!(a.total_days, 1126);
    assert_eq!(a.closed, Some(d("2020-07-01")));
    assert_eq!(a.waiting, None);
    assert!(!a.overdue);
    let rows: Vec<(Step, i64, Option<i64>)> = a
        .steps
        .iter()
        .map(|s| (s.step, s.days, s.days_late))
        .collect();
    assert_eq!(
        rows,
        vec![
            (Step::Intake, 0, None),
            (Step::Admissibility, 19, None),
            (Step::RespondentAnswer, 42, None),
            (Step::Hearing, 75, None),
            (Step::InterimRuling, 87, None),
            (Step::InterimRuling, 234, None),
            // 56 days allowed after the last interim ruling; 275 taken.
            (Step::FinalRuling, 275, Some(219)),
            (Step::Publication, 17, None),
            (Step::FollowUp, 164, None),
            (Step::FollowUp, 183, None),
            (Step::Closed, 30, None),
        ]
    );
    assert_eq!(
        a.steps.iter().map(|s| s.days).sum::<i64>(),
        a.total_days,
        "the steps add up to the case's age"
    );
    // An open case's age grows with the day of the view.
    let open = book_of(&two_year_case()[..5]);
    let a = open.cases[&id("c1")].ageing(d("2018-01-01"), &rules);
    assert_eq!(a.total_days, 214);
    let waiting = a.waiting.unwrap();
    assert_eq!(
        (waiting.step, waiting.since),
        (Step::FinalRuling, d("2017-10-15"))
    );
    assert_eq!(waiting.due, Some(d("2017-12-10")));
    assert_eq!(a.waiting_days, Some(78));
    assert!(a.overdue);
    assert_eq!(open.ageing(d("2018-01-01"), &rules).len(), 1);
}

#[test]
fn inadmissible_withdrawn_and_settled_cases() {
    let base = vec![compose("2017-01-01"), intake("c2", "2018-01-01")];
    // Inadmissible: published, then closed; or closed straight away.
    let mut log = base.clone();
    log.push(admissibility("c2", "2018-01-15", false));
    log.push(step("c2", "2018-02-01", Step::Publication));
    log.push(step("c2", "2018-02-02", Step::Closed));
    let book = book_of(&log);
    let published = book.published();
    assert_eq!(published.len(), 1);
    assert!(!published[0].admissible);
    assert_eq!(published[0].ruling, None);
    assert_eq!(published[0].verdict, None);
    let mut log = base.clone();
    log.push(admissibility("c2", "2018-01-15", false));
    log.push(step("c2", "2018-01-16", Step::Closed));
    let book = book_of(&log);
    assert!(book.published().is_empty(), "not published, not shown");
    // Withdrawn before admissibility, settled after the hearing.
    let mut log = base.clone();
    log.push(close("c2", "2018-01-02", CloseReason::Withdrawn));
    assert!(!book_of(&log).cases[&id("c2")].is_open());
    let mut log = base.clone();
    log.push(admissibility("c2", "2018-01-15", true));
    log.push(step("c2", "2018-02-01", Step::RespondentAnswer));
    log.push(step("c2", "2018-03-01", Step::Hearing));
    log.push(close("c2", "2018-03-05", CloseReason::Settled));
    let book = book_of(&log);
    assert_eq!(
        book.cases[&id("c2")].closing.as_ref().unwrap().what.reason,
        CloseReason::Settled
    );
    // A respondent that does not answer: recorded without text, the procedure goes on.
    let mut log = base;
    log.push(admissibility("c2", "2018-01-15", true));
    log.push(entry(
        "2018-03-01",
        "committee",
        Action::RespondentAnswer {
            case: id("c2"),
            text: None,
        },
    ));
    log.push(step("c2", "2018-04-01", Step::Hearing));
    assert_eq!(book_of(&log).cases[&id("c2")].respondent_answer, None);
}

/// Applies `e` after `log` and returns the refused field; the book is unchanged.
fn refused_with(log: &[Entry], e: Entry, rules: &ComplaintRules) -> String {
    let mut book = book_of(log);
    let before = book.clone();
    let err = book.apply(e, &known(), rules).unwrap_err();
    assert_eq!(book, before, "a refused entry leaves the book as it was");
    assert!(!err.problem.is_empty());
    err.field
}

fn refused(log: &[Entry], e: Entry) -> String {
    refused_with(log, e, &rules())
}

#[test]
fn refusals_name_the_field() {
    let log = two_year_case();
    let to = |n: usize| &log[..n];
    // Steps out of order.
    assert_eq!(
        refused(to(3), step("c1", "2017-07-01", Step::Hearing)),
        "step"
    );
    assert_eq!(
        refused(to(2), step("c1", "2017-07-01", Step::RespondentAnswer)),
        "step"
    );
    assert_eq!(
        refused(to(4), step("c1", "2017-09-01", Step::FinalRuling)),
        "step"
    );
    assert_eq!(
        refused(to(5), step("c1", "2017-11-01", Step::Publication)),
        "step"
    );
    assert_eq!(
        refused(to(8), step("c1", "2019-06-04", Step::FollowUp)),
        "step"
    );
    assert_eq!(
        refused(to(8), step("c1", "2019-06-04", Step::InterimRuling)),
        "step"
    );
    assert_eq!(
        refused(to(8), step("c1", "2019-06-04", Step::Closed)),
        "step"
    );
    assert_eq!(
        refused(to(3), admissibility("c1", "2017-07-01", true)),
        "step"
    );
    assert_eq!(
        refused(&log, step("c1", "2020-08-01", Step::FollowUp)),
        "step"
    );
    assert_eq!(
        refused(&log, close("c1", "2020-08-01", CloseReason::Withdrawn)),
        "step"
    );
    // Withdrawing or settling comes before the final ruling; completing after publication.
    assert_eq!(
        refused(to(8), close("c1", "2019-06-04", CloseReason::Settled)),
        "step"
    );
    assert_eq!(
        refused(to(5), step("c1", "2017-11-01", Step::Closed)),
        "step"
    );
    // After an inadmissibility decision: no answer, no follow-up.
    let mut no = to(2).to_vec();
    no.push(admissibility("c1", "2017-06-20", false));
    assert_eq!(
        refused(&no, step("c1", "2017-07-01", Step::RespondentAnswer)),
        "step"
    );
    assert_eq!(
        refused(&no, close("c1", "2017-07-01", CloseReason::Withdrawn)),
        "step"
    );
    no.push(step("c1", "2017-07-01", Step::Publication));
    assert_eq!(
        refused(&no, step("c1", "2017-07-02", Step::FollowUp)),
        "step"
    );
    // Dates before the case's previous step.
    assert_eq!(
        refused(to(3), step("c1", "2017-06-19", Step::RespondentAnswer)),
        "date"
    );
    assert_eq!(
        refused(to(8), step("c1", "2019-06-02", Step::Publication)),
        "date"
    );
    assert_eq!(refused(to(2), compose("2016-12-31")), "date");
    // Unknown company, organisation, case; a case filed twice.
    let mut e = intake("c2", "2018-01-01");
    if let Action::Intake { complaint, .. } = &mut e.action {
        complaint.respondent = id("brand-z");
    }
    assert_eq!(refused(to(1), e), "complaint.respondent");
    let mut e = intake("c2", "2018-01-01");
    if let Action::Intake { complaint, .. } = &mut e.action {
        complaint.complainant.organisation = Some(id("unknown-ngo"));
    }
    assert_eq!(refused(to(1), e), "complaint.complainant.organisation");
    assert_eq!(
        refused(to(3), step("c9", "2017-08-01", Step::RespondentAnswer)),
        "case"
    );
    assert_eq!(refused(to(2), intake("c1", "2017-06-02")), "case");
    // The committee: unknown or doubled organisations, blank roles, none at all, not composed.
    let mut e = compose("2018-01-01");
    if let Action::Compose { members } = &mut e.action {
        members[1].organisation = id("nobody");
    }
    assert_eq!(refused(to(1), e), "members[1].organisation");
    let mut e = compose("2018-01-01");
    if let Action::Compose { members } = &mut e.action {
        members[2].organisation = id("ser");
    }
    assert_eq!(refused(to(1), e), "members[2].organisation");
    let mut e = compose("2018-01-01");
    if let Action::Compose { members } = &mut e.action {
        members[0].role = " ".to_owned();
    }
    assert_eq!(refused(to(1), e), "members[0].role");
    let mut e = compose("2018-01-01");
    if let Action::Compose { members } = &mut e.action {
        members.clear();
    }
    assert_eq!(refused(to(1), e), "members");
    assert_eq!(
        refused(&log[1..2], admissibility("c1", "2017-06-20", true)),
        "committee"
    );
    // The rules: a ruling must bind as they say; a publication anonymises at least as they say.
    let mut e = step("c1", "2019-06-03", Step::FinalRuling);
    if let Action::FinalRuling { ruling, .. } = &mut e.action {
        ruling.binding = false;
    }
    assert_eq!(refused(to(7), e), "ruling.binding");
    let named = |complainant, respondent| {
        entry(
            "2019-06-20",
            "committee",
            Action::Publication {
                case: id("c1"),
                anonymised: Anonymisation {
                    complainant,
                    respondent,
                },
            },
        )
    };
    assert_eq!(
        refused(to(8), named(false, false)),
        "anonymised.complainant"
    );
    let strict = ComplaintRules {
        anonymise: Anonymisation {
            complainant: true,
            respondent: true,
        },
        ..rules()
    };
    assert_eq!(
        refused_with(to(8), named(true, false), &strict),
        "anonymised.respondent"
    );
    // More anonymisation than the rules ask is fine.
    book_of(to(8))
        .apply(named(true, true), &known(), &rules())
        .unwrap();
    // Texts.
    let mut e = step("c1", "2019-06-03", Step::FinalRuling);
    if let Action::FinalRuling { ruling, .. } = &mut e.action {
        ruling.findings.clear();
    }
    assert_eq!(refused(to(7), e), "ruling.findings");
    let mut e = step("c1", "2019-06-03", Step::FinalRuling);
    if let Action::FinalRuling { ruling, .. } = &mut e.action {
        ruling.text.language = "NL".to_owned();
    }
    assert_eq!(refused(to(7), e), "ruling.text.language");
    let mut e = intake("c2", "2018-01-01");
    if let Action::Intake { complaint, .. } = &mut e.action {
        complaint.agreement = String::new();
    }
    assert_eq!(refused(to(1), e), "complaint.agreement");
    let mut e = admissibility("c1", "2017-06-20", true);
    if let Action::Admissibility { grounds, .. } = &mut e.action {
        grounds.clear();
    }
    assert_eq!(refused(to(2), e), "grounds");
}

#[test]
fn overdue_flags_turn_on_the_day_after_the_deadline() {
    let rules = rules();
    let book = book_of(&[compose("2019-12-01"), intake("c3", "2020-01-01")]);
    // Admissibility is due 28 days after intake.
    assert!(book.overdue(d("2020-01-29"), &rules).is_empty());
    let late = book.overdue(d("2020-01-30"), &rules);
    assert_eq!(late.len(), 1);
    assert_eq!(late[0].due.step, Step::Admissibility);
    assert_eq!(late[0].due.due, Some(d("2020-01-29")));
    assert_eq!(late[0].days_late, 1);
    assert!(
        !book.cases[&id("c3")]
            .ageing(d("2020-01-29"), &rules)
            .overdue
    );
    assert!(
        book.cases[&id("c3")]
            .ageing(d("2020-01-30"), &rules)
            .overdue
    );
    // A step the rules give no term is never overdue.
    let lax = ComplaintRules {
        deadlines: Default::default(),
        ..rules.clone()
    };
    assert!(book.overdue(d("2030-01-01"), &lax).is_empty());
    // A step taken on its deadline is not late; the day after it is.
    let on_time = book_of(&[
        compose("2019-12-01"),
        intake("c3", "2020-01-01"),
        admissibility("c3", "2020-01-29", true),
    ]);
    let a = on_time.cases[&id("c3")].ageing(d("2020-02-01"), &rules);
    assert_eq!(a.steps[1].due, Some(d("2020-01-29")));
    assert_eq!(a.steps[1].days_late, None);
    let late = book_of(&[
        compose("2019-12-01"),
        intake("c3", "2020-01-01"),
        admissibility("c3", "2020-01-30", true),
    ]);
    assert_eq!(
        late.cases[&id("c3")].ageing(d("2020-02-01"), &rules).steps[1].days_late,
        Some(1)
    );
}

#[test]
fn the_published_case_leaves_the_complainant_unnamed() {
    let book = book_of(&two_year_case());
    let p = book.published();
    assert_eq!(p.len(), 1);
    let p = &p[0];
    assert_eq!(p.complainant, None);
    assert_eq!(p.respondent, Some(id("brand-a")));
    assert_eq!(p.verdict, Some(Verdict::PartlyUpheld));
    assert_eq!(p.binding, Some(true));
    assert_eq!(p.committee.len(), 3);
    assert_eq!(p.follow_ups.len(), 2);
    let json = serde_json::to_string(p).unwrap();
    for secret in [
        "Garment Workers Rights",
        "case@gwrb.example",
        "were dismissed after founding",
        "We audited the supplier",
        "\"committee\":\"", // no actor
    ] {
        assert!(!json.contains(secret), "{secret} in {json}");
    }
    // Before publication nothing is public.
    assert!(book_of(&two_year_case()[..8]).published().is_empty());
    // The committee on the day of the ruling, not today's.
    let mut log = two_year_case();
    log.push(entry(
        "2020-01-01",
        "secretariat",
        Action::Compose {
            members: vec![CommitteeMember {
                organisation: id("schone-kleren"),
                role: "chair".to_owned(),
            }],
        },
    ));
    let book = book_of(&log);
    assert_eq!(book.published()[0].committee.len(), 3);
    assert_eq!(book.committee_on(d("2020-01-02")).len(), 1);
}

#[test]
fn replay_is_deterministic_and_round_trips_through_json() {
    let log = two_year_case();
    let applied = book_of(&log);
    let json = serde_json::to_string(&log).unwrap();
    let parsed: Vec<Entry> = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed, log);
    let a = Book::replay(id("textile"), &parsed).unwrap();
    assert_eq!(a, applied);
    assert_eq!(a, Book::replay(id("textile"), &log).unwrap());
    let row = serde_json::to_value(&log[8]).unwrap();
    assert_eq!(
        row,
        serde_json::json!({"date": "2019-06-20", "actor": "committee", "action": "publication",
                           "case": "c1", "anonymised": {"complainant": true, "respondent": false}})
    );
    // Replay checks neither the known lists nor the rules: a publication under the rules of
    // its day stays in the history when the rules later ask for more anonymisation.
    let mut k = known();
    k.companies.clear();
    assert!(
        book_of(&log[..1])
            .apply(log[1].clone(), &k, &rules())
            .is_err()
    );
    assert!(Book::replay(id("textile"), &log).is_ok());
    let mut bad = log.clone();
    bad.remove(3);
    let (at, err) = Book::replay(id("textile"), &bad).unwrap_err();
    assert_eq!((at, err.field.as_str()), (3, "step"));
    let unknown = r#"{"date": "2019-06-20", "actor": "c", "action": "hearing", "case": "c1", "date_held": "2019-06-20"}"#;
    assert!(serde_json::from_str::<Entry>(unknown).is_err());
}
