//! Markdown (CommonMark with GitHub tables and footnotes). Charts appear as their data tables:
//! a Markdown file stays plain text, readable anywhere and diffable in review.

use std::fmt::Write as _;

use crate::escape::markdown as esc;
use crate::lang::LayoutWords;
use crate::model::{Align, Block, Document, Inline, Table};

/// Renders the document as Markdown.
pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    let mut notes: Vec<String> = Vec::new();
    let _ = writeln!(out, "# {}\n", esc(&doc.title));
    if let Some(sub) = &doc.subtitle {
        let _ = writeln!(out, "*{}*\n", esc(sub));
    }
    for (label, value) in &doc.meta {
        let _ = writeln!(out, "**{}:** {}  ", esc(label), esc(value));
    }
    if !doc.meta.is_empty() {
        out.push('\n');
    }
    let mut tables = 0;
    let mut figures = 0;
    for block in &doc.blocks {
        match block {
            Block::Heading { level, text } => {
                let hashes = "#".repeat(usize::from((*level).clamp(1, 3)) + 1);
                let _ = writeln!(out, "{hashes} {}\n", esc(text));
            }
            Block::Paragraph(inlines) => {
                let _ = writeln!(out, "{}\n", inline(inlines, &mut notes));
            }
            Block::Note(inlines) => {
                let _ = writeln!(out, "> {}\n", inline(inlines, &mut notes));
            }
            Block::List(items) => {
                for item in items {
                    let _ = writeln!(out, "- {}", inline(item, &mut notes));
                }
                out.push('\n');
            }
            Block::Table(t) => {
                tables += 1;
                if let Some(c) = &t.caption {
                    let _ = writeln!(out, "**{} {tables}.** {}\n", doc.lang.table_word(), esc(c));
                }
                table(&mut out, t);
            }
            Block::Figure(f) => {
                figures += 1;
                let _ = writeln!(
                    out,
                    "**{} {figures}.** {}\n",
                    doc.lang.figure_word(),
                    esc(&f.caption)
                );
                let _ = writeln!(out, "*{}*\n", esc(&f.chart.desc));
                table(&mut out, &f.chart.data);
            }
        }
    }
    if !notes.is_empty() {
        let _ = writeln!(out, "---\n");
        for (i, n) in notes.iter().enumerate() {
            let _ = writeln!(out, "[^{}]: {}", i + 1, esc(n));
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn inline(inlines: &[Inline], notes: &mut Vec<String>) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) => s.push_str(&esc(t)),
            Inline::Emph(t) if !t.trim().is_empty() => {
                let _ = write!(s, "*{}*", esc(t.trim()));
            }
            Inline::Strong(t) if !t.trim().is_empty() => {
                let _ = write!(s, "**{}**", esc(t.trim()));
            }
            Inline::Emph(t) | Inline::Strong(t) => s.push_str(&esc(t)),
            Inline::Footnote(n) => {
                // The same note (e.g. the same source) keeps its number.
                let k = match notes.iter().position(|x| x == n) {
                    Some(i) => i + 1,
                    None => {
                        notes.push(n.clone());
                        notes.len()
                    }
                };
                let _ = write!(s, "[^{k}]");
            }
        }
    }
    // Escaping block markers only matters at the start of the whole run; `esc` did it per run,
    // which is also safe (an escaped character prints as itself).
    s
}

fn table(out: &mut String, t: &Table) {
    let n = t.columns.len();
    if n == 0 {
        return;
    }
    let cell = |s: &str| esc(s).replace('\n', " ");
    let header: Vec<String> = t.columns.iter().map(|c| cell(&c.header)).collect();
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let rule: Vec<&str> = t
        .columns
        .iter()
        .map(|c| match c.align {
            Align::Left => ":---",
            Align::Right => "---:",
            Align::Center => ":---:",
        })
        .collect();
    let _ = writeln!(out, "| {} |", rule.join(" | "));
    for r in 0..t.rows.len() {
        let cells: Vec<String> = (0..n).map(|c| cell(t.cell(r, c))).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}
