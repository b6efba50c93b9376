//! The indicator build: from the publishers' values to one likelihood per region × industry ×
//! theme, in the indicator CSV the analysis reads.
//!
//! Per member country of a region and per industry, a theme's likelihood is the weighted mean
//! of its applicable `main` indicators that have a value, else of its `fallback` indicators,
//! raised to its `floor`s (indicator_themes.csv). A region of one country takes that value; an
//! aggregated region takes the weighted mean over its members with a value and a weight (the
//! weight indicator of indicator_sources.csv: population). A region without any value is
//! imputed with the median over the regions that have one. Every gap is reported.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::data::{Kind, Reference, Role};
use super::emit;
use super::load::Loaded;
use super::missing::{Missing, MissingKind};
use super::pressure::{Intensity, intensity, intersects, mode};
use crate::error::{Result, RiskError};
use crate::inputs::Theme;
use crate::setup::RiskSystem;

/// What the build works on, shared by its parts.
pub struct Context<'a> {
    /// The data files.
    pub reference: &'a Reference,
    /// The publishers' values.
    pub loaded: &'a Loaded,
    /// The system's regions.
    pub regions: &'a [String],
    /// The system's sectors.
    pub sectors: &'a [String],
    /// Groups of each sector.
    pub groups: Vec<BTreeSet<String>>,
    /// Member countries of each region.
    pub members: Vec<Vec<usize>>,
    /// Output per region × sector.
    pub output: Vec<Vec<f64>>,
    /// The year asked for.
    pub year: i32,
}

/// The result of a build.
#[derive(Debug, Clone)]
pub struct Built {
    /// The indicator CSV (the format `parse_indicators` reads), with each row's source and year.
    pub csv: String,
    /// Rows in it.
    pub rows: usize,
    /// Every gap, sorted.
    pub missing: Vec<Missing>,
    /// The classification of the system's sectors (`wiod`, `exio3`).
    pub classification: String,
    /// The crosswalk column of the system's regions.
    pub region_column: String,
}

/// One region × sector × theme cell: likelihood, the (source, year) pairs it rests on, and
/// how it came about.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// From indicators: the likelihood, the sources with their years, and for an aggregated
    /// region the year of its members' weights.
    Value(f64, Vec<(usize, i32)>, Option<i32>),
    /// No row of the theme applies to the industry.
    NotApplicable,
    /// Imputed: the median of the regions with a value.
    Imputed(f64),
}

/// Builds the indicator CSV for `sys` from the values read, for the year `year`.
pub fn build(
    reference: &Reference,
    loaded: &Loaded,
    sys: &RiskSystem<'_>,
    themes: &[Theme],
    year: i32,
    label: &str,
) -> Result<Built> {
    let (classification, groups) = reference.classify(&sys.sectors)?;
    let (region_column, members) = reference
        .crosswalk
        .members(&reference.paths["countries.csv"], &sys.regions)?;
    check_themes(reference, themes)?;
    let mut output = vec![vec![0.0; sys.sectors.len()]; sys.regions.len()];
    for i in 0..sys.n() {
        output[sys.industry_region[i]][sys.industry_sector[i]] += sys.x[i];
    }
    let cx = Context {
        reference,
        loaded,
        regions: &sys.regions,
        sectors: &sys.sectors,
        groups,
        members,
        output,
        year,
    };
    let mut missing: Vec<Missing> = loaded.unmatched.iter().map(Missing::unknown).collect();
    for (good, line) in &loaded.unmapped_goods {
        missing.push(Missing {
            kind: MissingKind::UnmappedGood,
            region: String::new(),
            country: String::new(),
            indicator: format!("ilab goods line {line}"),
            theme: String::new(),
            detail: format!("`{good}` is not in ilab_goods.csv: its listings count nowhere"),
        });
    }
    let pressures: BTreeMap<usize, Intensity> = (0..reference.sources.len())
        .filter(|&i| reference.sources[i].kind == Kind::Pressure)
        .map(|i| (i, intensity(&cx, i, &mut missing)))
        .collect();
    report_country_gaps(&cx, &mut missing);
    let cells: Vec<Vec<Vec<Cell>>> = themes
        .iter()
        .map(|t| theme_cells(&cx, &pressures, &t.id, &mut missing))
        .collect::<Result<_>>()?;
    missing.sort();
    missing.dedup();
    if !missing.is_empty() {
        tracing::warn!(
            count = missing.len(),
            kinds = %super::missing::summary(&missing),
            "indicator values missing: each is handled as the missing-value report says"
        );
    }
    let (csv, rows) = emit::indicator_csv(&cx, themes, &cells, label);
    Ok(Built {
        csv,
        rows,
        missing,
        classification,
        region_column,
    })
}

fn check_themes(reference: &Reference, themes: &[Theme]) -> Result<()> {
    let path = &reference.paths["indicator_themes.csv"];
    for row in &reference.themes {
        if !themes.iter().any(|t| t.id == row.theme) {
            return Err(RiskError::Input {
                path: path.clone(),
                line: row.line,
                field: "theme".into(),
                message: format!("unknown theme `{}`; use an id from themes.csv", row.theme),
            });
        }
    }
    for t in themes {
        if !reference
            .themes
            .iter()
            .any(|r| r.theme == t.id && r.role != Role::Floor)
        {
            return Err(RiskError::File {
                path: path.clone(),
                message: format!(
                    "theme `{}` has no main or fallback indicator; add a row for it",
                    t.id
                ),
            });
        }
    }
    Ok(())
}

/// Countries without any value of a country indicator, and members of aggregated regions
/// without a weight: reported once each.
fn report_country_gaps(cx: &Context<'_>, missing: &mut Vec<Missing>) {
    let weight = cx.reference.weight();
    for (r, members) in cx.members.iter().enumerate() {
        for &c in members {
            for (i, s) in cx.reference.sources.iter().enumerate() {
                if s.kind != Kind::Country || !cx.reference.themes.iter().any(|t| t.indicator == i)
                {
                    continue;
                }
                if cx.loaded.country[&i].nearest(c, cx.year).is_none() {
                    missing.push(Missing::country(
                        MissingKind::NoValue,
                        cx,
                        r,
                        c,
                        &s.id,
                        "",
                        "no value in any year: the themes it measures use their other or fallback indicators",
                    ));
                }
            }
            if members.len() > 1 && cx.loaded.country[&weight].nearest(c, cx.year).is_none() {
                missing.push(Missing::country(
                    MissingKind::NoWeight,
                    cx,
                    r,
                    c,
                    &cx.reference.sources[weight].id,
                    "",
                    "no weight: left out of the region's means",
                ));
            }
        }
    }
}

/// The scaled value of theme row `row` for country `c` of region `r` in sector `s`, with the
/// year it is from.
fn value(
    cx: &Context<'_>,
    pressures: &BTreeMap<usize, Intensity>,
    row: &super::data::ThemeRow,
    r: usize,
    c: usize,
    s: usize,
) -> Option<(f64, i32)> {
    let src = &cx.reference.sources[row.indicator];
    let (v, y) = match src.kind {
        Kind::Country | Kind::Weight => {
            let (y, v) = cx.loaded.country[&row.indicator].nearest(c, cx.year)?;
            (v, y)
        }
        Kind::CountryGroup => {
            let listed = &cx.loaded.listed[&row.indicator];
            let n: usize = cx.groups[s]
                .iter()
                .filter_map(|g| listed.get(&(c, g.clone())))
                .map(BTreeSet::len)
                .sum();
            (n as f64, src.year.unwrap_or(cx.year))
        }
        Kind::Pressure => {
            let p = &pressures[&row.indicator];
            (p.value[r].as_ref()?[s], p.year[r])
        }
    };
    Some((row.scale(v), y))
}

/// A country's likelihood for a theme in a sector.
enum Likelihood {
    /// No row of the theme applies to the sector.
    NotApplicable,
    /// Rows apply, but none has a value.
    NoValue,
    /// The likelihood.
    Value(f64),
}

fn country_likelihood(
    cx: &Context<'_>,
    pressures: &BTreeMap<usize, Intensity>,
    rows: &[&super::data::ThemeRow],
    r: usize,
    c: usize,
    s: usize,
    used: &mut Vec<(usize, i32)>,
) -> Likelihood {
    let applies = |row: &&&super::data::ThemeRow| {
        row.sectors
            .as_ref()
            .is_none_or(|g| intersects(&cx.groups[s], g))
    };
    let mut any = false;
    let mut mean = None;
    for role in [Role::Main, Role::Fallback] {
        let (mut num, mut den) = (0.0, 0.0);
        let mut these = Vec::new();
        for row in rows.iter().filter(|r| r.role == role).filter(applies) {
            any = true;
            if let Some((v, y)) = value(cx, pressures, row, r, c, s) {
                num += row.weight * v;
                den += row.weight;
                these.push((row.indicator, y));
            }
        }
        if den > 0.0 {
            mean = Some(num / den);
            used.extend(these);
            break;
        }
    }
    if !any {
        return Likelihood::NotApplicable;
    }
    let Some(mut l) = mean else {
        return Likelihood::NoValue;
    };
    for row in rows
        .iter()
        .filter(|r| r.role == Role::Floor)
        .filter(applies)
    {
        if let Some((v, y)) = value(cx, pressures, row, r, c, s) {
            let floor = row.weight * v;
            if floor > l {
                l = floor;
                used.push((row.indicator, y));
            }
        }
    }
    Likelihood::Value(l)
}

/// The cell of region `r` and sector `s` for one theme; `None` when no member has a value (to
/// be imputed).
fn region_cell(
    cx: &Context<'_>,
    pressures: &BTreeMap<usize, Intensity>,
    rows: &[&super::data::ThemeRow],
    theme: &str,
    (r, s): (usize, usize),
    missing: &mut Vec<Missing>,
) -> Option<Cell> {
    let weight = cx.reference.weight();
    let members = &cx.members[r];
    let aggregate = members.len() > 1;
    let (mut num, mut den) = (0.0, 0.0);
    let mut used: Vec<(usize, i32)> = Vec::new();
    let mut weight_years = Vec::new();
    for &c in members {
        let mut u = Vec::new();
        let l = match country_likelihood(cx, pressures, rows, r, c, s, &mut u) {
            Likelihood::NotApplicable => return Some(Cell::NotApplicable),
            Likelihood::NoValue => {
                missing.push(Missing::country(
                    MissingKind::NoThemeValue,
                    cx,
                    r,
                    c,
                    "",
                    theme,
                    if aggregate {
                        "no indicator of the theme has a value: left out of the region's mean"
                    } else {
                        "no indicator of the theme has a value: the region is imputed"
                    },
                ));
                continue;
            }
            Likelihood::Value(l) => l,
        };
        let w = if aggregate {
            match cx.loaded.country[&weight].nearest(c, cx.year) {
                Some((y, w)) if w > 0.0 => {
                    weight_years.push(y);
                    w
                }
                _ => continue,
            }
        } else {
            1.0
        };
        num += w * l;
        den += w;
        used.extend(u);
    }
    (den > 0.0).then(|| {
        let agg = aggregate.then(|| mode(&weight_years).unwrap_or(cx.year));
        Cell::Value(num / den, summarise(&used), agg)
    })
}

/// Every region × sector cell of one theme.
fn theme_cells(
    cx: &Context<'_>,
    pressures: &BTreeMap<usize, Intensity>,
    theme: &str,
    missing: &mut Vec<Missing>,
) -> Result<Vec<Vec<Cell>>> {
    let rows: Vec<&super::data::ThemeRow> = cx
        .reference
        .themes
        .iter()
        .filter(|r| r.theme == theme)
        .collect();
    let ns = cx.sectors.len();
    let mut todo: Vec<(usize, usize)> = Vec::new();
    let mut cells: Vec<Vec<Cell>> = Vec::with_capacity(cx.regions.len());
    for r in 0..cx.regions.len() {
        let row = (0..ns)
            .map(|s| {
                region_cell(cx, pressures, &rows, theme, (r, s), missing).unwrap_or_else(|| {
                    todo.push((r, s));
                    Cell::Imputed(f64::NAN)
                })
            })
            .collect();
        cells.push(row);
    }
    for (r, s) in todo {
        let mut known: Vec<f64> = (0..cx.regions.len())
            .filter_map(|q| match &cells[q][s] {
                Cell::Value(v, _, _) => Some(*v),
                _ => None,
            })
            .collect();
        if known.is_empty() {
            return Err(RiskError::Invalid(format!(
                "theme `{theme}`: no region has a value in industry `{}`; check that the indicator files of the theme are complete",
                cx.sectors[s]
            )));
        }
        known.sort_by(f64::total_cmp);
        let m = known.len();
        let median = if m % 2 == 1 {
            known[m / 2]
        } else {
            0.5 * (known[m / 2 - 1] + known[m / 2])
        };
        cells[r][s] = Cell::Imputed(median);
        missing.push(Missing::region(
            MissingKind::Imputed,
            cx,
            r,
            "",
            theme,
            &format!(
                "no member country has a value: imputed with the median of the regions with one ({median:.3}) in `{}`",
                cx.sectors[s]
            ),
        ));
    }
    Ok(cells)
}

/// The sources used, each with its most common year, in the order of first use.
fn summarise(used: &[(usize, i32)]) -> Vec<(usize, i32)> {
    let mut order: Vec<usize> = Vec::new();
    for (i, _) in used {
        if !order.contains(i) {
            order.push(*i);
        }
    }
    order
        .into_iter()
        .map(|i| {
            let years: Vec<i32> = used
                .iter()
                .filter(|(j, _)| *j == i)
                .map(|(_, y)| *y)
                .collect();
            (i, mode(&years).unwrap_or_default())
        })
        .collect()
}

/// Reads the publishers' files from `dir` and builds the indicator CSV: the whole of item 1 in
/// one call.
pub fn build_from_dir(
    reference: &Reference,
    dir: &Path,
    sys: &RiskSystem<'_>,
    themes: &[Theme],
    year: i32,
    label: &str,
) -> Result<Built> {
    let loaded = super::load::load(reference, dir)?;
    build(reference, &loaded, sys, themes, year, label)
}
