//! pymrio's Parquet tables (issue 16, item 6): what imvo writes reads back bit for bit, what
//! pymrio writes imvo reads equal to pymrio's own reading, what imvo writes pymrio reads equal,
//! and bad files are errors naming the file, row and column — never a panic.

mod support;

use std::path::Path;
use std::process::Command;

use faer::Mat;
use imvo_mrio::generate::{GenerateSpec, generate};
use imvo_mrio::{
    Index, IoSystem, Labelled, MrioError, NoProgress, TableFormat, TextColumn, read_pymrio,
    write_pymrio, write_pymrio_as,
};

fn same_system(a: &IoSystem, b: &IoSystem) {
    let same = |what: &str, x: &Labelled, y: &Labelled| {
        assert_eq!(x.rows(), y.rows(), "{what}: row labels");
        assert_eq!(x.cols().len(), y.cols().len(), "{what}: columns");
        for l in 0..x.cols().nlevels() {
            assert_eq!(
                x.cols().level(l),
                y.cols().level(l),
                "{what}: column labels"
            );
        }
        for j in 0..x.ncols() {
            for i in 0..x.nrows() {
                let (p, q) = (x.data()[(i, j)], y.data()[(i, j)]);
                assert_eq!(
                    p.to_bits(),
                    q.to_bits(),
                    "{what}[{i}, {j}]: {p} against {q}"
                );
            }
        }
    };
    for name in ["Z", "Y", "x", "A", "L", "population"] {
        match (a.array(name), b.array(name)) {
            (Some(x), Some(y)) => same(name, x, y),
            (None, None) => {}
            _ => panic!("{name} present in one system only"),
        }
    }
    assert_eq!(a.unit, b.unit);
    assert_eq!(a.meta, b.meta);
    assert_eq!(a.extensions.len(), b.extensions.len());
    for (e, f) in a.extensions.iter().zip(&b.extensions) {
        assert_eq!((&e.folder, &e.name, &e.unit), (&f.folder, &f.name, &f.unit));
        for name in imvo_mrio::system::EXTENSION_ARRAYS {
            match (e.array(name), f.array(name)) {
                (Some(x), Some(y)) => same(name, x, y),
                (None, None) => {}
                _ => panic!("{}/{name} present in one system only", e.folder),
            }
        }
    }
}

#[test]
fn parquet_round_trips_every_array_bit_for_bit() {
    let dir = tempfile::tempdir().unwrap();
    let mut sys = generate(&GenerateSpec {
        regions: 4,
        sectors: 9,
        stressors: 3,
        seed: 5,
        exiobase: false,
    })
    .unwrap();
    imvo_mrio::compute::calc_all(&mut sys, &Default::default(), &NoProgress).unwrap();
    let out = dir.path().join("pq");
    write_pymrio_as(&sys, &out, TableFormat::Parquet, &NoProgress).unwrap();
    assert!(out.join("Z.parquet").is_file() && out.join("emissions/D_cba_reg.parquet").is_file());
    let back = read_pymrio(&out, &NoProgress).unwrap();
    same_system(&sys, &back);
    // Text and Parquet of the same system read the same.
    let txt = dir.path().join("txt");
    write_pymrio(&sys, &txt, &NoProgress).unwrap();
    same_system(&read_pymrio(&txt, &NoProgress).unwrap(), &back);
}

#[test]
fn awkward_labels_survive_parquet() {
    let dir = tempfile::tempdir().unwrap();
    let rows = Index::new(
        vec!["region".into(), String::new()],
        vec![
            vec!["it's".into(), "say \"hi\"".into(), "tab\tnew\nline".into()],
            vec!["é".into(), "中".into(), "back\\slash".into()],
        ],
    )
    .unwrap();
    let cols = Index::new(
        vec![String::new(), "category".into()],
        vec![
            vec!["(a, b)".into(), "'quoted'".into()],
            vec!["both ' and \"".into(), String::new()],
        ],
    )
    .unwrap();
    let m = Labelled::new(
        rows.clone(),
        cols,
        Mat::from_fn(3, 2, |i, j| (i * 2 + j) as f64 - 0.5),
    )
    .unwrap();
    let path = dir.path().join("t.parquet");
    let mut f = std::fs::File::create(&path).unwrap();
    imvo_mrio::parquet::write_table(&m, &mut f, &path, &NoProgress).unwrap();
    drop(f);
    let back =
        imvo_mrio::parquet::parse_table(std::fs::read(&path).unwrap(), &path, &NoProgress).unwrap();
    assert_eq!(back.rows(), m.rows());
    assert_eq!(back.cols(), m.cols());
    assert_eq!(back.data(), m.data());

    let unit = TextColumn {
        rows,
        name: "unit".into(),
        values: vec!["kg".into(), "M.EUR".into(), "".into()],
    };
    let upath = dir.path().join("unit.parquet");
    let mut f = std::fs::File::create(&upath).unwrap();
    imvo_mrio::parquet::write_text_column(&unit, &mut f, &upath).unwrap();
    drop(f);
    let uback =
        imvo_mrio::parquet::parse_text_column(std::fs::read(&upath).unwrap(), &upath).unwrap();
    assert_eq!(uback, unit);
}

fn parquet_err(bytes: Vec<u8>) -> MrioError {
    imvo_mrio::parquet::parse_table(bytes, Path::new("bad.parquet"), &NoProgress)
        .expect_err("bad Parquet was accepted")
}

#[test]
fn bad_parquet_is_an_error_naming_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let ind = Index::product(
        "region",
        &["r1".into(), "r2".into()],
        "sector",
        &["a".into()],
    );
    let data = Mat::from_fn(2, 2, |i, j| if (i, j) == (1, 0) { f64::NAN } else { 1.0 });
    let m = Labelled::new(ind.clone(), ind, data).unwrap();
    let path = dir.path().join("nan.parquet");
    let mut f = std::fs::File::create(&path).unwrap();
    imvo_mrio::parquet::write_table(&m, &mut f, &path, &NoProgress).unwrap();
    drop(f);
    let bytes = std::fs::read(&path).unwrap();
    match parquet_err(bytes.clone()) {
        MrioError::Parse {
            line,
            column,
            message,
            ..
        } => {
            assert_eq!((line, column), (2, 1));
            assert!(
                message.contains("not a finite number") && message.contains("r2, a"),
                "{message}"
            );
        }
        other => panic!("expected a cell error, got {other}"),
    }
    // Truncated, empty, not Parquet at all: errors, never panics.
    for cut in [0, 4, bytes.len() / 2, bytes.len() - 9, bytes.len() - 1] {
        let e = parquet_err(bytes[..cut].to_vec()).to_string();
        assert!(e.contains("bad.parquet"), "{e}");
    }
    let e = parquet_err(b"region\tsector\n".to_vec()).to_string();
    assert!(e.contains("not a readable Parquet file"), "{e}");
    // Every single flipped byte: an error or a table, never a panic.
    for k in 0..bytes.len() {
        let mut b = bytes.clone();
        b[k] ^= 0xa5;
        let _ = imvo_mrio::parquet::parse_table(b, Path::new("bad.parquet"), &NoProgress);
    }
}

#[test]
fn pickles_and_unknown_formats_are_refused_with_advice() {
    let dir = tempfile::tempdir().unwrap();
    let input = support::fixture_copy(dir.path());
    support::edit(
        &input.join("file_parameters.json"),
        "\"A.txt\"",
        "\"A.pkl\"",
    );
    std::fs::write(input.join("A.pkl"), b"\x80\x04").unwrap();
    let e = read_pymrio(&input, &NoProgress).unwrap_err().to_string();
    assert!(
        e.contains("A.pkl") && e.contains("table_format=\"parquet\""),
        "{e}"
    );
    support::edit(
        &input.join("file_parameters.json"),
        "\"A.pkl\"",
        "\"A.xlsx\"",
    );
    let e = read_pymrio(&input, &NoProgress).unwrap_err().to_string();
    assert!(e.contains("unknown table format"), "{e}");
}

fn python_ok(py: &Path, script: &str, args: &[&Path]) -> String {
    let out = Command::new(py)
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "python failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn compare(py: &Path, ours: &Path, reference: &Path, rtol: &str) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/py/compare.py");
    let out = Command::new(py)
        .arg(&script)
        .arg(ours)
        .arg("load_all")
        .arg(reference)
        .arg(rtol)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "pymrio comparison failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn parquet_in_and_out_against_pymrio() {
    let Some(py) = support::python() else { return };
    let dir = tempfile::tempdir().unwrap();
    // pymrio writes Parquet (its test system with every result); imvo reads it.
    let theirs = dir.path().join("pymrio_parquet");
    python_ok(
        &py,
        "import sys, pymrio; pymrio.load_test().calc_all().save_all(sys.argv[1], table_format='parquet')",
        &[&theirs],
    );
    let sys = read_pymrio(&theirs, &NoProgress).unwrap();
    assert!(sys.l.is_some() && sys.extension("emissions").unwrap().d_imp_cap.is_some());
    // What imvo read, written back as Parquet, pymrio reads equal to its own files: labels,
    // level names and every number exactly.
    let as_parquet = dir.path().join("ours_parquet");
    write_pymrio_as(&sys, &as_parquet, TableFormat::Parquet, &NoProgress).unwrap();
    compare(&py, &as_parquet, &theirs, "0");
    // pymrio's own aliases and int64 columns (a DataFrame built from integers).
    let alias = dir.path().join("alias");
    python_ok(
        &py,
        "import sys, pymrio\n\
         io = pymrio.load_test()\n\
         io.emissions.F = io.emissions.F.round().astype('int64')\n\
         io.save_all(sys.argv[1], table_format='par')",
        &[&alias],
    );
    let a = read_pymrio(&alias, &NoProgress).unwrap();
    let f = a.extension("emissions").unwrap().f.as_ref().unwrap();
    assert_eq!(f.data()[(0, 0)], f.data()[(0, 0)].round());
    // Nulls (a missing value pandas writes as null in an integer column) are refused.
    let nulls = dir.path().join("nulls");
    python_ok(
        &py,
        "import sys, pymrio\n\
         io = pymrio.load_test()\n\
         F = io.emissions.F.round().astype('Int64')\n\
         F.iloc[1, 3] = None\n\
         io.emissions.F = F\n\
         io.save_all(sys.argv[1], table_format='parquet')",
        &[&nulls],
    );
    match read_pymrio(&nulls, &NoProgress).unwrap_err() {
        MrioError::Parse {
            path,
            line,
            column,
            message,
        } => {
            assert!(path.ends_with("emissions/F.parquet"), "{}", path.display());
            assert_eq!((line, column), (2, 4), "{message}");
            assert!(message.contains("null"), "{message}");
        }
        other => panic!("expected a cell error, got {other}"),
    }
}
