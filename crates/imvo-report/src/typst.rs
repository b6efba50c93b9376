//! Typst source for the PDF: an A4 page in the manner of a letter to Parliament (a ribbon in
//! Rijksoverheid blue, a heading block, justified and hyphenated text, numbered figures and
//! tables, footnotes at the foot of the page). Charts go in as SVG assets, vector all the way.

use std::fmt::Write as _;

use crate::escape::{typst_markup as esc, typst_string as str_lit};
use crate::model::{Align, Block, Document, Inline, Table};

/// The Typst source and the SVG assets it places, by name.
#[derive(Debug, Clone, PartialEq)]
pub struct TypstDocument {
    /// The main source.
    pub source: String,
    /// (file name, SVG text) of every chart.
    pub assets: Vec<(String, String)>,
}

const PREAMBLE: &str = r##"
#let blue = rgb("#154273")
#let muted = rgb("#555555")
#set page(
  paper: "a4",
  margin: (top: 2.6cm, bottom: 2.4cm, left: 2.5cm, right: 2.5cm),
  header: context {
    if here().page() > 1 {
      set text(size: 7.5pt, fill: muted)
      grid(columns: (1fr, auto), doc-title, [])
      v(-0.3em)
      line(length: 100%, stroke: 0.4pt + rgb("#c8c8c8"))
    }
  },
  footer: context {
    set text(size: 7.5pt, fill: muted)
    align(right, counter(page).display("1 / 1", both: true))
  },
)
#set text(font: "Open Sans", size: 9.5pt, fill: rgb("#1a1a1a"), hyphenate: true)
#set par(justify: true, leading: 0.62em, spacing: 1.05em)
#set list(marker: text(fill: blue)[–], indent: 0.2em, body-indent: 0.6em, spacing: 0.75em)
#show heading: set text(fill: blue, weight: "semibold")
#show heading.where(level: 1): it => block(above: 1.6em, below: 0.8em, text(size: 12.5pt, it.body))
#show heading.where(level: 2): it => block(above: 1.3em, below: 0.6em, text(size: 10.5pt, it.body))
#show heading.where(level: 3): it => block(above: 1.1em, below: 0.5em, text(size: 9.5pt, it.body))
#set table(stroke: none, inset: (x: 5pt, y: 3.6pt))
#show table.cell.where(y: 0): set text(weight: "semibold")
#show figure.where(kind: table): set figure.caption(position: top)
#show figure.caption: it => {
  set text(size: 8.5pt)
  set par(justify: false)
  [#text(weight: "semibold", fill: blue)[#it.supplement #context it.counter.display(it.numbering).] #it.body]
}
#show figure: set block(breakable: false)
#set footnote.entry(separator: line(length: 30%, stroke: 0.5pt + muted))
#show footnote.entry: set text(size: 7.5pt)
"##;

/// Writes the Typst source of a document and collects its chart assets.
pub fn render(doc: &Document) -> TypstDocument {
    let mut s = String::new();
    let title = str_lit(&doc.title);
    let _ = write!(s, "#set document(title: \"{title}\"");
    if let Some((y, m, d)) = doc.date {
        let _ = write!(s, ", date: datetime(year: {y}, month: {m}, day: {d})");
    }
    s.push_str(")\n");
    let _ = writeln!(s, "#set text(lang: \"{}\")", doc.lang.code());
    let _ = writeln!(s, "#let doc-title = \"{title}\"");
    s.push_str(PREAMBLE);

    // Heading block: ribbon, title, subtitle, meta.
    s.push_str(
        "#place(top + center, dy: -2.6cm, rect(width: 1.1cm, height: 2.1cm, fill: blue, stroke: none))\n#v(0.6cm)\n",
    );
    let _ = writeln!(
        s,
        "#block(below: 0.5em, text(size: 17pt, weight: \"semibold\", fill: blue, hyphenate: false)[{}])",
        esc(&doc.title)
    );
    if let Some(sub) = &doc.subtitle {
        let _ = writeln!(
            s,
            "#block(below: 0.9em, text(size: 10.5pt, fill: muted)[{}])",
            esc(sub)
        );
    }
    if !doc.meta.is_empty() {
        s.push_str("#grid(columns: (auto, 1fr), column-gutter: 1.2em, row-gutter: 0.5em,\n");
        for (k, v) in &doc.meta {
            let _ = writeln!(
                s,
                "  text(size: 8.5pt, fill: muted)[{}], text(size: 8.5pt)[{}],",
                esc(k),
                esc(v)
            );
        }
        s.push_str(")\n");
    }
    s.push_str("#v(0.3em)\n#line(length: 100%, stroke: 1pt + blue)\n#v(0.4em)\n\n");

    let mut assets = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Heading { level, text } => {
                let _ = writeln!(
                    s,
                    "#heading(level: {}, outlined: true)[{}]\n",
                    (*level).clamp(1, 3),
                    esc(text)
                );
            }
            Block::Paragraph(inl) => {
                let _ = writeln!(s, "{}\n", inline(inl, &mut notes));
            }
            Block::Note(inl) => {
                let _ = writeln!(
                    s,
                    "#block(inset: (left: 8pt, y: 2pt), stroke: (left: 2pt + rgb(\"#c8c8c8\")), text(size: 8pt, fill: muted)[{}])\n",
                    inline(inl, &mut notes)
                );
            }
            Block::List(items) => {
                s.push_str("#list(\n");
                for item in items {
                    let _ = writeln!(s, "  [{}],", inline(item, &mut notes));
                }
                s.push_str(")\n\n");
            }
            Block::Table(t) => {
                let caption = t
                    .caption
                    .as_ref()
                    .map(|c| format!("[{}]", esc(c)))
                    .unwrap_or_else(|| "none".to_owned());
                let _ = writeln!(
                    s,
                    "#figure(kind: table, caption: {caption},\n{})\n",
                    table(t)
                );
            }
            Block::Figure(f) => {
                let name = format!("figure-{}.svg", assets.len() + 1);
                let _ = writeln!(
                    s,
                    "#figure(image(\"{name}\", width: 100%, alt: \"{}\"), caption: [{}])\n",
                    str_lit(&format!("{}. {}", f.chart.title, f.chart.desc)),
                    esc(&f.caption)
                );
                assets.push((name, f.chart.svg_document()));
            }
        }
    }
    TypstDocument { source: s, assets }
}

fn inline(inlines: &[Inline], notes: &mut Vec<String>) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) => s.push_str(&esc(t)),
            Inline::Emph(t) => {
                let _ = write!(s, "#emph[{}]", esc(t));
            }
            Inline::Strong(t) => {
                let _ = write!(s, "#strong[{}]", esc(t));
            }
            Inline::Footnote(n) => {
                // The same note (e.g. the same source) keeps its number: the first one is
                // labelled, repeats refer to it.
                match notes.iter().position(|x| x == n) {
                    Some(i) => {
                        let _ = write!(s, "#footnote(<fn-{}>)", i + 1);
                    }
                    None => {
                        notes.push(n.clone());
                        let _ = write!(s, "#footnote[{}]<fn-{}>", esc(n), notes.len());
                    }
                }
            }
        }
    }
    s
}

fn table(t: &Table) -> String {
    let n = t.columns.len().max(1);
    let mut s = String::new();
    let widths: Vec<&str> = t
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i == 0 && c.align == Align::Left {
                "1fr"
            } else {
                "auto"
            }
        })
        .collect();
    let aligns: Vec<&str> = t
        .columns
        .iter()
        .map(|c| match c.align {
            Align::Left => "left",
            Align::Right => "right",
            Align::Center => "center",
        })
        .collect();
    let _ = writeln!(
        s,
        "table(columns: ({},), align: ({},),\n  fill: (_, y) => if y > 0 and calc.even(y) {{ rgb(\"#f2f5f9\") }},\n  stroke: (_, y) => if y == 0 {{ (bottom: 1pt + blue) }} else {{ (bottom: 0.4pt + rgb(\"#c8c8c8\")) }},",
        widths.join(", "),
        aligns.join(", ")
    );
    s.push_str("  table.header(");
    for c in &t.columns {
        let _ = write!(s, "[{}], ", esc(&c.header));
    }
    s.push_str("),\n");
    for r in 0..t.rows.len() {
        s.push_str("  ");
        for c in 0..n {
            let _ = write!(s, "text(size: 8.5pt)[{}], ", esc(t.cell(r, c)));
        }
        s.push('\n');
    }
    s.push(')');
    s
}
