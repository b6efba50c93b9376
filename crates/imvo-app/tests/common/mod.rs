//! What the tests of the replay share: dates from text, and an event record shaped after a
//! shipped one.

use chrono::NaiveDate;
use imvo_app::dataset::{self, SEED};
use imvo_domain::{Change, DatePrecision, Id, Record};

/// A date from `YYYY-MM-DD`.
pub fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// An event record on `date` for `trajectory`, shaped after a shipped one.
pub fn event(id: &str, date: &str, trajectory: &str) -> Record {
    let mut r = dataset::embedded(SEED)
        .unwrap()
        .records
        .into_iter()
        .find(|r| matches!(r.change, Change::RecordEvent(_)))
        .expect("the seed has events");
    r.date = d(date);
    r.date_precision = DatePrecision::Day;
    if let Change::RecordEvent(e) = &mut r.change {
        e.id = Id::new(id).unwrap();
        e.trajectories = vec![Id::new(trajectory).unwrap()];
        e.organisations.clear();
        e.planned = false;
        e.undated = false;
        e.event_date = None;
        e.event_precision = None;
        e.participants = None;
    }
    r
}
