//! Readers, writer, cache and generator: labels and numbers survive every path, and match what
//! pymrio makes of the same files (when IMVO_PYTHON is set).

mod support;

use std::path::Path;
use std::process::Command;

use imvo_mrio::cache::load_in;
use imvo_mrio::generate::{GenerateSpec, generate};
use imvo_mrio::{CacheStatus, Format, IoSystem, Labelled, NoProgress};
use imvo_mrio::{read_exiobase3, read_pymrio, write_pymrio};

fn same_matrix(what: &str, a: &Labelled, b: &Labelled) {
    assert_eq!(a.rows(), b.rows(), "{what}: row labels");
    assert_eq!(a.cols(), b.cols(), "{what}: column labels");
    assert_eq!(a.nrows(), b.nrows());
    for j in 0..a.ncols() {
        for i in 0..a.nrows() {
            assert_eq!(
                a.data()[(i, j)].to_bits(),
                b.data()[(i, j)].to_bits(),
                "{what}[{i}, {j}]"
            );
        }
    }
}

fn same_system(a: &IoSystem, b: &IoSystem) {
    for name in ["Z", "Y", "x", "A", "L", "population"] {
        match (a.array(name), b.array(name)) {
            (Some(x), Some(y)) => same_matrix(name, x, y),
            (None, None) => {}
            _ => panic!("{name} present in one system only"),
        }
    }
    assert_eq!(a.unit, b.unit);
    assert_eq!(a.meta, b.meta);
    assert_eq!(a.extensions.len(), b.extensions.len());
    for (e, f) in a.extensions.iter().zip(&b.extensions) {
        assert_eq!(e.folder, f.folder);
        assert_eq!(e.name, f.name);
        assert_eq!(e.unit, f.unit);
        for name in imvo_mrio::system::EXTENSION_ARRAYS {
            match (e.array(name), f.array(name)) {
                (Some(x), Some(y)) => same_matrix(name, x, y),
                (None, None) => {}
                _ => panic!("{}/{name} present in one system only", e.folder),
            }
        }
    }
}

#[test]
fn reads_the_fixture_folder_as_pymrio_load_all_does() {
    let sys = read_pymrio(&support::fixture(), &NoProgress).unwrap();
    assert_eq!(sys.regions(), ["AUS", "BRA", "FIN", "FRA", "KOR", "WWF"]);
    assert_eq!(sys.sectors().len(), 8);
    assert_eq!(sys.sectors()[0], "food");
    assert_eq!(sys.categories().len(), 7);
    assert_eq!(
        sys.categories()[0],
        "Final consumption expenditure by households"
    );
    let a = sys.a.as_ref().unwrap();
    assert_eq!(a.rows().names(), ["region", "sector"]);
    assert_eq!((a.nrows(), a.ncols()), (48, 48));
    // First number of A.txt, exactly.
    assert_eq!(a.data()[(0, 0)], 0.0990875448681);
    assert!(sys.z.is_none() && sys.x.is_none());
    let ext = sys.extension("satellite").unwrap();
    assert_eq!(ext.name, "Satellite Accounts");
    let f = ext.f.as_ref().unwrap();
    assert_eq!(f.rows().level(0), ["emission_type1", "emission_type2"]);
    assert_eq!(f.data()[(0, 0)], 1848064.8);
    // F_hh is read as F_Y.
    let fy = ext.f_y.as_ref().unwrap();
    assert_eq!(fy.data()[(0, 0)], 62335321.0);
    assert_eq!(fy.cols(), sys.y.as_ref().unwrap().cols());
    // The unit table declared with two index columns but holding one keeps its units.
    let unit = ext.unit.as_ref().unwrap();
    assert_eq!(unit.values, ["kg", "kg"]);
    assert_eq!(sys.meta.name, "exio3_mock");
}

#[test]
fn reads_an_exiobase_zip_as_pymrio_parse_exiobase3_does() {
    let dir = tempfile::tempdir().unwrap();
    let zip = support::zip_as_exiobase(&support::fixture(), dir.path());
    let sys = read_exiobase3(&zip, &NoProgress).unwrap();
    assert_eq!(sys.regions(), ["AU", "BR", "FI", "FR", "KR", "WF"]);
    let y = sys.y.as_ref().unwrap();
    assert_eq!(y.cols().level(0)[0], "AU");
    let ext = &sys.extensions[0];
    assert_eq!(ext.f_y.as_ref().unwrap().cols().level(0)[7], "BR");
    // Same numbers as the folder read.
    let folder = read_pymrio(&support::fixture(), &NoProgress).unwrap();
    assert_eq!(
        sys.a.as_ref().unwrap().data(),
        folder.a.as_ref().unwrap().data()
    );
}

#[test]
fn write_then_read_gives_the_same_system() {
    let dir = tempfile::tempdir().unwrap();
    let sys = read_pymrio(&support::fixture(), &NoProgress).unwrap();
    let out = dir.path().join("out");
    write_pymrio(&sys, &out, &NoProgress).unwrap();
    let back = read_pymrio(&out, &NoProgress).unwrap();
    same_system(&sys, &back);
    // Writing again over an earlier output replaces it.
    write_pymrio(&back, &out, &NoProgress).unwrap();
    same_system(&sys, &read_pymrio(&out, &NoProgress).unwrap());
}

#[test]
fn writer_refuses_to_replace_an_unrelated_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("docs");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("thesis.txt"), "precious").unwrap();
    let sys = read_pymrio(&support::fixture(), &NoProgress).unwrap();
    let err = write_pymrio(&sys, &out, &NoProgress)
        .unwrap_err()
        .to_string();
    assert!(err.contains("not an earlier pymrio output"), "{err}");
    assert_eq!(
        std::fs::read_to_string(out.join("thesis.txt")).unwrap(),
        "precious"
    );
}

/// The cache files (not the per-input records) in a cache folder.
fn cache_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|e| e == "imvo-cache"));
    v.sort();
    v
}

#[test]
fn cache_is_used_and_invalidated_when_the_input_changes() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let input = support::fixture_copy(dir.path());
    let (first, s1) = load_in(&input, Format::Auto, Some(&cache), &NoProgress).unwrap();
    assert_eq!(s1, CacheStatus::Written);
    // In the cache folder, named by content: nothing beside the input.
    assert_eq!(cache_files(&cache).len(), 1);
    assert!(!dir.path().join("exio3_mock.imvo-cache").exists());
    let (second, s2) = load_in(&input, Format::Auto, Some(&cache), &NoProgress).unwrap();
    assert_eq!(s2, CacheStatus::Hit);
    same_system(&first, &second);

    // Change a number: the cache must not be used, and the old cache file goes.
    support::edit(&input.join("A.txt"), "0.0990875448681", "0.0990875448682");
    let (third, s3) = load_in(&input, Format::Auto, Some(&cache), &NoProgress).unwrap();
    assert_eq!(s3, CacheStatus::Written);
    assert_eq!(third.a.as_ref().unwrap().data()[(0, 0)], 0.0990875448682);
    assert_eq!(cache_files(&cache).len(), 1);
    let (_, s4) = load_in(&input, Format::Auto, Some(&cache), &NoProgress).unwrap();
    assert_eq!(s4, CacheStatus::Hit);

    // A damaged cache is rebuilt, never an error.
    let file = cache_files(&cache).pop().unwrap();
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
    let (fourth, s5) = load_in(&input, Format::Auto, Some(&cache), &NoProgress).unwrap();
    assert_eq!(s5, CacheStatus::Written);
    same_system(&third, &fourth);

    // A copy of the same folder elsewhere shares the cache file (same content).
    let copy = dir.path().join("copy");
    support::copy_dir(&input, &copy);
    let (_, s6) = load_in(&copy, Format::Auto, Some(&cache), &NoProgress).unwrap();
    assert_eq!(s6, CacheStatus::Written);
    assert_eq!(cache_files(&cache).len(), 1);
    let (_, s7) = load_in(&copy, Format::Auto, Some(&cache), &NoProgress).unwrap();
    assert_eq!(s7, CacheStatus::Hit);

    // Reading the same folder as EXIOBASE is a different cache entry.
    let (exio, s8) = load_in(&input, Format::Exiobase3, Some(&cache), &NoProgress).unwrap();
    assert_eq!(s8, CacheStatus::Written);
    assert_eq!(exio.regions()[0], "AU");
    assert_eq!(cache_files(&cache).len(), 2);

    // A cache folder that cannot be written: the load works, and says why.
    let blocked = dir.path().join("blocked");
    std::fs::write(&blocked, "a file, not a folder").unwrap();
    let (_, s9) = load_in(&input, Format::Auto, Some(&blocked), &NoProgress).unwrap();
    assert!(matches!(s9, CacheStatus::NotWritten(_)), "{s9:?}");
}

#[test]
fn cache_round_trips_dense_and_sparse_matrices_of_a_generated_system() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let sys = generate(&GenerateSpec {
        regions: 5,
        sectors: 30,
        stressors: 4,
        seed: 3,
        exiobase: false,
    })
    .unwrap();
    let input = dir.path().join("gen");
    write_pymrio(&sys, &input, &NoProgress).unwrap();
    let (parsed, s1) = load_in(&input, Format::Pymrio, Some(&cache), &NoProgress).unwrap();
    assert_eq!(s1, CacheStatus::Written);
    let (cached, s2) = load_in(&input, Format::Pymrio, Some(&cache), &NoProgress).unwrap();
    assert_eq!(s2, CacheStatus::Hit);
    // The cached Z is summed and scanned without being decoded, and gives the same numbers
    // up to the order of the additions (the stored form skips the zeros and sums by column).
    let z = cached.z.as_ref().unwrap();
    let dense = parsed.z.as_ref().unwrap().row_sums();
    for (i, (a, b)) in z.row_sums().iter().zip(&dense).enumerate() {
        assert!(
            (a - b).abs() <= 1e-13 * b.abs().max(1.0),
            "row {i}: {a} from the cache, {b} from the text"
        );
    }
    assert_eq!(z.first_non_finite(), None);
    same_system(&parsed, &cached);
    // The text written round-trips every f64 exactly.
    same_system(&sys, &parsed);
}

#[test]
fn generator_is_deterministic_productive_and_says_synthetic() {
    let spec = GenerateSpec {
        regions: 6,
        sectors: 25,
        stressors: 5,
        seed: 42,
        exiobase: false,
    };
    let a = generate(&spec).unwrap();
    let b = generate(&spec).unwrap();
    same_system(&a, &b);
    let c = generate(&GenerateSpec {
        seed: 43,
        ..spec.clone()
    })
    .unwrap();
    assert_ne!(
        a.z.as_ref().unwrap().data()[(0, 0)],
        c.z.as_ref().unwrap().data()[(0, 0)]
    );
    assert!(a.meta.description.contains("synthetic"));
    assert_eq!(
        a.meta.extra.get("synthetic"),
        Some(&serde_json::Value::Bool(true))
    );
    for e in &a.extensions {
        assert!(e.name.contains("synthetic"), "{}", e.name);
    }
    assert_eq!(a.extensions.len(), 2);
    let k: usize = a
        .extensions
        .iter()
        .map(|e| e.f.as_ref().unwrap().nrows())
        .sum();
    assert_eq!(k, 5);
    assert_eq!(a.categories().len(), 7);
    // Productive: with x = Z·1 + Y·1 as pymrio computes it, every column of A = Z/x sums < 1.
    let z = a.z.as_ref().unwrap().data();
    let y = a.y.as_ref().unwrap().data();
    let n = z.nrows();
    let x: Vec<f64> = (0..n)
        .map(|i| {
            (0..n).map(|j| z[(i, j)]).sum::<f64>() + (0..y.ncols()).map(|c| y[(i, c)]).sum::<f64>()
        })
        .collect();
    let mut nnz = 0;
    for j in 0..n {
        let s: f64 = (0..n).map(|i| z[(i, j)] / x[j]).sum();
        assert!(s > 0.0 && s < 0.61, "column {j} of A sums to {s}");
        nnz += (0..n).filter(|&i| z[(i, j)] != 0.0).count();
    }
    let density = nnz as f64 / (n * n) as f64;
    assert!((0.10..0.25).contains(&density), "A density {density}");
    assert!(a.population.is_some());
}

#[test]
fn generator_uses_the_real_exiobase_labels() {
    // Full size is exercised by the benchmark; here only the labels, on a smaller system.
    let small = generate(&GenerateSpec {
        regions: 3,
        sectors: 163,
        stressors: 2,
        seed: 1,
        exiobase: true,
    })
    .unwrap();
    assert_eq!(small.regions(), ["AT", "BE", "BG"]);
    assert_eq!(small.sectors().len(), 163);
    assert_eq!(small.sectors()[0], "Cultivation of paddy rice");
    assert_eq!(small.categories()[6], "Exports: Total (fob)");
    assert!(
        generate(&GenerateSpec {
            regions: 50,
            sectors: 163,
            stressors: 1,
            seed: 1,
            exiobase: true
        })
        .is_err()
    );
    assert_eq!(imvo_mrio::generate::exiobase3::regions().len(), 49);
    assert_eq!(imvo_mrio::generate::exiobase3::regions()[48], "WM");
}

fn run_compare(py: &Path, ours: &Path, kind: &str, reference: &Path, calc: bool) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/py/compare.py");
    let mut cmd = Command::new(py);
    cmd.arg(&script)
        .arg(ours)
        .arg(kind)
        .arg(reference)
        .arg("1e-15");
    if calc {
        cmd.arg("calc");
    }
    let out = cmd.output().expect("python runs");
    assert!(
        out.status.success(),
        "pymrio comparison failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn pymrio_reads_what_we_write_with_the_same_labels_and_numbers() {
    let Some(py) = support::python() else { return };
    let dir = tempfile::tempdir().unwrap();
    // EXIOBASE zip: our reader + writer against pymrio.parse_exiobase3.
    let zip = support::zip_as_exiobase(&support::fixture(), dir.path());
    let sys = read_exiobase3(&zip, &NoProgress).unwrap();
    let out = dir.path().join("exio_out");
    write_pymrio(&sys, &out, &NoProgress).unwrap();
    run_compare(&py, &out, "exiobase3", &zip, false);

    // pymrio's own test system, saved by pymrio with all results: read and write back.
    let saved = dir.path().join("pymrio_test");
    let st = Command::new(&py)
        .arg("-c")
        .arg(format!(
            "import pymrio; pymrio.load_test().calc_all().save_all({:?})",
            saved.display().to_string()
        ))
        .status()
        .unwrap();
    assert!(st.success());
    let sys = read_pymrio(&saved, &NoProgress).unwrap();
    assert!(sys.l.is_some() && sys.population.is_some());
    assert!(sys.extension("emissions").unwrap().d_imp_cap.is_some());
    let out = dir.path().join("test_out");
    write_pymrio(&sys, &out, &NoProgress).unwrap();
    run_compare(&py, &out, "load_all", &saved, false);
}
