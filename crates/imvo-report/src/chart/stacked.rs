//! Stacked bars or areas: categories (e.g. dates) on the x axis, series stacked on each.

use std::fmt::Write as _;

use super::axis::axes_y;
use super::scale::ticks;
use super::svg::{INK, MUTED, fmt, label_color, number, text_width};
use super::{Chart, ORDINAL_PALETTE, WIDTH};
use crate::escape::xml;
use crate::lang::Lang;
use crate::table::Column;

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
        Chart::finished(&self.title, &self.desc, height, columns, rows, b)
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
}
