//! The analysis on the real data (WIOD 2011 and the publishers' indicator files) when
//! `IMVO_REAL_DATA` names the folder (`scripts/test.sh` sets it when the real-data folder is beside the checkout):
//! checks structure, not numbers — every Dutch industry screened and ranked, every indicator
//! row sourced, nothing marked synthetic. Without the variable the test says loudly that it
//! skipped.

use std::path::{Path, PathBuf};

use imvo_risk::engine::{self, Core, Engine, Method};
use imvo_risk::inputs::{builtin, parse_indicators, parse_sectors, parse_sra_risks, parse_themes};
use imvo_risk::real::{self, Reference};
use imvo_risk::report::Provenance;
use imvo_risk::{Options, RiskInputs};

/// The real-data folder, or `None` (with a loud message) when the variable is unset. A
/// relative path is taken from the current directory or, failing that, the workspace root
/// (cargo runs tests in the crate's folder).
fn real_data() -> Option<PathBuf> {
    let Some(p) = std::env::var_os("IMVO_REAL_DATA") else {
        eprintln!(
            "\n********\nSKIPPED: IMVO_REAL_DATA not set: the analysis on real data did not run\n********\n"
        );
        return None;
    };
    let p = PathBuf::from(p);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    [p.clone(), root.join(&p)]
        .into_iter()
        .find(|c| c.join("wiod-2011").is_dir())
        .or_else(|| panic!("IMVO_REAL_DATA={} holds no wiod-2011 folder", p.display()))
}

#[test]
fn screening_of_the_dutch_economy_on_wiod_and_real_indicators() {
    let Some(dir) = real_data() else { return };
    let system = imvo_mrio::read_pymrio(&dir.join("wiod-2011"), &imvo_mrio::NoProgress).unwrap();
    let core = Core::new(&system).unwrap();
    let view = engine::view(&system, &core).unwrap();
    assert_eq!((view.regions.len(), view.sectors.len()), (41, 35));
    let reference = Reference::load(None).unwrap();
    let themes = parse_themes(Path::new(builtin::THEMES.0), builtin::THEMES.1).unwrap();
    let built = real::build_from_dir(
        &reference,
        &dir.join("indicators"),
        &view,
        &themes.rows,
        2011,
        "WIOD 2011",
    )
    .unwrap();
    assert_eq!(built.classification, "wiod");
    assert!(!built.csv.contains("SYNTHETIC"));
    let indicators = parse_indicators(Path::new("indicators.csv"), &built.csv, &themes).unwrap();
    assert!(!indicators.synthetic);
    assert!(
        indicators
            .rows
            .iter()
            .all(|r| !r.source.is_empty() && (2005..=2019).contains(&r.year)),
        "every row has its source and year"
    );
    // Every region × theme is covered (the analysis refuses gaps) and gaps were reported.
    assert!(built.missing.iter().all(|m| !m.detail.is_empty()));

    let sra = parse_sectors(Path::new(builtin::SECTORS.0), builtin::SECTORS.1).unwrap();
    // The SRA's risks name SRA sectors as examples, whatever the sector list analysed.
    let sra_risks = parse_sra_risks(
        Path::new(builtin::SRA_RISKS.0),
        builtin::SRA_RISKS.1,
        &themes,
        &sra,
    )
    .unwrap();
    let (p, t) = real::concordance_for("wiod").unwrap();
    let (sectors, concordance) = real::screening(
        &view.sectors,
        Some((Path::new(p), t)),
        &sra,
        "WIOD 2011",
        2011,
    )
    .unwrap();
    let (_, groups) = reference.classify(&view.sectors).unwrap();
    let trade = real::trade_rules(&reference, &view.sectors, &groups, &concordance).unwrap();
    let inputs = RiskInputs {
        themes,
        sectors,
        sra_risks,
        concordance,
        indicators,
    };
    let op = engine::operator(view.a, 57, Method::Auto).unwrap();
    let options = Options {
        focus: "NLD".into(),
        spa_themes: 1,
        trade,
        ..Options::default()
    };
    let (an, arrays) = imvo_risk::analyse(&inputs, &view, &Engine(op.as_ref()), &options).unwrap();
    assert!(!an.synthetic);
    assert_eq!(an.sectors.len(), 35);
    assert_eq!(an.ranking.len(), 35);
    let mut ranks: Vec<usize> = an.sectors.iter().map(|s| s.rank).collect();
    ranks.sort_unstable();
    assert_eq!(ranks, (1..=35).collect::<Vec<_>>());
    assert!(an.sectors.iter().all(|s| s.score.is_finite()));
    // Retail (c21) receives the goods households buy through it.
    let retail = an
        .sectors
        .iter()
        .position(|s| s.sector.id == "c21")
        .unwrap();
    assert!(arrays.trade_final_demand[retail] > 0.0);
    // Every theme names its sources.
    let prov = Provenance::new("WIOD 2011".into(), &inputs, real::SEPARATOR);
    assert!(prov.theme_sources.iter().all(|s| !s.is_empty()));
}
