//! Typst fenced off: turns a generated Typst document into PDF with embedded fonts.
//!
//! Typst is a large dependency with a Rust API that changes with every release, so it lives in
//! this crate alone (pinned to 0.15.1) and the rest of imvo sees one function, [`render_pdf`]:
//! Typst source plus named assets (SVG charts, images) in, PDF bytes out.
//!
//! - **Fonts** are compiled into the binary (Open Sans, Apache-2.0, see `fonts/README.md`);
//!   system fonts are never consulted, so the same source gives the same PDF on every machine.
//! - **Deterministic:** the creation date is fixed (the document's own `set document(date: ..)`
//!   wins; otherwise [`FALLBACK_DATE`]), `datetime.today()` returns that same date, and the
//!   document identifier is derived from the title, so two runs give identical bytes.
//! - **Languages:** hyphenation and quotes follow `set text(lang: "nl")` or `"en"` in the source.
//! - Rendering is CPU-bound (tens of milliseconds for a letter); async callers should run it in
//!   `spawn_blocking`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::LazyLock;

use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;

/// The date written into the PDF when the source does not set `document(date: ..)`, and the
/// value of `datetime.today()`: fixed so that output never depends on the clock.
pub const FALLBACK_DATE: (i32, u8, u8) = (2000, 1, 1);

/// The font families compiled into this crate, for callers that name fonts in Typst source or
/// in SVG (`font-family`). Any other family falls back to the first of these.
pub const FONT_FAMILIES: &[&str] = &["Open Sans"];

/// The name under which the main source is compiled; assets may not use it.
const MAIN_NAME: &str = "main.typ";

/// The embedded font files: (file name, bytes).
static FONT_FILES: &[(&str, &[u8])] = &[
    (
        "OpenSans-Regular.ttf",
        include_bytes!("../fonts/OpenSans-Regular.ttf"),
    ),
    (
        "OpenSans-Italic.ttf",
        include_bytes!("../fonts/OpenSans-Italic.ttf"),
    ),
    (
        "OpenSans-Semibold.ttf",
        include_bytes!("../fonts/OpenSans-Semibold.ttf"),
    ),
    (
        "OpenSans-Bold.ttf",
        include_bytes!("../fonts/OpenSans-Bold.ttf"),
    ),
    (
        "OpenSans-BoldItalic.ttf",
        include_bytes!("../fonts/OpenSans-BoldItalic.ttf"),
    ),
];

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PdfError {
    /// The Typst source has errors. Generated source should never fail; when it does, the
    /// messages name the line and column in the generated source, which is a bug in the
    /// generator (usually missing escaping).
    #[error("the Typst source does not compile:\n{}", format_diagnostics(.0))]
    Compile(Vec<Diagnostic>),
    /// The compiled document could not be written as PDF.
    #[error("the document could not be exported as PDF:\n{}", format_diagnostics(.0))]
    Export(Vec<Diagnostic>),
    /// An asset name is not a usable relative path (empty, absolute, with `..`) or collides
    /// with another asset or the main source.
    #[error(
        "asset name {name:?} is not usable: {reason}; use a plain relative name such as \"chart-1.svg\""
    )]
    AssetName {
        /// The offending name.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
}

/// One error or warning from Typst, located in the generated source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// 1-based line in the source, when Typst could locate it.
    pub line: Option<usize>,
    /// 1-based column (in characters), when Typst could locate it.
    pub column: Option<usize>,
    /// What Typst says.
    pub message: String,
    /// Typst's hints on how to fix it.
    pub hints: Vec<String>,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{MAIN_NAME}:{l}:{c}: {}", self.message)?,
            _ => write!(f, "{MAIN_NAME}: {}", self.message)?,
        }
        for hint in &self.hints {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

fn format_diagnostics(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| format!("  {d}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The parts of a Typst world that never change: standard library, fonts.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES
        .iter()
        .flat_map(|(_, data)| Font::iter(Bytes::new(*data)))
        .collect();
    Shared {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

/// One compilation: the main source and its assets, all in memory.
struct MemoryWorld {
    main: Source,
    files: HashMap<FileId, Bytes>,
}

fn file_id(name: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(name).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl World for MemoryWorld {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &SHARED.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else if self.files.contains_key(&id) {
            Err(FileError::NotSource)
        } else {
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.text().to_owned()));
        }
        self.files.get(&id).cloned().ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        SHARED.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        let (y, m, d) = FALLBACK_DATE;
        Datetime::from_ymd(y, m, d)
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(PathBuf::from(id.get().vpath().get_without_slash()))
}

/// Compiles `typst_source` to PDF. `assets` are files the source may read by name, e.g.
/// `("chart-1.svg", svg_bytes)` placed with `#image("chart-1.svg")`.
///
/// The output depends only on the inputs (fixed fonts, fixed fallback date), so it can be
/// compared byte for byte between runs. Warnings are dropped; errors name the line and column
/// in `typst_source`.
pub fn render_pdf(typst_source: &str, assets: &[(&str, &[u8])]) -> Result<Vec<u8>, PdfError> {
    let main_id = file_id(MAIN_NAME).expect("the main name is a valid path");
    let mut files = HashMap::new();
    for (name, bytes) in assets {
        if name.is_empty() || name.starts_with('/') || name.split('/').any(|p| p == "..") {
            return Err(PdfError::AssetName {
                name: (*name).to_owned(),
                reason: "it must be a non-empty relative path without '..'",
            });
        }
        let id = file_id(name).ok_or_else(|| PdfError::AssetName {
            name: (*name).to_owned(),
            reason: "Typst does not accept it as a path",
        })?;
        if id == main_id {
            return Err(PdfError::AssetName {
                name: (*name).to_owned(),
                reason: "it is the name of the main source",
            });
        }
        if files.insert(id, Bytes::new(bytes.to_vec())).is_some() {
            return Err(PdfError::AssetName {
                name: (*name).to_owned(),
                reason: "two assets have this name",
            });
        }
    }
    let world = MemoryWorld {
        main: Source::new(main_id, typst_source.to_owned()),
        files,
    };

    let result = typst::compile::<PagedDocument>(&world).output;
    let document =
        result.map_err(|errors| PdfError::Compile(diagnostics(&world, errors.as_slice())))?;

    let (y, m, d) = FALLBACK_DATE;
    let options = typst_pdf::PdfOptions {
        ident: Smart::Auto,
        creator: Smart::Custom(Some("imvo".to_owned())),
        timestamp: Datetime::from_ymd(y, m, d).map(typst_pdf::Timestamp::new_utc),
        ..typst_pdf::PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&document, &options)
        .map_err(|errors| PdfError::Export(diagnostics(&world, errors.as_slice())));
    // Typst memoises layout across calls; drop entries unused for a few calls so a long-running
    // server does not grow without bound.
    typst::comemo::evict(5);
    pdf
}

fn diagnostics(world: &MemoryWorld, errors: &[SourceDiagnostic]) -> Vec<Diagnostic> {
    errors
        .iter()
        .filter(|e| e.severity == Severity::Error)
        .map(|e| {
            let (line, column) = match world.range(e.span) {
                Some(range) => {
                    let text = world.main.text();
                    let before = &text[..range.start.min(text.len())];
                    let line = before.matches('\n').count() + 1;
                    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                    (Some(line), Some(column))
                }
                None => (None, None),
            };
            Diagnostic {
                line,
                column,
                message: e.message.to_string(),
                hints: e.hints.iter().map(|h| h.v.to_string()).collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100"><title>Test chart</title><rect x="10" y="10" width="80" height="80" fill="#154273"/><text x="100" y="55" font-family="Open Sans" font-size="14">Grafiek</text></svg>"##;

    fn letter() -> String {
        r#"#set document(title: "Voortgangsbrief", date: datetime(year: 2015, month: 7, day: 10))
#set text(lang: "nl", font: "Open Sans")
#set par(justify: true)
= Voortgang
Internationaal maatschappelijk verantwoord ondernemen in de textielsector en de bancaire sector.
#figure(image("chart.svg", width: 50%), caption: [Trajecten per fase])
"#
        .to_owned()
    }

    #[test]
    fn renders_a_pdf_with_an_svg_asset() {
        let pdf = render_pdf(&letter(), &[("chart.svg", SVG.as_bytes())]).expect("renders");
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.len() > 1000);
    }

    #[test]
    fn output_is_deterministic() {
        let assets: &[(&str, &[u8])] = &[("chart.svg", SVG.as_bytes())];
        let a = render_pdf(&letter(), assets).expect("renders");
        let b = render_pdf(&letter(), assets).expect("renders");
        assert_eq!(a, b);
    }

    #[test]
    fn compile_errors_name_line_and_column() {
        let err = render_pdf("Hallo\n#unknown_function()", &[]).unwrap_err();
        let PdfError::Compile(diags) = &err else {
            panic!("expected a compile error, got {err}");
        };
        assert_eq!(diags[0].line, Some(2));
        assert_eq!(diags[0].column, Some(2));
        assert!(err.to_string().contains("main.typ:2:2"), "{err}");
    }

    #[test]
    fn missing_asset_is_an_error() {
        let err = render_pdf("#image(\"nope.svg\")", &[]).unwrap_err();
        assert!(err.to_string().contains("nope.svg"), "{err}");
    }

    #[test]
    fn bad_asset_names_are_refused() {
        for name in ["", "../x.svg", "/abs.svg", "main.typ"] {
            let err = render_pdf("x", &[(name, b"")]).unwrap_err();
            assert!(matches!(err, PdfError::AssetName { .. }), "{name}: {err}");
        }
        let err = render_pdf("x", &[("a.svg", b""), ("a.svg", b"")]).unwrap_err();
        assert!(matches!(err, PdfError::AssetName { .. }));
    }
}
