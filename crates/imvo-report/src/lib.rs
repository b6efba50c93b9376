//! Letters and reports from domain values: Markdown, self-contained HTML with SVG charts, and PDF.
//!
//! Two layers:
//!
//! - **Generic machinery**, independent of the domain: a small document model ([`Document`],
//!   [`Block`], [`Inline`], [`Table`], [`Figure`]), an SVG chart builder ([`chart`]), and
//!   [`render`], which writes a document as Markdown, one self-contained HTML file (inline CSS
//!   and SVG, no scripts, no external resources) or PDF (Typst, through `imvo-pdf`, fonts
//!   embedded). Any report — the progress letter, the sector risk report — builds a
//!   [`Document`] and calls [`render`]; the renderers escape all text for their target.
//! - **The progress letter to Parliament** ([`letter`]), built from the domain's portfolio as
//!   of a date, in Dutch or English, following the structure of Kamerstuk 26 485 nr. 212.
//! - **The annual covenant report on due diligence** ([`covenant`]), from a covenant's public
//!   figures only.
//!
//! PDF rendering is CPU work (tens of milliseconds); async callers should use
//! `spawn_blocking`.

pub mod chart;
pub mod covenant;
pub mod escape;
mod html;
mod lang;
pub mod letter;
mod markdown;
mod model;
mod table;
mod typst;

use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;

pub use crate::chart::Chart;
pub use crate::html::HtmlPlacement;
pub use crate::lang::{Lang, LayoutWords, UnknownLang};
pub use crate::model::{Align, Block, Column, Document, Figure, Inline, Table};
pub use crate::typst::TypstDocument;

/// An output format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Markdown (CommonMark with GitHub tables and footnotes); charts as data tables.
    Markdown,
    /// One self-contained HTML file with inline CSS and SVG.
    Html,
    /// PDF/A-4-sized pages through Typst, fonts embedded.
    Pdf,
}

impl Format {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Pdf => "pdf",
        }
    }

    /// The HTTP content type of a file in this format.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Markdown => "text/markdown; charset=utf-8",
            Format::Html => "text/html; charset=utf-8",
            Format::Pdf => "application/pdf",
        }
    }

    /// All formats, in the order a demo writes them.
    pub const ALL: [Format; 3] = [Format::Markdown, Format::Html, Format::Pdf];
}

/// A format name other than `md`, `html` or `pdf`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format {0:?}: use \"md\", \"html\" or \"pdf\"")]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Ok(Format::Markdown),
            "html" | "htm" => Ok(Format::Html),
            "pdf" => Ok(Format::Pdf),
            _ => Err(UnknownFormat(s.to_owned())),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

/// Why a report could not be produced.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// The PDF engine refused the generated document. This is a bug in the report generator
    /// (the Typst source is generated and escaped here); the message names the line of the
    /// generated source.
    #[error("could not make the PDF: {0}")]
    Pdf(#[from] imvo_pdf::PdfError),
    /// The data does not allow the report (e.g. the portfolio holds no trajectories).
    #[error("{0}")]
    Data(String),
    /// The output file could not be written; nothing was left half-written.
    #[error("could not write {path}: {source}; check that the folder exists and is writable")]
    Write {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Renders a document in the given format: UTF-8 text for Markdown and HTML, PDF bytes.
pub fn render(doc: &Document, format: Format) -> Result<Vec<u8>, ReportError> {
    match format {
        Format::Markdown => Ok(render_markdown(doc).into_bytes()),
        Format::Html => Ok(render_html(doc).into_bytes()),
        Format::Pdf => render_pdf(doc),
    }
}

/// The document as Markdown.
pub fn render_markdown(doc: &Document) -> String {
    markdown::render(doc)
}

/// The document as one self-contained HTML page.
pub fn render_html(doc: &Document) -> String {
    html::render(doc)
}

/// The document's content as HTML for a page with its own layout: the same markup as
/// [`render_html`] without the page, style sheet and `<title>` around it.
pub fn render_html_body(doc: &Document, placement: HtmlPlacement<'_>) -> String {
    html::body(doc, placement)
}

/// The Typst source and chart assets of the document, for inspection or another PDF route.
pub fn render_typst(doc: &Document) -> TypstDocument {
    typst::render(doc)
}

/// The document as PDF (A4, fonts embedded, deterministic bytes).
pub fn render_pdf(doc: &Document) -> Result<Vec<u8>, ReportError> {
    let t = typst::render(doc);
    let assets: Vec<(&str, &[u8])> = t
        .assets
        .iter()
        .map(|(n, s)| (n.as_str(), s.as_bytes()))
        .collect();
    Ok(imvo_pdf::render_pdf(&t.source, &assets)?)
}

/// Renders `doc` in `format` and writes it to `path` atomically (a temporary file beside it,
/// then a rename), so no reader ever sees a half-written report.
pub fn write(doc: &Document, format: Format, path: &Path) -> Result<(), ReportError> {
    let bytes = render(doc, format)?;
    write_atomically(path, &bytes)
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    let err = |source| ReportError::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().ok_or_else(|| {
        err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a file name",
        ))
    })?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(err)
}

#[cfg(test)]
mod tests;
