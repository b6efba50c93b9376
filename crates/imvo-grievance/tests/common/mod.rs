//! Helpers shared by the tests: ids, dates, the known lists, the example rules.

#![allow(dead_code)] // each test file uses its own part

pub mod complaints;
pub mod signals;

use std::path::PathBuf;

use chrono::NaiveDate;
use imvo_domain::Id;
use imvo_grievance::Known;
use imvo_grievance::complaint::ComplaintRules;

pub fn id(s: &str) -> Id {
    Id::new(s).unwrap()
}

pub fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The 22 shipped themes (read from `data/risk/themes.csv`), five companies, three
/// organisations.
pub fn known() -> Known {
    let csv = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/risk/themes.csv"),
    )
    .unwrap();
    let themes = csv
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| id(l.split(',').next().unwrap().trim()))
        .collect();
    Known {
        themes,
        companies: ["brand-a", "brand-b", "brand-c", "brand-d", "brand-e"]
            .into_iter()
            .map(id)
            .collect(),
        organisations: ["ser", "fnv", "schone-kleren", "modint", "brand-a"]
            .into_iter()
            .map(id)
            .collect(),
    }
}

pub fn rules_text() -> String {
    std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/committee-rules.toml"),
    )
    .unwrap()
}

pub fn rules() -> ComplaintRules {
    ComplaintRules::from_toml(&rules_text(), "committee-rules.toml").unwrap()
}
