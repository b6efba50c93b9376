//! The document model: what every report is made of, independent of the output format.
//!
//! A report builds a [`Document`] from domain values; [`crate::render`] turns it into Markdown,
//! one self-contained HTML file, or PDF. All text in the model is plain user text: the renderers
//! escape it for their target, so a sector called `*A&B* <C>` prints as written everywhere.

use crate::chart::Chart;
use crate::lang::Lang;
pub use crate::table::{Align, Column, Table};

/// A whole report or letter.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The language of the text; sets hyphenation, quotes and the words the renderers add
    /// ("Figuur", "Noten").
    pub lang: Lang,
    /// The title on the first page and in the PDF/HTML metadata.
    pub title: String,
    /// A line under the title (e.g. "Stand per 10 juli 2015").
    pub subtitle: Option<String>,
    /// Label–value pairs shown in a block under the title, as in the heading of a ministry
    /// letter ("Datum", "Betreft").
    pub meta: Vec<(String, String)>,
    /// The document date, written into the PDF metadata: (year, month, day).
    pub date: Option<(i32, u32, u32)>,
    /// The body.
    pub blocks: Vec<Block>,
}

impl Document {
    /// An empty document with a title.
    pub fn new(lang: Lang, title: impl Into<String>) -> Self {
        Self {
            lang,
            title: title.into(),
            subtitle: None,
            meta: Vec::new(),
            date: None,
            blocks: Vec::new(),
        }
    }

    /// Appends a block.
    pub fn push(&mut self, block: Block) -> &mut Self {
        self.blocks.push(block);
        self
    }

    /// All text of the document as plain text, one block per line (headings, paragraphs,
    /// list items, table cells, figure captions, footnotes inline): for search, indexing and
    /// tests that check a fact made it into the document whatever the output format.
    pub fn plain_text(&self) -> String {
        fn runs(inl: &[Inline]) -> String {
            inl.iter()
                .map(|i| match i {
                    Inline::Text(t) | Inline::Emph(t) | Inline::Strong(t) => t.clone(),
                    Inline::Footnote(t) => format!(" [{t}]"),
                })
                .collect()
        }
        let mut out = vec![self.title.clone()];
        out.extend(self.subtitle.clone());
        out.extend(self.meta.iter().map(|(k, v)| format!("{k}: {v}")));
        for b in &self.blocks {
            match b {
                Block::Heading { text, .. } => out.push(text.clone()),
                Block::Paragraph(i) | Block::Note(i) => out.push(runs(i)),
                Block::List(items) => out.extend(items.iter().map(|i| runs(i))),
                Block::Table(t) => {
                    out.extend(t.caption.clone());
                    out.extend(t.rows.iter().map(|r| r.join(" | ")));
                }
                Block::Figure(f) => out.push(f.caption.clone()),
            }
        }
        out.join("\n")
    }

    /// The figures of the document in order, numbered from 1 as the renderers number them.
    pub fn figures(&self) -> impl Iterator<Item = (usize, &Figure)> {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Figure(f) => Some(f),
                _ => None,
            })
            .enumerate()
            .map(|(i, f)| (i + 1, f))
    }
}

/// One block of the body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A section heading; level 1 is a chapter ("2. Voortgang"), 2 and 3 are subsections.
    Heading {
        /// 1, 2 or 3 (deeper levels render as 3).
        level: u8,
        /// The heading text, including any number the author wants shown.
        text: String,
    },
    /// A paragraph of running text.
    Paragraph(Vec<Inline>),
    /// A bullet list; each item is a run of inline text.
    List(Vec<Vec<Inline>>),
    /// A table with a header row.
    Table(Table),
    /// A numbered figure with a chart.
    Figure(Figure),
    /// Small print set apart from the body: provenance, method notes.
    Note(Vec<Inline>),
}

impl Block {
    /// A heading.
    pub fn heading(level: u8, text: impl Into<String>) -> Self {
        Block::Heading {
            level,
            text: text.into(),
        }
    }

    /// A paragraph of plain text.
    pub fn para(text: impl Into<String>) -> Self {
        Block::Paragraph(vec![Inline::Text(text.into())])
    }
}

/// A run of text inside a paragraph, list item or note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// Emphasised (italic) text, e.g. the title of a plan or code.
    Emph(String),
    /// Strong (bold) text, for the few words a reader must not miss.
    Strong(String),
    /// A footnote at this point, e.g. the source of a fact ("Kamerstuk 26 485, nr. 197").
    /// Numbered in order of appearance through the whole document.
    Footnote(String),
}

impl Inline {
    /// Plain text.
    pub fn text(s: impl Into<String>) -> Self {
        Inline::Text(s.into())
    }
    /// Emphasised text.
    pub fn emph(s: impl Into<String>) -> Self {
        Inline::Emph(s.into())
    }
    /// Strong text.
    pub fn strong(s: impl Into<String>) -> Self {
        Inline::Strong(s.into())
    }
    /// A footnote.
    pub fn footnote(s: impl Into<String>) -> Self {
        Inline::Footnote(s.into())
    }
}

impl From<&str> for Inline {
    fn from(s: &str) -> Self {
        Inline::Text(s.to_owned())
    }
}

impl From<String> for Inline {
    fn from(s: String) -> Self {
        Inline::Text(s)
    }
}

/// A numbered figure holding a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The chart.
    pub chart: Chart,
    /// The caption under the figure.
    pub caption: String,
}
