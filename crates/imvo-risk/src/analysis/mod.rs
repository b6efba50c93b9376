//! The analysis proper: embodied risk per national sector and theme, normalisation, ranking,
//! the elevated-risk flag, hotspots and paths.

use faer::Mat;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Result, RiskError};
use crate::inputs::{Lang, NationalSector, RiskInputs, Theme};
use crate::setup::{RiskSystem, Setup, resolve};
use crate::solver::LeontiefSolver;
use crate::spa::{SpaOptions, SparseColumns, search};

mod attribution;
mod flag;

pub use attribution::TradeRule;
pub use flag::{FlagRule, Verdict};

/// Options of an analysis.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Options {
    /// Region whose final demand is analysed (default `NL`).
    pub focus: String,
    /// Hotspots listed per sector and theme.
    pub top_hotspots: usize,
    /// Path search options.
    pub spa: SpaOptions,
    /// Run the path search for each sector's this many main themes (see
    /// [`SectorResult::main_themes`]; all themes when at least the number of themes).
    pub spa_themes: usize,
    /// The elevated-risk rule.
    pub flag: FlagRule,
    /// Trade attribution: purchases of final demand also attributed to trade sectors
    /// (empty: every sector gets only the final demand for its own products).
    #[serde(default)]
    pub trade: Vec<TradeRule>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            focus: "NL".into(),
            top_hotspots: 10,
            spa: SpaOptions::default(),
            spa_themes: 5,
            flag: FlagRule::default(),
            trade: Vec::new(),
        }
    }
}

/// An origin industry's contribution to a sector's embodied risk.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Hotspot {
    /// Origin region.
    pub region: String,
    /// Origin MRIO sector.
    pub sector: String,
    /// Risk located there.
    pub value: f64,
    /// Share of the sector's embodied risk for the theme.
    pub share: f64,
}

/// A supply-chain path with labels.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Path {
    /// `(region, sector)` from the origin of the risk to the product final demand buys.
    pub nodes: Vec<(String, String)>,
    /// Contribution to the footprint.
    pub value: f64,
    /// Share of the footprint.
    pub share: f64,
}

/// Paths of one sector and theme and how the footprint splits.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Paths {
    /// Listed paths, largest first.
    pub paths: Vec<Path>,
    /// Share of the footprint the listed paths explain.
    pub listed_share: f64,
    /// Footprint not in the listed paths: visited but unlisted paths.
    pub unlisted: f64,
    /// … deeper parts of subtrees left when the search stopped.
    pub unexplored: f64,
    /// … subtrees below the threshold.
    pub pruned: f64,
    /// Listed + remainder, as the search accounted it (equals the footprint).
    pub accounted: f64,
    /// Every path above the threshold was visited.
    pub complete: bool,
    /// Nodes expanded.
    pub expansions: usize,
}

/// One sector × theme cell.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cell {
    /// Theme id.
    pub theme: String,
    /// Embodied risk (exposure × likelihood × severity, summed over the supply chain).
    pub embodied: f64,
    /// Embodied exposure (output or stressor units).
    pub exposure: f64,
    /// Exposure-weighted mean likelihood along the chain (SER heat map: likelihood axis).
    pub likelihood: f64,
    /// Theme severity (SER heat map: severity axis).
    pub severity: f64,
    /// Embodied risk per unit of final demand.
    pub intensity: f64,
    /// Intensity relative to the focus region's average final demand (1 = average).
    pub ratio: f64,
    /// Largest origin contributions.
    pub hotspots: Vec<Hotspot>,
    /// Supply-chain paths (when searched).
    pub paths: Option<Paths>,
}

/// Results of one national sector.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SectorResult {
    /// The sector.
    pub sector: NationalSector,
    /// Final demand of the focus region for the sector's products.
    pub final_demand: f64,
    /// Share of the focus region's final demand.
    pub final_demand_share: f64,
    /// Severity-weighted mean of the theme ratios.
    pub score: f64,
    /// 1-based rank by score.
    pub rank: usize,
    /// Flagged by the rule.
    pub elevated: bool,
    /// Why (or why not), in words.
    pub flag_reason: String,
    /// One cell per theme, in theme order.
    pub cells: Vec<Cell>,
}

impl SectorResult {
    /// Theme positions ordered by priority, highest first: ratio × severity, the SER's
    /// likelihood × severity reading (the ratio measures how much more likely than average the
    /// sector's chain meets the risk).
    pub fn main_themes(&self) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..self.cells.len()).collect();
        let key = |i: usize| self.cells[i].ratio * self.cells[i].severity;
        idx.sort_by(|&a, &b| key(b).total_cmp(&key(a)));
        idx
    }
}

/// The whole analysis.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Analysis {
    /// True when the system or any input is synthetic.
    pub synthetic: bool,
    /// Focus region.
    pub focus: String,
    /// Monetary unit of final demand.
    pub monetary_unit: String,
    /// Regions × sectors of the system.
    pub shape: (usize, usize),
    /// Themes.
    pub themes: Vec<Theme>,
    /// Per sector, in the order of the sector list.
    pub sectors: Vec<SectorResult>,
    /// Sector positions by rank.
    pub ranking: Vec<usize>,
    /// The focus region's total embodied risk per theme (its consumption-based footprint).
    pub total_embodied: Vec<f64>,
    /// The focus region's total final demand.
    pub total_final_demand: f64,
    /// The options used.
    pub options: Options,
}

impl Analysis {
    /// Reads an analysis written by [`crate::output::write_tables`] (`analysis.json`), so a
    /// server or another tool can serve the results without solving the model again. The file
    /// is checked for shape as well as syntax: every sector has one cell per theme, in theme
    /// order, and the ranking names every sector once.
    pub fn read_json(path: &std::path::Path) -> Result<Analysis> {
        let text = std::fs::read_to_string(path).map_err(|e| RiskError::io(path, e))?;
        let file_error = |message: String| RiskError::File {
            path: path.to_path_buf(),
            message,
        };
        let an: Analysis = serde_json::from_str(&text).map_err(|e| {
            file_error(format!(
                "line {}, column {}: {e}; this is not an analysis.json as `imvo risk demo` writes                  it (write it again with the same version of imvo)",
                e.line(),
                e.column()
            ))
        })?;
        an.check_shape().map_err(file_error)?;
        Ok(an)
    }

    fn check_shape(&self) -> std::result::Result<(), String> {
        for s in &self.sectors {
            let ids = s.cells.iter().map(|c| c.theme.as_str());
            if !ids.eq(self.themes.iter().map(|t| t.id.as_str())) {
                return Err(format!(
                    "sector `{}`: its cells do not follow the themes one for one",
                    s.sector.id
                ));
            }
        }
        let mut seen = vec![false; self.sectors.len()];
        for &g in &self.ranking {
            match seen.get_mut(g) {
                Some(slot) if !*slot => *slot = true,
                _ => return Err(format!("ranking: position {g} is out of range or repeated")),
            }
        }
        if seen.iter().any(|s| !s) || self.total_embodied.len() != self.themes.len() {
            return Err(
                "the ranking or the totals do not cover every sector and theme".to_string(),
            );
        }
        Ok(())
    }
}

/// Intermediate arrays, kept for verification against other tools.
#[derive(Debug, Clone)]
pub struct Arrays {
    /// Final demand of the focus region per group (n × G).
    pub y_groups: Mat<f64>,
    /// Output required per group, `L·y_g` (n × G).
    pub x_groups: Mat<f64>,
    /// Multipliers `m_t = s_tᵀ·L`, transposed (n × k).
    pub multipliers_t: Mat<f64>,
    /// Embodied risk (k × G).
    pub embodied: Mat<f64>,
    /// Final demand each national sector received through the trade rules (G; zeros without).
    pub trade_final_demand: Vec<f64>,
}

/// Runs the analysis: resolves the inputs against the system, solves, and builds the results.
pub fn analyse(
    inputs: &RiskInputs,
    sys: &RiskSystem<'_>,
    solver: &dyn LeontiefSolver,
    options: &Options,
) -> Result<(Analysis, Arrays)> {
    let setup = resolve(inputs, sys, &options.focus)?;
    analyse_resolved(inputs, sys, &setup, solver, options)
}

/// As [`analyse`], with the inputs already resolved.
pub fn analyse_resolved(
    inputs: &RiskInputs,
    sys: &RiskSystem<'_>,
    setup: &Setup,
    solver: &dyn LeontiefSolver,
    options: &Options,
) -> Result<(Analysis, Arrays)> {
    let n = sys.n();
    let themes = &inputs.themes.rows;
    let k = themes.len();
    let groups = &inputs.sectors.rows;
    let g_n = groups.len();

    // Final demand of the focus region, split by national sector of the product bought.
    let mut y_groups = Mat::<f64>::zeros(n, g_n);
    let mut y_focus = vec![0.0; n];
    for i in 0..n {
        let yi: f64 = setup.focus_columns.iter().map(|&c| sys.y[(i, c)]).sum();
        if !yi.is_finite() {
            return Err(RiskError::Invalid(format!(
                "final demand of {:?} is not finite",
                sys.industry(i)
            )));
        }
        y_groups[(i, setup.group_of_sector[sys.industry_sector[i]])] = yi;
        y_focus[i] = yi;
    }
    let trade_final_demand = attribution::apply(&options.trade, sys, setup, groups, &mut y_groups)?;
    // With trade overlays the groups overlap, so the focus region's total is solved for as a
    // column of its own.
    let overlap = !options.trade.is_empty();
    let mut x_all = Mat::<f64>::zeros(n, g_n + usize::from(overlap));
    x_all
        .as_mut()
        .submatrix_mut(0, 0, n, g_n)
        .copy_from(&y_groups);
    if overlap {
        for (i, &yi) in y_focus.iter().enumerate() {
            x_all[(i, g_n)] = yi;
        }
    }
    solver.solve(x_all.as_mut())?;
    let x_groups = x_all.as_ref().submatrix(0, 0, n, g_n).to_owned();
    let s = &setup.intensity;
    let embodied = s * &x_groups; // k × G
    let exposure_emb = &setup.exposure * &x_groups;
    // Multipliers m_t = s_tᵀ L, as columns.
    let mut multipliers_t = s.transpose().to_owned();
    solver.solve_transpose(multipliers_t.as_mut())?;

    let fd: Vec<f64> = (0..g_n)
        .map(|g| (0..n).map(|i| y_groups[(i, g)]).sum())
        .collect();
    let (total_fd, total_emb): (f64, Vec<f64>) = if overlap {
        let x_total = x_all.as_ref().col(g_n);
        (
            y_focus.iter().sum(),
            (0..k)
                .map(|t| (0..n).map(|i| s[(t, i)] * x_total[i]).sum())
                .collect(),
        )
    } else {
        (
            fd.iter().sum(),
            (0..k)
                .map(|t| (0..g_n).map(|g| embodied[(t, g)]).sum())
                .collect(),
        )
    };
    let avg: Vec<f64> = total_emb
        .iter()
        .map(|e| if total_fd != 0.0 { e / total_fd } else { 0.0 })
        .collect();
    let sev_sum: f64 = themes.iter().map(|t| t.severity).sum();

    let mut sectors: Vec<SectorResult> = (0..g_n)
        .map(|g| {
            let cells: Vec<Cell> = (0..k)
                .map(|t| {
                    let e = embodied[(t, g)];
                    let ex = exposure_emb[(t, g)];
                    let sev = themes[t].severity;
                    let intensity = if fd[g] != 0.0 { e / fd[g] } else { 0.0 };
                    let ratio = if avg[t] != 0.0 {
                        intensity / avg[t]
                    } else {
                        0.0
                    };
                    let likelihood = if ex != 0.0 && sev != 0.0 {
                        e / (ex * sev)
                    } else {
                        0.0
                    };
                    let mut hs: Vec<(f64, usize)> =
                        (0..n).map(|i| (s[(t, i)] * x_groups[(i, g)], i)).collect();
                    let top = options.top_hotspots.min(n);
                    if top > 0 && top < n {
                        hs.select_nth_unstable_by(top - 1, |a, b| b.0.abs().total_cmp(&a.0.abs()));
                    }
                    hs.truncate(top);
                    hs.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()).then(a.1.cmp(&b.1)));
                    let hotspots = hs
                        .into_iter()
                        .filter(|h| h.0 != 0.0)
                        .map(|(v, i)| {
                            let (r, sec) = sys.industry(i);
                            Hotspot {
                                region: r.to_string(),
                                sector: sec.to_string(),
                                value: v,
                                share: if e != 0.0 { v / e } else { 0.0 },
                            }
                        })
                        .collect();
                    Cell {
                        theme: themes[t].id.clone(),
                        embodied: e,
                        exposure: ex,
                        likelihood,
                        severity: sev,
                        intensity,
                        ratio,
                        hotspots,
                        paths: None,
                    }
                })
                .collect();
            let score = if sev_sum > 0.0 {
                cells
                    .iter()
                    .zip(themes)
                    .map(|(c, t)| c.ratio * t.severity)
                    .sum::<f64>()
                    / sev_sum
            } else {
                0.0
            };
            let share = if total_fd != 0.0 {
                fd[g] / total_fd
            } else {
                0.0
            };
            SectorResult {
                sector: groups[g].clone(),
                final_demand: fd[g],
                final_demand_share: share,
                score,
                rank: 0,
                elevated: false,
                flag_reason: String::new(),
                cells,
            }
        })
        .collect();

    // Ranking and flags.
    let mut ranking: Vec<usize> = (0..g_n).collect();
    ranking.sort_by(|&a, &b| sectors[b].score.total_cmp(&sectors[a].score));
    for (r, &g) in ranking.iter().enumerate() {
        sectors[g].rank = r + 1;
    }
    let rule = &options.flag;
    for sr in &mut sectors {
        let verdict = rule.judge(sr);
        sr.elevated = verdict.elevated();
        sr.flag_reason = verdict.text(Lang::En);
    }

    // Paths: for each sector, its main themes.
    let jobs: Vec<(usize, usize)> = (0..g_n)
        .flat_map(|g| {
            let main = sectors[g].main_themes();
            main.into_iter()
                .take(options.spa_themes.min(k))
                .map(move |t| (g, t))
        })
        .collect();
    let a_sparse = SparseColumns::from_dense(sys.a);
    let results: Vec<(usize, usize, crate::spa::SpaResult)> = jobs
        .par_iter()
        .map(|&(g, t)| {
            let y: Vec<f64> = (0..n).map(|i| y_groups[(i, g)]).collect();
            let srow: Vec<f64> = (0..n).map(|i| s[(t, i)]).collect();
            let m: Vec<f64> = (0..n).map(|i| multipliers_t[(i, t)]).collect();
            let r = search(&a_sparse, &y, &srow, &m, embodied[(t, g)], &options.spa);
            (g, t, r)
        })
        .collect();
    for (g, t, r) in results {
        let f = embodied[(t, g)];
        let label = |i: usize| {
            let (a, b) = sys.industry(i);
            (a.to_string(), b.to_string())
        };
        let paths = r
            .paths
            .iter()
            .map(|p| Path {
                nodes: p.nodes.iter().map(|&i| label(i)).collect(),
                value: p.value,
                share: if f != 0.0 { p.value / f } else { 0.0 },
            })
            .collect();
        sectors[g].cells[t].paths = Some(Paths {
            paths,
            listed_share: if f != 0.0 { r.listed / f } else { 0.0 },
            unlisted: r.unlisted,
            unexplored: r.unexplored,
            pruned: r.pruned,
            accounted: r.accounted(),
            complete: r.complete,
            expansions: r.expansions,
        });
    }

    let analysis = Analysis {
        synthetic: sys.synthetic || inputs.synthetic(),
        focus: options.focus.clone(),
        monetary_unit: sys.monetary_unit.clone(),
        shape: (sys.regions.len(), sys.sectors.len()),
        themes: themes.clone(),
        sectors,
        ranking,
        total_embodied: total_emb,
        total_final_demand: total_fd,
        options: options.clone(),
    };
    Ok((
        analysis,
        Arrays {
            y_groups,
            x_groups,
            multipliers_t,
            embodied,
            trade_final_demand,
        },
    ))
}
