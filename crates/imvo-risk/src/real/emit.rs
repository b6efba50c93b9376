//! Writes the built cells as the indicator CSV the analysis reads: one row per region × theme
//! for the value most of the region's industries share, and one row per industry that differs.
//! Every row names its sources with their years, so a report can cite them.

use std::collections::HashMap;

use super::build::{Cell, Context};
use crate::inputs::Theme;

/// Separates the sources of one row; the report splits on it to list each source once.
pub const SEPARATOR: &str = " | ";

fn source_text(cx: &Context<'_>, cell: &Cell) -> (String, i32) {
    let sources = &cx.reference.sources;
    match cell {
        Cell::Value(_, used, agg) => {
            let mut pieces: Vec<String> = used
                .iter()
                .map(|&(i, y)| sources[i].cite(y))
                .collect();
            if let Some(wy) = agg {
                pieces.push(format!(
                    "aggregated region: mean over its member countries weighted by {}",
                    sources[cx.reference.weight()].cite(*wy)
                ));
            }
            let year = used
                .iter()
                .map(|&(_, y)| y)
                .min_by_key(|y| ((y - cx.year).abs(), *y))
                .unwrap_or(cx.year);
            (pieces.join(SEPARATOR), year)
        }
        Cell::NotApplicable => (
            "not applicable: no row of indicator_themes.csv for this theme covers the industry's groups (imvo)".into(),
            cx.year,
        ),
        Cell::Imputed(_) => (
            "imputed: median of the regions with a value, as no member country has one (imvo; see missing.csv)".into(),
            cx.year,
        ),
    }
}

fn likelihood(cell: &Cell) -> f64 {
    match cell {
        Cell::Value(v, _, _) | Cell::Imputed(v) => *v,
        Cell::NotApplicable => 0.0,
    }
}

/// The CSV text and its number of data rows. `cells` is theme × region × sector.
pub fn indicator_csv(
    cx: &Context<'_>,
    themes: &[Theme],
    cells: &[Vec<Vec<Cell>>],
    label: &str,
) -> (String, usize) {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = w.write_record(["region", "sector", "theme", "likelihood", "source", "year"]);
    let mut rows = 0;
    for (r, region) in cx.regions.iter().enumerate() {
        for (t, theme) in themes.iter().enumerate() {
            let keyed: Vec<(String, String, i32)> = cells[t][r]
                .iter()
                .map(|c| {
                    let (src, year) = source_text(cx, c);
                    (format!("{:.6}", likelihood(c)), src, year)
                })
                .collect();
            let mut count: HashMap<&(String, String, i32), usize> = HashMap::new();
            for k in &keyed {
                *count.entry(k).or_default() += 1;
            }
            // The most common value (the first sector's among equals) becomes the region row.
            let common = keyed
                .iter()
                .max_by_key(|k| {
                    (
                        count[k],
                        std::cmp::Reverse(keyed.iter().position(|x| x == *k)),
                    )
                })
                .filter(|k| count[k] >= 2);
            if let Some((l, src, year)) = common {
                let _ = w.write_record([region, "", &theme.id, l, src, &year.to_string()]);
                rows += 1;
            }
            for (s, k) in keyed.iter().enumerate() {
                if Some(k) != common {
                    let (l, src, year) = k;
                    let _ = w.write_record([
                        region,
                        &cx.sectors[s],
                        &theme.id,
                        l,
                        src,
                        &year.to_string(),
                    ]);
                    rows += 1;
                }
            }
        }
    }
    let body = String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default();
    let header = format!(
        "# Risk indicators for the sector risk analysis, built by imvo from the publishers' files: {label}.\n\
         # One likelihood in [0, 1] per region x theme (and per industry where it differs), each row with its sources and year.\n\
         # Method: data/risk/indicator_themes.csv and docs/risk-method.md; values the build did not find: missing.csv.\n"
    );
    (format!("{header}{body}"), rows)
}
