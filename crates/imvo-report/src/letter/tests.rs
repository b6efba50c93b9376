//! The letter on a small hand-made portfolio that touches every section. The test against the
//! shipped dataset lives in `tests/letter_dataset.rs`.

use chrono::NaiveDate;
use imvo_domain::{ForecastConfig, PhaseDefault, Portfolio, Record, Source, forecast};
use serde_json::json;

use super::{LetterOptions, progress_letter};
use crate::{Format, Lang, render, render_markdown};

fn rec(date: &str, change: serde_json::Value) -> Record {
    Record::new(
        date.parse().unwrap(),
        Source::new("Kamerstuk 26 485 nr. 212", "§2"),
        serde_json::from_value(change).unwrap(),
    )
}

fn records() -> Vec<Record> {
    vec![
        rec(
            "2014-11-19",
            json!({"kind":"add_sector","id":"textile","name":{"nl":"Textiel & kleding","en":"Textiles & clothing"},"elevated_risk":true}),
        ),
        rec(
            "2014-11-19",
            json!({"kind":"add_sector","id":"finance","name":{"nl":"Financiële sector","en":"Financial sector"},"elevated_risk":true}),
        ),
        rec(
            "2014-11-19",
            json!({"kind":"add_sector","id":"shipbuilding","name":{"nl":"Scheepsbouw","en":"Shipbuilding"},"elevated_risk":false}),
        ),
        rec(
            "2014-11-19",
            json!({"kind":"add_organisation","id":"ser","name":"Sociaal-Economische Raad","name_en":"Social and Economic Council","abbreviation":"SER","category":"advisory_council"}),
        ),
        rec(
            "2014-11-19",
            json!({"kind":"add_organisation","id":"nvb","name":"Nederlandse Vereniging van Banken <NVB>","abbreviation":"NVB","category":"branch_organisation"}),
        ),
        rec(
            "2014-11-19",
            json!({"kind":"add_organisation","id":"fnv","name":"FNV","category":"union"}),
        ),
        rec(
            "2014-11-19",
            json!({"kind":"record_event","id":"sra-sent","event":"letter","description":{"nl":"De SRA is aan de Kamer gestuurd.","en":"The SRA was sent to the House."}}),
        ),
        rec(
            "2014-11-19",
            json!({"kind":"add_trajectory","id":"textile","name":{"nl":"Textiel","en":"Textiles"},"sectors":["textile"]}),
        ),
        rec(
            "2014-11-19",
            json!({"kind":"add_trajectory","id":"banks","name":{"nl":"Banken","en":"Banks"},"sectors":["finance"]}),
        ),
        rec(
            "2014-11-19",
            json!({"kind":"add_trajectory","id":"ships","name":{"nl":"Scheepsbouw","en":"Shipbuilding"},"sectors":["shipbuilding"]}),
        ),
        rec(
            "2014-11-19",
            json!({"kind":"set_phase","trajectory":"textile","phase":"exploring"}),
        ),
        rec(
            "2014-11-19",
            json!({"kind":"set_phase","trajectory":"banks","phase":"exploring"}),
        ),
        rec(
            "2014-11-19",
            json!({"kind":"set_phase","trajectory":"ships","phase":"exploring","note":{"nl":"Een initiatief *in voorbereiding*.","en":"An initiative *in preparation*."}}),
        ),
        rec(
            "2015-05-18",
            json!({"kind":"set_phase","trajectory":"textile","phase":"negotiating"}),
        ),
        rec(
            "2015-05-18",
            json!({"kind":"assign_role","organisation":"ser","trajectory":"textile","role":"convenor"}),
        ),
        rec(
            "2015-05-18",
            json!({"kind":"assign_role","organisation":"ser","trajectory":"textile","role":"mediator"}),
        ),
        rec(
            "2015-06-22",
            json!({"kind":"assign_role","organisation":"nvb","trajectory":"banks","role":"lead_branch_organisation"}),
        ),
        rec(
            "2015-06-22",
            json!({"kind":"record_event","id":"banks-feedback","event":"feedback_meeting","trajectories":["banks"],"organisations":["ser","nvb"],"description":{"nl":"Terugkoppelingsbijeenkomst bij de SER.","en":"Feedback meeting at the SER."}}),
        ),
        rec(
            "2015-06-09",
            json!({"kind":"record_event","id":"gold-rt","event":"round_table","trajectories":["textile"],"description":{"nl":"Rondetafel.","en":"Round table."},"participants":{"count":100,"more_than":true}}),
        ),
        rec(
            "2015-06-01",
            json!({"kind":"add_initiative","id":"fsi","name":{"nl":"Floriculture Sustainability Initiative","en":"Floriculture Sustainability Initiative"},"initiative":"multi_stakeholder"}),
        ),
        rec(
            "2015-06-01",
            json!({"kind":"link_initiative","trajectory":"textile","initiative":"fsi"}),
        ),
        rec(
            "2015-05-01",
            json!({"kind":"government_activity","id":"ws","activity":"knowledge_workshop","organisations":["ser"],"sectors":["textile"],"description":{"nl":"SER-workshops.","en":"SER workshops."},"event_date":"2015-05-01","event_precision":"month"}),
        ),
        rec(
            "2015-06-30",
            json!({"kind":"stakeholder_activity","id":"unions","activity":"thematic_advice","organisations":["fnv"],"themes":["labour_rights"],"description":{"nl":"De vakbonden adviseren.","en":"The unions advise."},"undated":true}),
        ),
        rec(
            "2015-07-10",
            json!({"kind":"add_target","id":"ten","description":{"nl":"tien IMVO-convenanten vóór 2017","en":"ten IRBC covenants before 2017"},"count":10,"deadline":"2017-01-01","rule":{"kinds":["sector"]}}),
        ),
    ]
}

fn config() -> ForecastConfig {
    let d = |min, mode, max, p| PhaseDefault {
        min_months: min,
        mode_months: mode,
        max_months: max,
        advance_probability: p,
    };
    ForecastConfig {
        seed: 7,
        runs: 2000,
        min_spells: 3,
        phases: [
            (imvo_domain::Phase::NoInitiative, d(3.0, 9.0, 24.0, 0.6)),
            (imvo_domain::Phase::Exploring, d(3.0, 9.0, 24.0, 0.8)),
            (imvo_domain::Phase::Dialogue, d(3.0, 6.0, 18.0, 0.85)),
            (imvo_domain::Phase::Negotiating, d(3.0, 9.0, 18.0, 0.9)),
        ]
        .into_iter()
        .collect(),
    }
}

fn letter(lang: Lang, as_of: &str, since: Option<&str>) -> crate::Document {
    let recs = records();
    let p = Portfolio::replay(&recs, Some(as_of.parse().unwrap())).unwrap();
    let id = imvo_domain::Id::new("ten").unwrap();
    let f = p.target(&id).map(|_| forecast(&p, &id, &config()).unwrap());
    progress_letter(
        &p,
        f.as_ref(),
        &LetterOptions {
            diligence: Vec::new(),
            lang,
            since: since.map(|s| s.parse::<NaiveDate>().unwrap()),
            changes: recs.clone(),
        },
    )
    .unwrap()
}

#[test]
fn dutch_letter_has_the_structure_and_the_facts() {
    let md = render_markdown(&letter(Lang::Nl, "2015-07-10", None));
    for needle in [
        "## 1\\. Inleiding",
        "## 2\\. Voortgang",
        "## 3\\. Rol van de overheid",
        "## 4\\. Betrokkenheid van stakeholders",
        "## 5\\. Tot slot",
        "Koplopers: in onderhandeling",
        "Andere sectoren die aansluiten",
        "18 mei 2015",
        "22 juni 2015",
        "mei 2015",
        "Sociaal-Economische Raad (SER) – convenor, mediator",
        "Nederlandse Vereniging van Banken \\<NVB\\> (NVB) – trekkende brancheorganisatie",
        "Floriculture Sustainability Initiative",
        "meer dan 100 deelnemers",
        "twee sectoren met verhoogde risico’s",
        "textiel & kleding en financiële sector",
        "arbeids- en vakbondsrechten",
        "Een initiatief \\*in voorbereiding\\*",
        "**Figuur 1.**",
        "**Figuur 2.**",
        "Kamerstuk 26 485 nr. 212, §2",
    ] {
        assert!(md.contains(needle), "{needle:?} missing from:\n{md}");
    }
    assert!(!md.contains("Wijzigingen sinds"));
}

#[test]
fn english_letter_reads_as_english() {
    let md = render_markdown(&letter(Lang::En, "2015-07-10", None));
    for needle in [
        "## 1\\. Introduction",
        "## 3\\. The role of government",
        "The front runners: negotiating",
        "18 May 2015",
        "Social and Economic Council (SER) – convenor, mediator",
        "two sectors with elevated risks",
        "more than 100 participants",
        "Forecast chance of a covenant before 1 January 2017",
    ] {
        assert!(md.contains(needle), "{needle:?} missing from:\n{md}");
    }
    for dutch in [" juni ", " mei ", "Fase:", "Betrokken", " en "] {
        assert!(
            !md.contains(dutch),
            "Dutch {dutch:?} in the English letter:\n{md}"
        );
    }
}

#[test]
fn changes_since_lists_the_records_between_the_dates() {
    let md = render_markdown(&letter(Lang::Nl, "2015-07-10", Some("2015-06-01")));
    assert!(md.contains("## 6\\. Wijzigingen sinds 1 juni 2015"), "{md}");
    assert!(md.contains("Banken: Terugkoppelingsbijeenkomst bij de SER."));
    assert!(md.contains("Beleidsdoel vastgesteld: tien IMVO-convenanten vóór 2017."));
    // Records on or before the since date are not changes.
    assert!(!md.contains("Textiel: naar fase"), "{md}");
}

#[test]
fn since_must_be_before_as_of() {
    let recs = records();
    let p = Portfolio::replay(&recs, Some("2015-07-10".parse().unwrap())).unwrap();
    let err = progress_letter(
        &p,
        None,
        &LetterOptions {
            diligence: Vec::new(),
            lang: Lang::Nl,
            since: Some("2015-08-01".parse().unwrap()),
            changes: Vec::new(),
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("--since 2015-08-01"), "{err}");
}

#[test]
fn empty_portfolio_is_refused() {
    let p = Portfolio::replay(&[], Some("2015-07-10".parse().unwrap())).unwrap();
    let res = progress_letter(
        &p,
        None,
        &LetterOptions {
            diligence: Vec::new(),
            lang: Lang::En,
            since: None,
            changes: Vec::new(),
        },
    );
    if let Err(e) = res {
        assert!(e.to_string().contains("load a dataset"), "{e}");
    }
}

#[test]
fn letter_renders_in_every_format() {
    let doc = letter(Lang::Nl, "2015-07-10", Some("2015-01-01"));
    for f in Format::ALL {
        let bytes = render(&doc, f).unwrap();
        assert!(!bytes.is_empty());
        // To look at the output: IMVO_REPORT_DUMP=/some/dir cargo test -p imvo-report.
        if let Some(dir) = std::env::var_os("IMVO_REPORT_DUMP") {
            let path = std::path::Path::new(&dir).join(format!("fixture-letter.{}", f.extension()));
            std::fs::write(path, &bytes).unwrap();
        }
    }
    let pdf = render(&doc, Format::Pdf).unwrap();
    if let Some(text) = crate::tests::pdftotext(&pdf) {
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("Voortgang IMVO-convenanten"), "{flat}");
        assert!(flat.contains("Sociaal-Economische Raad (SER)"), "{flat}");
    }
}

/// The value of the attribute `attr` of the first SVG element that starts with `prefix`.
fn x_of(svg: &str, prefix: &str, attr: &str) -> String {
    let rest = &svg[svg
        .find(prefix)
        .unwrap_or_else(|| panic!("{prefix} in {svg}"))..];
    let value = &rest[rest.find(&format!("{attr}=\"")).unwrap() + attr.len() + 2..];
    value[..value.find('"').unwrap()].to_string()
}

/// The letter and the dashboard once drew the target chart from two copies, one ending the
/// forecast at the forecast's deadline and one at the target's. The target's deadline is the
/// one: a forecast carrying another deadline still ends at the deadline line, and a forecast of
/// another target is not drawn at all.
#[test]
fn the_target_chart_ends_the_forecast_at_the_targets_deadline() {
    let p = Portfolio::replay(&records(), Some("2015-07-10".parse().unwrap())).unwrap();
    let id = imvo_domain::Id::new("ten").unwrap();
    let status = p.target_status(&id).unwrap();
    let mut f = forecast(&p, &id, &config()).unwrap();
    f.deadline = "2016-03-01".parse().unwrap();

    let chart = super::target_chart(&p, &status, Some(&f), Lang::En);
    let last = chart.data.rows.last().unwrap();
    assert_eq!(last[0], Lang::En.date(status.deadline), "{:?}", chart.data);
    assert!(!last[2].is_empty(), "the last row is the forecast's");
    let svg = chart.svg_inline("t");
    // The first circle is the forecast's end; the deadline line runs down from the top (y 20).
    let forecast_end = x_of(&svg, "<circle cx=\"", "cx");
    assert!(
        svg.contains(&format!(
            "<line x1=\"{forecast_end}\" y1=\"20\" x2=\"{forecast_end}\""
        )),
        "the forecast ends on the deadline line: {svg}"
    );

    f.target = imvo_domain::Id::new("another").unwrap();
    let chart = super::target_chart(&p, &status, Some(&f), Lang::En);
    assert!(
        chart.data.rows.iter().all(|r| r[2].is_empty()),
        "{:?}",
        chart.data
    );
    assert!(!chart.svg_inline("t").contains("stroke-dasharray=\"6 4\""));
}

/// Only the forecast of the target the letter reports on reaches the letter, whoever asks.
#[test]
fn the_letter_leaves_out_a_forecast_of_another_target() {
    let p = Portfolio::replay(&records(), Some("2015-07-10".parse().unwrap())).unwrap();
    let id = imvo_domain::Id::new("ten").unwrap();
    assert_eq!(super::forecast_target(&p), Some(&id));
    let mut f = forecast(&p, &id, &config()).unwrap();
    f.target = imvo_domain::Id::new("another").unwrap();
    let options = LetterOptions {
        diligence: Vec::new(),
        lang: Lang::En,
        since: None,
        changes: Vec::new(),
    };
    let with = render_markdown(&progress_letter(&p, Some(&f), &options).unwrap());
    let without = render_markdown(&progress_letter(&p, None, &options).unwrap());
    assert_eq!(with, without);
    let after = Portfolio::replay(&records(), Some("2017-02-01".parse().unwrap())).unwrap();
    assert_eq!(
        super::forecast_target(&after),
        None,
        "the deadline has passed"
    );
}
