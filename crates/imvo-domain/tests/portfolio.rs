//! Rules of the portfolio through its public API: replay order, as-of dates, phase ordering,
//! reference checks, target counting and the forecast.

use chrono::NaiveDate;
use imvo_domain::*;
use serde_json::json;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn id(s: &str) -> Id {
    Id::new(s).unwrap()
}

fn rec(date: &str, change: serde_json::Value) -> Record {
    Record::new(
        d(date),
        Source::new("test", "§1"),
        serde_json::from_value(change).unwrap(),
    )
}

/// Builds records from (date, json) pairs.
fn records(items: &[(&str, serde_json::Value)]) -> Vec<Record> {
    items.iter().map(|(date, v)| rec(date, v.clone())).collect()
}

fn world() -> Vec<Record> {
    records(&[
        (
            "2014-01-01",
            json!({"kind":"add_sector","id":"textile","name":{"nl":"textiel","en":"textile"},"elevated_risk":true}),
        ),
        (
            "2014-01-01",
            json!({"kind":"add_sector","id":"finance","name":{"nl":"financieel","en":"finance"},"elevated_risk":true}),
        ),
        (
            "2014-01-01",
            json!({"kind":"add_sector","id":"tourism","name":{"nl":"toerisme","en":"tourism"},"elevated_risk":false}),
        ),
        (
            "2014-01-01",
            json!({"kind":"add_organisation","id":"ser","name":"Sociaal-Economische Raad","abbreviation":"SER","category":"advisory_council"}),
        ),
        (
            "2014-01-01",
            json!({"kind":"add_trajectory","id":"textile","name":{"nl":"textiel","en":"textile"},"sectors":["textile"]}),
        ),
        (
            "2014-01-01",
            json!({"kind":"add_trajectory","id":"banks","name":{"nl":"banken","en":"banks"},"sectors":["finance"]}),
        ),
        (
            "2014-01-01",
            json!({"kind":"add_trajectory","id":"tourism","name":{"nl":"toerisme","en":"tourism"},"sectors":["tourism"]}),
        ),
        (
            "2014-06-01",
            json!({"kind":"set_phase","trajectory":"textile","phase":"exploring"}),
        ),
        (
            "2014-06-01",
            json!({"kind":"set_phase","trajectory":"banks","phase":"exploring"}),
        ),
        (
            "2015-01-01",
            json!({"kind":"set_phase","trajectory":"textile","phase":"negotiating"}),
        ),
        (
            "2015-07-10",
            json!({"kind":"add_target","id":"ten","description":{"nl":"tien","en":"ten"},"count":2,"deadline":"2017-01-01","rule":{"kinds":["sector"]}}),
        ),
        (
            "2016-07-04",
            json!({"kind":"sign_covenant","id":"textile","name":{"nl":"textiel","en":"textile"},"trajectory":"textile","covenant":"sector"}),
        ),
        (
            "2016-07-04",
            json!({"kind":"set_phase","trajectory":"textile","phase":"signed"}),
        ),
        (
            "2017-03-01",
            json!({"kind":"sign_covenant","id":"late","name":{"nl":"laat","en":"late"},"trajectory":"banks","covenant":"sector"}),
        ),
    ])
}

#[test]
fn replay_as_of_a_date_sees_only_earlier_records() {
    let recs = world();
    let p = Portfolio::replay(&recs, Some(d("2015-07-10"))).unwrap();
    assert_eq!(p.as_of(), Some(d("2015-07-10")));
    assert_eq!(
        p.trajectory(&id("textile")).unwrap().phase(),
        Some(Phase::Negotiating)
    );
    assert!(p.covenants().is_empty());
    let later = Portfolio::replay(&recs, None).unwrap();
    assert_eq!(
        later.trajectory(&id("textile")).unwrap().phase(),
        Some(Phase::Signed)
    );
    assert_eq!(later.covenants().len(), 2);
    // Replay sorts by date: a later record listed first still applies after earlier ones.
    let mut shuffled = recs.clone();
    let last = shuffled.pop().unwrap();
    shuffled.insert(0, last);
    let s = Portfolio::replay(&shuffled, None).unwrap();
    assert_eq!(s.covenants().len(), 2);
    assert_eq!(s.covenants()[1].id(), &id("late"));
    // The records themselves are not kept, only what the letter's basis needs.
    assert_eq!(later.record_count(), recs.len());
    assert_eq!(later.first_date(), recs.iter().map(|r| r.date).min());
    assert_eq!(
        p.record_count(),
        recs.iter().filter(|r| r.date <= d("2015-07-10")).count()
    );
}

#[test]
fn a_saved_replay_continues_to_the_same_state() {
    let recs = world();
    let full = Portfolio::replay(&recs, None).unwrap();
    let cut = d("2015-07-10");
    let early = Portfolio::replay(&recs, Some(cut)).unwrap();
    let saved = serde_json::to_string(&early).unwrap();
    let mut resumed: Portfolio = serde_json::from_str(&saved).unwrap();
    let mut later: Vec<&Record> = recs.iter().filter(|r| r.date > cut).collect();
    later.sort_by_key(|r| r.date);
    for r in later {
        resumed.apply_owned(r.clone()).unwrap();
    }
    resumed.set_as_of(None);
    assert_eq!(
        serde_json::to_value(&resumed).unwrap(),
        serde_json::to_value(&full).unwrap()
    );
    // The indexes are rebuilt: lookups and duplicate checks work on the resumed state.
    assert!(resumed.trajectory(&id("textile")).is_some());
    assert!(resumed.apply(&recs[0]).is_err());
}

#[test]
fn grouping_by_phase_puts_advanced_phases_first() {
    let recs = world();
    let p = Portfolio::replay(&recs, Some(d("2015-07-10"))).unwrap();
    let groups = p.trajectories_by_phase();
    let phases: Vec<_> = groups.iter().map(|g| g.phase).collect();
    assert_eq!(
        phases,
        vec![Some(Phase::Negotiating), Some(Phase::Exploring), None]
    );
    let tourism = p.trajectory(&id("tourism")).unwrap();
    assert!(!p.is_sra_trajectory(tourism));
    assert!(p.is_sra_trajectory(p.trajectory(&id("banks")).unwrap()));
}

#[test]
fn phases_do_not_move_back_unless_allowed() {
    let mut recs = world();
    recs.push(rec(
        "2015-02-01",
        json!({"kind":"set_phase","trajectory":"textile","phase":"exploring"}),
    ));
    let err = Portfolio::replay(&recs, None).unwrap_err();
    assert!(
        matches!(
            err.error,
            ApplyError::PhaseBackwards {
                from: Phase::Negotiating,
                to: Phase::Exploring,
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(err.error.field(), "phase");
    assert_eq!(err.index, recs.len() - 1);
    recs.pop();
    recs.push(rec("2015-02-01", json!({"kind":"set_phase","trajectory":"textile","phase":"exploring","allow_backward":true})));
    recs.push(rec(
        "2015-03-01",
        json!({"kind":"set_phase","trajectory":"textile","phase":"negotiating"}),
    ));
    let p = Portfolio::replay(&recs, Some(d("2015-07-10"))).unwrap();
    let t = p.trajectory(&id("textile")).unwrap();
    assert_eq!(t.phases.len(), 5 - 1);
    // Completed spells only count forward moves.
    assert_eq!(t.completed_spells().len(), 2);
    let mut same = world();
    same.push(rec(
        "2015-02-01",
        json!({"kind":"set_phase","trajectory":"textile","phase":"negotiating"}),
    ));
    assert!(matches!(
        Portfolio::replay(&same, None).unwrap_err().error,
        ApplyError::PhaseUnchanged { .. }
    ));
}

#[test]
fn unknown_and_duplicate_ids_are_refused_with_their_field() {
    let mut recs = world();
    recs.push(rec("2015-02-01", json!({"kind":"assign_role","organisation":"nvb","trajectory":"banks","role":"lead_branch_organisation"})));
    let err = Portfolio::replay(&recs, None).unwrap_err();
    assert_eq!(err.error.field(), "organisation");
    assert!(err.to_string().contains("\"nvb\""), "{err}");

    let mut recs = world();
    recs.push(rec("2015-02-01", json!({"kind":"add_trajectory","id":"banks","name":{"nl":"b","en":"b"},"sectors":["finance"]})));
    assert!(matches!(
        Portfolio::replay(&recs, None).unwrap_err().error,
        ApplyError::Duplicate {
            entity: Entity::Trajectory,
            ..
        }
    ));

    // A reference to something added only later is unknown on the record's date.
    let mut recs = world();
    recs.push(rec(
        "2013-01-01",
        json!({"kind":"set_phase","trajectory":"banks","phase":"dialogue"}),
    ));
    let err = Portfolio::replay(&recs, None).unwrap_err();
    assert!(
        matches!(
            err.error,
            ApplyError::Unknown {
                entity: Entity::Trajectory,
                ..
            }
        ),
        "{err}"
    );

    let mut recs = world();
    recs.push(rec(
        "2015-02-01",
        json!({"kind":"add_trajectory","id":"x","name":{"nl":"x","en":"x"},"sectors":[]}),
    ));
    assert_eq!(
        Portfolio::replay(&recs, None).unwrap_err().error,
        ApplyError::Empty { field: "sectors" }
    );
}

#[test]
fn coarse_dates_must_be_canonical() {
    let mut recs = world();
    let mut r = rec(
        "2015-01-15",
        json!({"kind":"set_phase","trajectory":"banks","phase":"dialogue"}),
    );
    r.date_precision = DatePrecision::Month;
    recs.push(r);
    let err = Portfolio::replay(&recs, None).unwrap_err();
    assert_eq!(err.error.field(), "date");
    let mut recs = world();
    recs.push(rec("2015-02-01", json!({"kind":"record_event","id":"e","event":"meeting","description":{"nl":"x","en":"x"},"event_precision":"month"})));
    assert_eq!(
        Portfolio::replay(&recs, None).unwrap_err().error.field(),
        "event_precision"
    );
}

#[test]
fn covenants_end_once_and_take_no_agreements_after() {
    let mut recs = world();
    recs.push(rec(
        "2019-03-19",
        json!({"kind":"end_covenant","covenant":"late"}),
    ));
    let p = Portfolio::replay(&recs, None).unwrap();
    assert!(p.covenant(&id("late")).unwrap().ended.is_some());
    recs.push(rec(
        "2019-04-01",
        json!({"kind":"end_covenant","covenant":"late"}),
    ));
    assert!(matches!(
        Portfolio::replay(&recs, None).unwrap_err().error,
        ApplyError::CovenantEnded { .. }
    ));
}

#[test]
fn agreements_and_measurements_give_progress() {
    let mut recs = world();
    recs.push(rec("2016-07-05", json!({"kind":"add_agreement","covenant":"textile","agreement":{
        "id":"share","result":{"nl":"50%","en":"50%"},"indicator":{"nl":"marktaandeel","en":"market share"},"unit":"%",
        "baseline_value":30.0,"baseline_date":"2016-09-01","target_value":50.0,"target_date":"2018-07-04","owner":"ser","risks":["working_conditions"]}})));
    recs.push(rec(
        "2017-07-04",
        json!({"kind":"record_measurement","agreement":"share","value":35.0}),
    ));
    let p = Portfolio::replay(&recs, None).unwrap();
    let a = p.agreement(&id("share")).unwrap();
    assert_eq!(a.latest().unwrap().status, TrackStatus::OffTrack);
    assert_eq!(p.agreements_of(&id("textile")).len(), 1);
    // Before the baseline: refused.
    recs.push(rec(
        "2016-08-01",
        json!({"kind":"record_measurement","agreement":"share","value":31.0}),
    ));
    let err = Portfolio::replay(&recs, None).unwrap_err();
    assert!(
        matches!(err.error, ApplyError::MeasurementBeforeBaseline { .. }),
        "{err}"
    );
    assert_eq!(err.error.field(), "date");
    // A non-SMART agreement cannot even be read.
    let bad = serde_json::from_value::<Change>(
        json!({"kind":"add_agreement","covenant":"textile","agreement":{"id":"x","unit":"%"}}),
    );
    let msg = bad.unwrap_err().to_string();
    for f in [
        "`result`",
        "`indicator`",
        "`baseline_value`",
        "`baseline_date`",
        "`target_value`",
        "`target_date`",
        "`owner`",
        "`risks`",
    ] {
        assert!(msg.contains(f), "{msg} lacks {f}");
    }
}

#[test]
fn targets_count_covenants_by_rule_and_deadline() {
    let recs = world();
    let p = Portfolio::replay(&recs, Some(d("2017-01-01"))).unwrap();
    let s = p.target_status(&id("ten")).unwrap();
    assert_eq!(s.signed, 1);
    assert!(s.deadline_passed && !s.met);
    // The covenant of March 2017 is after the deadline: it never counts for this target.
    let all = Portfolio::replay(&recs, None).unwrap();
    assert_eq!(all.target_status(&id("ten")).unwrap().signed, 1);
    // A rule with a lower bound excludes earlier signings; other kinds do not count.
    let mut recs2 = recs.clone();
    recs2.push(rec("2015-07-10", json!({"kind":"add_target","id":"from2017","description":{"nl":"x","en":"x"},"count":1,"deadline":"2018-01-01","rule":{"kinds":["sector"],"signed_from":"2017-01-01"}})));
    recs2.push(rec("2015-07-10", json!({"kind":"add_target","id":"other","description":{"nl":"x","en":"x"},"count":1,"deadline":"2018-01-01","rule":{"kinds":["other"]}})));
    let p2 = Portfolio::replay(&recs2, None).unwrap();
    assert_eq!(p2.target_status(&id("from2017")).unwrap().signed, 1);
    assert_eq!(
        p2.target_status(&id("from2017")).unwrap().counted[0].id(),
        &id("late")
    );
    assert_eq!(p2.target_status(&id("other")).unwrap().signed, 0);
}

fn config(seed: u64) -> ForecastConfig {
    let tri = |a, c, b, p| PhaseDefault {
        min_months: a,
        mode_months: c,
        max_months: b,
        advance_probability: p,
    };
    ForecastConfig {
        seed,
        runs: 4000,
        min_spells: 3,
        phases: [
            (Phase::NoInitiative, tri(3.0, 9.0, 24.0, 0.7)),
            (Phase::Exploring, tri(3.0, 8.0, 18.0, 0.85)),
            (Phase::Dialogue, tri(3.0, 9.0, 24.0, 0.85)),
            (Phase::Negotiating, tri(4.0, 10.0, 20.0, 0.9)),
        ]
        .into_iter()
        .collect(),
    }
}

#[test]
fn forecast_is_reproducible_and_sane() {
    let recs = world();
    let p = Portfolio::replay(&recs, Some(d("2015-07-10"))).unwrap();
    let a = forecast(&p, &id("ten"), &config(7)).unwrap();
    let b = forecast(&p, &id("ten"), &config(7)).unwrap();
    assert_eq!(a, b, "same seed, same forecast");
    let total: f64 = a.distribution.iter().sum();
    assert!((total - 1.0).abs() < 1e-9);
    assert_eq!(a.signed, 0);
    // Three candidates: expected between 0 and 3, probability in [0, 1].
    assert!(a.expected > 0.0 && a.expected < 3.0, "{}", a.expected);
    assert!((0.0..=1.0).contains(&a.probability));
    // Textile (negotiating) is likelier to sign in time than tourism (no phase).
    let chance = |t: &str| {
        a.trajectories
            .iter()
            .find(|c| c.trajectory == id(t))
            .unwrap()
            .probability
    };
    assert!(chance("textile") > chance("banks"));
    assert!(chance("banks") > chance("tourism"));
    // A different seed gives a close but not identical answer.
    let c = forecast(&p, &id("ten"), &config(8)).unwrap();
    assert!((c.expected - a.expected).abs() < 0.1);
    // Nobody can advance: the expected count is what is already signed.
    let mut stuck = config(7);
    for d in stuck.phases.values_mut() {
        d.advance_probability = 0.0;
    }
    let s = forecast(&p, &id("ten"), &stuck).unwrap();
    assert_eq!(s.expected, 0.0);
    assert_eq!(s.probability, 0.0);
    // After the deadline the count is final.
    let late = Portfolio::replay(&recs, Some(d("2017-06-01"))).unwrap();
    let f = forecast(&late, &id("ten"), &config(7)).unwrap();
    assert_eq!(f.expected, 1.0);
    assert_eq!(f.probability, 0.0);
}

#[test]
fn forecast_refuses_bad_configuration() {
    let p = Portfolio::replay(&world(), Some(d("2015-07-10"))).unwrap();
    let mut c = config(1);
    c.phases.remove(&Phase::Dialogue);
    let err = forecast(&p, &id("ten"), &c).unwrap_err();
    assert!(err.to_string().contains("phases.dialogue"), "{err}");
    let mut c = config(1);
    c.phases.get_mut(&Phase::Exploring).unwrap().mode_months = 100.0;
    assert!(forecast(&p, &id("ten"), &c).is_err());
    assert!(matches!(
        forecast(&p, &id("nope"), &config(1)),
        Err(ForecastError::UnknownTarget(_))
    ));
}
