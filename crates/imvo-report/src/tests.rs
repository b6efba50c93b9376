//! Tests of the generic machinery: every renderer on one document full of characters that mean
//! something in Markdown, HTML or Typst.

use std::process::Command;

use crate::chart::{Series, StackKind, StackedChart};
use crate::{Block, Column, Document, Figure, Format, Inline, Lang, Table, render};

/// Text that breaks every target if left unescaped.
const NASTY: &str = r#"*A&B* <script>alert(1)</script> #let x = $y$ _z_ `raw` [l](u) @ref <lbl> // c \ ~ -- ... 1. "q" 'a' ë € https://x.nl |p|"#;

fn doc() -> Document {
    let mut d = Document::new(Lang::Nl, format!("Titel {NASTY}"));
    d.subtitle = Some("Stand per 10 juli 2015".into());
    d.meta.push(("Betreft".into(), NASTY.into()));
    d.date = Some((2015, 7, 10));
    d.push(Block::heading(1, "1. Inleiding"))
        .push(Block::Paragraph(vec![
            Inline::text("Gewone tekst met "),
            Inline::emph("nadruk"),
            Inline::text(" en "),
            Inline::strong(NASTY),
            Inline::footnote(format!("Bron: {NASTY}")),
            Inline::text("."),
        ]))
        .push(Block::List(vec![
            vec![Inline::text(NASTY)],
            vec![Inline::text("- begint als lijst")],
        ]))
        .push(Block::Table(Table {
            caption: Some(NASTY.into()),
            columns: vec![Column::text("Naam |x|"), Column::number("Aantal")],
            rows: vec![vec![NASTY.into(), "3".into()], vec!["kort".into()]],
        }))
        .push(Block::Figure(Figure {
            chart: StackedChart {
                title: format!("Grafiek {NASTY}"),
                desc: "Beschrijving".into(),
                lang: Lang::Nl,
                categories: vec!["2014".into(), "2015".into()],
                category_label: "Jaar".into(),
                series: vec![Series {
                    label: NASTY.into(),
                    values: vec![1.0, 2.0],
                    color: None,
                }],
                y_label: "Aantal".into(),
                kind: StackKind::Bars,
            }
            .build(),
            caption: format!("Bijschrift {NASTY}"),
        }))
        .push(Block::Note(vec![Inline::text("Noot.")]));
    d
}

#[test]
fn markdown_escapes_user_text() {
    let md = String::from_utf8(render(&doc(), Format::Markdown).unwrap()).unwrap();
    assert!(md.starts_with("# Titel \\*A&B\\* \\<script\\>"), "{md}");
    assert!(md.contains("**\\*A&B\\*"), "strong run escaped: {md}");
    assert!(md.contains("\\[l\\](u)"));
    assert!(md.contains("\\|p\\|"));
    assert!(md.contains("- \\- begint als lijst"), "{md}");
    assert!(md.contains("[^1]: Bron: \\*A&B\\*"));
    assert!(md.contains("| Naam \\|x\\| | Aantal |"));
    assert!(md.contains("| kort |  |"), "short rows are padded: {md}");
    assert!(md.contains("**Figuur 1.** Bijschrift"));
    assert!(!md.contains("<script>"));
}

#[test]
fn html_is_self_contained_and_escaped() {
    let html = String::from_utf8(render(&doc(), Format::Html).unwrap()).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<html lang=\"nl\">"));
    assert!(
        !html.contains("<script"),
        "no script element, escaped text only"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("http://"), "no external references");
    for bad in [
        "<link", "<img", "src=", "@import", "url(", "<iframe", "<object",
    ] {
        assert!(!lower.contains(bad), "found {bad}");
    }
    for (i, _) in lower.match_indices("href=\"") {
        assert!(lower[i + 6..].starts_with('#'), "only in-page links");
    }
    assert!(html.contains("<svg "));
    assert!(html.contains("aria-labelledby=\"fig-1-title fig-1-desc\""));
    assert!(html.contains("<sup class=\"fn\"><a href=\"#fn-1\""));
    assert!(html.contains("<td class=\"r\">3</td>"));
}

#[test]
fn typst_source_escapes_user_text() {
    let t = crate::render_typst(&doc());
    assert!(t.source.contains(r"\*A&B\* \<script\>"));
    assert!(t.source.contains(r"\#let x \= \$y\$"));
    assert!(t.source.contains(r"https\:\/\/x\.nl"));
    assert_eq!(t.assets.len(), 1);
    assert!(
        t.assets[0]
            .1
            .contains("xmlns=\"http://www.w3.org/2000/svg\"")
    );
}

/// Text of a PDF by pdftotext (poppler-utils), or `None` when the tool is absent.
pub(crate) fn pdftotext(pdf: &[u8]) -> Option<String> {
    let dir = std::env::temp_dir().join(format!("imvo-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join(format!("t-{}.pdf", pdf.len()));
    std::fs::write(&path, pdf).ok()?;
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output();
    let _ = std::fs::remove_file(&path);
    match out {
        Ok(o) if o.status.success() => Some(String::from_utf8_lossy(&o.stdout).into_owned()),
        Ok(o) => panic!("pdftotext failed: {}", String::from_utf8_lossy(&o.stderr)),
        Err(_) if std::env::var_os("IMVO_REQUIRE_REFERENCE").is_some() => {
            panic!("pdftotext (poppler-utils) is required")
        }
        Err(_) => {
            eprintln!("note: pdftotext not found; PDF text not checked");
            None
        }
    }
}

#[test]
fn pdf_prints_user_text_literally() {
    let pdf = render(&doc(), Format::Pdf).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let Some(text) = pdftotext(&pdf) else { return };
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "*A&B* <script>alert(1)</script>",
        "#let x = $y$ _z_ `raw` [l](u) @ref <lbl>",
        "https://x.nl",
        "1. Inleiding",
        "Figuur 1",
        "Stand per 10 juli 2015",
    ] {
        assert!(flat.contains(needle), "{needle:?} not in PDF text:\n{flat}");
    }
}

#[test]
fn pdf_is_deterministic() {
    let a = render(&doc(), Format::Pdf).unwrap();
    let b = render(&doc(), Format::Pdf).unwrap();
    assert_eq!(a, b);
}

#[test]
fn formats_parse() {
    assert_eq!("md".parse::<Format>().unwrap(), Format::Markdown);
    assert_eq!("PDF".parse::<Format>().unwrap(), Format::Pdf);
    let err = "docx".parse::<Format>().unwrap_err().to_string();
    assert!(err.contains("\"docx\"") && err.contains("html"), "{err}");
}

#[test]
fn write_is_atomic_and_names_the_file_on_error() {
    let dir = std::env::temp_dir().join(format!("imvo-report-w-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("doc.md");
    crate::write(&doc(), Format::Markdown, &path).unwrap();
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("# Titel")
    );
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["doc.md"], "no temporary file left");
    let bad = dir.join("no-such-folder").join("doc.md");
    let err = crate::write(&doc(), Format::Markdown, &bad)
        .unwrap_err()
        .to_string();
    assert!(err.contains("no-such-folder"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn repeated_footnotes_share_one_number() {
    let mut d = Document::new(Lang::En, "T");
    d.push(Block::Paragraph(vec![
        Inline::text("a"),
        Inline::footnote("Source: X"),
    ]))
    .push(Block::Paragraph(vec![
        Inline::text("b"),
        Inline::footnote("Source: Y"),
    ]))
    .push(Block::Paragraph(vec![
        Inline::text("c"),
        Inline::footnote("Source: X"),
    ]));
    let md = crate::render_markdown(&d);
    assert!(md.contains("c[^1]"), "{md}");
    assert_eq!(md.matches("[^1]: Source: X").count(), 1);
    let html = crate::render_html(&d);
    assert_eq!(html.matches("<li id=\"fn-").count(), 2);
    let t = crate::render_typst(&d);
    assert!(t.source.contains("#footnote(<fn-1>)"), "{}", t.source);
    let pdf = render(&d, Format::Pdf).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}
