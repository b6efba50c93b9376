//! Tests of `imvo risk analyse` (the sector risk analysis on real data): on imvo-risk's
//! SYNTHETIC fixtures (always), on the real data when `IMVO_REAL_DATA` names its folder, and
//! bad input.

use std::path::{Path, PathBuf};

use crate::support::{fails, ok};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../imvo-risk/tests/fixtures/real")
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn analyse_on_the_fixtures_writes_tables_reports_indicators_and_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixtures();
    let arg = |p: &str| f.join(p).to_string_lossy().to_string();
    let out = ok(
        dir.path(),
        &[
            "risk",
            "analyse",
            "--system",
            &arg("system"),
            "--indicators-dir",
            &arg("publishers"),
            "--data",
            &arg("data"),
            "--themes",
            &arg("themes.csv"),
            "--sra-risks",
            &arg("sra_risks.csv"),
            "--year",
            "2011",
            "--screening",
            "--focus",
            "Holland",
            "--formats",
            "md",
            "--out",
            "out",
        ],
    );
    assert!(out.contains("final demand of NL"), "{out}");
    assert!(out.contains("Trade attribution (channels)"), "{out}");
    assert!(
        out.contains("Warning: 5 indicator values were missing"),
        "{out}"
    );
    let o = dir.path().join("out");
    for f in [
        "analysis.json",
        "indicators.csv",
        "missing.csv",
        "trade_attribution.csv",
        "reports/cotton.nl.md",
        "reports/services.en.md",
    ] {
        assert!(o.join(f).is_file(), "{f} missing");
    }
    let ranking = read(&o.join("ranking.en.csv"));
    assert_eq!(ranking.lines().filter(|l| !l.starts_with('#')).count(), 5);
    let report = read(&o.join("reports/garments.en.md"));
    assert!(
        report.contains("Source: WGI Rule of Law 2011 (Test WGI; test licence)"),
        "{report}"
    );
    let retail = read(&o.join("reports/services.en.md"));
    assert!(
        retail.contains("Trade attribution: of this sector's final demand"),
        "{retail}"
    );
    let missing = read(&o.join("missing.csv"));
    assert!(
        missing.contains("unknown_name") && missing.contains("Atlantis"),
        "{missing}"
    );
}

#[test]
fn analyse_refuses_a_system_no_classification_knows() {
    let dir = tempfile::tempdir().unwrap();
    ok(
        dir.path(),
        &[
            "risk",
            "generate",
            "--regions",
            "3",
            "--sectors",
            "5",
            "--stressors",
            "1",
            "--exiobase",
            "--out",
            "sys",
        ],
    );
    let err = fails(
        dir.path(),
        &[
            "risk",
            "analyse",
            "--system",
            "sys",
            "--indicators-dir",
            "nowhere",
            "--year",
            "2011",
            "--screening",
        ],
    );
    assert!(
        err.contains("data/risk/sector_groups.csv") && err.contains("no classification"),
        "{err}"
    );
}

/// The real-data folder (`IMVO_REAL_DATA`, relative to the workspace root if need be), or a
/// loud skip.
fn real_data() -> Option<PathBuf> {
    let Some(p) = std::env::var_os("IMVO_REAL_DATA") else {
        eprintln!(
            "\n********\nSKIPPED: IMVO_REAL_DATA not set: `imvo risk analyse` on real data did not run\n********\n"
        );
        return None;
    };
    let p = PathBuf::from(p);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    [p.clone(), root.join(&p)]
        .into_iter()
        .find(|c| c.join("wiod-2011").is_dir())
        .or_else(|| panic!("IMVO_REAL_DATA={} holds no wiod-2011 folder", p.display()))
        .map(|p| p.canonicalize().unwrap())
}

#[test]
fn analyse_screens_the_35_dutch_industries_on_real_data() {
    let Some(real) = real_data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let sys = real.join("wiod-2011").to_string_lossy().to_string();
    let ind = real.join("indicators").to_string_lossy().to_string();
    let out = ok(
        dir.path(),
        &[
            "risk",
            "analyse",
            "--system",
            &sys,
            "--indicators-dir",
            &ind,
            "--year",
            "2011",
            "--focus",
            "NL",
            "--screening",
            "--formats",
            "md",
            "--out",
            "out",
        ],
    );
    assert!(!out.contains("SYNTHETIC"), "{out}");
    assert!(out.contains("final demand of NLD"), "{out}");
    let o = dir.path().join("out");
    let ranking = read(&o.join("ranking.en.csv"));
    assert!(!ranking.contains("SYNTHETIC"));
    assert_eq!(
        ranking.lines().count(),
        36,
        "a header and the 35 industries, ranked"
    );
    let readme = read(&o.join("README.txt"));
    assert!(
        readme.contains("World Bank, Worldwide Governance Indicators"),
        "{readme}"
    );
    for sector in ["c3", "c4"] {
        for lang in ["nl", "en"] {
            let r = read(&o.join(format!("reports/{sector}.{lang}.md")));
            assert!(!r.contains("SYNTHETIC") && !r.contains("SYNTHETISCH"));
            assert!(
                r.contains("WGI") && r.contains("ILAB") && r.contains("CAIT"),
                "{r}"
            );
        }
    }
    let indicators = read(&o.join("indicators.csv"));
    assert!(indicators.lines().skip(4).all(|l| !l.ends_with(",,")));
    assert!(o.join("trade_attribution.csv").is_file());
}
