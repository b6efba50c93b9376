//! A small hand-written SVG chart builder, the same charts for HTML (inline SVG) and PDF (SVG
//! placed by Typst) and as standalone files.
//!
//! Four kinds, each generic (no domain types): [`StackedChart`] (categories × stacked series,
//! as bars or area: trajectories per phase over time), [`TargetChart`] (a measured line, a
//! forecast with its interval, a target line and a deadline), [`HeatMap`] (rows × columns with a
//! colour scale: sectors × themes) and [`BarChart`] (horizontal bars: ranked sectors or
//! hotspots). Every chart carries a `<title>` and `<desc>` for screen readers and a data table
//! ([`Chart::data`]) that Markdown prints instead of the picture and HTML offers beside it.
//! Text is at least 11 px in a 720 px wide drawing, which prints at about 7.5 pt on A4.

use std::fmt::Write as _;

use crate::escape::xml;
use crate::lang::Lang;
use crate::model::{Column, Table};

/// Width of every chart's drawing, in SVG user units.
pub const WIDTH: f64 = 720.0;
const FONT: &str = "Open Sans, Segoe UI, Helvetica, Arial, sans-serif";
const INK: &str = "#1a1a1a";
const MUTED: &str = "#555555";
const GRID: &str = "#d0d0d0";
const ACCENT: &str = "#154273";
const TARGET: &str = "#b2182b";

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

/// Formats a coordinate compactly and deterministically (at most two decimals).
fn fmt(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

/// Estimated width of `text` at `size` in Open Sans (average advance ≈ 0.56 em).
fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.56
}

/// `text` cut with an ellipsis so that it is at most `max` wide at `size`: labels beyond the
/// space kept for them would run off the drawing. The full text stays in the cell's or bar's
/// `<title>` and in the data table.
fn fit(text: &str, size: f64, max: f64) -> String {
    if text_width(text, size) <= max {
        return text.to_string();
    }
    let keep = ((max / (size * 0.56)).floor() as usize).saturating_sub(1);
    let mut cut: String = text.chars().take(keep).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

/// A "nice" tick step (1, 2, 5 × 10ⁿ) giving at most about `target` ticks up to `max`.
fn nice_step(max: f64, target: usize) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let raw = max / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let nice = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

/// Ticks from 0 to at least `max`: (values, top of the axis).
fn ticks(max: f64, target: usize, integer: bool) -> (Vec<f64>, f64) {
    let mut step = nice_step(max, target);
    if integer {
        step = step.max(1.0).round();
    }
    let n = (max / step).ceil().max(1.0) as usize;
    let top = step * n as f64;
    ((0..=n).map(|i| step * i as f64).collect(), top)
}

/// Relative luminance of a `#rrggbb` colour, to choose dark or white text on it.
fn luminance(color: &str) -> f64 {
    let hex = color.trim_start_matches('#');
    let c = |i: usize| {
        u8::from_str_radix(hex.get(i..i + 2).unwrap_or("80"), 16).unwrap_or(128) as f64 / 255.0
    };
    0.2126 * c(0) + 0.7152 * c(2) + 0.0722 * c(4)
}

fn label_color(fill: &str) -> &'static str {
    if luminance(fill) < 0.45 {
        "#ffffff"
    } else {
        INK
    }
}

fn number(lang: Lang, x: f64, decimals: usize) -> String {
    lang.number(x, decimals)
}

/// One series of a [`StackedChart`].
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The legend label.
    pub label: String,
    /// One value per category; missing values count as 0.
    pub values: Vec<f64>,
    /// A `#rrggbb` colour; `None` takes the next colour of [`ORDINAL_PALETTE`].
    pub color: Option<String>,
}

/// How a [`StackedChart`] draws its stacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StackKind {
    /// One stacked bar per category, with the values written in the segments.
    #[default]
    Bars,
    /// Stacked areas through the category points.
    Area,
}

/// Categories (e.g. dates) on the x axis, series stacked on each: the number of trajectories
/// in each phase over time.
#[derive(Debug, Clone, PartialEq)]
pub struct StackedChart {
    /// Title (`<title>`).
    pub title: String,
    /// Description (`<desc>`).
    pub desc: String,
    /// Language of the numbers and the data table.
    pub lang: Lang,
    /// The x-axis categories, in order.
    pub categories: Vec<String>,
    /// The header of the category column in the data table.
    pub category_label: String,
    /// The series, bottom of the stack first.
    pub series: Vec<Series>,
    /// The y-axis label.
    pub y_label: String,
    /// Bars or area.
    pub kind: StackKind,
}

impl StackedChart {
    /// Draws the chart.
    pub fn build(&self) -> Chart {
        let n = self.categories.len();
        let colors: Vec<String> = self
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| {
                s.color
                    .clone()
                    .unwrap_or_else(|| ORDINAL_PALETTE[i % ORDINAL_PALETTE.len()].to_owned())
            })
            .collect();
        let value = |s: &Series, j: usize| s.values.get(j).copied().unwrap_or(0.0).max(0.0);
        let totals: Vec<f64> = (0..n)
            .map(|j| self.series.iter().map(|s| value(s, j)).sum())
            .collect();
        let max_total = totals.iter().copied().fold(0.0, f64::max);
        let integer = self
            .series
            .iter()
            .all(|s| s.values.iter().all(|v| v.fract() == 0.0));
        let (yt, top) = ticks(max_total, 5, integer);

        let legend_w = self
            .series
            .iter()
            .map(|s| text_width(&s.label, 13.0))
            .fold(0.0, f64::max)
            + 34.0;
        let left = 58.0;
        let right = legend_w + 16.0;
        let plot_w = WIDTH - left - right;
        let band = plot_w / n.max(1) as f64;
        let max_label = self
            .categories
            .iter()
            .map(|c| text_width(c, 12.0))
            .fold(0.0, f64::max);
        let rotate = max_label > band * 0.95;
        let bottom = if rotate { 24.0 + max_label * 0.6 } else { 34.0 };
        let plot_h = 300.0;
        let top_pad = 22.0;
        let height = top_pad + plot_h + bottom;
        let y = |v: f64| top_pad + plot_h - v / top * plot_h;
        let xc = |j: usize| left + band * (j as f64 + 0.5);

        let mut b = String::new();
        axes_y(&mut b, &yt, left, left + plot_w, y, self.lang, integer);
        let _ = writeln!(
            b,
            "<text transform=\"translate(14 {}) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\" fill=\"{MUTED}\">{}</text>",
            fmt(top_pad + plot_h / 2.0),
            xml(&self.y_label)
        );

        match self.kind {
            StackKind::Bars => {
                let bw = (band * 0.62).min(64.0);
                for (j, total) in totals.iter().enumerate() {
                    let mut base = 0.0;
                    let _ = writeln!(b, "<g>");
                    for (i, s) in self.series.iter().enumerate() {
                        let v = value(s, j);
                        if v <= 0.0 {
                            continue;
                        }
                        let (y0, y1) = (y(base), y(base + v));
                        let _ = writeln!(
                            b,
                            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"0.8\"><title>{}: {}</title></rect>",
                            fmt(xc(j) - bw / 2.0),
                            fmt(y1),
                            fmt(bw),
                            fmt(y0 - y1),
                            colors[i],
                            xml(&format!("{} – {}", self.categories[j], s.label)),
                            number(self.lang, v, if integer { 0 } else { 1 })
                        );
                        if y0 - y1 >= 15.0 {
                            let _ = writeln!(
                                b,
                                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" fill=\"{}\">{}</text>",
                                fmt(xc(j)),
                                fmt((y0 + y1) / 2.0 + 4.0),
                                label_color(&colors[i]),
                                number(self.lang, v, if integer { 0 } else { 1 })
                            );
                        }
                        base += v;
                    }
                    let _ = writeln!(
                        b,
                        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\" font-weight=\"600\">{}</text></g>",
                        fmt(xc(j)),
                        fmt(y(*total) - 5.0),
                        number(self.lang, *total, if integer { 0 } else { 1 })
                    );
                }
            }
            StackKind::Area => {
                let mut lower = vec![0.0; n];
                for (i, s) in self.series.iter().enumerate() {
                    let upper: Vec<f64> = (0..n).map(|j| lower[j] + value(s, j)).collect();
                    let mut pts = String::new();
                    for (j, u) in upper.iter().enumerate() {
                        let _ = write!(pts, "{},{} ", fmt(xc(j)), fmt(y(*u)));
                    }
                    for j in (0..n).rev() {
                        let _ = write!(pts, "{},{} ", fmt(xc(j)), fmt(y(lower[j])));
                    }
                    let _ = writeln!(
                        b,
                        "<polygon points=\"{}\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"0.8\"><title>{}</title></polygon>",
                        pts.trim_end(),
                        colors[i],
                        xml(&s.label)
                    );
                    lower = upper;
                }
            }
        }
        // Baseline and category labels.
        let _ = writeln!(
            b,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{INK}\" stroke-width=\"1\"/>",
            fmt(left),
            fmt(y(0.0)),
            fmt(left + plot_w),
            fmt(y(0.0))
        );
        for (j, c) in self.categories.iter().enumerate() {
            if rotate {
                let _ = writeln!(
                    b,
                    "<text transform=\"translate({} {}) rotate(-35)\" text-anchor=\"end\" font-size=\"12\">{}</text>",
                    fmt(xc(j) + 4.0),
                    fmt(y(0.0) + 16.0),
                    xml(c)
                );
            } else {
                let _ = writeln!(
                    b,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\">{}</text>",
                    fmt(xc(j)),
                    fmt(y(0.0) + 18.0),
                    xml(c)
                );
            }
        }
        // Legend: top of the stack first, as the eye reads the bars.
        let lx = left + plot_w + 20.0;
        for (k, (s, color)) in self.series.iter().zip(&colors).rev().enumerate() {
            let ly = top_pad + 6.0 + k as f64 * 22.0;
            let _ = writeln!(
                b,
                "<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"14\" fill=\"{}\" stroke=\"#888888\" stroke-width=\"0.5\"/><text x=\"{}\" y=\"{}\">{}</text>",
                fmt(lx),
                fmt(ly),
                color,
                fmt(lx + 20.0),
                fmt(ly + 12.0),
                xml(&s.label)
            );
        }

        let mut columns = vec![Column::text(&self.category_label)];
        columns.extend(self.series.iter().map(|s| Column::number(&s.label)));
        columns.push(Column::number(self.lang.pick("Totaal", "Total")));
        let rows = (0..n)
            .map(|j| {
                let mut r = vec![self.categories[j].clone()];
                r.extend(
                    self.series
                        .iter()
                        .map(|s| number(self.lang, value(s, j), if integer { 0 } else { 1 })),
                );
                r.push(number(self.lang, totals[j], if integer { 0 } else { 1 }));
                r
            })
            .collect();
        Chart {
            title: self.title.clone(),
            desc: self.desc.clone(),
            width: WIDTH,
            height,
            data: Table {
                caption: None,
                columns,
                rows,
            },
            body: b,
        }
    }
}

/// Horizontal grid lines with tick labels on the y axis.
fn axes_y(
    b: &mut String,
    ticks: &[f64],
    x0: f64,
    x1: f64,
    y: impl Fn(f64) -> f64,
    lang: Lang,
    integer: bool,
) {
    for &t in ticks {
        let _ = writeln!(
            b,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{GRID}\" stroke-width=\"0.7\"/><text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12\" fill=\"{MUTED}\">{}</text>",
            fmt(x0),
            fmt(y(t)),
            fmt(x1),
            fmt(y(t)),
            fmt(x0 - 8.0),
            fmt(y(t) + 4.0),
            number(lang, t, if integer || t.fract() == 0.0 { 0 } else { 1 })
        );
    }
}

/// One point of a forecast: the expected value and an interval around it at `x`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ForecastPoint {
    /// Position on the x axis (same unit as the measured points, e.g. decimal years).
    pub x: f64,
    /// Lower end of the interval.
    pub low: f64,
    /// Expected (or median) value.
    pub mid: f64,
    /// Upper end of the interval.
    pub high: f64,
}

/// A measured line up to now, a forecast with its interval to the deadline, and the target:
/// signed covenants against the policy target.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetChart {
    /// Title (`<title>`).
    pub title: String,
    /// Description (`<desc>`).
    pub desc: String,
    /// Language of numbers and the data table.
    pub lang: Lang,
    /// The x range shown.
    pub x_range: (f64, f64),
    /// Tick positions and labels on the x axis (e.g. years).
    pub x_ticks: Vec<(f64, String)>,
    /// The y-axis label.
    pub y_label: String,
    /// Legend label of the measured line.
    pub actual_label: String,
    /// Measured points (x, value), drawn as a step line (counts change on dates).
    pub actual: Vec<(f64, f64)>,
    /// Legend label of the forecast line.
    pub forecast_label: String,
    /// Legend label of the forecast interval.
    pub interval_label: String,
    /// The forecast, from the last measured point to the deadline.
    pub forecast: Vec<ForecastPoint>,
    /// The target value and its label ("Doel: 10 convenanten").
    pub target: Option<(f64, String)>,
    /// The deadline and its label, drawn as a vertical line.
    pub deadline: Option<(f64, String)>,
    /// Labels of the x values in the data table (e.g. dates), same length as `actual` then
    /// `forecast`; when shorter, the x value itself is printed.
    pub x_labels: Vec<String>,
}

impl TargetChart {
    /// Draws the chart.
    pub fn build(&self) -> Chart {
        let lang = self.lang;
        let (x0, x1) = self.x_range;
        let span = (x1 - x0).max(f64::EPSILON);
        let max_v = self
            .actual
            .iter()
            .map(|p| p.1)
            .chain(self.forecast.iter().map(|p| p.high))
            .chain(self.target.iter().map(|t| t.0))
            .fold(0.0, f64::max);
        let (yt, top) = ticks(max_v * 1.08, 6, true);
        let left = 58.0;
        let right = 24.0;
        let top_pad = 20.0;
        let plot_w = WIDTH - left - right;
        let plot_h = 280.0;
        let legend_y = top_pad + plot_h + 46.0;
        let height = legend_y + 16.0;
        let x = |v: f64| left + (v - x0) / span * plot_w;
        let y = |v: f64| top_pad + plot_h - v / top * plot_h;

        let mut b = String::new();
        axes_y(&mut b, &yt, left, left + plot_w, y, lang, true);
        let _ = writeln!(
            b,
            "<text transform=\"translate(14 {}) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\" fill=\"{MUTED}\">{}</text>",
            fmt(top_pad + plot_h / 2.0),
            xml(&self.y_label)
        );
        let _ = writeln!(
            b,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{INK}\"/>",
            fmt(left),
            fmt(y(0.0)),
            fmt(left + plot_w),
            fmt(y(0.0))
        );
        for (t, label) in &self.x_ticks {
            if *t < x0 || *t > x1 {
                continue;
            }
            let _ = writeln!(
                b,
                "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{INK}\"/><text x=\"{0}\" y=\"{3}\" text-anchor=\"middle\" font-size=\"12\">{4}</text>",
                fmt(x(*t)),
                fmt(y(0.0)),
                fmt(y(0.0) + 5.0),
                fmt(y(0.0) + 20.0),
                xml(label)
            );
        }
        // Forecast interval band and expected line.
        if !self.forecast.is_empty() {
            let mut pts = String::new();
            for p in &self.forecast {
                let _ = write!(pts, "{},{} ", fmt(x(p.x)), fmt(y(p.high)));
            }
            for p in self.forecast.iter().rev() {
                let _ = write!(pts, "{},{} ", fmt(x(p.x)), fmt(y(p.low)));
            }
            let _ = writeln!(
                b,
                "<polygon points=\"{}\" fill=\"#9ecae1\" fill-opacity=\"0.55\" stroke=\"none\"><title>{}</title></polygon>",
                pts.trim_end(),
                xml(&self.interval_label)
            );
            let mid: Vec<String> = self
                .forecast
                .iter()
                .map(|p| format!("{},{}", fmt(x(p.x)), fmt(y(p.mid))))
                .collect();
            let _ = writeln!(
                b,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{ACCENT}\" stroke-width=\"2.2\" stroke-dasharray=\"6 4\"/>",
                mid.join(" ")
            );
            if let Some(last) = self.forecast.last() {
                let _ = writeln!(
                    b,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{ACCENT}\"/><text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12\" font-weight=\"600\" fill=\"{ACCENT}\">{}</text>",
                    fmt(x(last.x)),
                    fmt(y(last.mid)),
                    fmt(x(last.x) - 8.0),
                    fmt(y(last.mid) + 16.0),
                    number(lang, last.mid, 1)
                );
            }
        }
        // Measured step line.
        if !self.actual.is_empty() {
            let mut pts = Vec::new();
            let mut prev: Option<(f64, f64)> = None;
            for &(px, py) in &self.actual {
                if let Some((_, qy)) = prev {
                    pts.push(format!("{},{}", fmt(x(px)), fmt(y(qy))));
                }
                pts.push(format!("{},{}", fmt(x(px)), fmt(y(py))));
                prev = Some((px, py));
            }
            let _ = writeln!(
                b,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{INK}\" stroke-width=\"2.4\"/>",
                pts.join(" ")
            );
            if let Some(&(px, py)) = self.actual.last() {
                let _ = writeln!(
                    b,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{INK}\"/><text x=\"{}\" y=\"{}\" font-size=\"12\" font-weight=\"600\">{}</text>",
                    fmt(x(px)),
                    fmt(y(py)),
                    fmt(x(px) - 4.0),
                    fmt(y(py) - 9.0),
                    number(lang, py, 0)
                );
            }
        }
        if let Some((v, label)) = &self.target {
            let _ = writeln!(
                b,
                "<line x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\" stroke=\"{TARGET}\" stroke-width=\"1.8\" stroke-dasharray=\"2 3\"/><text x=\"{3}\" y=\"{4}\" font-size=\"12\" font-weight=\"600\" fill=\"{TARGET}\">{5}</text>",
                fmt(left),
                fmt(left + plot_w),
                fmt(y(*v)),
                fmt(left + 6.0),
                fmt(y(*v) - 6.0),
                xml(label)
            );
        }
        if let Some((d, label)) = &self.deadline {
            let _ = writeln!(
                b,
                "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{TARGET}\" stroke-width=\"1.2\"/><text x=\"{3}\" y=\"{4}\" text-anchor=\"end\" font-size=\"12\" fill=\"{TARGET}\">{5}</text>",
                fmt(x(*d)),
                fmt(top_pad),
                fmt(y(0.0)),
                fmt(x(*d) - 5.0),
                fmt(top_pad + 12.0),
                xml(label)
            );
        }
        // Legend under the plot: (kind of swatch, label).
        let mut entries: Vec<(u8, &str)> = vec![(0, &self.actual_label)];
        if !self.forecast.is_empty() {
            entries.push((1, &self.forecast_label));
            entries.push((2, &self.interval_label));
        }
        let mut lx = left;
        for (kind, label) in entries {
            let swatch = match kind {
                0 => format!(
                    "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"{INK}\" stroke-width=\"2.4\"/>",
                    fmt(lx),
                    fmt(legend_y),
                    fmt(lx + 24.0)
                ),
                1 => format!(
                    "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"{ACCENT}\" stroke-width=\"2.2\" stroke-dasharray=\"6 4\"/>",
                    fmt(lx),
                    fmt(legend_y),
                    fmt(lx + 24.0)
                ),
                _ => format!(
                    "<rect x=\"{}\" y=\"{}\" width=\"24\" height=\"12\" fill=\"#9ecae1\" fill-opacity=\"0.55\"/>",
                    fmt(lx),
                    fmt(legend_y - 6.0)
                ),
            };
            let _ = writeln!(
                b,
                "{swatch}<text x=\"{}\" y=\"{}\">{}</text>",
                fmt(lx + 30.0),
                fmt(legend_y + 4.0),
                xml(label)
            );
            lx += 30.0 + text_width(label, 13.0) + 24.0;
        }

        // Data table.
        let label_at = |i: usize, xv: f64| {
            self.x_labels
                .get(i)
                .cloned()
                .unwrap_or_else(|| number(lang, xv, 2))
        };
        let mut rows: Vec<Vec<String>> = self
            .actual
            .iter()
            .enumerate()
            .map(|(i, &(xv, v))| {
                vec![
                    label_at(i, xv),
                    number(lang, v, 0),
                    String::new(),
                    String::new(),
                ]
            })
            .collect();
        rows.extend(self.forecast.iter().enumerate().map(|(i, p)| {
            vec![
                label_at(self.actual.len() + i, p.x),
                String::new(),
                number(lang, p.mid, 1),
                format!("{} – {}", number(lang, p.low, 0), number(lang, p.high, 0)),
            ]
        }));
        Chart {
            title: self.title.clone(),
            desc: self.desc.clone(),
            width: WIDTH,
            height,
            data: Table {
                caption: None,
                columns: vec![
                    Column::text(lang.pick("Moment", "Date")),
                    Column::number(&self.actual_label),
                    Column::number(&self.forecast_label),
                    Column::number(&self.interval_label),
                ],
                rows,
            },
            body: b,
        }
    }
}

/// Rows × columns of values on a colour scale: sectors × risk themes.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatMap {
    /// Title (`<title>`).
    pub title: String,
    /// Description (`<desc>`).
    pub desc: String,
    /// Language of the numbers and the data table.
    pub lang: Lang,
    /// Row labels (left).
    pub rows: Vec<String>,
    /// Column labels (top, slanted).
    pub columns: Vec<String>,
    /// `values[row][column]`; `None` draws an empty, hatched cell ("no data").
    pub values: Vec<Vec<Option<f64>>>,
    /// The scale's range; `None` takes the data's minimum and maximum.
    pub range: Option<(f64, f64)>,
    /// Label of the colour scale ("Risicoscore").
    pub scale_label: String,
    /// Decimals of the numbers written in the cells and the table.
    pub decimals: usize,
    /// Whether to write the value in each cell.
    pub cell_labels: bool,
}

/// The sequential colour scale of heat maps (light yellow to dark red), readable in greyscale.
pub const HEAT_PALETTE: &[&str] = &[
    "#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026",
];

fn heat_color(t: f64) -> String {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let pos = t * (HEAT_PALETTE.len() - 1) as f64;
    let i = (pos.floor() as usize).min(HEAT_PALETTE.len() - 2);
    let f = pos - i as f64;
    let parse =
        |c: &str, k: usize| u8::from_str_radix(&c[1 + 2 * k..3 + 2 * k], 16).unwrap_or(0) as f64;
    let (a, b) = (HEAT_PALETTE[i], HEAT_PALETTE[i + 1]);
    let mix = |k: usize| (parse(a, k) * (1.0 - f) + parse(b, k) * f).round() as u8;
    format!("#{:02x}{:02x}{:02x}", mix(0), mix(1), mix(2))
}

impl HeatMap {
    /// Draws the chart.
    pub fn build(&self) -> Chart {
        let lang = self.lang;
        let finite = self
            .values
            .iter()
            .flatten()
            .flatten()
            .copied()
            .filter(|v| v.is_finite());
        let (lo, hi) = self.range.unwrap_or_else(|| {
            finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                (a.min(v), b.max(v))
            })
        });
        let (lo, hi) = if lo.is_finite() && hi.is_finite() && hi > lo {
            (lo, hi)
        } else if lo.is_finite() {
            (lo, lo + 1.0)
        } else {
            (0.0, 1.0)
        };
        let nc = self.columns.len().max(1);
        let rows: Vec<String> = self.rows.iter().map(|r| fit(r, 12.5, 230.0)).collect();
        let row_w = rows.iter().map(|r| text_width(r, 12.5)).fold(0.0, f64::max) + 14.0;
        let legend_w = 70.0;
        let columns: Vec<String> = self.columns.iter().map(|c| fit(c, 12.0, 200.0)).collect();
        // Slanted 40° up to the right, a label reaches cos 40° ≈ 0.77 of its width past its
        // column: the cells narrow until the rightmost reach stays inside the drawing.
        let reach = |j: usize, cell_w: f64| {
            row_w + cell_w * (j as f64 + 0.5) + 0.77 * text_width(&columns[j], 12.0)
        };
        let mut cell_w = ((WIDTH - row_w - legend_w - 10.0) / nc as f64).min(70.0);
        for (j, _) in columns.iter().enumerate() {
            if reach(j, cell_w) > WIDTH - 4.0 {
                cell_w = (WIDTH - 4.0 - reach(j, 0.0)) / (j as f64 + 0.5);
            }
        }
        let cell_w = cell_w.max(12.0);
        let cell_h = 24.0;
        let col_label = columns
            .iter()
            .map(|c| text_width(c, 12.0))
            .fold(0.0, f64::max);
        let head = col_label * 0.64 + 16.0;
        let grid_h = cell_h * self.rows.len() as f64;
        let height = (head + grid_h + 12.0).max(head + 200.0);

        let mut b = String::new();
        let _ = writeln!(
            b,
            "<defs><pattern id=\"__ID__-nodata\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f4f4f4\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#c8c8c8\" stroke-width=\"2\"/></pattern><linearGradient id=\"__ID__-heatscale\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">"
        );
        for (i, c) in HEAT_PALETTE.iter().enumerate() {
            let _ = write!(
                b,
                "<stop offset=\"{}\" stop-color=\"{c}\"/>",
                fmt(i as f64 / (HEAT_PALETTE.len() - 1) as f64)
            );
        }
        let _ = writeln!(b, "</linearGradient></defs>");
        for (j, c) in columns.iter().enumerate() {
            let cx = row_w + cell_w * (j as f64 + 0.5);
            let _ = writeln!(
                b,
                "<text transform=\"translate({} {}) rotate(-40)\" font-size=\"12\">{}</text>",
                fmt(cx - 2.0),
                fmt(head - 6.0),
                xml(c)
            );
        }
        for (i, r) in self.rows.iter().enumerate() {
            let ry = head + cell_h * i as f64;
            let _ = writeln!(
                b,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12.5\">{}</text>",
                fmt(row_w - 8.0),
                fmt(ry + cell_h / 2.0 + 4.5),
                xml(&rows[i])
            );
            for j in 0..self.columns.len() {
                let v = self
                    .values
                    .get(i)
                    .and_then(|row| row.get(j))
                    .copied()
                    .flatten();
                let cx = row_w + cell_w * j as f64;
                let (fill, label) = match v {
                    Some(v) if v.is_finite() => (
                        heat_color((v - lo) / (hi - lo)),
                        number(lang, v, self.decimals),
                    ),
                    _ => (
                        "url(#__ID__-nodata)".to_owned(),
                        lang.pick("geen gegevens", "no data").to_owned(),
                    ),
                };
                let _ = writeln!(
                    b,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"1.5\"><title>{}</title></rect>",
                    fmt(cx),
                    fmt(ry),
                    fmt(cell_w),
                    fmt(cell_h),
                    fill,
                    xml(&format!("{r} – {}: {label}", self.columns[j]))
                );
                if self.cell_labels && v.is_some_and(f64::is_finite) {
                    let _ = writeln!(
                        b,
                        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" fill=\"{}\">{}</text>",
                        fmt(cx + cell_w / 2.0),
                        fmt(ry + cell_h / 2.0 + 4.0),
                        label_color(&fill),
                        label
                    );
                }
            }
        }
        // Colour scale.
        let lx = row_w + cell_w * nc as f64 + 22.0;
        let lh = 150.0_f64.min(grid_h.max(100.0));
        let _ = writeln!(
            b,
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"{MUTED}\">{}</text><rect x=\"{}\" y=\"{}\" width=\"14\" height=\"{}\" fill=\"url(#__ID__-heatscale)\" stroke=\"#888888\" stroke-width=\"0.5\"/>",
            fmt(lx - 6.0),
            fmt(head - 10.0),
            xml(&self.scale_label),
            fmt(lx),
            fmt(head),
            fmt(lh)
        );
        for (t, v) in [(0.0, lo), (0.5, (lo + hi) / 2.0), (1.0, hi)] {
            let _ = writeln!(
                b,
                "<text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>",
                fmt(lx + 19.0),
                fmt(head + lh * (1.0 - t) + 4.0),
                number(lang, v, self.decimals)
            );
        }

        let mut columns = vec![Column::text("")];
        columns.extend(self.columns.iter().map(Column::number));
        let rows = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut row = vec![r.clone()];
                row.extend((0..self.columns.len()).map(|j| {
                    match self
                        .values
                        .get(i)
                        .and_then(|row| row.get(j))
                        .copied()
                        .flatten()
                    {
                        Some(v) if v.is_finite() => number(lang, v, self.decimals),
                        _ => "–".to_owned(),
                    }
                }));
                row
            })
            .collect();
        Chart {
            title: self.title.clone(),
            desc: self.desc.clone(),
            width: WIDTH,
            height,
            data: Table {
                caption: None,
                columns,
                rows,
            },
            body: b,
        }
    }
}

/// One bar of a [`BarChart`].
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The label left of the bar.
    pub label: String,
    /// The value (bars start at 0; negative values are drawn as 0).
    pub value: f64,
    /// Draw in the accent colour (e.g. the sector this report is about, or flagged sectors).
    pub highlight: bool,
}

/// The font size to measure a bar's label at: 12.5, and 5% more for a highlighted (bold) one,
/// which runs wider than the estimate.
fn bar_label_size(bar: &Bar) -> f64 {
    if bar.highlight { 12.5 * 1.05 } else { 12.5 }
}

/// Horizontal bars in the given order: ranked sectors, hotspots with their shares.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// Title (`<title>`).
    pub title: String,
    /// Description (`<desc>`).
    pub desc: String,
    /// Language of the numbers and the data table.
    pub lang: Lang,
    /// The bars, top first.
    pub bars: Vec<Bar>,
    /// What the values are ("Aandeel in de voetafdruk (%)").
    pub value_label: String,
    /// Decimals of the value labels.
    pub decimals: usize,
    /// Legend text for highlighted bars, when some are highlighted.
    pub highlight_label: Option<String>,
}

impl BarChart {
    /// Draws the chart.
    pub fn build(&self) -> Chart {
        let lang = self.lang;
        let max_v = self.bars.iter().map(|b| b.value).fold(0.0, f64::max);
        let (xt, top) = ticks(max_v, 5, false);
        let label_w = self
            .bars
            .iter()
            .map(|b| text_width(&b.label, bar_label_size(b)))
            .fold(0.0, f64::max)
            .min(300.0)
            + 14.0;
        let right = 56.0;
        let plot_w = WIDTH - label_w - right;
        let bar_h = 22.0;
        let top_pad = 8.0;
        let plot_h = bar_h * self.bars.len() as f64;
        let legend = self.highlight_label.is_some() && self.bars.iter().any(|b| b.highlight);
        let height = top_pad + plot_h + 40.0 + if legend { 22.0 } else { 0.0 };
        let x = |v: f64| label_w + v.max(0.0) / top * plot_w;

        let mut b = String::new();
        for &t in &xt {
            let _ = writeln!(
                b,
                "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{GRID}\" stroke-width=\"0.7\"/><text x=\"{0}\" y=\"{3}\" text-anchor=\"middle\" font-size=\"12\" fill=\"{MUTED}\">{4}</text>",
                fmt(x(t)),
                fmt(top_pad),
                fmt(top_pad + plot_h),
                fmt(top_pad + plot_h + 16.0),
                number(lang, t, if t.fract() == 0.0 { 0 } else { 1 })
            );
        }
        let _ = writeln!(
            b,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\" fill=\"{MUTED}\">{}</text>",
            fmt(label_w + plot_w / 2.0),
            fmt(top_pad + plot_h + 34.0),
            xml(&self.value_label)
        );
        for (i, bar) in self.bars.iter().enumerate() {
            let by = top_pad + bar_h * i as f64;
            let fill = if bar.highlight { ACCENT } else { "#9ecae1" };
            let value = number(lang, bar.value, self.decimals);
            let _ = writeln!(
                b,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12.5\"{}>{}</text><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"><title>{}</title></rect><text x=\"{}\" y=\"{}\" font-size=\"11.5\">{}</text>",
                fmt(label_w - 8.0),
                fmt(by + bar_h / 2.0 + 4.5),
                if bar.highlight {
                    " font-weight=\"600\""
                } else {
                    ""
                },
                xml(&fit(&bar.label, bar_label_size(bar), label_w - 14.0)),
                fmt(label_w),
                fmt(by + 3.0),
                fmt(x(bar.value) - label_w),
                fmt(bar_h - 6.0),
                xml(&format!("{}: {value}", bar.label)),
                fmt(x(bar.value) + 5.0),
                fmt(by + bar_h / 2.0 + 4.0),
                value
            );
        }
        let _ = writeln!(
            b,
            "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{INK}\"/>",
            fmt(label_w),
            fmt(top_pad),
            fmt(top_pad + plot_h)
        );
        if legend && let Some(label) = &self.highlight_label {
            let ly = top_pad + plot_h + 48.0;
            let _ = writeln!(
                b,
                "<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"14\" fill=\"{ACCENT}\"/><text x=\"{}\" y=\"{}\">{}</text>",
                fmt(label_w),
                fmt(ly),
                fmt(label_w + 20.0),
                fmt(ly + 12.0),
                xml(label)
            );
        }
        Chart {
            title: self.title.clone(),
            desc: self.desc.clone(),
            width: WIDTH,
            height,
            data: Table {
                caption: None,
                columns: vec![Column::text(""), Column::number(&self.value_label)],
                rows: self
                    .bars
                    .iter()
                    .map(|b| vec![b.label.clone(), number(lang, b.value, self.decimals)])
                    .collect(),
            },
            body: b,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stacked() -> StackedChart {
        StackedChart {
            title: "Trajecten per fase".into(),
            desc: "Aantal trajecten per fase".into(),
            lang: Lang::Nl,
            categories: vec!["2014".into(), "2015".into(), "<2016>".into()],
            category_label: "Jaar".into(),
            series: vec![
                Series {
                    label: "Verkennend".into(),
                    values: vec![5.0, 4.0, 2.0],
                    color: None,
                },
                Series {
                    label: "Onderhandeling & co".into(),
                    values: vec![0.0, 2.0, 3.0],
                    color: None,
                },
            ],
            y_label: "Aantal".into(),
            kind: StackKind::Bars,
        }
    }

    #[test]
    fn stacked_chart_is_accessible_and_escaped() {
        let c = stacked().build();
        let svg = c.svg_inline("fig-1");
        assert!(svg.contains("<title id=\"fig-1-title\">Trajecten per fase</title>"));
        assert!(svg.contains("aria-labelledby=\"fig-1-title fig-1-desc\""));
        assert!(svg.contains("&lt;2016&gt;"));
        assert!(svg.contains("Onderhandeling &amp; co"));
        assert!(!svg.contains("http"));
        assert!(
            c.svg_document()
                .contains("xmlns=\"http://www.w3.org/2000/svg\"")
        );
        assert_eq!(c.data.rows.len(), 3);
        assert_eq!(c.data.rows[1], vec!["2015", "4", "2", "6"]);
    }

    #[test]
    fn area_variant_draws_polygons() {
        let mut s = stacked();
        s.kind = StackKind::Area;
        let svg = s.build().svg_file();
        assert_eq!(svg.matches("<polygon").count(), 2);
        assert!(svg.starts_with("<?xml"));
    }

    #[test]
    fn ticks_are_nice() {
        assert_eq!(ticks(9.0, 5, true).1, 10.0);
        assert_eq!(ticks(13.0, 5, true).0, vec![0.0, 5.0, 10.0, 15.0]);
        assert_eq!(ticks(0.0, 5, true).1, 1.0);
        assert_eq!(nice_step(0.37, 5), 0.1);
    }

    #[test]
    fn heat_colours_run_from_light_to_dark() {
        assert_eq!(heat_color(0.0), "#ffffcc");
        assert_eq!(heat_color(1.0), "#b10026");
        assert!(luminance(&heat_color(0.2)) > luminance(&heat_color(0.8)));
        assert_eq!(heat_color(f64::NAN), "#ffffcc");
    }

    #[test]
    fn heat_map_marks_missing_cells() {
        let h = HeatMap {
            title: "Risico's".into(),
            desc: "Sectoren × thema's".into(),
            lang: Lang::En,
            rows: vec!["Textile".into(), "Gold".into()],
            columns: vec!["Child labour".into(), "Water".into()],
            values: vec![vec![Some(0.9), None], vec![Some(0.1), Some(0.5)]],
            range: None,
            scale_label: "Score".into(),
            decimals: 2,
            cell_labels: true,
        }
        .build();
        let svg = h.svg_inline("h");
        assert!(svg.contains("url(#h-nodata)"));
        assert!(svg.contains("0.90"));
        assert_eq!(h.data.rows[0], vec!["Textile", "0.90", "–"]);
    }

    /// The (x, label) of every slanted column label in a heat map's SVG.
    fn column_labels(svg: &str) -> Vec<(f64, String)> {
        svg.split("<text transform=\"translate(")
            .skip(1)
            .map(|rest| {
                let x: f64 = rest.split(' ').next().unwrap().parse().unwrap();
                let label = rest.split('>').nth(1).unwrap().split('<').next().unwrap();
                (x, label.to_string())
            })
            .collect()
    }

    #[test]
    fn long_labels_stay_inside_the_drawing() {
        let columns: Vec<String> = (0..22)
            .map(|i| format!("Theme {i} with a long name about working conditions"))
            .collect();
        let h = HeatMap {
            title: "t".into(),
            desc: "d".into(),
            lang: Lang::En,
            rows: vec![
                "Oil, gas and a very long list of related mining activities, extended".into(),
            ],
            values: vec![vec![Some(1.0); columns.len()]],
            columns,
            range: None,
            scale_label: "Ratio".into(),
            decimals: 1,
            cell_labels: false,
        }
        .build();
        let svg = h.svg_inline("h");
        let labels = column_labels(&svg);
        assert_eq!(labels.len(), 22);
        for (x, label) in labels {
            let reach = x + 0.77 * text_width(&label, 12.0);
            assert!(reach <= WIDTH, "{label:?} reaches {reach}");
        }
        assert!(svg.contains('…'), "the long row label is shortened");

        let bars = BarChart {
            title: "t".into(),
            desc: "d".into(),
            lang: Lang::En,
            bars: vec![Bar {
                label: "BD / Manufacture of wearing apparel; dressing and dyeing of fur, and a lot more words".into(),
                value: 50.0,
                highlight: true,
            }],
            value_label: "%".into(),
            decimals: 1,
            highlight_label: Some("abroad".into()),
        }
        .build();
        let svg = bars.svg_inline("b");
        let label = svg
            .split("font-weight=\"600\">")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap();
        assert!(label.ends_with('…'), "{label}");
        assert!(text_width(label, 12.5 * 1.05) <= 300.0);
    }

    #[test]
    fn a_bold_label_that_fits_is_not_cut() {
        let label = "BD / Manufacture of wearing apparel";
        let svg = BarChart {
            title: "t".into(),
            desc: "d".into(),
            lang: Lang::En,
            bars: vec![Bar {
                label: label.into(),
                value: 60.0,
                highlight: true,
            }],
            value_label: "%".into(),
            decimals: 1,
            highlight_label: None,
        }
        .build()
        .svg_inline("b");
        assert!(svg.contains(&format!(">{label}</text>")), "{svg}");
    }

    #[test]
    fn fit_keeps_short_text_and_cuts_long_text() {
        assert_eq!(fit("Water", 12.0, 100.0), "Water");
        let cut = fit("a label far too long for its place", 12.0, 60.0);
        assert!(
            cut.ends_with('…') && text_width(&cut, 12.0) <= 60.0,
            "{cut}"
        );
    }

    #[test]
    fn target_chart_has_target_and_forecast() {
        let c = TargetChart {
            title: "Doel".into(),
            desc: "d".into(),
            lang: Lang::Nl,
            x_range: (2014.0, 2017.0),
            x_ticks: vec![(2015.0, "2015".into()), (2016.0, "2016".into())],
            y_label: "Convenanten".into(),
            actual_label: "Getekend".into(),
            actual: vec![(2014.0, 0.0), (2014.9, 1.0), (2015.5, 1.0)],
            forecast_label: "Verwacht".into(),
            interval_label: "80%-interval".into(),
            forecast: vec![
                ForecastPoint {
                    x: 2015.5,
                    low: 1.0,
                    mid: 1.0,
                    high: 1.0,
                },
                ForecastPoint {
                    x: 2017.0,
                    low: 3.0,
                    mid: 5.5,
                    high: 8.0,
                },
            ],
            target: Some((10.0, "Doel: 10".into())),
            deadline: Some((2017.0, "1 jan 2017".into())),
            x_labels: vec![],
        }
        .build();
        let svg = c.svg_inline("t");
        assert!(svg.contains("Doel: 10"));
        assert!(svg.contains("5,5"));
        assert_eq!(c.data.rows.len(), 5);
        assert_eq!(c.data.rows[4][3], "3 – 8");
    }

    #[test]
    fn bar_chart_highlights() {
        let c = BarChart {
            title: "Ranking".into(),
            desc: "d".into(),
            lang: Lang::En,
            bars: vec![
                Bar {
                    label: "Textile".into(),
                    value: 42.0,
                    highlight: true,
                },
                Bar {
                    label: "Gold".into(),
                    value: 12.5,
                    highlight: false,
                },
            ],
            value_label: "Share (%)".into(),
            decimals: 1,
            highlight_label: Some("Elevated".into()),
        }
        .build();
        let svg = c.svg_inline("b");
        assert!(svg.contains("42.0"));
        assert!(svg.contains("Elevated"));
        assert_eq!(c.data.rows[1], vec!["Gold", "12.5"]);
    }
}
