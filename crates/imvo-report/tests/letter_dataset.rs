//! The Dutch letter as of 2015-07-10 from the shipped datasets carries every fact of section 2
//! of the dataset: each trajectory, its phase and the date it entered it, each organisation
//! with its role, each dated event with its date and organisations, each initiative built on.
//! The expected facts are read from the dataset records (locator "§2…"), never from a text.

use chrono::NaiveDate;
use imvo_app::dataset;
use imvo_domain::{Change, DatePrecision, Lang as DLang, Portfolio, Record, format_date};
use imvo_report::letter::{LetterOptions, progress_letter};
use imvo_report::{Format, Lang, escape, render};

fn records() -> Vec<Record> {
    let mut out = Vec::new();
    for e in dataset::SHIPPED {
        let d = dataset::embedded(e).unwrap_or_else(|err| panic!("shipped dataset: {err}"));
        out.extend(d.records);
    }
    out
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2015, 7, 10).unwrap()
}

/// The facts a §2 record must leave in the letter, each as a string that must appear.
fn expected_facts(p: &Portfolio, r: &Record) -> Vec<String> {
    let nl = DLang::Nl;
    let org = |id: &imvo_domain::Id| {
        let o = p.organisation(id).expect("organisation exists");
        o.name.clone()
    };
    let when = |date: Option<NaiveDate>, prec: Option<DatePrecision>, undated: bool| {
        if undated {
            None
        } else {
            Some(match date {
                Some(d) => format_date(d, prec.unwrap_or_default(), nl),
                None => format_date(r.date, r.date_precision, nl),
            })
        }
    };
    match &r.change {
        Change::AddTrajectory(t) => vec![t.name.nl.clone()],
        Change::SetPhase(c) => {
            let t = p.trajectory(&c.trajectory).expect("trajectory exists");
            vec![
                t.spec.name.nl.clone(),
                c.phase.label(nl).to_owned(),
                format_date(r.date, r.date_precision, nl),
            ]
        }
        Change::AssignRole(a) => vec![org(&a.organisation), a.role.label(nl).to_owned()],
        Change::RecordEvent(e) => {
            let mut v: Vec<String> = e.organisations.iter().map(org).collect();
            v.extend(when(e.event_date, e.event_precision, e.undated));
            v
        }
        Change::AddOrganisation(o) => vec![o.name.clone()],
        Change::LinkInitiative(l) => {
            let i = p
                .initiatives()
                .iter()
                .find(|i| i.id == l.initiative)
                .expect("initiative exists");
            vec![i.name.nl.clone()]
        }
        Change::SignCovenant(c) => {
            vec![c.name.nl.clone(), format_date(r.date, r.date_precision, nl)]
        }
        _ => Vec::new(),
    }
}

#[test]
fn dutch_letter_carries_every_fact_of_section_2() {
    let records = records();
    let p = Portfolio::replay(&records, Some(as_of())).expect("the datasets replay");
    let target = p.targets().first().map(|t| t.spec.id.clone());
    let forecast = target.map(|id| {
        imvo_domain::forecast(&p, &id, &imvo_app::default_forecast_config()).expect("forecast")
    });
    let doc = progress_letter(
        &p,
        forecast.as_ref(),
        &LetterOptions {
            diligence: Vec::new(),
            lang: Lang::Nl,
            since: None,
            changes: Vec::new(),
        },
    )
    .expect("letter");
    let text = doc.plain_text();
    let html = String::from_utf8(render(&doc, Format::Html).unwrap()).unwrap();

    let section2: Vec<&Record> = records
        .iter()
        .filter(|r| r.date <= as_of() && r.source.locator.contains("§2"))
        .collect();
    assert!(section2.len() > 50, "the dataset has section 2 records");
    let mut checked = 0;
    let mut missing = Vec::new();
    for r in section2 {
        for fact in expected_facts(&p, r) {
            checked += 1;
            let in_text = text.contains(&fact);
            let in_html = html.contains(&escape::html(&fact));
            if !(in_text && in_html) {
                missing.push(format!(
                    "{fact:?} ({} record of {}, {}; text: {in_text}, html: {in_html})",
                    r.change.kind(),
                    r.date,
                    r.source.locator
                ));
            }
        }
    }
    assert!(checked > 100, "only {checked} facts checked");
    assert!(
        missing.is_empty(),
        "missing from the letter:\n{}",
        missing.join("\n")
    );

    // Every trajectory appears under the heading of its phase group.
    for g in p.trajectories_by_phase() {
        for t in g.trajectories {
            assert!(text.contains(&t.spec.name.nl), "{}", t.spec.name.nl);
        }
    }
}

#[test]
fn letter_pdf_has_the_key_text() {
    let records = records();
    let p = Portfolio::replay(&records, Some(as_of())).expect("the datasets replay");
    let doc = progress_letter(
        &p,
        None,
        &LetterOptions {
            diligence: Vec::new(),
            lang: Lang::En,
            since: Some(NaiveDate::from_ymd_opt(2015, 1, 1).unwrap()),
            changes: records.clone(),
        },
    )
    .expect("letter");
    let pdf = render(&doc, Format::Pdf).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let dir = tempdir();
    let path = dir.join("letter.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let out = match std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
    {
        Ok(o) => o,
        Err(_) if std::env::var_os("IMVO_REQUIRE_REFERENCE").is_none() => {
            eprintln!("note: pdftotext (poppler-utils) not found; PDF text not checked");
            return;
        }
        Err(e) => panic!("pdftotext is required: {e}"),
    };
    let text: String = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for needle in [
        "Progress on the IRBC covenants",
        "1. Introduction",
        "2. Progress",
        "5. Conclusion",
        "6. Changes since 1 January 2015",
        "10 July 2015",
    ] {
        assert!(text.contains(needle), "{needle:?} not in the PDF text");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn tempdir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("imvo-report-ds-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}
