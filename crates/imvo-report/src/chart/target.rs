//! The target chart: a measured step line up to now, a forecast with its interval to the
//! deadline, the target as a horizontal line and the deadline as a vertical one.

use std::fmt::Write as _;

use super::axis::axes_y;
use super::scale::ticks;
use super::svg::{ACCENT, INK, MUTED, TARGET, fmt, number, text_width};
use super::{Chart, WIDTH};
use crate::escape::xml;
use crate::lang::Lang;
use crate::table::Column;

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
        Chart::finished(
            &self.title,
            &self.desc,
            height,
            vec![
                Column::text(lang.pick("Moment", "Date")),
                Column::number(&self.actual_label),
                Column::number(&self.forecast_label),
                Column::number(&self.interval_label),
            ],
            rows,
            b,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
