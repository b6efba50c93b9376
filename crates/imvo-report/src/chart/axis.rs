//! The y axis shared by the charts with a value scale: grid lines with their tick labels.

use std::fmt::Write as _;

use super::svg::{GRID, MUTED, fmt, number};
use crate::lang::Lang;

/// Horizontal grid lines with tick labels on the y axis.
pub(super) fn axes_y(
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
