//! `imvo locations match`: a folder of company lists in, one location id per row out; the same
//! factory in two companies' spellings gets one id, a sister factory at another plot its own,
//! a bad row is named by file, row and column, and the output is the same on every run.

use std::fs;

use crate::support::*;

#[test]
fn two_companies_lists_are_matched_row_by_row() {
    let dir = tempfile::tempdir().unwrap();
    let lists = dir.path().join("lists");
    fs::create_dir(&lists).unwrap();
    fs::write(
        lists.join("brand-a.csv"),
        "naam,adres,land\n\
         Sunrise Garments Co. Ltd.,\"Plot 12, Road 5, Ashulia, Dhaka\",Bangladesh\n\
         Sunrise Garments Ltd,\"Plot 14, Road 5, Ashulia, Dhaka\",Bangladesh\n",
    )
    .unwrap();
    fs::write(
        lists.join("brand-b.csv"),
        "name,address,country\n\
         SUNRISE GARMENTS LIMITED,\"Road 5, Plot No. 12, Ashulia, Dhaka\",BD\n\
         Nowhere Mills,\"1 Main Street\",Atlantis\n",
    )
    .unwrap();
    let args = [
        "locations",
        "match",
        "lists",
        "--out",
        "ids.csv",
        "--date",
        "2026-12-01",
    ];
    let out = run(dir.path(), &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("brand-b: row 2, column \"country\""),
        "the unknown country is named by file, row and column:\n{report}"
    );
    let first = fs::read_to_string(dir.path().join("ids.csv")).unwrap();
    let lines: Vec<Vec<&str>> = first.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(lines[0], ["company", "row", "location_id"]);
    let id = |company: &str, row: &str| {
        lines
            .iter()
            .find(|l| l[0] == company && l[1] == row)
            .map(|l| l[2].to_owned())
            .unwrap_or_else(|| panic!("no line for {company} {row}:\n{first}"))
    };
    assert_eq!(
        id("brand-a", "1"),
        id("brand-b", "1"),
        "one factory, two spellings"
    );
    assert_ne!(
        id("brand-a", "1"),
        id("brand-a", "2"),
        "a sister factory at another plot"
    );
    assert!(id("brand-a", "1").starts_with("BD2026335"), "{first}");
    assert_eq!(id("brand-b", "2"), "", "a refused row gets no id");

    let again = run(dir.path(), &args);
    assert!(again.status.success());
    assert_eq!(
        fs::read_to_string(dir.path().join("ids.csv")).unwrap(),
        first
    );
}
