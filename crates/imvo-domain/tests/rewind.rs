//! Rewinding equals replaying: for generated logs, the replay of the whole log cut back to a
//! date is the replay as of that date — before the first record, on and between record dates,
//! after the last, with records listed out of date order as back-dated ones are. Also when the
//! whole replay was saved in sections and read back with its large parts still undecoded, and
//! when records are applied after reading it back, as a replay from a snapshot does.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{Datelike, Days, NaiveDate};
use imvo_domain::{Change, DatePrecision, Portfolio, Record, Section, SectionReader, Source};
use proptest::prelude::*;
use serde_json::{Value, json};

/// One step of a generated log: what kind of record to try, two numbers to pick ids and
/// values with, and how many days pass before it.
#[derive(Debug, Clone)]
struct Step {
    kind: u8,
    a: usize,
    b: usize,
    gap: u8,
}

fn step() -> impl Strategy<Value = Step> {
    (0u8..20, 0usize..1000, 0usize..1000, 0u8..12).prop_map(|(kind, a, b, gap)| Step {
        kind,
        a,
        b,
        gap,
    })
}

const PHASES: [&str; 7] = [
    "no_initiative",
    "exploring",
    "dialogue",
    "negotiating",
    "signed",
    "implementing",
    "ended",
];

/// Ids the generator has handed out, to refer to.
#[derive(Default)]
struct Known {
    n: usize,
    chapters: Vec<String>,
    sectors: Vec<String>,
    organisations: Vec<String>,
    trajectories: Vec<String>,
    initiatives: Vec<String>,
    covenants: Vec<String>,
    agreements: Vec<String>,
}

fn pick(ids: &[String], i: usize) -> Option<String> {
    (!ids.is_empty()).then(|| ids[i % ids.len()].clone())
}

fn text(s: &str) -> Value {
    json!({"nl": s, "en": s})
}

impl Known {
    fn fresh(&mut self, prefix: &str) -> String {
        self.n += 1;
        format!("{prefix}-{}", self.n)
    }

    /// The change of a step, if it can make one; it may still break a rule, which the caller
    /// finds out by applying it.
    fn change(&mut self, s: &Step, date: NaiveDate) -> Option<(Value, Option<(usize, String)>)> {
        let (a, b) = (s.a, s.b);
        let org = pick(&self.organisations, a);
        let traj = pick(&self.trajectories, b);
        let when = match a % 4 {
            0 => json!({}),
            1 => json!({"undated": true}),
            2 => json!({"event_date": (date - Days::new(b as u64 % 90)).to_string()}),
            _ => {
                json!({"event_date": format!("{}-01-01", date.year() + 1), "event_precision": "year", "planned": true})
            }
        };
        let with_when = |mut v: Value| {
            v.as_object_mut()
                .unwrap()
                .extend(when.as_object().unwrap().clone());
            v
        };
        let change = match s.kind {
            0 => {
                let id = self.fresh("chapter");
                (
                    json!({"kind":"add_sra_chapter","id":id,"name":text("h")}),
                    Some((0, id)),
                )
            }
            1 => {
                let id = self.fresh("sector");
                let chapter = pick(&self.chapters, a).filter(|_| b % 3 > 0);
                (
                    json!({"kind":"add_sector","id":id,"name":text("s"),"sra_chapter":chapter,"elevated_risk":a % 2 == 0}),
                    Some((1, id)),
                )
            }
            2 | 3 => {
                let id = self.fresh("org");
                (
                    json!({"kind":"add_organisation","id":id,"name":"O","category":"ngo"}),
                    Some((2, id)),
                )
            }
            4 => {
                let id = self.fresh("traj");
                let sector = pick(&self.sectors, a)?;
                (
                    json!({"kind":"add_trajectory","id":id,"name":text("t"),"sectors":[sector]}),
                    Some((3, id)),
                )
            }
            5 | 6 => (
                json!({"kind":"set_phase","trajectory":traj?,"phase":PHASES[a % 7],"allow_backward":b % 5 == 0,"note":text("n")}),
                None,
            ),
            7 => (
                json!({"kind":"assign_role","organisation":org?,"trajectory":traj?,"role":(["party","adviser","convenor"][a % 3])}),
                None,
            ),
            8 | 9 => {
                let id = self.fresh("event");
                let trajectories: Vec<String> = traj.into_iter().filter(|_| a % 3 > 0).collect();
                let organisations: Vec<String> = org.into_iter().collect();
                (
                    with_when(
                        json!({"kind":"record_event","id":id,"event":"meeting","description":text("e"),"trajectories":trajectories,"organisations":organisations}),
                    ),
                    None,
                )
            }
            10 => {
                let id = self.fresh("initiative");
                (
                    json!({"kind":"add_initiative","id":id,"name":text("i"),"initiative":"multi_stakeholder"}),
                    Some((4, id)),
                )
            }
            11 => (
                json!({"kind":"link_initiative","trajectory":traj?,"initiative":pick(&self.initiatives, a)?}),
                None,
            ),
            12 => {
                let id = self.fresh("gov");
                let sectors: Vec<String> = pick(&self.sectors, a).into_iter().collect();
                (
                    with_when(
                        json!({"kind":"government_activity","id":id,"activity":"round_table","description":text("g"),"sectors":sectors}),
                    ),
                    None,
                )
            }
            13 => {
                let id = self.fresh("stake");
                let organisations: Vec<String> = org.into_iter().collect();
                (
                    with_when(
                        json!({"kind":"stakeholder_activity","id":id,"activity":"consultation","description":text("s"),"organisations":organisations}),
                    ),
                    None,
                )
            }
            14 => {
                let id = self.fresh("covenant");
                (
                    json!({"kind":"sign_covenant","id":id,"name":text("c"),"trajectory":traj?,"covenant":(["sector","other"][a % 2])}),
                    Some((5, id)),
                )
            }
            15 => (
                json!({"kind":"end_covenant","covenant":pick(&self.covenants, a)?,"reason":text("r")}),
                None,
            ),
            16 => {
                let id = self.fresh("agreement");
                let baseline = date - Days::new(a as u64 % 40);
                (
                    json!({"kind":"add_agreement","covenant":pick(&self.covenants, b)?,"agreement":{
                        "id":id,"result":text("r"),"indicator":text("i"),"unit":"%",
                        "baseline_value":10.0,"baseline_date":baseline.to_string(),
                        "target_value":90.0,"target_date":(baseline + Days::new(400)).to_string(),
                        "owner":org?,"risks":["child_labour"]}}),
                    Some((6, id)),
                )
            }
            17 | 18 => (
                json!({"kind":"record_measurement","agreement":pick(&self.agreements, a)?,"value":(b % 100) as f64,"note":(a % 2 == 0).then(|| text("m"))}),
                None,
            ),
            _ => {
                let id = self.fresh("target");
                (
                    json!({"kind":"add_target","id":id,"description":text("t"),"count":1 + a % 5,"deadline":(date + Days::new(b as u64)).to_string(),"rule":{"kinds":["sector"]}}),
                    None,
                )
            }
        };
        Some(change)
    }

    fn learn(&mut self, (list, id): (usize, String)) {
        [
            &mut self.chapters,
            &mut self.sectors,
            &mut self.organisations,
            &mut self.trajectories,
            &mut self.initiatives,
            &mut self.covenants,
            &mut self.agreements,
        ][list]
            .push(id);
    }
}

/// A valid log from `steps`, in date order: each step's record is kept when it applies to the
/// replay of those before it. Records on the first of a month are sometimes month-precise.
fn valid_log(steps: &[Step]) -> Vec<Record> {
    let mut known = Known::default();
    let mut check = Portfolio::new();
    let mut date = NaiveDate::from_ymd_opt(2014, 1, 1).unwrap();
    let mut log = Vec::new();
    for s in steps {
        date = match s.gap {
            0..=5 => date,
            6..=8 => date + Days::new(1),
            9 | 10 => date + Days::new(1 + s.b as u64 % 20),
            _ => date
                .with_day(1)
                .unwrap()
                .checked_add_months(chrono::Months::new(1))
                .unwrap(),
        };
        let Some((change, new)) = known.change(s, date) else {
            continue;
        };
        let source = Source::new(format!("doc {}", s.a % 7), format!("§{}", s.b % 3));
        let mut r = Record::new(date, source, serde_json::from_value(change).unwrap());
        if date.day() == 1 && s.a % 2 == 0 {
            r.date_precision = DatePrecision::Month;
        }
        if check.apply(&r).is_ok() {
            log.push(r);
            if let Some(new) = new {
                known.learn(new);
            }
        }
    }
    log
}

/// The log in another order with the same replay: the records of some dates are listed last,
/// as back-dated records are stored after later ones (a replay sorts by date, then position).
fn back_dated(log: &[Record], pick: &[bool]) -> Vec<Record> {
    let mut dates: Vec<NaiveDate> = log.iter().map(|r| r.date).collect();
    dates.dedup();
    let late: Vec<NaiveDate> = dates
        .iter()
        .zip(pick.iter().cycle())
        .filter(|(_, p)| **p)
        .map(|(d, _)| *d)
        .collect();
    let (moved, kept): (Vec<&Record>, Vec<&Record>) =
        log.iter().partition(|r| late.contains(&r.date));
    kept.into_iter().chain(moved).cloned().collect()
}

/// The dates to compare at: before the first record, on and after each record's date, between
/// two, and long after the last.
fn dates(log: &[Record]) -> Vec<NaiveDate> {
    let start = NaiveDate::from_ymd_opt(2013, 12, 31).unwrap();
    let mut out = vec![start];
    for r in log {
        out.extend([r.date, r.date + Days::new(1), r.date + Days::new(3)]);
    }
    out.push(log.last().map_or(start, |r| r.date) + Days::new(400));
    out.sort();
    out.dedup();
    out
}

/// The sections of a portfolio, saved as JSON: a stand-in for a snapshot's encoding.
#[derive(Clone)]
struct Saved(Arc<HashMap<&'static str, Value>>);

impl Saved {
    fn of(p: &Portfolio) -> Saved {
        Saved(Arc::new(
            Section::ALL
                .iter()
                .map(|s| (s.name(), serde_json::to_value(p.section(*s)).unwrap()))
                .collect(),
        ))
    }
}

impl SectionReader for Saved {
    type Error = serde_json::Error;

    fn read<T: serde::de::DeserializeOwned>(&self, section: Section) -> Result<T, Self::Error> {
        serde_json::from_value(self.0[section.name()].clone())
    }
}

fn json(p: &Portfolio) -> Value {
    serde_json::to_value(p).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_rewind_equals_the_replay_as_of_its_date(
        steps in prop::collection::vec(step(), 1..160),
        pick in prop::collection::vec(any::<bool>(), 1..8),
    ) {
        let log = back_dated(&valid_log(&steps), &pick);
        let full = Portfolio::replay(&log, None).unwrap();
        let saved = Saved::of(&full);
        let read_back = Portfolio::from_sections(saved.clone()).unwrap();
        prop_assert_eq!(json(&read_back), json(&full));
        for date in dates(&log) {
            let replayed = json(&Portfolio::replay(&log, Some(date)).unwrap());
            prop_assert_eq!(&json(&full.rewind(date)), &replayed, "as of {}", date);
            // Undecoded parts are cut back when decoded, also after a second rewind.
            let lazy = Portfolio::from_sections(saved.clone()).unwrap();
            let twice = lazy.rewind(date + Days::new(30)).rewind(date);
            prop_assert_eq!(&json(&twice), &replayed, "read back, as of {}", date);
        }
    }

    #[test]
    fn a_saved_replay_continues_as_the_replay_of_the_whole_log(
        steps in prop::collection::vec(step(), 1..160),
        cut in 0usize..160,
    ) {
        let log = valid_log(&steps);
        let full = Portfolio::replay(&log, None).unwrap();
        let through = log[cut % log.len().max(1)..].first().map_or(full.as_of(), |r| Some(r.date));
        let Some(through) = through else { return Ok(()) };
        let early = Portfolio::replay(&log, Some(through)).unwrap();
        let mut resumed = Portfolio::from_sections(Saved::of(&full.rewind(through))).unwrap();
        prop_assert_eq!(json(&resumed), json(&early));
        for r in log.iter().filter(|r| r.date > through) {
            resumed.apply(r).unwrap();
        }
        resumed.set_as_of(None);
        prop_assert_eq!(json(&resumed), json(&full));
    }
}

#[test]
fn a_rewind_shares_what_it_does_not_copy_and_stays_usable() {
    let steps: Vec<Step> = (0..400)
        .map(|i| Step {
            kind: (i * 7 % 20) as u8,
            a: i * 13,
            b: i * 31,
            gap: (i % 12) as u8,
        })
        .collect();
    let log = valid_log(&steps);
    assert!(log.len() > 150, "{}", log.len());
    let full = Portfolio::replay(&log, None).unwrap();
    let mid = log[log.len() / 2].date;
    // A back-dated record lands on a rewound portfolio, and the later records apply again.
    let mut p = full.rewind(mid);
    for r in log.iter().filter(|r| r.date > mid) {
        p.apply(r).unwrap();
    }
    p.set_as_of(None);
    assert_eq!(json(&p), json(&full));
    // An event recorded after the date is unknown as of it: its id can be used again there,
    // though the index shared with the whole replay still holds it.
    let event = log
        .iter()
        .rev()
        .find_map(|r| match &r.change {
            Change::RecordEvent(e) if r.date > mid => Some(e.id.clone()),
            _ => None,
        })
        .unwrap();
    let reuse: Change = serde_json::from_value(json!({"kind":"record_event","id":event,
        "event":"meeting","description":text("again")}))
    .unwrap();
    let again = Record::new(mid, Source::new("doc", "§1"), reuse);
    let mut early = full.rewind(mid);
    assert!(matches!(
        full.clone().apply(&Record::new(
            full.last_applied().unwrap(),
            Source::new("doc", "§1"),
            again.change.clone()
        )),
        Err(imvo_domain::ApplyError::Duplicate { .. })
    ));
    early.apply(&again).unwrap();
    assert_eq!(
        early.events().last().unwrap().spec.description,
        imvo_domain::Text::new("again", "again")
    );
}
