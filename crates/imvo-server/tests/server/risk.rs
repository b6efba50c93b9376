//! The sector risk analysis served from an `analysis.json`: the ranking and a sector in JSON,
//! the heat-map and sector pages, the 404 that says how to load an analysis, and a damaged file
//! refused at start with its name.

use std::path::{Path, PathBuf};

use imvo_risk::analysis::{Analysis, Cell, FlagRule, Hotspot, Options, Paths, SectorResult};
use imvo_risk::inputs::{Domain, Exposure, NationalSector, Theme};

use crate::support::*;

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

#[tokio::test]
async fn the_ranking_and_a_sector_are_served_as_json_and_as_pages() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_analysis(dir.path());
    run_with(
        imvo_store::BackendKind::Sqlite,
        |s| s.risk = Some(path),
        |app| async move {
            let public = app.anonymous();
            let r = public.get("/api/v1/risk").await;
            assert_eq!(r.status(), 200);
            let v: serde_json::Value = r.json().await.unwrap();
            assert_eq!(v["synthetic"], true);
            assert_eq!(v["themes"][0]["domain"], "labour");
            let ids: Vec<&str> = v["ranking"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["sector"]["id"].as_str().unwrap())
                .collect();
            assert_eq!(ids, ["textiel", "overig"], "highest score first");
            assert_eq!(v["ranking"][0]["ratios"], serde_json::json!([3.2, 1.1]));
            assert_eq!(v["ranking"][0]["elevated"], true);

            let r = public.get("/api/v1/risk/sectors/textiel").await;
            assert_eq!(r.status(), 200);
            let v: serde_json::Value = r.json().await.unwrap();
            assert_eq!(v["summary"]["sector"]["portfolio_id"], "textile");
            let cell = &v["cells"][0];
            assert_eq!(
                cell["hotspots"][0]["industry"],
                "Manufacture of wearing apparel"
            );
            assert_eq!(
                cell["paths"]["paths"][0]["nodes"],
                serde_json::json!([
                    "BD / Cultivation of cotton",
                    "BD / Manufacture of wearing apparel"
                ])
            );
            assert!(v["cells"][1]["paths"].is_null());

            let err = error_of(public.get("/api/v1/risk/sectors/mijnbouw").await).await;
            assert_eq!(err["field"], "id");
            assert!(
                err["message"].as_str().unwrap().contains("textiel"),
                "{err}"
            );

            let page = public.get("/risk?lang=en").await.text().await.unwrap();
            assert!(page.contains("<svg"), "the heat map is drawn inline");
            assert!(page.contains("href=\"/risk/textiel\""), "{page}");
            assert!(page.contains("SYNTHETIC DATA"));
            let page = public
                .get("/risk/textiel?lang=en")
                .await
                .text()
                .await
                .unwrap();
            assert!(page.contains("Child labour") && page.contains("Cultivation of cotton"));
            assert!(
                page.contains("href=\"/sectors/textile\""),
                "links the portfolio sector"
            );
            assert_eq!(public.get("/risk/mijnbouw").await.status(), 404);
        },
    )
    .await;
}

#[tokio::test]
async fn without_an_analysis_the_risk_routes_say_how_to_load_one() {
    run(imvo_store::BackendKind::Sqlite, |app| async move {
        let public = app.anonymous();
        let r = public.get("/api/v1/risk").await;
        assert_eq!(r.status(), 404);
        let err = error_of(r).await;
        assert_eq!(err["code"], "no_risk_analysis");
        assert!(err["message"].as_str().unwrap().contains("--risk"));
        let r = public.get("/risk").await;
        assert_eq!(r.status(), 200);
        assert!(r.text().await.unwrap().contains("imvo risk demo"));
    })
    .await;
}

#[tokio::test]
async fn a_damaged_analysis_stops_the_start_with_the_file_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_analysis(dir.path());
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("\"ranking\": [\n    1,", "\"ranking\": [\n    0,"),
    )
    .unwrap();
    run(imvo_store::BackendKind::Sqlite, |app| async move {
        let settings = imvo_server::Settings {
            addr: "127.0.0.1:0".parse().unwrap(),
            risk: Some(path),
            ..imvo_server::Settings::default()
        };
        let err = imvo_server::Application::with_store(settings, app.store.clone())
            .await
            .err()
            .expect("a damaged analysis is refused")
            .to_string();
        assert!(
            err.contains("analysis.json") && err.contains("ranking"),
            "{err}"
        );
    })
    .await;
}
