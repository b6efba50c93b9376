//! Horizontal bar charts: ranked sectors, hotspots with their shares.

use std::fmt::Write as _;

use super::scale::ticks;
use super::svg::{ACCENT, GRID, INK, MUTED, fit, fmt, number, text_width};
use super::{Chart, WIDTH};
use crate::escape::xml;
use crate::lang::Lang;
use crate::table::Column;

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
        Chart::finished(
            &self.title,
            &self.desc,
            height,
            vec![Column::text(""), Column::number(&self.value_label)],
            self.bars
                .iter()
                .map(|b| vec![b.label.clone(), number(lang, b.value, self.decimals)])
                .collect(),
            b,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_labels_are_cut_to_fit() {
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
