//! Tests of `imvo report letter`: every format and language from a store holding the shipped
//! datasets, written to stdout or atomically to a file; bad input refused with a clear message.

use std::path::Path;

use crate::support::{fails, ok, run};

/// A store in `dir` (the default `imvo.db`) holding both shipped datasets.
fn store_with_datasets(dir: &Path) {
    let db = dir.join("imvo.db");
    let db = db.to_str().expect("utf-8 path").to_owned();
    imvo_app::block_on(async {
        let store = imvo_app::open(&db).await?;
        imvo_app::load_shipped(&store).await
    })
    .expect("the shipped datasets load");
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

#[test]
fn dutch_markdown_letter_to_stdout() {
    let dir = tmp();
    store_with_datasets(dir.path());
    let md = ok(dir.path(), &["report", "letter", "--as-of", "2015-07-10"]);
    for needle in [
        "# Voortgang IMVO-convenanten",
        "## 1\\. Inleiding",
        "## 2\\. Voortgang",
        "## 3\\. Rol van de overheid",
        "## 4\\. Betrokkenheid van stakeholders",
        "## 5\\. Tot slot",
        "10 juli 2015",
        "Sociaal-Economische Raad",
    ] {
        assert!(md.contains(needle), "{needle:?} missing");
    }
    assert!(!md.contains("Wijzigingen sinds"));
}

#[test]
fn english_html_with_changes_since() {
    let dir = tmp();
    store_with_datasets(dir.path());
    let html = ok(
        dir.path(),
        &[
            "report",
            "letter",
            "--as-of",
            "2017-01-01",
            "--lang",
            "en",
            "--format",
            "html",
            "--since",
            "2015-07-10",
        ],
    );
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("6. Changes since 10 July 2015"));
    assert!(html.contains("<svg "), "charts are inline SVG");
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "no scripts");
    for bad in ["src=\"http", "href=\"http", "<link", "@import"] {
        assert!(!lower.contains(bad), "external reference {bad}");
    }
}

#[test]
fn pdf_written_atomically_to_out() {
    let dir = tmp();
    store_with_datasets(dir.path());
    let out = ok(
        dir.path(),
        &[
            "report",
            "letter",
            "--as-of",
            "2015-07-10",
            "--format",
            "pdf",
            "--out",
            "brief.pdf",
        ],
    );
    assert!(out.is_empty(), "nothing on stdout when --out is given");
    let pdf = std::fs::read(dir.path().join("brief.pdf")).expect("the PDF is written");
    assert!(pdf.starts_with(b"%PDF-"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files left behind");
}

#[test]
fn bad_as_of_is_refused_clearly() {
    let dir = tmp();
    store_with_datasets(dir.path());
    for bad in ["2015-13-01", "10-07-2015", "gisteren"] {
        let err = fails(dir.path(), &["report", "letter", "--as-of", bad]);
        assert!(err.contains("--as-of"), "{err}");
        assert!(err.contains(bad), "{err}");
        assert!(err.contains("YYYY-MM-DD"), "{err}");
    }
}

#[test]
fn bad_lang_and_format_are_refused_clearly() {
    let dir = tmp();
    store_with_datasets(dir.path());
    let err = fails(
        dir.path(),
        &["report", "letter", "--as-of", "2015-07-10", "--lang", "fr"],
    );
    assert!(err.contains("--lang") && err.contains("\"fr\""), "{err}");
    assert!(err.contains("\"nl\"") && err.contains("\"en\""), "{err}");
    let err = fails(
        dir.path(),
        &[
            "report",
            "letter",
            "--as-of",
            "2015-07-10",
            "--format",
            "docx",
        ],
    );
    assert!(
        err.contains("--format") && err.contains("\"docx\""),
        "{err}"
    );
    assert!(err.contains("\"pdf\""), "{err}");
}

#[test]
fn since_after_as_of_is_refused_and_nothing_written() {
    let dir = tmp();
    store_with_datasets(dir.path());
    let err = fails(
        dir.path(),
        &[
            "report",
            "letter",
            "--as-of",
            "2015-07-10",
            "--since",
            "2016-01-01",
            "--out",
            "x.md",
        ],
    );
    assert!(
        err.contains("--since 2016-01-01 must be before --as-of 2015-07-10"),
        "{err}"
    );
    assert!(!dir.path().join("x.md").exists());
}

#[test]
fn missing_store_says_how_to_make_one_and_creates_nothing() {
    let dir = tmp();
    let out = run(dir.path(), &["report", "letter", "--as-of", "2015-07-10"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("imvo demo"), "{err}");
    assert!(
        !dir.path().join("imvo.db").exists(),
        "no empty store left behind"
    );
}

#[test]
fn date_before_any_record_is_refused() {
    let dir = tmp();
    store_with_datasets(dir.path());
    let err = fails(dir.path(), &["report", "letter", "--as-of", "2000-01-01"]);
    assert!(
        err.contains("holds nothing on or before 2000-01-01"),
        "{err}"
    );
}
