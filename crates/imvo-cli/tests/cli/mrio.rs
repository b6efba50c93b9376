//! Tests of the mrio commands: `imvo risk generate` and `imvo risk calc` end to end, and (with
//! IMVO_PYTHON) that pymrio reads the results equal to its own `calc_all` to 1e-9 relative.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::support::{fails, ok};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../imvo-mrio/tests/fixtures/exio3_mock")
}

fn compare_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../imvo-mrio/tests/py/compare.py")
}

fn add_dir(z: &mut zip::ZipWriter<std::fs::File>, dir: &Path, prefix: &str) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for p in entries {
        let name = format!("{prefix}{}", p.file_name().unwrap().to_string_lossy());
        if p.is_dir() {
            add_dir(z, &p, &format!("{name}/"));
        } else {
            z.start_file(name, opts).unwrap();
            z.write_all(&std::fs::read(&p).unwrap()).unwrap();
        }
    }
}

/// The fixture zipped as EXIOBASE ships it: `IOT_2011_ixi.zip` with one folder inside.
fn exiobase_zip(dir: &Path) -> PathBuf {
    let path = dir.join("IOT_2011_ixi.zip");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    add_dir(&mut z, &fixture(), "IOT_2011_ixi/");
    z.finish().unwrap();
    path
}

fn metadata(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("metadata.json")).unwrap()).unwrap()
}

/// The interpreter with pymrio, or None with a note (a failure when IMVO_REQUIRE_REFERENCE=1).
fn python() -> Option<PathBuf> {
    match std::env::var_os("IMVO_PYTHON") {
        Some(p) => Some(PathBuf::from(p)),
        None => {
            assert!(
                std::env::var_os("IMVO_REQUIRE_REFERENCE").is_none(),
                "IMVO_REQUIRE_REFERENCE is set but IMVO_PYTHON is not"
            );
            eprintln!("note: IMVO_PYTHON is not set; skipping the comparison with pymrio");
            None
        }
    }
}

/// pymrio reads `ours` and finds every array equal to its own calc_all on the reference.
/// `no_l`: `ours` was written with `--no-l`, so L is absent there and not compared.
fn pymrio_agrees(py: &Path, ours: &Path, kind: &str, reference: &Path, no_l: bool) {
    let out = Command::new(py)
        .arg(compare_script())
        .arg(ours)
        .arg(kind)
        .arg(reference)
        .arg("1e-9")
        .arg("calc")
        .args(no_l.then_some("no-l"))
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "pymrio disagrees:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn generate_writes_a_deterministic_synthetic_system() {
    let dir = tempfile::tempdir().unwrap();
    let args = |out: &str, seed: &str| {
        vec![
            "risk",
            "generate",
            "--regions",
            "4",
            "--sectors",
            "6",
            "--stressors",
            "5",
            "--seed",
            seed,
            "--out",
            out,
        ]
        .into_iter()
        .map(str::to_string)
        .collect::<Vec<_>>()
    };
    let a: Vec<String> = args("a", "7");
    let text = ok(
        dir.path(),
        &a.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert!(
        text.contains("synthetic") || text.contains("Synthetisch"),
        "{text}"
    );
    let b: Vec<String> = args("b", "7");
    ok(
        dir.path(),
        &b.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    for f in ["Z.txt", "Y.txt", "emissions/F.txt", "resources/F_Y.txt"] {
        assert_eq!(
            std::fs::read(dir.path().join("a").join(f)).unwrap(),
            std::fs::read(dir.path().join("b").join(f)).unwrap(),
            "{f} differs between two runs with the same seed"
        );
    }
    let meta = metadata(&dir.path().join("a"));
    assert_eq!(meta["synthetic"], serde_json::Value::Bool(true));
    assert!(meta["description"].as_str().unwrap().contains("synthetic"));
}

#[test]
fn generate_exiobase_uses_the_real_labels_from_any_directory() {
    let dir = tempfile::tempdir().unwrap();
    ok(
        dir.path(),
        &[
            "risk",
            "generate",
            "--exiobase",
            "--regions",
            "2",
            "--sectors",
            "163",
            "--stressors",
            "2",
            "--out",
            "g",
        ],
    );
    let z = std::fs::read_to_string(dir.path().join("g/Z.txt")).unwrap();
    let first = z.lines().next().unwrap();
    assert!(first.starts_with("region\t\tAT\tAT"), "{first}");
    assert!(z.contains("\nAT\tCultivation of paddy rice\t"));
    let err = fails(
        dir.path(),
        &[
            "risk",
            "generate",
            "--exiobase",
            "--regions",
            "50",
            "--out",
            "h",
        ],
    );
    assert!(err.contains("49 regions"), "{err}");
}

#[test]
fn calc_on_a_generated_system_writes_all_results_and_uses_the_cache() {
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
            "4",
            "--out",
            "sys",
        ],
    );
    let first = ok(dir.path(), &["risk", "calc", "sys", "--out", "res"]);
    assert!(first.contains("cache written"), "{first}");
    for f in [
        "L.txt",
        "A.txt",
        "x.txt",
        "emissions/M.txt",
        "emissions/D_imp_cap.txt",
        "resources/D_exp_reg.txt",
    ] {
        assert!(dir.path().join("res").join(f).is_file(), "{f} not written");
    }
    let meta = metadata(&dir.path().join("res"));
    assert_eq!(meta["imvo"]["L_computed"], serde_json::Value::Bool(true));
    assert_eq!(meta["synthetic"], serde_json::Value::Bool(true));

    let second = ok(
        dir.path(),
        &["risk", "calc", "sys", "--out", "res", "--no-l"],
    );
    assert!(second.contains("from cache"), "{second}");
    assert!(second.contains("--no-l"), "{second}");
    assert!(
        !dir.path().join("res/L.txt").exists(),
        "L.txt written with --no-l"
    );
    assert!(dir.path().join("res/emissions/D_cba.txt").is_file());
    let meta = metadata(&dir.path().join("res"));
    assert_eq!(meta["imvo"]["L_computed"], serde_json::Value::Bool(false));
    assert!(
        meta["history"][0].as_str().unwrap().contains("L left out"),
        "{meta}"
    );

    if let Some(py) = python() {
        pymrio_agrees(
            &py,
            &dir.path().join("res"),
            "load_all",
            &dir.path().join("sys"),
            true,
        );
    }
}

#[test]
fn calc_on_an_exiobase_zip_matches_pymrio() {
    let dir = tempfile::tempdir().unwrap();
    let zip = exiobase_zip(dir.path());
    let text = ok(
        dir.path(),
        &["risk", "calc", zip.to_str().unwrap(), "--out", "res"],
    );
    assert!(text.contains("6 regions × 8 sectors"), "{text}");
    let y = std::fs::read_to_string(dir.path().join("res/Y.txt")).unwrap();
    assert!(
        y.starts_with("region\t\tAU\t"),
        "regions not renamed as pymrio does"
    );
    assert!(dir.path().join("res/satellite/F_Y.txt").is_file());
    if let Some(py) = python() {
        pymrio_agrees(&py, &dir.path().join("res"), "exiobase3", &zip, false);
    }
}

#[test]
fn calc_on_pymrios_test_system_matches_pymrio() {
    let Some(py) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("test_in");
    let st = Command::new(&py)
        .arg("-c")
        .arg(format!(
            "import pymrio; pymrio.load_test().save_all({:?})",
            input.display().to_string()
        ))
        .status()
        .unwrap();
    assert!(st.success());
    ok(
        dir.path(),
        &["risk", "calc", input.to_str().unwrap(), "--out", "res"],
    );
    pymrio_agrees(&py, &dir.path().join("res"), "load_all", &input, false);
}

#[test]
fn calc_reports_bad_input_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let err = fails(dir.path(), &["risk", "calc", "nowhere", "--out", "res"]);
    assert!(err.contains("nowhere"), "{err}");

    // A number that does not parse: file, line and column in the message.
    let sys = dir.path().join("bad");
    std::fs::create_dir(&sys).unwrap();
    for e in std::fs::read_dir(fixture()).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, sys.join(p.file_name().unwrap())).unwrap();
        }
    }
    let a = std::fs::read_to_string(sys.join("A.txt")).unwrap();
    std::fs::write(sys.join("A.txt"), a.replacen("0.0990875448681", "zero", 1)).unwrap();
    let err = fails(dir.path(), &["risk", "calc", "bad", "--out", "res"]);
    assert!(err.contains("A.txt:4:3"), "{err}");
    assert!(
        !dir.path().join("res").exists(),
        "output written despite the error"
    );

    // A truncated zip.
    let zip = exiobase_zip(dir.path());
    let bytes = std::fs::read(&zip).unwrap();
    std::fs::write(&zip, &bytes[..bytes.len() / 2]).unwrap();
    let err = fails(
        dir.path(),
        &["risk", "calc", zip.to_str().unwrap(), "--out", "res"],
    );
    assert!(err.contains("zip"), "{err}");
}
