//! Heat maps: rows × columns of values on a sequential colour scale, with a legend.

use std::fmt::Write as _;

use super::svg::{MUTED, fit, fmt, label_color, number, text_width};
use super::{Chart, WIDTH};
use crate::escape::xml;
use crate::lang::Lang;
use crate::table::Column;

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
        Chart::finished(&self.title, &self.desc, height, columns, rows, b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::svg::luminance;

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
    }
}
