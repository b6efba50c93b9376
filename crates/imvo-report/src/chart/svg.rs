//! What every chart kind draws with: the colours, compact coordinates, estimated text widths,
//! labels cut to fit, and numbers in the chart's language.

use crate::lang::Lang;

pub(super) const FONT: &str = "Open Sans, Segoe UI, Helvetica, Arial, sans-serif";
pub(super) const INK: &str = "#1a1a1a";
pub(super) const MUTED: &str = "#555555";
pub(super) const GRID: &str = "#d0d0d0";
pub(super) const ACCENT: &str = "#154273";
pub(super) const TARGET: &str = "#b2182b";

/// Formats a coordinate compactly and deterministically (at most two decimals).
pub(super) fn fmt(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

/// Estimated width of `text` at `size` in Open Sans (average advance ≈ 0.56 em).
pub(super) fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.56
}

/// `text` cut with an ellipsis so that it is at most `max` wide at `size`: labels beyond the
/// space kept for them would run off the drawing. The full text stays in the cell's or bar's
/// `<title>` and in the data table.
pub(super) fn fit(text: &str, size: f64, max: f64) -> String {
    if text_width(text, size) <= max {
        return text.to_string();
    }
    let keep = ((max / (size * 0.56)).floor() as usize).saturating_sub(1);
    let mut cut: String = text.chars().take(keep).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

/// Relative luminance of a `#rrggbb` colour, to choose dark or white text on it.
pub(super) fn luminance(color: &str) -> f64 {
    let hex = color.trim_start_matches('#');
    let c = |i: usize| {
        u8::from_str_radix(hex.get(i..i + 2).unwrap_or("80"), 16).unwrap_or(128) as f64 / 255.0
    };
    0.2126 * c(0) + 0.7152 * c(2) + 0.0722 * c(4)
}

pub(super) fn label_color(fill: &str) -> &'static str {
    if luminance(fill) < 0.45 {
        "#ffffff"
    } else {
        INK
    }
}

pub(super) fn number(lang: Lang, x: f64, decimals: usize) -> String {
    lang.number(x, decimals)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_keeps_short_text_and_cuts_long_text() {
        assert_eq!(fit("Water", 12.0, 100.0), "Water");
        let cut = fit("a label far too long for its place", 12.0, 60.0);
        assert!(
            cut.ends_with('…') && text_width(&cut, 12.0) <= 60.0,
            "{cut}"
        );
    }
}
