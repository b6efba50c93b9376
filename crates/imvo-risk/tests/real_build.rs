//! The indicator build from publishers' files, on SYNTHETIC fixtures small enough to work the
//! expected likelihoods out by hand (tests/fixtures/real/README.md), then the screening and the
//! trade attribution on the small test system.

mod common;

use std::path::{Path, PathBuf};

use common::{HOUSEHOLDS, MRIO_SECTORS, THEMES, small};
use imvo_risk::inputs::{
    RiskInputs, parse_indicators, parse_sectors, parse_sra_risks, parse_themes,
};
use imvo_risk::real::{self, MissingKind, Reference};
use imvo_risk::{DenseLu, Options, analyse};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real")
}

const REGIONS: [&str; 3] = ["NL", "WA", "CN"];

fn likelihood(csv: &str, region: &str, sector: &str, theme: &str) -> f64 {
    let themes = parse_themes(Path::new("themes.csv"), THEMES).unwrap();
    let ind = parse_indicators(Path::new("indicators.csv"), csv, &themes).unwrap();
    let find = |s: Option<&str>| {
        ind.rows
            .iter()
            .find(|r| r.region == region && r.sector.as_deref() == s && r.theme == theme)
            .map(|r| r.likelihood)
    };
    find(Some(sector))
        .or_else(|| find(None))
        .unwrap_or_else(|| panic!("no row for {region} {sector} {theme}"))
}

#[test]
fn likelihoods_follow_the_theme_mapping_weights_and_floors() {
    let reference = Reference::load(Some(&fixtures().join("data"))).unwrap();
    let sys = small(&REGIONS, &MRIO_SECTORS, 3, 0.5);
    let view = sys.view();
    let themes = parse_themes(Path::new("themes.csv"), THEMES).unwrap();
    let built = real::build_from_dir(
        &reference,
        &fixtures().join("publishers"),
        &view,
        &themes.rows,
        2011,
        "test system",
    )
    .unwrap();
    assert_eq!(built.classification, "test");
    assert_eq!(built.region_column, "exio3");
    let csv = &built.csv;
    assert!(!csv.contains("SYNTHETIC"), "a built file is not synthetic");
    let close = |a: f64, b: f64| assert!((a - b).abs() < 1e-6, "{a} ≠ {b}");

    // NL: ILAB does not cover it, so the fallback (rule of law 2.0 → 0.1) applies.
    close(likelihood(csv, "NL", "garments", "child_labour"), 0.1);
    // WA = Bangladesh (ILAB 0.2 → 0.5; weight 3) and Vietnam (ILAB unavailable → rule of law
    // 0.0 of 2010 → 0.5; weight 1). Bangladesh's cotton listing floors at 0.3 < 0.5.
    close(likelihood(csv, "WA", "cotton", "child_labour"), 0.5);
    // Corruption: the mean of rule of law and FH G4, population-weighted over WA's members.
    close(
        likelihood(csv, "WA", "ore", "corruption"),
        (3.0 * 0.6 + 0.625) / 4.0,
    );
    close(likelihood(csv, "CN", "ore", "corruption"), 0.55);
    // Climate: the Agriculture column located in cotton (the agriculture group) per output;
    // WA sums its members' emissions; Buildings is not located anywhere.
    let x = |r: usize, s: usize| sys.x[r * MRIO_SECTORS.len() + s];
    close(
        likelihood(csv, "NL", "cotton", "climate_energy"),
        (2.0 * 1000.0 / x(0, 0) / 3.0).min(1.0),
    );
    close(
        likelihood(csv, "WA", "cotton", "climate_energy"),
        (1.5 * 1000.0 / x(1, 0) / 3.0).min(1.0),
    );
    close(likelihood(csv, "WA", "services", "climate_energy"), 0.0);

    // A region whose value every sector shares is one row.
    let nl_child = csv
        .lines()
        .filter(|l| l.starts_with("NL,") && l.contains(",child_labour,"))
        .count();
    assert_eq!(nl_child, 1);
    // Every row names its sources with their years.
    assert!(
        csv.lines()
            .filter(|l| l.starts_with("WA,") && l.contains(",corruption,"))
            .all(|l| l.contains("WGI Rule of Law 2011 (Test WGI; test licence)")
                && l.contains("aggregated region: mean over its member countries weighted by Population 2011"))
    );

    // Gaps are reported, not zero.
    let kinds = |k: MissingKind| built.missing.iter().filter(|m| m.kind == k).count();
    assert_eq!(kinds(MissingKind::UnknownName), 1, "{:?}", built.missing);
    assert!(
        built
            .missing
            .iter()
            .any(|m| m.kind == MissingKind::UnknownName
                && m.country == "Atlantis"
                && m.indicator.ends_with("wgi.csv:6"))
    );
    assert_eq!(kinds(MissingKind::UnmappedGood), 1);
    assert!(built.missing.iter().any(|m| m.kind == MissingKind::NoValue
        && m.country == "VNM"
        && m.indicator == "ilab.working_children"));
    assert_eq!(kinds(MissingKind::Imputed), 0);
}

#[test]
fn screening_and_trade_attribution_on_the_small_system() {
    let reference = Reference::load(Some(&fixtures().join("data"))).unwrap();
    let sys = small(&REGIONS, &MRIO_SECTORS, 3, 0.5);
    let view = sys.view();
    let themes = parse_themes(Path::new("themes.csv"), THEMES).unwrap();
    let built = real::build_from_dir(
        &reference,
        &fixtures().join("publishers"),
        &view,
        &themes.rows,
        2011,
        "test system",
    )
    .unwrap();
    let indicators = parse_indicators(Path::new("indicators.csv"), &built.csv, &themes).unwrap();
    let sra = parse_sectors(Path::new("sectors.csv"), common::SECTORS).unwrap();
    let (sectors, concordance) =
        real::screening(&view.sectors, None, &sra, "test system", 2011).unwrap();
    let (_, groups) = reference.classify(&view.sectors).unwrap();
    let trade = real::trade_rules(&reference, &view.sectors, &groups, &concordance).unwrap();
    assert_eq!(trade.len(), 1);
    assert_eq!(trade[0].channel, "services");
    assert_eq!(trade[0].products, ["cotton", "garments"]);
    assert_eq!(trade[0].final_demand, HOUSEHOLDS);
    let sra_risks = parse_sra_risks(
        Path::new("sra_risks.csv"),
        "id,name_nl,name_en,sra_domain,theme,example_sectors,source,year\n",
        &themes,
        &sectors,
    )
    .unwrap();
    let inputs = RiskInputs {
        themes,
        sectors,
        sra_risks,
        concordance,
        indicators,
    };
    let lu = DenseLu::factor(sys.a.as_ref()).unwrap();
    let focus = |trade| Options {
        trade,
        ..Options::default()
    };
    let (plain, _) = analyse(&inputs, &view, &lu, &focus(Vec::new())).unwrap();
    let (with, arrays) = analyse(&inputs, &view, &lu, &focus(trade)).unwrap();
    assert!(!inputs.synthetic(), "built inputs say nothing synthetic");
    assert_eq!(with.ranking.len(), 4);
    // Retail receives households' cotton and garments on top of its own final demand; the
    // producing sectors keep theirs; the averages stay those of the focus region's demand.
    // NL's households (column 0) buy cotton and garments from every region.
    let added: f64 = (0..REGIONS.len())
        .flat_map(|r| [r * 4, r * 4 + 1])
        .map(|i| sys.y[(i, 0)])
        .sum();
    assert!((arrays.trade_final_demand[3] - added).abs() < 1e-9);
    assert!((with.sectors[3].final_demand - plain.sectors[3].final_demand - added).abs() < 1e-9);
    assert_eq!(with.sectors[0].final_demand, plain.sectors[0].final_demand);
    for t in 0..3 {
        let rel =
            (with.total_embodied[t] - plain.total_embodied[t]).abs() / plain.total_embodied[t];
        assert!(
            rel < 1e-12,
            "theme {t}: the total must not count the overlay"
        );
    }
    let rel = (with.total_final_demand - plain.total_final_demand).abs() / plain.total_final_demand;
    assert!(rel < 1e-14);
}

#[test]
fn a_missing_publisher_file_names_the_file_and_where_to_get_it() {
    let reference = Reference::load(Some(&fixtures().join("data"))).unwrap();
    let sys = small(&REGIONS, &MRIO_SECTORS, 3, 0.5);
    let themes = parse_themes(Path::new("themes.csv"), THEMES).unwrap();
    let e = real::build_from_dir(
        &reference,
        &fixtures().join("no-such-folder"),
        &sys.view(),
        &themes.rows,
        2011,
        "t",
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("fh.csv") && e.contains("https://example.invalid/fh"),
        "{e}"
    );
}

#[test]
fn a_system_of_another_classification_is_refused_with_the_reason() {
    let reference = Reference::load(Some(&fixtures().join("data"))).unwrap();
    let sys = small(&REGIONS, &["a", "b"], 3, 0.5);
    let themes = parse_themes(Path::new("themes.csv"), THEMES).unwrap();
    let e = real::build_from_dir(
        &reference,
        &fixtures().join("publishers"),
        &sys.view(),
        &themes.rows,
        2011,
        "t",
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("sector_groups.csv") && e.contains("no classification"),
        "{e}"
    );
}
