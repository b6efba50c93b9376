//! A document as HTML, the one renderer for both places a document is read in a browser:
//!
//! - [`render`]: one self-contained HTML file: inline CSS, inline SVG, no scripts, no external
//!   resources. Laid out like a printed ministry document (a narrow column, a ribbon in
//!   Rijksoverheid blue, clear tables) and printable from the browser as it is.
//! - [`body`]: the same markup without the page around it, for a page that has its own layout
//!   and style sheet (the dashboard shows the letter inline this way).
//!
//! Every text is escaped with [`crate::escape::html`]; the class names (`doc`, `doc-title`,
//! `meta`, `table-wrap`, `data`, `chart`, `note`, `notes`, `fn`) are what both style sheets
//! style.

use std::fmt::Write as _;

use crate::escape::html as esc;
use crate::lang::LayoutWords;
use crate::model::{Align, Block, Document, Inline, Table};

const CSS: &str = r#"
:root { --blue: #154273; --ink: #1a1a1a; --muted: #555; --rule: #c8c8c8; --band: #f2f5f9; }
* { box-sizing: border-box; }
html { background: #e9ecef; }
body { margin: 0; color: var(--ink); font: 16px/1.55 "Open Sans", "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
.page { max-width: 50rem; margin: 2rem auto; padding: 0 3.5rem 3rem; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.15); }
.ribbon { width: 2.6rem; height: 5.2rem; background: var(--blue); margin: 0 auto 1.6rem; }
header.doc { border-bottom: 2px solid var(--blue); padding-bottom: 1rem; margin-bottom: 1.6rem; }
h1 { font-size: 1.7rem; line-height: 1.25; color: var(--blue); margin: 0 0 .3rem; font-weight: 600; }
.subtitle { color: var(--muted); margin: 0 0 .8rem; font-size: 1.05rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1.2rem; margin: 0; font-size: .9rem; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
h2 { font-size: 1.25rem; color: var(--blue); margin: 2rem 0 .6rem; font-weight: 600; }
h3 { font-size: 1.05rem; color: var(--blue); margin: 1.5rem 0 .4rem; font-weight: 600; }
h4 { font-size: 1rem; margin: 1.2rem 0 .3rem; font-weight: 600; }
p { margin: 0 0 .85rem; hyphens: auto; }
ul { margin: 0 0 1rem; padding-left: 1.3rem; }
li { margin: 0 0 .45rem; hyphens: auto; }
ul > li::marker { content: "– "; color: var(--blue); }
.note { font-size: .85rem; color: var(--muted); border-left: 3px solid var(--rule); padding: .2rem .8rem; margin: 1rem 0; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1.2rem; font-size: .88rem; font-variant-numeric: tabular-nums; }
caption { caption-side: top; text-align: left; font-weight: 600; padding-bottom: .35rem; }
th, td { padding: .32rem .55rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { border-bottom: 2px solid var(--blue); text-align: left; font-weight: 600; }
tbody tr:nth-child(even) { background: var(--band); }
.r { text-align: right; } .c { text-align: center; }
figure { margin: 1.4rem 0; page-break-inside: avoid; break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { font-size: .9rem; margin-top: .4rem; }
figcaption b { color: var(--blue); }
details { font-size: .85rem; margin-top: .4rem; }
details summary { cursor: pointer; color: var(--blue); }
sup { line-height: 0; }
sup.fn a { text-decoration: none; color: var(--blue); }
section.notes { border-top: 1px solid var(--rule); margin-top: 2rem; font-size: .85rem; }
section.notes h2 { font-size: 1rem; }
section.notes ol { padding-left: 1.4rem; }
@page { size: A4; margin: 2cm 2.2cm; }
@media print {
  html { background: #fff; }
  body { font-size: 10.5pt; }
  .page { box-shadow: none; margin: 0; padding: 0; max-width: none; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  table, figure { break-inside: avoid; }
  details { display: none; }
  tbody tr:nth-child(even) { background: #f2f2f2; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// Where a document's HTML sits: the prefix that keeps its element ids (figures, notes) unique
/// in the page, and the heading level of its title. A letter shown inside the dashboard sits
/// under the page's own `<h1>`, so its title is an `<h2>` there; on its own page it is the `<h1>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HtmlPlacement<'a> {
    /// Put before every element id (`fig-1`, `fn-1`, …).
    pub id_prefix: &'a str,
    /// The heading level of the title (1 to 6); section headings keep theirs (`<h2>`, `<h3>`).
    pub title_level: u8,
}

impl HtmlPlacement<'_> {
    /// The document on its own page: no id prefix, the title as `<h1>`.
    pub const STANDALONE: HtmlPlacement<'static> = HtmlPlacement {
        id_prefix: "",
        title_level: 1,
    };
}

/// Renders the document as one self-contained HTML page.
pub fn render(doc: &Document) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main class=\"page\">\n\
         <div class=\"ribbon\" aria-hidden=\"true\"></div>\n{body}</main>\n</body>\n</html>\n",
        lang = doc.lang.code(),
        title = esc(&doc.title),
        body = body(doc, HtmlPlacement::STANDALONE),
    )
}

/// Renders the document's content (its header, blocks and notes) as HTML to place inside a
/// page: every text escaped, figures as inline SVG with their numbers in a fold-out table.
pub fn body(doc: &Document, at: HtmlPlacement<'_>) -> String {
    let lang = doc.lang;
    let p = at.id_prefix;
    let t = at.title_level.clamp(1, 6);
    let mut body = String::new();
    let mut notes: Vec<String> = Vec::new();
    let _ = writeln!(
        body,
        "<header class=\"doc\">\n<h{t} class=\"doc-title\">{}</h{t}>",
        esc(&doc.title)
    );
    if let Some(sub) = &doc.subtitle {
        let _ = writeln!(body, "<p class=\"subtitle\">{}</p>", esc(sub));
    }
    if !doc.meta.is_empty() {
        body.push_str("<dl class=\"meta\">\n");
        for (k, v) in &doc.meta {
            let _ = writeln!(body, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(v));
        }
        body.push_str("</dl>\n");
    }
    body.push_str("</header>\n");
    let mut tables = 0;
    let mut figures = 0;
    for block in &doc.blocks {
        match block {
            Block::Heading { level, text } => {
                let h = (*level).clamp(1, 3) + 1;
                let _ = writeln!(body, "<h{h}>{}</h{h}>", esc(text));
            }
            Block::Paragraph(inl) => {
                let _ = writeln!(body, "<p>{}</p>", inline(inl, p, &mut notes));
            }
            Block::Note(inl) => {
                let _ = writeln!(body, "<p class=\"note\">{}</p>", inline(inl, p, &mut notes));
            }
            Block::List(items) => {
                body.push_str("<ul>\n");
                for item in items {
                    let _ = writeln!(body, "<li>{}</li>", inline(item, p, &mut notes));
                }
                body.push_str("</ul>\n");
            }
            Block::Table(t) => {
                tables += 1;
                let caption = t
                    .caption
                    .as_ref()
                    .map(|c| format!("{} {tables}. {}", lang.table_word(), c));
                table(&mut body, t, caption.as_deref());
            }
            Block::Figure(f) => {
                figures += 1;
                let id = format!("{p}fig-{figures}");
                let _ = writeln!(body, "<figure class=\"chart\" id=\"{}\">", esc(&id));
                body.push_str(&f.chart.svg_inline(&id));
                let _ = writeln!(
                    body,
                    "<figcaption><b>{} {figures}.</b> {}</figcaption>",
                    lang.figure_word(),
                    esc(&f.caption)
                );
                let _ = writeln!(
                    body,
                    "<details><summary>{}</summary>",
                    esc(lang.chart_data_word())
                );
                table(&mut body, &f.chart.data, None);
                body.push_str("</details>\n</figure>\n");
            }
        }
    }
    if !notes.is_empty() {
        let _ = writeln!(
            body,
            "<section class=\"notes\">\n<h2>{}</h2>\n<ol>",
            esc(lang.notes_word())
        );
        for (i, n) in notes.iter().enumerate() {
            let k = i + 1;
            let _ = writeln!(
                body,
                "<li id=\"{p}fn-{k}\">{} <a href=\"#{p}fnref-{k}\" aria-label=\"{}\">↩</a></li>",
                esc(n),
                lang.pick("terug", "back")
            );
        }
        body.push_str("</ol>\n</section>\n");
    }
    body
}

fn inline(inlines: &[Inline], p: &str, notes: &mut Vec<String>) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) => s.push_str(&esc(t)),
            Inline::Emph(t) => {
                let _ = write!(s, "<em>{}</em>", esc(t));
            }
            Inline::Strong(t) => {
                let _ = write!(s, "<strong>{}</strong>", esc(t));
            }
            Inline::Footnote(n) => {
                // The same note (e.g. the same source) keeps its number; the note links back
                // to its first mention.
                match notes.iter().position(|x| x == n) {
                    Some(i) => {
                        let k = i + 1;
                        let _ = write!(s, "<sup class=\"fn\"><a href=\"#{p}fn-{k}\">{k}</a></sup>");
                    }
                    None => {
                        notes.push(n.clone());
                        let k = notes.len();
                        let _ = write!(
                            s,
                            "<sup class=\"fn\"><a href=\"#{p}fn-{k}\" id=\"{p}fnref-{k}\">{k}</a></sup>"
                        );
                    }
                }
            }
        }
    }
    s
}

fn class(a: Align) -> &'static str {
    match a {
        Align::Left => "",
        Align::Right => " class=\"r\"",
        Align::Center => " class=\"c\"",
    }
}

/// A table in a wrapper that scrolls sideways on a narrow screen instead of widening the page.
fn table(out: &mut String, t: &Table, caption: Option<&str>) {
    out.push_str("<div class=\"table-wrap\"><table class=\"data\">\n");
    if let Some(c) = caption {
        let _ = writeln!(out, "<caption>{}</caption>", esc(c));
    }
    out.push_str("<thead><tr>");
    for c in &t.columns {
        let _ = write!(
            out,
            "<th scope=\"col\"{}>{}</th>",
            class(c.align),
            esc(&c.header)
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in 0..t.rows.len() {
        out.push_str("<tr>");
        for (i, c) in t.columns.iter().enumerate() {
            let _ = write!(out, "<td{}>{}</td>", class(c.align), esc(t.cell(r, i)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;
    use crate::model::Column;

    #[test]
    fn the_body_escapes_text_and_numbers_notes_under_its_prefix() {
        let mut doc = Document::new(Lang::Nl, "Brief <1>");
        doc.push(Block::heading(1, "Inleiding & doel"));
        doc.push(Block::Paragraph(vec![
            Inline::text("a<b"),
            Inline::footnote("Bron \"x\""),
        ]));
        doc.push(Block::Table(Table {
            caption: Some("T".into()),
            columns: vec![Column::text("k"), Column::number("n")],
            rows: vec![vec!["<i>".into(), "1".into()]],
        }));
        let html = body(
            &doc,
            HtmlPlacement {
                id_prefix: "letter-",
                title_level: 2,
            },
        );
        assert!(
            html.contains("<h2 class=\"doc-title\">Brief &lt;1&gt;</h2>"),
            "{html}"
        );
        assert!(html.contains("<h2>Inleiding &amp; doel</h2>"), "{html}");
        assert!(
            html.contains(
                "a&lt;b<sup class=\"fn\"><a href=\"#letter-fn-1\" id=\"letter-fnref-1\">"
            ),
            "{html}"
        );
        assert!(
            html.contains("<li id=\"letter-fn-1\">Bron &quot;x&quot; <a href=\"#letter-fnref-1\""),
            "{html}"
        );
        assert!(
            html.contains("<td>&lt;i&gt;</td><td class=\"r\">1</td>"),
            "{html}"
        );
        assert!(!html.contains("<i>") && !html.contains("<html"), "{html}");
        let page = render(&doc);
        assert!(page.starts_with("<!DOCTYPE html>") && page.contains("<h1 class=\"doc-title\">"));
    }
}
