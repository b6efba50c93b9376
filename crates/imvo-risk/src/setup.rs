//! The inputs checked against one system: the concordance resolved to MRIO sector positions,
//! indicators resolved to a likelihood per theme × industry, and the risk intensities `S`.

use std::collections::HashMap;

use faer::{Mat, MatRef};

use crate::error::{Result, RiskError};
use crate::inputs::{Exposure, RiskInputs};

/// A stressor row of an MRIO extension, usable as an exposure basis.
#[derive(Debug, Clone, Copy)]
pub struct StressorRow<'a> {
    /// Row label (levels joined with ` | `).
    pub label: &'a str,
    /// Values per industry, in industry order (the extension's `F`).
    pub values: &'a [f64],
}

/// The parts of a multi-regional input-output system the risk analysis reads, borrowed from
/// wherever the system lives (the engine's `IoSystem`, or a test's matrices).
///
/// Industries are `(region, sector)` pairs; `industry_region[i]` and `industry_sector[i]` give
/// the positions of industry `i` in `regions` and `sectors`.
#[derive(Debug, Clone)]
pub struct RiskSystem<'a> {
    /// Region codes, in order of first appearance.
    pub regions: Vec<String>,
    /// Sector labels, in order of first appearance.
    pub sectors: Vec<String>,
    /// Region position of each industry.
    pub industry_region: Vec<usize>,
    /// Sector position of each industry.
    pub industry_sector: Vec<usize>,
    /// Technical coefficients `A` (n × n).
    pub a: MatRef<'a, f64>,
    /// Total output `x` (n).
    pub x: &'a [f64],
    /// Final demand `Y` (n × c).
    pub y: MatRef<'a, f64>,
    /// Region of each final-demand column (c).
    pub y_regions: Vec<String>,
    /// Category of each final-demand column (c), e.g. "Final consumption expenditure by
    /// households": the trade attribution names categories.
    pub y_categories: Vec<String>,
    /// Stressor rows available as exposure bases.
    pub stressors: Vec<StressorRow<'a>>,
    /// Monetary unit of `Z`, `x`, `Y` (e.g. `M.EUR`).
    pub monetary_unit: String,
    /// True when the system says it is synthetic.
    pub synthetic: bool,
}

impl RiskSystem<'_> {
    /// Number of industries.
    pub fn n(&self) -> usize {
        self.industry_region.len()
    }

    /// `(region, sector)` labels of industry `i`.
    pub fn industry(&self, i: usize) -> (&str, &str) {
        (
            &self.regions[self.industry_region[i]],
            &self.sectors[self.industry_sector[i]],
        )
    }
}

/// Inputs resolved against a system.
#[derive(Debug, Clone)]
pub struct Setup {
    /// National sector position of each MRIO sector.
    pub group_of_sector: Vec<usize>,
    /// Likelihood per theme × industry (k × n).
    pub likelihood: Mat<f64>,
    /// Exposure per unit of output per theme × industry (k × n): 1 for `output`, `F/x` for a
    /// stressor row (0 where `x` is 0).
    pub exposure: Mat<f64>,
    /// Risk intensity per unit of output, `exposure × likelihood × severity` (k × n).
    pub intensity: Mat<f64>,
    /// Position of the focus region.
    pub focus: usize,
    /// Final-demand columns of the focus region.
    pub focus_columns: Vec<usize>,
}

/// Checks `inputs` against `sys` and builds the intensities; `focus` is the region whose final
/// demand is analysed.
pub fn resolve(inputs: &RiskInputs, sys: &RiskSystem<'_>, focus: &str) -> Result<Setup> {
    let n = sys.n();
    if sys.a.nrows() != n || sys.a.ncols() != n || sys.x.len() != n || sys.y.nrows() != n {
        return Err(RiskError::Invalid(format!(
            "the system's arrays disagree: {n} industries, A is {}×{}, x has {}, Y has {} rows",
            sys.a.nrows(),
            sys.a.ncols(),
            sys.x.len(),
            sys.y.nrows()
        )));
    }
    let focus_idx = sys.regions.iter().position(|r| r == focus).ok_or_else(|| {
        RiskError::Invalid(format!(
            "focus region `{focus}` is not in the system; its regions are: {}",
            sys.regions.join(", ")
        ))
    })?;
    let focus_columns: Vec<usize> = sys
        .y_regions
        .iter()
        .enumerate()
        .filter(|(_, r)| *r == focus)
        .map(|(j, _)| j)
        .collect();
    if focus_columns.is_empty() {
        return Err(RiskError::Invalid(format!(
            "focus region `{focus}` has no final-demand column in the system"
        )));
    }

    // Concordance: every MRIO sector exactly once (twice is caught by the reader).
    let conc = &inputs.concordance;
    let sector_pos: HashMap<&str, usize> = sys
        .sectors
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i))
        .collect();
    let nat_pos: HashMap<&str, usize> = inputs
        .sectors
        .rows
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut group_of_sector = vec![usize::MAX; sys.sectors.len()];
    for row in &conc.rows {
        let Some(&s) = sector_pos.get(row.mrio_sector.as_str()) else {
            return Err(RiskError::Input {
                path: conc.path.clone(),
                line: row.line,
                field: "mrio_sector".into(),
                message: format!(
                    "`{}` is not a sector of the system; correct the spelling or use the concordance made for this system",
                    row.mrio_sector
                ),
            });
        };
        group_of_sector[s] = nat_pos[row.national_sector.as_str()];
    }
    let missing: Vec<&str> = group_of_sector
        .iter()
        .enumerate()
        .filter(|(_, g)| **g == usize::MAX)
        .map(|(s, _)| sys.sectors[s].as_str())
        .collect();
    if !missing.is_empty() {
        return Err(RiskError::File {
            path: conc.path.clone(),
            message: format!(
                "field `mrio_sector`: {} sector(s) of the system are not mapped, first `{}`; add one row for each",
                missing.len(),
                missing[0]
            ),
        });
    }

    // Indicators → likelihood (k × n). Region rows first, then region × sector rows override.
    let themes = &inputs.themes.rows;
    let k = themes.len();
    let theme_pos: HashMap<&str, usize> = themes
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    let region_pos: HashMap<&str, usize> = sys
        .regions
        .iter()
        .enumerate()
        .map(|(i, r)| (r.as_str(), i))
        .collect();
    let ind = &inputs.indicators;
    let nr = sys.regions.len();
    let ns = sys.sectors.len();
    // per theme × region: (likelihood, specificity) where '*' = 0, region = 1
    let mut region_l: Vec<Option<(f64, u8)>> = vec![None; k * nr];
    let mut cell_l: HashMap<(usize, usize, usize), f64> = HashMap::new();
    for row in &ind.rows {
        let t = theme_pos[row.theme.as_str()];
        let regions: Vec<usize> = if row.region == "*" {
            (0..nr).collect()
        } else {
            vec![
                *region_pos
                    .get(row.region.as_str())
                    .ok_or_else(|| RiskError::Input {
                        path: ind.path.clone(),
                        line: row.line,
                        field: "region".into(),
                        message: format!(
                            "unknown region `{}`; the system's regions are {}",
                            row.region,
                            sys.regions.join(", ")
                        ),
                    })?,
            ]
        };
        match &row.sector {
            None => {
                let spec = u8::from(row.region != "*");
                for r in regions {
                    let slot = &mut region_l[t * nr + r];
                    if slot.is_none_or(|(_, s)| s <= spec) {
                        *slot = Some((row.likelihood, spec));
                    }
                }
            }
            Some(sec) => {
                let s = *sector_pos.get(sec.as_str()).ok_or_else(|| RiskError::Input {
                    path: ind.path.clone(),
                    line: row.line,
                    field: "sector".into(),
                    message: format!(
                        "`{sec}` is not a sector of the system; leave the field empty for every sector"
                    ),
                })?;
                for r in regions {
                    cell_l.insert((t, r, s), row.likelihood);
                }
            }
        }
    }
    for (t, theme) in themes.iter().enumerate() {
        for r in 0..nr {
            if region_l[t * nr + r].is_none() {
                let covered = (0..ns).all(|s| cell_l.contains_key(&(t, r, s)));
                if !covered {
                    return Err(RiskError::File {
                        path: ind.path.clone(),
                        message: format!(
                            "no likelihood for region `{}` and theme `{}`; add a row for it (or a row with region `*` as the default)",
                            sys.regions[r], theme.id
                        ),
                    });
                }
            }
        }
    }
    let mut likelihood = Mat::<f64>::zeros(k, n);
    for i in 0..n {
        let (r, s) = (sys.industry_region[i], sys.industry_sector[i]);
        for t in 0..k {
            let v = cell_l
                .get(&(t, r, s))
                .copied()
                .or(region_l[t * nr + r].map(|(v, _)| v))
                .unwrap_or(0.0);
            likelihood[(t, i)] = v;
        }
    }

    // Exposure and intensity.
    let mut exposure = Mat::<f64>::zeros(k, n);
    for (t, theme) in themes.iter().enumerate() {
        match &theme.exposure {
            Exposure::Output => {
                for i in 0..n {
                    exposure[(t, i)] = 1.0;
                }
            }
            Exposure::Stressor(label) => {
                let row = sys
                    .stressors
                    .iter()
                    .find(|r| r.label == label)
                    .ok_or_else(|| RiskError::Input {
                        path: inputs.themes.path.clone(),
                        line: theme.line,
                        field: "exposure".into(),
                        message: format!(
                            "the system has no stressor row `{label}`; its rows are: {}",
                            sys.stressors
                                .iter()
                                .map(|r| r.label)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    })?;
                for i in 0..n {
                    let xi = sys.x[i];
                    let f = row.values[i];
                    if !f.is_finite() || f < 0.0 {
                        return Err(RiskError::Invalid(format!(
                            "stressor row `{label}` has a negative or non-finite value at industry {:?}; an exposure basis must be ≥ 0",
                            sys.industry(i)
                        )));
                    }
                    exposure[(t, i)] = if xi > 0.0 { f / xi } else { 0.0 };
                }
            }
        }
    }
    let mut intensity = Mat::<f64>::zeros(k, n);
    for (t, theme) in themes.iter().enumerate() {
        for i in 0..n {
            intensity[(t, i)] = exposure[(t, i)] * likelihood[(t, i)] * theme.severity;
        }
    }
    Ok(Setup {
        group_of_sector,
        likelihood,
        exposure,
        intensity,
        focus: focus_idx,
        focus_columns,
    })
}
