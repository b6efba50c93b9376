//! A small hand-written SVG chart builder, the same charts for HTML (inline SVG) and PDF (SVG
//! placed by Typst) and as standalone files.
//!
//! Four kinds, each generic (no domain types) and each in its own file: [`StackedChart`]
//! (categories × stacked series, as bars or area: trajectories per phase over time),
//! [`TargetChart`] (a measured line, a forecast with its interval, a target line and a
//! deadline), [`HeatMap`] (rows × columns with a colour scale: sectors × themes) and
//! [`BarChart`] (horizontal bars: ranked sectors or hotspots). Every chart carries a `<title>`
//! and `<desc>` for screen readers and a data table ([`Chart::data`]) that Markdown prints
//! instead of the picture and HTML offers beside it. Text is at least 11 px in a 720 px wide
//! drawing, which prints at about 7.5 pt on A4.
//!
//! Where things are: [`Chart`] (the finished drawing and its three SVG forms) here; the tick
//! scale in `scale`, the y axis in `axis`, shared SVG helpers (number formatting, text widths,
//! colours) in `svg`, and one file per chart kind.

mod axis;
mod bar;
mod heat;
mod scale;
mod stacked;
mod svg;
mod target;

use std::fmt::Write as _;

pub use self::bar::{Bar, BarChart};
pub use self::heat::{HEAT_PALETTE, HeatMap};
pub use self::stacked::{Series, StackKind, StackedChart};
use self::svg::{ACCENT, FONT, INK, fmt};
pub use self::target::{ForecastPoint, TargetChart};
use crate::escape::xml;
use crate::table::{Column, Table};

/// Width of every chart's drawing, in SVG user units.
pub const WIDTH: f64 = 720.0;

/// Ordered colours for ordinal series (phases from "no initiative" to "implementing"): light
/// to dark, distinguishable in greyscale print and for colour-blind readers.
pub const ORDINAL_PALETTE: &[&str] = &[
    "#d9d9d9", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b", "#041c40",
];

/// A finished chart: SVG elements plus what is needed to place and describe them.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Short title, the SVG `<title>` (read by screen readers, shown as a tooltip).
    pub title: String,
    /// A sentence or two saying what the chart shows, the SVG `<desc>`.
    pub desc: String,
    /// Drawing width in user units.
    pub width: f64,
    /// Drawing height in user units.
    pub height: f64,
    /// The chart's numbers as a table, for Markdown and for readers who cannot see the chart.
    pub data: Table,
    body: String,
}

impl Chart {
    /// A chart of the standard width from its drawing, its numbers kept as an uncaptioned table
    /// of `columns` and `rows`: how every chart kind finishes.
    pub(crate) fn finished(
        title: &str,
        desc: &str,
        height: f64,
        columns: Vec<Column>,
        rows: Vec<Vec<String>>,
        body: String,
    ) -> Chart {
        Chart {
            title: title.to_string(),
            desc: desc.to_string(),
            width: WIDTH,
            height,
            data: Table {
                caption: None,
                columns,
                rows,
            },
            body,
        }
    }

    /// The SVG element for inline use in HTML: no XML namespace (HTML5 supplies it), `role=img`
    /// with `aria-labelledby` pointing at the title and description. `id` must be unique in
    /// the page.
    pub fn svg_inline(&self, id: &str) -> String {
        self.svg(id, false, false)
    }

    /// A standalone SVG document for the PDF renderer: with namespace, no visible title (the
    /// figure caption carries it).
    pub fn svg_document(&self) -> String {
        self.svg("chart", true, false)
    }

    /// A standalone SVG file to open on its own: with namespace and the title drawn on top.
    pub fn svg_file(&self) -> String {
        self.svg("chart", true, true)
    }

    fn svg(&self, id: &str, standalone: bool, visible_title: bool) -> String {
        let id = xml(id);
        let top = if visible_title { 34.0 } else { 0.0 };
        let h = self.height + top;
        let mut s = String::new();
        if standalone {
            s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        }
        let _ = write!(
            s,
            "<svg{ns} width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" \
             aria-labelledby=\"{id}-title {id}-desc\" font-family=\"{FONT}\" font-size=\"13\" \
             fill=\"{INK}\" class=\"chart\">\n<title id=\"{id}-title\">{title}</title>\n\
             <desc id=\"{id}-desc\">{desc}</desc>\n\
             <rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\n",
            ns = if standalone {
                " xmlns=\"http://www.w3.org/2000/svg\""
            } else {
                ""
            },
            w = fmt(self.width),
            h = fmt(h),
            title = xml(&self.title),
            desc = xml(&self.desc),
        );
        if visible_title {
            let _ = writeln!(
                s,
                "<text x=\"12\" y=\"23\" font-size=\"16\" font-weight=\"600\" fill=\"{ACCENT}\">{}</text>",
                xml(&self.title)
            );
            let _ = writeln!(s, "<g transform=\"translate(0 {top})\">");
        }
        s.push_str(&self.body.replace("__ID__", &id));
        if visible_title {
            s.push_str("</g>\n");
        }
        s.push_str("</svg>\n");
        s
    }
}
