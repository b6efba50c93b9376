//! Signals on a small covenant: the full path from report to closing and reopening, every
//! refusal with its field, deadlines at their boundaries, deterministic replay, and the public
//! figures.

mod common;

use common::signals::{answer, close, entry, forward, reopen, report, reported, triage};
use common::{d, id, known};
use imvo_domain::{Lang, Text};
use imvo_grievance::signal::{
    Action, Book, Entry, Location, Outcome, Priority, Report, SignalRules, Status, Step,
};

fn happy_log() -> Vec<Entry> {
    vec![
        reported("s1", "2024-03-01"),
        triage("s1", "2024-03-10", true),
        forward("s1", "2024-03-12", &["brand-a", "brand-b"]),
        answer("s1", "2024-03-20", "brand-a"),
        answer("s1", "2024-04-01", "brand-b"),
        close("s1", "2024-05-01", Outcome::Remedied),
        reopen("s1", "2024-06-01"),
        answer("s1", "2024-06-05", "brand-a"),
    ]
}

fn book_of(log: &[Entry]) -> Book {
    let mut book = Book::new(id("textile"));
    let k = known();
    for e in log {
        book.apply(e.clone(), &k)
            .unwrap_or_else(|err| panic!("{e:?}: {err}"));
    }
    book
}

#[test]
fn the_full_path_from_report_to_reopening() {
    let mut book = Book::new(id("textile"));
    let k = known();
    let status = |book: &Book| book.signals[&id("s1")].status;
    let log = happy_log();
    let expected = [
        Status::Received,
        Status::Triaged,
        Status::Forwarded,
        Status::Forwarded,
        Status::Answered,
        Status::Closed,
        Status::Forwarded,
        Status::Forwarded,
    ];
    for (e, want) in log.iter().zip(expected) {
        book.apply(e.clone(), &k).unwrap();
        assert_eq!(status(&book), want, "after {}", e.action.name());
    }
    let s = &book.signals[&id("s1")];
    assert_eq!(s.received, d("2024-03-01"));
    assert_eq!(s.reported_by, "form");
    assert_eq!(s.answers.len(), 3);
    // Reopened after the companies answered: both are asked again; only brand-a answered since.
    assert_eq!(s.forwards[&id("brand-a")].asked, d("2024-06-01"));
    assert_eq!(s.forwards[&id("brand-a")].answered, Some(d("2024-06-05")));
    assert_eq!(s.forwards[&id("brand-b")].answered, None);
    assert_eq!(
        s.timeline.iter().map(|t| t.status).collect::<Vec<_>>(),
        vec![
            Status::Received,
            Status::Triaged,
            Status::Forwarded,
            Status::Answered,
            Status::Closed,
            Status::Forwarded
        ]
    );
    // brand-b answers too, and the signal closes for good.
    book.apply(answer("s1", "2024-06-10", "brand-b"), &k)
        .unwrap();
    assert_eq!(status(&book), Status::Answered);
    book.apply(close("s1", "2024-07-01", Outcome::PartlyRemedied), &k)
        .unwrap();
    assert_eq!(
        book.for_reporter(&id("s1")).unwrap().outcome,
        Some(Outcome::PartlyRemedied)
    );
    assert_eq!(book.entries, 10);
}

#[test]
fn inadmissible_unmatched_and_withdrawn_signals() {
    let k = known();
    let mut book = Book::new(id("textile"));
    // Inadmissible: the reporter reads the grounds; a reopening asks for a new triage.
    book.apply(reported("s2", "2024-01-05"), &k).unwrap();
    book.apply(triage("s2", "2024-01-10", false), &k).unwrap();
    let view = book.for_reporter(&id("s2")).unwrap();
    assert_eq!(view.status, Status::Inadmissible);
    assert_eq!(
        view.grounds.as_deref(),
        Some("Buiten de reikwijdte van het convenant.")
    );
    book.apply(reopen("s2", "2024-02-01"), &k).unwrap();
    assert_eq!(book.signals[&id("s2")].status, Status::Received);
    assert!(book.signals[&id("s2")].triage().is_none());
    book.apply(triage("s2", "2024-02-02", true), &k).unwrap();
    assert_eq!(book.signals[&id("s2")].status, Status::Triaged);

    // Unmatched: not forwarded until the secretariat resolves the location at triage.
    let mut r = report(&["child_labour"]);
    r.location = Location::Unmatched {
        name: "Sunrise Knit".to_owned(),
        address: "Plot 12, Road 5".to_owned(),
        country: "Bangladesh".to_owned(),
    };
    book.apply(
        entry(
            "2024-03-01",
            "alice",
            Action::Report {
                signal: id("s3"),
                report: r,
            },
        ),
        &k,
    )
    .unwrap();
    let Action::Triage {
        signal,
        admissible,
        grounds,
        priority,
        for_companies,
        share_evidence,
        ..
    } = triage("s3", "2024-03-02", true).action
    else {
        unreachable!()
    };
    let mut resolved = entry(
        "2024-03-02",
        "secretariat",
        Action::Triage {
            signal,
            admissible,
            grounds,
            priority,
            location: None,
            for_companies,
            share_evidence,
        },
    );
    let mut unresolved = book.clone();
    unresolved.apply(resolved.clone(), &k).unwrap();
    let err = unresolved
        .apply(forward("s3", "2024-03-03", &["brand-a"]), &k)
        .unwrap_err();
    assert_eq!(err.field, "location");
    if let Action::Triage { location, .. } = &mut resolved.action {
        *location = Some(Location::Matched {
            id: "BD2020001ABCDEF".to_owned(),
        });
    }
    book.apply(resolved, &k).unwrap();
    book.apply(forward("s3", "2024-03-03", &["brand-a"]), &k)
        .unwrap();
    assert_eq!(
        book.signals[&id("s3")].location.id(),
        Some("BD2020001ABCDEF")
    );

    // Withdrawn before triage.
    book.apply(reported("s4", "2024-04-01"), &k).unwrap();
    book.apply(close("s4", "2024-04-02", Outcome::Withdrawn), &k)
        .unwrap();
    assert_eq!(book.signals[&id("s4")].status, Status::Closed);
    assert_eq!(
        book.signals[&id("s4")].closure().unwrap().what.from,
        Status::Received
    );
    book.apply(reopen("s4", "2024-04-03"), &k).unwrap();
    assert_eq!(book.signals[&id("s4")].status, Status::Received);
}

/// Applies `e` to a book built from `log` and returns the refused field; the book is unchanged.
fn refused(log: &[Entry], e: Entry) -> String {
    let mut book = book_of(log);
    let before = book.clone();
    let err = book.apply(e, &known()).unwrap_err();
    assert_eq!(book, before, "a refused entry leaves the book as it was");
    assert!(!err.problem.is_empty());
    err.field
}

#[test]
fn refusals_name_the_field() {
    let log = happy_log();
    let to = |n: usize| &log[..n];
    // Out of order.
    assert_eq!(
        refused(to(1), forward("s1", "2024-03-02", &["brand-a"])),
        "step"
    );
    assert_eq!(
        refused(to(1), answer("s1", "2024-03-02", "brand-a")),
        "step"
    );
    assert_eq!(refused(to(2), triage("s1", "2024-03-11", true)), "step");
    assert_eq!(refused(to(1), reopen("s1", "2024-03-02")), "step");
    assert_eq!(
        refused(to(6), close("s1", "2024-05-02", Outcome::Remedied)),
        "step"
    );
    assert_eq!(
        refused(to(6), answer("s1", "2024-05-02", "brand-a")),
        "step"
    );
    // A date before the signal's previous step.
    assert_eq!(
        refused(to(2), forward("s1", "2024-03-09", &["brand-a"])),
        "date"
    );
    assert_eq!(refused(to(1), triage("s1", "2024-02-28", true)), "date");
    // Unknown company, one forwarded already, none at all.
    assert_eq!(
        refused(to(2), forward("s1", "2024-03-12", &["brand-a", "brand-z"])),
        "companies[1]"
    );
    assert_eq!(
        refused(to(3), forward("s1", "2024-03-13", &["brand-b"])),
        "companies[0]"
    );
    assert_eq!(
        refused(to(2), forward("s1", "2024-03-12", &["brand-c", "brand-c"])),
        "companies[1]"
    );
    assert_eq!(
        refused(to(2), forward("s1", "2024-03-12", &[])),
        "companies"
    );
    // An answer by a company the signal was not forwarded to (a covenant company, even).
    assert_eq!(
        refused(to(3), answer("s1", "2024-03-13", "brand-c")),
        "company"
    );
    // Unknown signal, a signal reported twice.
    assert_eq!(
        refused(to(3), answer("s9", "2024-03-13", "brand-a")),
        "signal"
    );
    assert_eq!(refused(to(1), reported("s1", "2024-03-02")), "signal");
    // Themes: none, unknown, twice.
    let with = |r: Report| {
        entry(
            "2024-03-01",
            "form",
            Action::Report {
                signal: id("s5"),
                report: r,
            },
        )
    };
    assert_eq!(refused(&[], with(report(&[]))), "report.themes");
    assert_eq!(
        refused(&[], with(report(&["wages", "no_such_theme"]))),
        "report.themes[1]"
    );
    assert_eq!(
        refused(&[], with(report(&["wages", "wages"]))),
        "report.themes[1]"
    );
    // Blank and malformed texts.
    let mut r = report(&["wages"]);
    r.description.language = "Bengali".to_owned();
    assert_eq!(refused(&[], with(r)), "report.description.language");
    let mut r = report(&["wages"]);
    r.description.translation = Some(Text::new("Niet betaald.", " "));
    assert_eq!(refused(&[], with(r)), "report.description.translation");
    let mut r = report(&["wages"]);
    r.evidence[0].sha256 = Some("abc".to_owned());
    assert_eq!(refused(&[], with(r)), "report.evidence[0].sha256");
    let mut r = report(&["wages"]);
    r.reporter.contact = Some("  ".to_owned());
    assert_eq!(refused(&[], with(r)), "report.reporter.contact");
    let mut r = report(&["wages"]);
    r.location = Location::Matched {
        id: "BD 2019".to_owned(),
    };
    assert_eq!(refused(&[], with(r)), "report.location.id");
    let mut e = reported("s5", "2024-03-01");
    e.actor = " ".to_owned();
    assert_eq!(refused(&[], e), "actor");
    let mut e = close("s1", "2024-03-02", Outcome::Withdrawn);
    if let Action::Close { reason, .. } = &mut e.action {
        reason.clear();
    }
    assert_eq!(refused(to(1), e), "reason");
}

#[test]
fn overdue_flags_turn_on_the_day_after_the_deadline() {
    let rules = SignalRules::default();
    let k = known();
    let mut book = Book::new(id("textile"));
    book.apply(reported("s1", "2024-03-01"), &k).unwrap();
    // Triage is due 14 days after receipt.
    assert!(book.overdue(d("2024-03-15"), &rules).is_empty());
    let late = book.overdue(d("2024-03-16"), &rules);
    assert_eq!(late.len(), 1);
    assert_eq!(late[0].due.step, Step::Triage);
    assert_eq!(late[0].due.due, d("2024-03-15"));
    assert_eq!(late[0].days_late, 1);
    // Triaged late (accepted); forwarding is due 7 days after the triage.
    book.apply(triage("s1", "2024-03-20", true), &k).unwrap();
    assert!(book.overdue(d("2024-03-27"), &rules).is_empty());
    assert_eq!(
        book.overdue(d("2024-03-28"), &rules)[0].due.step,
        Step::Forward
    );
    // Answers are due 30 days after forwarding, per company.
    book.apply(forward("s1", "2024-03-21", &["brand-a", "brand-b"]), &k)
        .unwrap();
    book.apply(answer("s1", "2024-04-01", "brand-a"), &k)
        .unwrap();
    assert!(book.overdue(d("2024-04-20"), &rules).is_empty());
    let late = book.overdue(d("2024-04-21"), &rules);
    assert_eq!(late.len(), 1);
    assert_eq!(late[0].due.company, Some(id("brand-b")));
    assert_eq!(late[0].due.due, d("2024-04-20"));
    // The company's own view carries the same flag, at the same boundary.
    let view = |day| {
        book.for_company(&id("brand-b"), d(day), &rules)
            .pop()
            .unwrap()
    };
    assert_eq!(view("2024-04-20").answer_due, Some(d("2024-04-20")));
    assert!(!view("2024-04-20").overdue);
    assert!(view("2024-04-21").overdue);
    let answered = book
        .for_company(&id("brand-a"), d("2024-04-21"), &rules)
        .pop()
        .unwrap();
    assert_eq!(answered.answer_due, None);
    assert!(!answered.overdue);
    // An urgent signal's answers are due sooner (7 days by default, 3 here).
    let urgent = SignalRules {
        urgent_answer_days: 3,
        ..rules
    };
    book.apply(reported("s2", "2024-05-01"), &k).unwrap();
    let mut t = triage("s2", "2024-05-01", true);
    if let Action::Triage { priority, .. } = &mut t.action {
        *priority = Priority::Urgent;
    }
    book.apply(t, &k).unwrap();
    book.apply(forward("s2", "2024-05-02", &["brand-c"]), &k)
        .unwrap();
    let due = |book: &Book, r: &SignalRules| book.signals[&id("s2")].pending(r)[0].due;
    assert_eq!(due(&book, &rules), d("2024-05-09"));
    assert_eq!(due(&book, &urgent), d("2024-05-05"));
    // Closed: nothing is due.
    book.apply(close("s2", "2024-05-03", Outcome::Remedied), &k)
        .unwrap();
    assert!(book.signals[&id("s2")].pending(&rules).is_empty());
    // Reopened: the companies' answers are due again from the reopening.
    book.apply(reopen("s2", "2024-06-01"), &k).unwrap();
    assert_eq!(due(&book, &rules), d("2024-06-08"));
}

#[test]
fn replay_is_deterministic_and_round_trips_through_json() {
    let log = happy_log();
    let applied = book_of(&log);
    let json = serde_json::to_string(&log).unwrap();
    let parsed: Vec<Entry> = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed, log);
    let a = Book::replay(id("textile"), &parsed).unwrap();
    let b = Book::replay(id("textile"), &log).unwrap();
    assert_eq!(a, applied);
    assert_eq!(a, b);
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
    // The stored row: flat, tagged by `action`.
    let row = serde_json::to_value(&log[2]).unwrap();
    assert_eq!(
        row,
        serde_json::json!({"date": "2024-03-12", "actor": "secretariat", "action": "forward",
                           "signal": "s1", "companies": ["brand-a", "brand-b"]})
    );
    // Replay does not check against the known lists (they change; the log does not): a
    // company that has since left the covenant still answers in the history.
    let mut k = known();
    k.companies.remove(&id("brand-b"));
    assert!(book_of(&log[..2]).apply(log[2].clone(), &k).is_err());
    assert!(Book::replay(id("textile"), &log).is_ok());
    // The first bad entry stops a replay, with its position.
    let mut bad = log.clone();
    bad.swap(3, 4);
    bad[3].date = d("2024-03-01");
    let (at, err) = Book::replay(id("textile"), &bad).unwrap_err();
    assert_eq!((at, err.field.as_str()), (3, "date"));
}

#[test]
fn unknown_fields_are_refused() {
    let ok = r#"{"date": "2024-03-12", "actor": "s", "action": "forward", "signal": "s1", "companies": ["brand-a"]}"#;
    assert!(serde_json::from_str::<Entry>(ok).is_ok());
    for bad in [
        r#"{"date": "2024-03-12", "actor": "s", "action": "forward", "signal": "s1", "companies": ["brand-a"], "reporter": "x"}"#,
        r#"{"date": "2024-03-12", "actor": "s", "action": "report", "signal": "s1", "report": {"location": {"kind": "matched", "id": "X"}, "themes": ["wages"], "description": {"text": "t", "language": "en"}, "reporter": {"kind": "public"}, "extra": 1}}"#,
        r#"{"date": "2024-03-12", "actor": "s", "action": "report", "signal": "s1", "report": {"location": {"kind": "matched", "id": "X", "name": "n"}, "themes": ["wages"], "description": {"text": "t", "language": "en"}, "reporter": {"kind": "public"}}}"#,
        r#"{"date": "2024-03-12", "actor": "s", "action": "forward", "signal": "S 1", "companies": ["brand-a"]}"#,
    ] {
        assert!(serde_json::from_str::<Entry>(bad).is_err(), "{bad}");
    }
    let rules: Result<SignalRules, _> = serde_json::from_str(
        r#"{"triage_days": 14, "forward_days": 7, "answer_days": 30, "urgent_answer_days": 7, "close_days": 9}"#,
    );
    assert!(rules.is_err());
}

#[test]
fn companies_see_the_secretariats_description_and_evidence_only_when_shared() {
    let rules = SignalRules::default();
    let book = book_of(&happy_log()[..3]);
    let view = book
        .for_company(&id("brand-a"), d("2024-03-13"), &rules)
        .pop()
        .unwrap();
    assert_eq!(
        view.description.text,
        "Overtime at the factory is reportedly not paid."
    );
    assert!(view.evidence.is_empty());
    assert!(
        book.for_company(&id("brand-c"), d("2024-03-13"), &rules)
            .is_empty()
    );
    // Shared evidence, and without a description for the companies they read the report's.
    let mut log = happy_log()[..3].to_vec();
    if let Action::Triage {
        for_companies,
        share_evidence,
        ..
    } = &mut log[1].action
    {
        *for_companies = None;
        *share_evidence = true;
    }
    let view = book_of(&log)
        .for_company(&id("brand-a"), d("2024-03-13"), &rules)
        .pop()
        .unwrap();
    assert_eq!(view.description.get(Lang::En), "Overtime is not paid.");
    assert_eq!(view.evidence.len(), 1);
}
