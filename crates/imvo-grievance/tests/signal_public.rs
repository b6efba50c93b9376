//! The public figures of a covenant's signals: counts by theme and status, with what companies
//! did suppressed below k companies.

mod common;

use common::signals::{answer, forward, reported, triage};
use common::{d, id, known};
use imvo_diligence::{Figure, Threshold};
use imvo_grievance::signal::{Book, PublicSignals, SignalRules, Status};

#[test]
fn public_figures_suppress_what_companies_did_below_k_companies() {
    let rules = SignalRules::default();
    let k = known();
    let mut book = Book::new(id("textile"));
    // 2024: six signals; three forwarded to two companies in all.
    for n in 1..=6 {
        book.apply(reported(&format!("s{n}"), "2024-02-01"), &k)
            .unwrap();
    }
    book.apply(triage("s1", "2024-02-05", true), &k).unwrap();
    book.apply(forward("s1", "2024-02-06", &["brand-a"]), &k)
        .unwrap();
    book.apply(triage("s2", "2024-02-05", true), &k).unwrap();
    book.apply(forward("s2", "2024-02-06", &["brand-a", "brand-b"]), &k)
        .unwrap();
    book.apply(answer("s2", "2024-02-10", "brand-a"), &k)
        .unwrap();
    book.apply(answer("s2", "2024-02-11", "brand-b"), &k)
        .unwrap();
    book.apply(triage("s3", "2024-02-05", false), &k).unwrap();
    book.apply(triage("s4", "2024-02-05", true), &k).unwrap();
    let t = Threshold::with_k(5);
    let p = book.public(2024, d("2024-06-01"), &rules, &t);
    assert_eq!(p.received, 6);
    assert_eq!(
        p.by_theme
            .iter()
            .map(|c| (c.theme.as_str(), c.signals))
            .collect::<Vec<_>>(),
        vec![("health_safety", 6), ("wages", 6)]
    );
    let cell =
        |p: &PublicSignals, s: Status| p.by_status.iter().find(|c| c.status == s).unwrap().signals;
    assert_eq!(cell(&p, Status::Received), Figure::Published(2));
    assert_eq!(cell(&p, Status::Triaged), Figure::Published(1));
    assert_eq!(cell(&p, Status::Inadmissible), Figure::Published(1));
    assert_eq!(cell(&p, Status::Closed), Figure::Published(0));
    // Two companies: what they did is suppressed, together.
    assert_eq!(cell(&p, Status::Forwarded), Figure::Suppressed);
    assert_eq!(cell(&p, Status::Answered), Figure::Suppressed);
    assert_eq!(p.answers_overdue, Figure::Suppressed);
    // The secretariat's own lateness is public: two triages and one forwarding overdue.
    assert_eq!(p.secretariat_overdue, 3);
    // With k = 2 the same figures are published.
    let p = book.public(2024, d("2024-06-01"), &rules, &Threshold::with_k(2));
    assert_eq!(cell(&p, Status::Forwarded), Figure::Published(1));
    assert_eq!(cell(&p, Status::Answered), Figure::Published(1));
    assert_eq!(p.answers_overdue, Figure::Published(1));
    // A year without signals, and no company reached: nothing to suppress.
    let p = book.public(2023, d("2024-06-01"), &rules, &t);
    assert_eq!(p.received, 0);
    assert!(
        p.by_status
            .iter()
            .all(|c| c.signals == Figure::Published(0))
    );
    assert_eq!(book.years().into_iter().collect::<Vec<_>>(), vec![2024]);
    // Five companies reached: published.
    book.apply(
        forward("s4", "2024-02-07", &["brand-c", "brand-d", "brand-e"]),
        &k,
    )
    .unwrap();
    let p = book.public(2024, d("2024-06-01"), &rules, &t);
    assert_eq!(cell(&p, Status::Forwarded), Figure::Published(2));
    assert_eq!(p.answers_overdue, Figure::Published(2));
}
