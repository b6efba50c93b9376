//! The bridge to the input-output engine (`imvo-mrio`): a [`RiskSystem`] view of an
//! [`IoSystem`], the engine's solvers behind [`LeontiefSolver`], and the risk intensities as a
//! pymrio extension (so that pymrio, or the engine's `calc`, can compute the same footprints).

use faer::{Mat, MatRef, Par};
use imvo_mrio::compute::iterative::{Coefficients, prefer_iterative};
use imvo_mrio::compute::{IterativeSolver, LeontiefOperator, LuFactors, kernels};
use imvo_mrio::{Extension, Index, IoSystem, Labelled, TextColumn};

use crate::error::{Result, RiskError};
use crate::inputs::RiskInputs;
use crate::setup::{RiskSystem, Setup, StressorRow};
use crate::solver::LeontiefSolver;

fn engine_err(e: impl std::fmt::Display) -> RiskError {
    RiskError::Invalid(format!("input-output engine: {e}"))
}

/// What the analysis needs that a system may lack: `A` and `x` (computed from `Z` and `Y` when
/// absent) and the stressor rows as contiguous vectors.
pub struct Core {
    a: Option<Mat<f64>>,
    x: Vec<f64>,
    stressors: Vec<(String, Vec<f64>)>,
}

impl Core {
    /// Computes what `sys` lacks. Needs `Y` and `A` or `Z`.
    pub fn new(sys: &IoSystem) -> Result<Self> {
        let y = sys
            .y
            .as_ref()
            .ok_or_else(|| RiskError::Invalid("the system has no final demand Y".into()))?;
        let x: Vec<f64> = match (&sys.x, &sys.z) {
            (Some(x), _) => (0..x.nrows()).map(|i| x.data()[(i, 0)]).collect(),
            (None, Some(z)) => {
                let x = kernels::output_from_flows(z.data().as_ref(), y.data().as_ref())
                    .map_err(engine_err)?;
                (0..x.nrows()).map(|i| x[(i, 0)]).collect()
            }
            (None, None) => {
                return Err(RiskError::Invalid(
                    "the system has neither x nor Z; run `imvo risk calc` on it first".into(),
                ));
            }
        };
        let a = match (&sys.a, &sys.z) {
            (Some(_), _) => None,
            (None, Some(z)) => {
                Some(kernels::divide_columns(z.data().as_ref(), &x).map_err(engine_err)?)
            }
            (None, None) => {
                return Err(RiskError::Invalid("the system has neither A nor Z".into()));
            }
        };
        let mut stressors = Vec::new();
        for ext in &sys.extensions {
            if let Some(f) = &ext.f {
                for r in 0..f.nrows() {
                    let label = f.rows().key(r).join(" | ");
                    let row = (0..f.ncols()).map(|j| f.data()[(r, j)]).collect();
                    stressors.push((label, row));
                }
            }
        }
        Ok(Self { a, x, stressors })
    }

    /// `A` of the system (given or computed).
    pub fn a<'s>(&'s self, sys: &'s IoSystem) -> MatRef<'s, f64> {
        match &self.a {
            Some(a) => a.as_ref(),
            None => sys.a.as_ref().expect("Core::new checked A").data().as_ref(),
        }
    }

    /// Total output `x`.
    pub fn x(&self) -> &[f64] {
        &self.x
    }
}

fn level(ix: &Index, name: &str, fallback: usize) -> usize {
    ix.level_by_name(name)
        .unwrap_or(fallback.min(ix.nlevels() - 1))
}

/// The analysis' view of `sys`.
pub fn view<'a>(sys: &'a IoSystem, core: &'a Core) -> Result<RiskSystem<'a>> {
    let ind = sys
        .industries()
        .ok_or_else(|| RiskError::Invalid("the system has no industries".into()))?;
    if ind.nlevels() < 2 {
        return Err(RiskError::Invalid(
            "the industry index needs a region and a sector level".into(),
        ));
    }
    let (rl, sl) = (level(ind, "region", 0), level(ind, "sector", 1));
    let regions = ind.unique(rl);
    let sectors = ind.unique(sl);
    let rpos: std::collections::HashMap<&str, usize> = regions
        .iter()
        .enumerate()
        .map(|(i, r)| (r.as_str(), i))
        .collect();
    let spos: std::collections::HashMap<&str, usize> = sectors
        .iter()
        .enumerate()
        .map(|(i, r)| (r.as_str(), i))
        .collect();
    let industry_region = ind.level(rl).iter().map(|r| rpos[r.as_str()]).collect();
    let industry_sector = ind.level(sl).iter().map(|s| spos[s.as_str()]).collect();
    let y = sys.y.as_ref().expect("Core::new checked Y");
    let yl = level(y.cols(), "region", 0);
    let yc = level(y.cols(), "category", 1);
    let monetary_unit = sys
        .unit
        .as_ref()
        .and_then(|u| u.values.first().cloned())
        .unwrap_or_default();
    let meta = &sys.meta;
    let synthetic = [&meta.description, &meta.name]
        .iter()
        .any(|s| s.to_lowercase().contains("synthetic"))
        || serde_json::to_string(&meta.extra)
            .map(|s| s.to_lowercase().contains("synthetic"))
            .unwrap_or(false);
    Ok(RiskSystem {
        regions,
        sectors,
        industry_region,
        industry_sector,
        a: core.a(sys),
        x: core.x(),
        y: y.data().as_ref(),
        y_regions: y.cols().level(yl).to_vec(),
        y_categories: y.cols().level(yc).to_vec(),
        stressors: core
            .stressors
            .iter()
            .map(|(l, v)| StressorRow {
                label: l,
                values: v,
            })
            .collect(),
        monetary_unit,
        synthetic,
    })
}

/// How to solve with `I − A`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// The engine's rule (size, sparsity, number of right-hand sides).
    Auto,
    /// Dense LU.
    Lu,
    /// The iterative solver with a proven error bound.
    Iterative,
}

/// Builds the engine's operator for `a`, for about `nrhs` right-hand sides.
pub fn operator(
    a: MatRef<'_, f64>,
    nrhs: usize,
    method: Method,
) -> Result<Box<dyn LeontiefOperator>> {
    let par = Par::rayon(0);
    let iterative = match method {
        Method::Lu => false,
        Method::Iterative => true,
        Method::Auto => prefer_iterative(Coefficients::Dense(a), nrhs),
    };
    if iterative {
        match IterativeSolver::new(Coefficients::Dense(a), 1e-13, par) {
            Ok(s) if s.bound_available() => return Ok(Box::new(s)),
            _ => {}
        }
    }
    Ok(Box::new(LuFactors::factor(a, par).map_err(engine_err)?))
}

/// The engine's operator as a [`LeontiefSolver`].
pub struct Engine<'a>(pub &'a dyn LeontiefOperator);

impl LeontiefSolver for Engine<'_> {
    fn solve(&self, rhs: faer::MatMut<'_, f64>) -> Result<()> {
        self.0.apply(rhs).map_err(engine_err)
    }
    fn solve_transpose(&self, rhs: faer::MatMut<'_, f64>) -> Result<()> {
        self.0.apply_transposed(rhs).map_err(engine_err)
    }
}

/// The risk intensities as a pymrio extension named `risk`: `F = S ⊙ x` (one row per theme,
/// unit "risk points"), so that `calc_all` on the system gives `D_cba` whose focus-region
/// columns, summed over each national sector's MRIO sectors, are the embodied risks.
pub fn risk_extension(
    inputs: &RiskInputs,
    setup: &Setup,
    sys: &IoSystem,
    core: &Core,
) -> Result<Extension> {
    let ind = sys
        .industries()
        .ok_or_else(|| RiskError::Invalid("the system has no industries".into()))?
        .clone();
    let k = inputs.themes.rows.len();
    let n = core.x.len();
    let f = Mat::from_fn(k, n, |t, i| setup.intensity[(t, i)] * core.x[i]);
    let rows = Index::single(
        "stressor",
        inputs.themes.rows.iter().map(|t| t.id.clone()).collect(),
    );
    let f = Labelled::new(rows.clone(), ind, f).map_err(engine_err)?;
    let mut ext = Extension::new("risk", "risk", f);
    ext.unit = Some(TextColumn {
        rows,
        name: "unit".into(),
        values: vec!["risk points (exposure × likelihood × severity)".into(); k],
    });
    Ok(ext)
}
