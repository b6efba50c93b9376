//! Bad input (issue 6, item 7): each case is an error that names the file, line and column or
//! the condition — never a panic.

mod support;

use std::path::Path;

use imvo_mrio::compute::{CalcOptions, calc_all};
use imvo_mrio::{MrioError, NoProgress, read_exiobase3, read_pymrio};

/// Reads the damaged copy and returns the error's text, checking it is not a success.
fn read_err(dir: &Path) -> (MrioError, String) {
    match read_pymrio(dir, &NoProgress) {
        Ok(_) => panic!("the damaged input was accepted"),
        Err(e) => {
            let s = e.to_string();
            (e, s)
        }
    }
}

fn assert_parse_at(e: &MrioError, file: &str, line: usize, column: usize) {
    match e {
        MrioError::Parse {
            path,
            line: l,
            column: c,
            ..
        } => {
            assert!(path.ends_with(file), "{} is not {file}", path.display());
            assert_eq!((*l, *c), (line, column), "{e}");
        }
        other => panic!("expected a parse error at {file}:{line}:{column}, got {other}"),
    }
}

#[test]
fn unparsable_number_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let input = support::fixture_copy(dir.path());
    // Line 4 is the first data line of A.txt; its first number is field 3.
    support::edit(&input.join("A.txt"), "0.0990875448681", "0.09908x");
    let (e, s) = read_err(&input);
    assert_parse_at(&e, "A.txt", 4, 3);
    assert!(s.contains("cannot read \"0.09908x\" as a number"), "{s}");
}

#[test]
fn non_finite_numbers_are_refused() {
    for bad in ["nan", "inf", "-inf", "NaN", "1e400"] {
        let dir = tempfile::tempdir().unwrap();
        let input = support::fixture_copy(dir.path());
        support::edit(&input.join("Y.txt"), "58180.65", bad);
        let (e, s) = read_err(&input);
        assert_parse_at(&e, "Y.txt", 4, 3);
        assert!(s.contains("not a finite number"), "{bad}: {s}");
    }
}

#[test]
fn empty_cell_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = support::fixture_copy(dir.path());
    support::edit(&input.join("satellite/F.txt"), "\t1848064.8\t", "\t\t");
    let (e, s) = read_err(&input);
    assert_parse_at(&e, "F.txt", 3, 2);
    assert!(s.contains("empty cell"), "{s}");
}

#[test]
fn short_and_long_lines_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = support::fixture_copy(dir.path());
    let path = input.join("A.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    // Drop the last number of data line 6 (1-based).
    let cut = lines[5].rfind('\t').unwrap();
    lines[5].truncate(cut);
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let (e, s) = read_err(&input);
    assert_parse_at(&e, "A.txt", 6, 2 + 48);
    assert!(s.contains("47 numbers"), "{s}");

    let input2 = dir.path().join("second");
    support::copy_dir(&support::fixture(), &input2);
    support::edit(&input2.join("Y.txt"), "58180.65", "58180.65\t1");
    let (e, s) = read_err(&input2);
    assert_parse_at(&e, "Y.txt", 4, 2 + 43);
    assert!(s.contains("more than"), "{s}");
}

#[test]
fn truncated_text_file_is_refused_or_names_the_header() {
    let dir = tempfile::tempdir().unwrap();
    let input = support::fixture_copy(dir.path());
    std::fs::write(input.join("Y.txt"), "region\t\tAUS\n").unwrap();
    let (e, s) = read_err(&input);
    assert_parse_at(&e, "Y.txt", 2, 1);
    assert!(s.contains("ends inside its header"), "{s}");
}

#[test]
fn mismatched_dimensions_between_files() {
    let dir = tempfile::tempdir().unwrap();
    let input = support::fixture_copy(dir.path());
    // Remove the last data line of Y: Y has 47 rows for 48 industries.
    let path = input.join("Y.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    std::fs::write(&path, lines[..lines.len() - 1].join("\n") + "\n").unwrap();
    let (_, s) = read_err(&input);
    assert!(
        s.contains("rows of Y and the industries do not match: 47 entries against 48"),
        "{s}"
    );
}

#[test]
fn mismatched_labels_between_files() {
    let dir = tempfile::tempdir().unwrap();
    let input = support::fixture_copy(dir.path());
    support::edit(&input.join("Y.txt"), "AUS\tmining", "AUS\tminnig");
    let (_, s) = read_err(&input);
    assert!(
        s.contains("rows of Y and the industries do not match: entry 2 is (AUS, minnig) against (AUS, mining)"),
        "{s}"
    );

    let input2 = dir.path().join("second");
    support::copy_dir(&support::fixture(), &input2);
    // An extension whose F columns are in another region order.
    support::edit(
        &input2.join("satellite/F.txt"),
        "region\tAUS",
        "region\tXXX",
    );
    let (_, s) = read_err(&input2);
    assert!(
        s.contains("columns of satellite/F and the industries"),
        "{s}"
    );
}

#[test]
fn negative_output_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = support::fixture_copy(dir.path());
    let mut params = std::fs::read_to_string(input.join("file_parameters.json")).unwrap();
    params = params.replacen(
        "\"files\": {",
        "\"files\": {\n        \"x\": {\"name\": \"x.txt\", \"nr_index_col\": \"2\", \"nr_header\": \"1\"},",
        1,
    );
    std::fs::write(input.join("file_parameters.json"), params).unwrap();
    let sys = read_pymrio(&support::fixture(), &NoProgress).unwrap();
    let mut x = String::from("region\tsector\tindout\n");
    let ind = sys.industries().unwrap();
    for i in 0..ind.len() {
        let v = if i == 5 { -3.5 } else { 100.0 };
        x.push_str(&format!("{}\t{}\t{v}\n", ind.level(0)[i], ind.level(1)[i]));
    }
    std::fs::write(input.join("x.txt"), x).unwrap();
    let (_, s) = read_err(&input);
    assert!(
        s.contains("x: output of (AUS, trade) is negative (-3.5)"),
        "{s}"
    );
}

#[test]
fn missing_files_and_extensions() {
    let dir = tempfile::tempdir().unwrap();
    let input = support::fixture_copy(dir.path());
    std::fs::remove_file(input.join("Y.txt")).unwrap();
    let (e, s) = read_err(&input);
    assert!(matches!(e, MrioError::Missing { .. }), "{s}");
    assert!(s.contains("Y.txt") && s.contains("missing"), "{s}");

    let input2 = dir.path().join("no_params");
    support::copy_dir(&support::fixture(), &input2);
    std::fs::remove_file(input2.join("file_parameters.json")).unwrap();
    let (_, s) = read_err(&input2);
    assert!(s.contains("file_parameters.json"), "{s}");

    // An extension without F.
    let input3 = dir.path().join("no_f");
    support::copy_dir(&support::fixture(), &input3);
    let p = input3.join("satellite/file_parameters.json");
    let text = std::fs::read_to_string(&p).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["files"].as_object_mut().unwrap().remove("F");
    std::fs::write(&p, v.to_string()).unwrap();
    let (_, s) = read_err(&input3);
    assert!(s.contains("extension satellite: F is missing"), "{s}");

    // Not a folder at all.
    let (_, s) = read_err(&dir.path().join("nowhere"));
    assert!(s.contains("nowhere") && s.contains("missing"), "{s}");
}

#[test]
fn broken_file_parameters_json() {
    let dir = tempfile::tempdir().unwrap();
    let input = support::fixture_copy(dir.path());
    std::fs::write(input.join("file_parameters.json"), "{\"files\": {").unwrap();
    let (_, s) = read_err(&input);
    assert!(
        s.contains("file_parameters.json") && s.contains("not valid JSON"),
        "{s}"
    );

    support::edit(
        &input.join("satellite/file_parameters.json"),
        "\"nr_index_col\": \"1\"",
        "\"nr_index_col\": \"one\"",
    );
    support::copy_dir(&support::fixture(), &dir.path().join("b"));
    let b = dir.path().join("b");
    support::edit(
        &b.join("satellite/file_parameters.json"),
        "\"nr_index_col\": \"1\"",
        "\"nr_index_col\": \"one\"",
    );
    let (_, s) = read_err(&b);
    assert!(s.contains("files.F.nr_index_col is not a count"), "{s}");
}

#[test]
fn truncated_zip_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let zip = support::zip_as_exiobase(&support::fixture(), dir.path());
    let bytes = std::fs::read(&zip).unwrap();
    for keep in [bytes.len() / 2, bytes.len() - 10, 100, 0] {
        std::fs::write(&zip, &bytes[..keep]).unwrap();
        let err = read_exiobase3(&zip, &NoProgress)
            .expect_err("a truncated zip was accepted")
            .to_string();
        assert!(err.contains("IOT_2011_ixi.zip"), "{err}");
        assert!(err.contains("zip"), "{err}");
    }
}

#[test]
fn damaged_entry_inside_a_zip_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let zip = support::zip_as_exiobase(&support::fixture(), dir.path());
    let mut bytes = std::fs::read(&zip).unwrap();
    // Flip bytes in the middle of the compressed data of the first entry (A.txt).
    for b in &mut bytes[200..260] {
        *b ^= 0x5a;
    }
    std::fs::write(&zip, &bytes).unwrap();
    let err = read_exiobase3(&zip, &NoProgress)
        .expect_err("a damaged zip was accepted")
        .to_string();
    assert!(err.contains("IOT_2011_ixi.zip"), "{err}");
}

#[test]
fn non_productive_and_singular_systems_are_errors_not_nan() {
    let dir = tempfile::tempdir().unwrap();
    let input = support::fixture_copy(dir.path());
    // Make one column of A sum above 1: the system cannot be productive.
    support::edit(&input.join("A.txt"), "0.0990875448681", "1.5");
    let mut sys = read_pymrio(&input, &NoProgress).unwrap();
    let err = calc_all(&mut sys, &CalcOptions::default(), &NoProgress)
        .expect_err("a non-productive system was computed")
        .to_string();
    assert!(
        err.contains("not productive") || err.contains("singular"),
        "{err}"
    );

    // A = I in one column: I − A has a zero column, it is singular.
    let input2 = dir.path().join("singular");
    support::copy_dir(&support::fixture(), &input2);
    let path = input2.join("A.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for (k, line) in lines.iter_mut().enumerate().skip(3) {
        let mut f: Vec<String> = line.split('\t').map(str::to_string).collect();
        f[2] = if k == 3 { "1".into() } else { "0".into() };
        *line = f.join("\t");
    }
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let mut sys = read_pymrio(&input2, &NoProgress).unwrap();
    let err = calc_all(&mut sys, &CalcOptions::default(), &NoProgress)
        .expect_err("a singular system was computed")
        .to_string();
    assert!(
        err.contains("singular") || err.contains("not productive"),
        "{err}"
    );
}

#[test]
fn garbage_never_panics() {
    // Arbitrary byte strings through the table parser: errors, never panics.
    let samples: [&[u8]; 8] = [
        b"",
        b"\n\n\n",
        b"\t\t\t\n\t\t",
        b"region\t\ta\nsector\t\tb\nregion\tsector\t\nr\ts\t1\t2\n",
        b"a\tb\n\"unterminated\t1\n",
        b"\xff\xfe\t\x00\n",
        b"region\tsector\tindout\nr\ts\n",
        b"x\n1\n2\n",
    ];
    for s in samples {
        for (ic, hr) in [(1, 1), (2, 2), (1, 2), (2, 1), (3, 3)] {
            let _ = imvo_mrio::text::parse_table(s, ic, hr, Path::new("t.txt"), &NoProgress);
            let _ = imvo_mrio::text::parse_text_column(s, ic, hr, Path::new("t.txt"));
        }
    }
}
