//! Pressures per unit of output: a country's emissions (or forest loss) by publisher's sector,
//! located in the MRIO industries of the groups `pressure_sectors.csv` names, in proportion to
//! their output. An aggregated region sums its members' pressures first, so its intensity is
//! the region's total over the region's output: no weighting is needed for quantities that
//! add up.

use std::collections::BTreeSet;

use super::build::Context;
use super::missing::{Missing, MissingKind};

/// A pressure indicator's intensity per region × sector (`None`: no member of the region has a
/// value in any column), with the most common year used per region.
pub struct Intensity {
    /// Per region, per sector.
    pub value: Vec<Option<Vec<f64>>>,
    /// Per region: the year most values came from.
    pub year: Vec<i32>,
}

/// Computes the intensity of pressure source `src`, reporting members without values and
/// pressures that cannot be located.
pub fn intensity(cx: &Context<'_>, src: usize, missing: &mut Vec<Missing>) -> Intensity {
    let reference = cx.reference;
    let source = &reference.sources[src];
    let nr = cx.regions.len();
    let ns = cx.sectors.len();
    let mut value: Vec<Option<Vec<f64>>> = vec![None; nr];
    let mut year = vec![cx.year; nr];
    for (r, members) in cx.members.iter().enumerate() {
        let mut years: Vec<i32> = Vec::new();
        for row in reference.pressures.iter().filter(|p| p.indicator == src) {
            let series = &cx.loaded.pressure[&(src, row.column.clone())];
            let mut total = 0.0;
            let mut any = false;
            for &c in members {
                match series.nearest(c, cx.year) {
                    Some((y, v)) => {
                        total += v;
                        any = true;
                        years.push(y);
                    }
                    None => missing.push(Missing::country(
                        MissingKind::NoValue,
                        cx,
                        r,
                        c,
                        &format!("{} — {}", source.id, row.column),
                        "",
                        "no value in any year: the country adds nothing to its region's total",
                    )),
                }
            }
            if !any || row.groups.is_empty() {
                if any && value[r].is_none() {
                    value[r] = Some(vec![0.0; ns]);
                }
                continue;
            }
            let located: Vec<usize> = (0..ns)
                .filter(|&s| intersects(&cx.groups[s], &row.groups))
                .collect();
            let output: f64 = located.iter().map(|&s| cx.output[r][s]).sum();
            let cells = value[r].get_or_insert_with(|| vec![0.0; ns]);
            if output > 0.0 {
                for &s in &located {
                    cells[s] += total / output * source.factor;
                }
            } else if total != 0.0 {
                missing.push(Missing::region(
                    MissingKind::NotLocated,
                    cx,
                    r,
                    &format!("{} — {}", source.id, row.column),
                    "",
                    &format!(
                        "{total} of the pressure cannot be located: the region has no output in the groups {}",
                        row.groups.join(", ")
                    ),
                ));
            }
        }
        if let Some(y) = mode(&years) {
            year[r] = y;
        }
    }
    Intensity { value, year }
}

/// True when a sector's groups include one of `groups`.
pub fn intersects(sector: &BTreeSet<String>, groups: &[String]) -> bool {
    groups.iter().any(|g| sector.contains(g))
}

/// The most common value (the larger of equally common ones).
pub fn mode(years: &[i32]) -> Option<i32> {
    let mut v = years.to_vec();
    v.sort_unstable();
    let mut best: Option<(usize, i32)> = None;
    for chunk in v.chunk_by(|a, b| a == b) {
        let cand = (chunk.len(), chunk[0]);
        if best.is_none_or(|b| cand >= b) {
            best = Some(cand);
        }
    }
    best.map(|(_, y)| y)
}
