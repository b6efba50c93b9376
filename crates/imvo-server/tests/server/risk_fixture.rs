//! A small sector risk analysis in the shape `imvo risk demo` writes (`analysis.json`): two
//! themes, two national sectors, paths for textile's main theme. Shared by the server and the
//! browser tests.

use std::path::{Path, PathBuf};

use imvo_risk::analysis::{Analysis, Cell, FlagRule, Hotspot, Options, Paths, SectorResult};
use imvo_risk::inputs::{Domain, Exposure, NationalSector, Theme};

fn theme(id: &str, nl: &str, en: &str, severity: f64) -> Theme {
    Theme {
        id: id.into(),
        name_nl: nl.into(),
        name_en: en.into(),
        domain: Domain::Labour,
        severity,
        exposure: Exposure::Output,
        source: "test".into(),
        year: 2014,
        line: 0,
    }
}

fn cell(theme: &str, ratio: f64, region: &str, industry: &str) -> Cell {
    Cell {
        theme: theme.into(),
        embodied: 10.0 * ratio,
        exposure: 5.0,
        likelihood: 0.4,
        severity: 0.8,
        intensity: ratio / 100.0,
        ratio,
        hotspots: vec![Hotspot {
            region: region.into(),
            sector: industry.into(),
            value: 6.0 * ratio,
            share: 0.6,
        }],
        paths: None,
    }
}

fn sector(id: &str, nl: &str, en: &str, score: f64, rank: usize, cells: Vec<Cell>) -> SectorResult {
    SectorResult {
        sector: NationalSector {
            id: id.into(),
            name_nl: nl.into(),
            name_en: en.into(),
            chapter: id.into(),
            portfolio_id: Some("textile".into()).filter(|_| id == "textiel"),
            source: "test".into(),
            year: 2014,
        },
        final_demand: 100.0,
        final_demand_share: 0.2,
        score,
        rank,
        elevated: score >= 1.25,
        flag_reason: format!("score {score}"),
        cells,
    }
}

/// A small analysis in the shape `imvo risk demo` writes: two themes, two sectors, paths for
/// textile's main theme.
fn analysis() -> Analysis {
    let mut textile = sector(
        "textiel",
        "Textiel en kleding",
        "Textiles and clothing",
        2.5,
        1,
        vec![
            cell("child_labour", 3.2, "BD", "Manufacture of wearing apparel"),
            cell("water", 1.1, "IN", "Cultivation of cotton"),
        ],
    );
    textile.cells[0].paths = Some(Paths {
        paths: vec![imvo_risk::analysis::Path {
            nodes: vec![
                ("BD".into(), "Cultivation of cotton".into()),
                ("BD".into(), "Manufacture of wearing apparel".into()),
            ],
            value: 20.0,
            share: 0.625,
        }],
        listed_share: 0.625,
        unlisted: 1.0,
        unexplored: 2.0,
        pruned: 9.0,
        accounted: 32.0,
        complete: true,
        expansions: 12,
    });
    let other = sector(
        "overig",
        "Overig",
        "Other",
        0.7,
        2,
        vec![
            cell("child_labour", 0.5, "NL", "Retail trade"),
            cell("water", 0.9, "NL", "Retail trade"),
        ],
    );
    Analysis {
        synthetic: true,
        focus: "NL".into(),
        monetary_unit: "M.EUR".into(),
        shape: (3, 4),
        themes: vec![
            theme("child_labour", "Kinderarbeid", "Child labour", 1.0),
            theme("water", "Water", "Water", 0.5),
        ],
        sectors: vec![other, textile],
        ranking: vec![1, 0],
        total_embodied: vec![40.0, 20.0],
        total_final_demand: 500.0,
        options: Options {
            flag: FlagRule::default(),
            ..Options::default()
        },
    }
}

/// Writes [`analysis`] as `analysis.json` into `dir`.
pub fn write_analysis(dir: &Path) -> PathBuf {
    let path = dir.join("analysis.json");
    std::fs::write(&path, serde_json::to_string_pretty(&analysis()).unwrap()).unwrap();
    path
}
