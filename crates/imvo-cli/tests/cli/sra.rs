//! Tests of `imvo risk demo` and `imvo risk report` (the sector risk analysis) on a small
//! EXIOBASE-labelled synthetic system: outputs, the pymrio reference, bad input.

use std::path::Path;
use std::process::Command;

use crate::support::{fails, ok};

const THEMES: [&str; 22] = [
    "tax",
    "corruption",
    "competition",
    "government_influence",
    "conflict_security",
    "land_rights",
    "local_communities",
    "animal_welfare",
    "consumer_safety",
    "freedom_of_association",
    "employment_conditions",
    "forced_labour",
    "child_labour",
    "discrimination_gender",
    "wages",
    "health_safety",
    "climate_energy",
    "biodiversity_deforestation",
    "water_use",
    "air_pollution",
    "soil_water_pollution",
    "waste",
];

const CONCORDANCE: &str = "# test concordance for the first 8 EXIOBASE industries
mrio_sector,sra_sector,reason
Cultivation of paddy rice,land_tuinbouw,crop
Cultivation of wheat,land_tuinbouw,crop
Cultivation of cereal grains nec,land_tuinbouw,crop
\"Cultivation of vegetables, fruit, nuts\",voedingsmiddelen,test
Cultivation of oil seeds,chemie,test
\"Cultivation of sugar cane, sugar beet\",voedingsmiddelen,test
Cultivation of plant-based fibers,textiel_kleding,fibre
Cultivation of crops nec,overig,rest
";

/// Writes a 4-region × 8-industry EXIOBASE-labelled system (AT, BE, BG, CY) and matching
/// concordance and indicators into `dir`.
fn setup(dir: &Path) {
    ok(
        dir,
        &[
            "risk",
            "generate",
            "--regions",
            "4",
            "--sectors",
            "8",
            "--stressors",
            "2",
            "--exiobase",
            "--out",
            "sys",
        ],
    );
    std::fs::write(dir.join("conc.csv"), CONCORDANCE).unwrap();
    let mut ind =
        String::from("# SYNTHETIC test indicators\nregion,sector,theme,likelihood,source,year\n");
    for (i, t) in THEMES.iter().enumerate() {
        ind.push_str(&format!("*,,{t},0.2,test,2014\n"));
        ind.push_str(&format!("BG,,{t},{:.2},test,2014\n", 0.5 + 0.02 * i as f64));
    }
    ind.push_str("CY,Cultivation of plant-based fibers,forced_labour,0.95,test,2014\n");
    std::fs::write(dir.join("ind.csv"), ind).unwrap();
}

const ARGS: [&str; 8] = [
    "--system",
    "sys",
    "--concordance",
    "conc.csv",
    "--indicators",
    "ind.csv",
    "--focus",
    "AT",
];

fn args<'a>(head: &[&'a str], tail: &[&'a str]) -> Vec<&'a str> {
    head.iter()
        .chain(ARGS.iter())
        .chain(tail.iter())
        .copied()
        .collect()
}

#[test]
fn demo_prints_the_ranking_and_writes_every_output() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir);
    // PDFs are checked in `report_writes_one_sector` (one PDF; typst is slow unoptimised).
    let out = ok(
        dir,
        &args(
            &["risk", "demo", "--out", "res", "--formats", "md,html"],
            &[],
        ),
    );
    assert!(out.contains("SYNTHETIC"), "{out}");
    assert!(out.contains("rank"), "{out}");
    for name in [
        "Agriculture and horticulture",
        "Textile and garments",
        "Chemicals",
    ] {
        assert!(out.contains(name), "{name} missing in {out}");
    }
    assert!(out.contains("Paths:") && out.contains("explain"), "{out}");
    let res = dir.join("res");
    for f in [
        "ranking.nl.md",
        "ranking.en.csv",
        "sector_themes.csv",
        "hotspots.csv",
        "paths.csv",
        "analysis.json",
        "heatmap.nl.svg",
        "heatmap.en.svg",
        "README.txt",
        "reports/textiel_kleding.nl.md",
        "reports/textiel_kleding.en.html",
        "hotspots/textiel_kleding.en.svg",
    ] {
        assert!(res.join(f).is_file(), "{f} not written");
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(res.join("analysis.json")).unwrap()).unwrap();
    assert_eq!(json["synthetic"], true);
    assert_eq!(json["sectors"].as_array().unwrap().len(), 14);
    let md = std::fs::read_to_string(res.join("ranking.en.md")).unwrap();
    assert!(md.contains("SYNTHETIC"));
    let csv = std::fs::read_to_string(res.join("hotspots.csv")).unwrap();
    assert!(csv.starts_with("# SYNTHETIC"));
    let svg = std::fs::read_to_string(res.join("heatmap.en.svg")).unwrap();
    assert!(svg.contains("<svg") && svg.contains("SYNTHETIC"));
    let html = std::fs::read_to_string(res.join("reports/textiel_kleding.en.html")).unwrap();
    assert!(html.contains("<svg") && html.contains("SYNTHETIC"));
    assert!(html.contains("Risks no agreement addresses"));
    let html_nl = std::fs::read_to_string(res.join("reports/textiel_kleding.nl.html")).unwrap();
    assert!(html_nl.contains("Aandachtspunten voor dialoog") && html_nl.contains("SYNTHETISCH"));
    // A second run replaces the folder it wrote.
    ok(
        dir,
        &args(&["risk", "demo", "--out", "res", "--formats", "md"], &[]),
    );
    assert!(!res.join("reports/textiel_kleding.nl.html").exists());
}

#[test]
fn report_writes_one_sector() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir);
    let out = ok(
        dir,
        &args(
            &[
                "risk",
                "report",
                "--sector",
                "Textiel en kleding",
                "--out",
                "rep",
            ],
            &["--lang", "en", "--formats", "md,html,pdf"],
        ),
    );
    assert!(out.contains("Textile and garments: rank"), "{out}");
    let files: Vec<_> = std::fs::read_dir(dir.join("rep/reports"))
        .unwrap()
        .collect();
    assert_eq!(files.len(), 3);
    let pdf = std::fs::read(dir.join("rep/reports/textiel_kleding.en.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let md = std::fs::read_to_string(dir.join("rep/reports/textiel_kleding.en.md")).unwrap();
    assert!(md.contains("Supply-chain paths") && md.contains("Hotspots"));
    let e = fails(dir, &args(&["risk", "report", "--sector", "toerisme"], &[]));
    assert!(e.contains("unknown sector `toerisme`"), "{e}");
}

#[test]
fn existing_folder_not_written_by_imvo_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir);
    std::fs::create_dir(dir.join("mine")).unwrap();
    std::fs::write(dir.join("mine/notes.txt"), "keep").unwrap();
    let e = fails(
        dir,
        &args(&["risk", "demo", "--out", "mine", "--formats", "md"], &[]),
    );
    assert!(e.contains("was not written by imvo risk"), "{e}");
    assert_eq!(
        std::fs::read_to_string(dir.join("mine/notes.txt")).unwrap(),
        "keep"
    );
}

/// Runs the demo with one input file replaced and returns stderr; the output folder must not
/// exist afterwards (nothing half-written).
fn bad(dir: &Path, file: &str, text: &str, extra: &[&str]) -> String {
    std::fs::write(dir.join(file), text).unwrap();
    let mut a = args(
        &["risk", "demo", "--out", "bad-out", "--formats", "md"],
        extra,
    );
    if file == "themes.csv" {
        a.extend(["--themes", "themes.csv"]);
    }
    let e = fails(dir, &a);
    assert!(
        !dir.join("bad-out").exists(),
        "output written despite the error"
    );
    e
}

#[test]
fn bad_input_names_file_line_and_field() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir);
    let ind = std::fs::read_to_string(dir.join("ind.csv")).unwrap();

    let e = bad(
        dir,
        "ind.csv",
        &format!("{ind}XX,,tax,0.5,test,2014\n"),
        &[],
    );
    assert!(
        e.contains("ind.csv:48: field `region`: unknown region `XX`"),
        "{e}"
    );
    let e = bad(
        dir,
        "ind.csv",
        &format!("{ind}BE,,bribery,0.5,test,2014\n"),
        &[],
    );
    assert!(
        e.contains("ind.csv:48: field `theme`: unknown theme `bribery`"),
        "{e}"
    );
    let e = bad(
        dir,
        "ind.csv",
        &ind.replace("BG,,tax,0.50", "BG,,tax,1.50"),
        &[],
    );
    assert!(e.contains("ind.csv:4: field `likelihood`"), "{e}");
    std::fs::write(dir.join("ind.csv"), &ind).unwrap();

    let e = bad(
        dir,
        "conc.csv",
        &CONCORDANCE.replace("Cultivation of wheat,land_tuinbouw,crop\n", ""),
        &[],
    );
    assert!(e.contains("conc.csv: field `mrio_sector`: 1 sector(s) of the system are not mapped, first `Cultivation of wheat`"), "{e}");
    let e = bad(
        dir,
        "conc.csv",
        &format!("{CONCORDANCE}Cultivation of wheat,chemie,again\n"),
        &[],
    );
    assert!(e.contains("conc.csv:11: field `mrio_sector`: `Cultivation of wheat` is mapped twice (first on line 4)"), "{e}");
    std::fs::write(dir.join("conc.csv"), CONCORDANCE).unwrap();

    let themes = std::str::from_utf8(include_bytes!("../../../../data/risk/themes.csv"))
        .unwrap()
        .replace("Child labour,labour,1.00", "Child labour,labour,1.30");
    let e = bad(dir, "themes.csv", &themes, &[]);
    assert!(
        e.contains("themes.csv:20: field `severity`: 1.30 is out of range"),
        "{e}"
    );

    let e = fails(
        dir,
        &["risk", "demo", "--out", "bad-out"]
            .into_iter()
            .chain(ARGS[..6].iter().copied())
            .chain(["--focus", "NL"])
            .collect::<Vec<_>>(),
    );
    assert!(e.contains("focus region `NL` is not in the system"), "{e}");
    assert!(!dir.join("bad-out").exists());
}

#[test]
fn footprints_equal_pymrio_through_the_exported_system() {
    let py = match std::env::var("IMVO_PYTHON") {
        Ok(p) if !p.is_empty() => p,
        _ => {
            if std::env::var("IMVO_REQUIRE_REFERENCE").as_deref() == Ok("1") {
                panic!("IMVO_REQUIRE_REFERENCE=1 but IMVO_PYTHON is unset");
            }
            eprintln!("note: IMVO_PYTHON unset, skipping the pymrio comparison");
            return;
        }
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir);
    ok(
        dir,
        &args(
            &["risk", "demo", "--out", "res", "--formats", "md"],
            &["--export-system", "risk-sys"],
        ),
    );
    let script = r##"
import json, sys
import pandas as pd, pymrio
io = pymrio.load_all(sys.argv[1])
io.calc_all()
conc = pd.read_csv(sys.argv[2], comment="#")
group = dict(zip(conc.mrio_sector, conc.sra_sector))
D = io.risk.D_cba.xs("AT", axis=1, level="region")
fp = D.T.groupby(D.columns.map(group)).sum().T
an = json.load(open(sys.argv[3]))
worst, n = 0.0, 0
for s in an["sectors"]:
    for c in s["cells"]:
        sid = s["sector"]["id"]
        want = float(fp.loc[c["theme"], sid]) if sid in fp.columns else 0.0
        got = c["embodied"]
        if want == 0.0:
            assert got == 0.0, (sid, c["theme"], got)
            continue
        worst = max(worst, abs(got - want) / abs(want)); n += 1
print(worst, n)
"##;
    std::fs::write(dir.join("ref.py"), script).unwrap();
    let out = Command::new(py)
        .current_dir(dir)
        .args(["ref.py", "risk-sys", "conc.csv", "res/analysis.json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut it = text.split_whitespace();
    let worst: f64 = it.next().unwrap().parse().unwrap();
    let n: usize = it.next().unwrap().parse().unwrap();
    assert!(n >= 22 * 4, "compared only {n} cells");
    assert!(worst < 1e-9, "max relative difference to pymrio {worst}");
}
