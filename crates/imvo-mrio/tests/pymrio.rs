//! The engine against pymrio 0.7 itself.
//!
//! `tests/python/pymrio_reference.py`, run with the interpreter in `IMVO_PYTHON`, builds
//! pymrio's test system, a small generated system and the EXIOBASE fixture, runs `calc_all` and
//! saves inputs and results. Here the Rust side reads pymrio's inputs, computes with every
//! solver path, and compares every array pymrio produced: labels identical, values equal to
//! 1e-9 relative. Without `IMVO_PYTHON` the test prints a note and passes, unless
//! `IMVO_REQUIRE_REFERENCE=1` (CI), where it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use imvo_mrio::compute::{CalcOptions, Method, Scope, SolverUsed, calc_all};
use imvo_mrio::system::{CORE_ARRAYS, EXTENSION_ARRAYS};
use imvo_mrio::{Index, IoSystem, Labelled, NoProgress};

/// Largest accepted `|ours − pymrio| / max(|ours|, |pymrio|)`.
const REL_TOL: f64 = 1e-9;

fn python() -> Option<String> {
    match std::env::var("IMVO_PYTHON") {
        Ok(p) if !p.is_empty() => Some(p),
        _ => {
            if std::env::var("IMVO_REQUIRE_REFERENCE").is_ok_and(|v| v == "1") {
                panic!("IMVO_REQUIRE_REFERENCE=1 but IMVO_PYTHON is not set: cannot run pymrio");
            }
            eprintln!("note: IMVO_PYTHON is not set; skipping the comparison with pymrio");
            None
        }
    }
}

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let p =
            std::env::temp_dir().join(format!("imvo-mrio-{tag}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&p).expect("create a temporary folder");
        Self(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The EXIOBASE fixture as a zip shaped as EXIOBASE ships it, made in `dir`.
fn exio_zip(py: &str, dir: &Path) -> PathBuf {
    let fixtures = manifest().join("tests/fixtures");
    for candidate in [
        fixtures.join("IOT_2011_ixi.zip"),
        fixtures.join("exio3_mock/IOT_2011_ixi.zip"),
    ] {
        if candidate.is_file() {
            return candidate;
        }
    }
    let folder = fixtures.join("exio3_mock");
    assert!(
        folder.join("A.txt").is_file(),
        "the EXIOBASE fixture is missing: expected {}",
        folder.display()
    );
    let zip = dir.join("IOT_2011_ixi.zip");
    let script = "import sys, zipfile, pathlib\n\
        src = pathlib.Path(sys.argv[1]); dst = sys.argv[2]\n\
        with zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as z:\n    \
            for f in sorted(src.rglob('*')):\n        \
                if f.is_file() and f.name != 'IOT_2011_ixi.zip':\n            \
                    z.write(f, 'IOT_2011_ixi/' + f.relative_to(src).as_posix())\n";
    let st = Command::new(py)
        .args(["-c", script])
        .arg(&folder)
        .arg(&zip)
        .status()
        .expect("run python to zip the fixture");
    assert!(st.success(), "zipping the EXIOBASE fixture failed");
    zip
}

fn reference(py: &str, dir: &Path) -> PathBuf {
    let zip = exio_zip(py, dir);
    let out = dir.join("ref");
    let o = Command::new(py)
        .arg(manifest().join("tests/python/pymrio_reference.py"))
        .arg(&out)
        .arg("--exio")
        .arg(&zip)
        .output()
        .expect("run pymrio_reference.py");
    assert!(
        o.status.success(),
        "pymrio_reference.py failed:\n{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    std::fs::copy(&zip, out.join("IOT_2011_ixi.zip")).expect("copy the zip beside the results");
    out
}

fn same_index(what: &str, ours: &Index, theirs: &Index, names: bool) -> Result<(), String> {
    if ours.len() != theirs.len() || ours.nlevels() != theirs.nlevels() {
        return Err(format!(
            "{what}: {} entries in {} levels against pymrio's {} in {}",
            ours.len(),
            ours.nlevels(),
            theirs.len(),
            theirs.nlevels()
        ));
    }
    if names && ours.names() != theirs.names() {
        return Err(format!(
            "{what}: level names {:?} against pymrio's {:?}",
            ours.names(),
            theirs.names()
        ));
    }
    for l in 0..ours.nlevels() {
        if ours.level(l) != theirs.level(l) {
            let i = (0..ours.len())
                .find(|&i| ours.level(l)[i] != theirs.level(l)[i])
                .unwrap_or(0);
            return Err(format!(
                "{what}: entry {i} is {:?} against pymrio's {:?}",
                ours.key(i),
                theirs.key(i)
            ));
        }
    }
    Ok(())
}

/// Compares one array; returns the largest relative difference.
fn compare(what: &str, ours: &Labelled, theirs: &Labelled) -> Result<f64, String> {
    same_index(&format!("{what} rows"), ours.rows(), theirs.rows(), true)?;
    // pymrio's text format keeps the name of a column index only when it has several levels.
    let names = theirs.cols().nlevels() > 1;
    same_index(
        &format!("{what} columns"),
        ours.cols(),
        theirs.cols(),
        names,
    )?;
    let (a, b) = (ours.data(), theirs.data());
    let mut worst = 0.0f64;
    for j in 0..a.ncols() {
        for i in 0..a.nrows() {
            let (x, y) = (a[(i, j)], b[(i, j)]);
            if x == y {
                continue;
            }
            let rel = (x - y).abs() / x.abs().max(y.abs());
            if rel.is_nan() || rel > REL_TOL {
                return Err(format!(
                    "{what}[{:?}, {:?}]: ours {x:e}, pymrio {y:e} (relative difference {rel:e})",
                    ours.rows().key(i),
                    ours.cols().key(j)
                ));
            }
            worst = worst.max(rel);
        }
    }
    Ok(worst)
}

/// Compares every array of `theirs` present in `ours`; `skip` names arrays not expected.
fn compare_system(
    case: &str,
    ours: &IoSystem,
    theirs: &IoSystem,
    skip: &[&str],
) -> Result<f64, String> {
    let mut worst = 0.0f64;
    let mut checked = 0;
    for name in CORE_ARRAYS {
        let Some(t) = theirs.array(name) else {
            continue;
        };
        if skip.contains(&name) {
            continue;
        }
        let o = ours
            .array(name)
            .ok_or_else(|| format!("{case}: {name} missing"))?;
        worst = worst.max(compare(&format!("{case}: {name}"), o, t)?);
        checked += 1;
    }
    for te in &theirs.extensions {
        let oe = ours
            .extensions
            .iter()
            .find(|e| e.folder == te.folder)
            .ok_or_else(|| format!("{case}: extension {} missing", te.folder))?;
        for name in EXTENSION_ARRAYS {
            let Some(t) = te.array(name) else { continue };
            if skip.contains(&name) {
                if oe.array(name).is_some() {
                    return Err(format!(
                        "{case}: {}/{name} computed but not asked",
                        te.folder
                    ));
                }
                continue;
            }
            let o = oe
                .array(name)
                .ok_or_else(|| format!("{case}: {}/{name} missing", te.folder))?;
            worst = worst.max(compare(&format!("{case}: {}/{name}", te.folder), o, t)?);
            checked += 1;
        }
    }
    if checked < 10 {
        return Err(format!("{case}: only {checked} arrays compared"));
    }
    Ok(worst)
}

fn read_input(refdir: &Path, case: &str) -> IoSystem {
    if case == "exio" {
        imvo_mrio::exiobase::read_exiobase3(&refdir.join("IOT_2011_ixi.zip"), &NoProgress)
            .expect("read the EXIOBASE fixture zip")
    } else {
        imvo_mrio::pymrio::read_pymrio(&refdir.join(case).join("input"), &NoProgress)
            .unwrap_or_else(|e| panic!("read {case} input: {e}"))
    }
}

/// Arrays a footprint-only run leaves out (A only when it was not given).
const FOOTPRINT_SKIP: [&str; 9] = [
    "Z",
    "A",
    "L",
    "D_imp",
    "D_exp",
    "D_imp_reg",
    "D_exp_reg",
    "D_imp_cap",
    "D_exp_cap",
];

#[test]
fn every_array_equals_pymrio_on_every_solver_path() {
    let Some(py) = python() else { return };
    let tmp = TempDir::new("pymrio");
    let refdir = reference(&py, &tmp.0);
    let mut failures = Vec::new();
    for case in ["test", "generated", "exio"] {
        let theirs = imvo_mrio::pymrio::read_pymrio(&refdir.join(case).join("result"), &NoProgress)
            .unwrap_or_else(|e| panic!("read pymrio's {case} result: {e}"));
        let runs: [(&str, CalcOptions, &[&str]); 5] = [
            ("with L", CalcOptions::default(), &[]),
            (
                "LU without L",
                CalcOptions {
                    with_l: false,
                    method: Method::Lu,
                    ..CalcOptions::default()
                },
                &["L"],
            ),
            (
                "iterative without L",
                CalcOptions {
                    with_l: false,
                    method: Method::Iterative,
                    tolerance: 1e-13,
                    ..CalcOptions::default()
                },
                &["L"],
            ),
            (
                "footprints, iterative",
                CalcOptions {
                    with_l: false,
                    scope: Scope::Footprints,
                    method: Method::Iterative,
                    tolerance: 1e-13,
                    ..CalcOptions::default()
                },
                &FOOTPRINT_SKIP,
            ),
            (
                "footprints, LU",
                CalcOptions {
                    with_l: false,
                    scope: Scope::Footprints,
                    method: Method::Lu,
                    ..CalcOptions::default()
                },
                &FOOTPRINT_SKIP,
            ),
        ];
        for (label, opts, skip) in runs {
            let mut ours = read_input(&refdir, case);
            let report = match calc_all(&mut ours, &opts, &NoProgress) {
                Ok(r) => r,
                Err(e) => {
                    failures.push(format!("{case}, {label}: {e}"));
                    continue;
                }
            };
            // Footprints from Z and x leave A unformed; with A given (EXIOBASE) Z stays absent.
            let mut skip = skip.to_vec();
            if opts.scope == Scope::Footprints && case == "exio" {
                skip.retain(|s| *s != "A");
            }
            match compare_system(case, &ours, &theirs, &skip) {
                Ok(w) => eprintln!(
                    "{case}, {label}: all arrays within {w:.2e} of pymrio ({:?})",
                    report.solver
                ),
                Err(e) => failures.push(format!("{label}: {e}")),
            }
            // End to end: what the library writes, pymrio reads back equal to its calc_all.
            if matches!(label, "with L" | "LU without L") {
                let out = tmp
                    .0
                    .join(format!("out-{case}-{}", label.replace(' ', "-")));
                imvo_mrio::write_pymrio(&ours, &out, &NoProgress)
                    .unwrap_or_else(|e| panic!("write {case}: {e}"));
                let input = if case == "exio" {
                    refdir.join("IOT_2011_ixi.zip")
                } else {
                    refdir.join(case).join("input")
                };
                let mut cmd = Command::new(&py);
                cmd.arg(manifest().join("tests/python/compare_with_pymrio.py"))
                    .arg(&input)
                    .arg(&out);
                if !opts.with_l {
                    cmd.arg("--no-l");
                }
                let o = cmd.output().expect("run compare_with_pymrio.py");
                if !o.status.success() {
                    failures.push(format!(
                        "{case}, {label}: pymrio reads the written system differently:\n{}{}",
                        String::from_utf8_lossy(&o.stdout),
                        String::from_utf8_lossy(&o.stderr)
                    ));
                }
            }
            if opts.method == Method::Iterative
                && !matches!(report.solver, SolverUsed::Iterative { .. })
            {
                failures.push(format!("{case}, {label}: solver was {:?}", report.solver));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_system_built_from_scratch_in_pymrio_reads_and_computes_equal() {
    let Some(py) = python() else { return };
    let tmp = TempDir::new("scratch");
    let o = Command::new(&py)
        .arg(manifest().join("tests/python/scratch_system.py"))
        .arg(&tmp.0)
        .output()
        .expect("run scratch_system.py");
    assert!(
        o.status.success(),
        "scratch_system.py failed:\n{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let theirs = imvo_mrio::pymrio::read_pymrio(&tmp.0.join("result"), &NoProgress)
        .unwrap_or_else(|e| panic!("read pymrio's result: {e}"));
    let mut failures = Vec::new();
    for input in ["input_txt", "input_parquet"] {
        let read = || {
            imvo_mrio::pymrio::read_pymrio(&tmp.0.join(input), &NoProgress)
                .unwrap_or_else(|e| panic!("read {input}: {e}"))
        };
        let sys = read();
        // What pymrio writes for a system built in memory: no system, no version.
        assert_eq!(
            (sys.meta.system.as_deref(), sys.meta.version.as_deref()),
            (None, None)
        );
        assert_eq!(sys.meta.name, "IO");
        let names: Vec<&str> = sys.extensions.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            ["7", "labour"],
            "an extension named 7, one named null"
        );
        let runs = [
            ("with L", CalcOptions::default(), &[][..]),
            (
                "footprints, iterative",
                CalcOptions {
                    with_l: false,
                    scope: Scope::Footprints,
                    method: Method::Iterative,
                    ..CalcOptions::default()
                },
                &FOOTPRINT_SKIP[..],
            ),
        ];
        for (label, opts, skip) in runs {
            let mut ours = read();
            if let Err(e) = calc_all(&mut ours, &opts, &NoProgress) {
                failures.push(format!("{input}, {label}: {e}"));
                continue;
            }
            match compare_system(input, &ours, &theirs, skip) {
                Ok(w) => eprintln!("{input}, {label}: all arrays within {w:.2e} of pymrio"),
                Err(e) => failures.push(format!("{label}: {e}")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
