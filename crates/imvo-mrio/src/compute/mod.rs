//! The Leontief model: everything pymrio 0.7's `IOSystem.calc_all` computes, from solves with
//! `I − A`, forming `L` only when asked.
//!
//! Over 600 lines with reason: a long documentation of methods and accuracy, then `calc_all`,
//! which follows pymrio's order of computation step by step and reads best in one piece.
//!
//! # What is computed
//! [`calc_all`] follows pymrio's `calc_system` then `Extension.calc_system` for every
//! extension, filling only the arrays that are `None` (as pymrio does):
//!
//! | array | formula | how |
//! |---|---|---|
//! | `x` | `Z·1 + Y·1`; or `L·y` when only `A` and `Y` are given | row sums; one forward solve |
//! | `Z` | `A · diag(x)` | scaling |
//! | `A` | `Z · diag(x)⁻¹`, columns with `x = 0` stay 0 | scaling |
//! | `L` | `(I − A)⁻¹`, only with [`CalcOptions::with_l`] | LU, then the inverse from the factors |
//! | `S`, `S_Y` | `F · diag(x)⁻¹`, `F_Y · diag(1ᵀY)⁻¹` | scaling |
//! | `M` | `S · L` | k transposed solves (or a product with `L`) |
//! | `D_cba` | `Σ_{i∈sector j} M[:, i] · Y_agg[i, r]` per column (r, j) | from `M` |
//! | `D_pba` | `S ⊙ x_tot`, `x_tot = L · y` | forward solves |
//! | `D_imp` | as `D_cba` with `M^(¬r) = S^(¬r) · L` (region r's own industries left out) | R'·k transposed solves, or blocks of `x_diag` from `L` |
//! | `D_exp` | `S ⊙ x_exp`, `x_exp` = output for other regions' final demand | R' forward solves |
//! | `D_*_reg` | columns summed per region; `D_cba_reg`, `D_pba_reg` plus `F_Y` per region | sums |
//! | `D_*_cap` | `D_*_reg` / population, when the system has one | division |
//!
//! See [`accounts`] for the account formulas and why `D_imp` and `x_exp` are summed from their
//! foreign terms (no cancellation).
//!
//! # Choice of solver
//! - With `L` requested, or `L` already in the system: the dense LU of `I − A` (faer, partial
//!   pivoting, all cores), the inverse from its factors, then matrix products.
//! - Without `L`, [`Scope::All`] (adds `D_imp`, which needs R'·k transposed solves, 980 for
//!   EXIOBASE with 20 stressors): the dense LU and blocked triangular solves. An iteration
//!   would pay its cost per right-hand side; the factorisation pays once.
//! - Without `L`, [`Scope::Footprints`] (M, D_cba, D_pba and their sums: k + 1 right-hand
//!   sides): the iterative solver ([`iterative`]) when [`Method::Auto`] finds it cheaper by the
//!   rule in [`iterative::prefer_iterative`] — order n ≥ 1,000, `A` at most 40 % non-zero, and
//!   the largest absolute column sum α of `A` below 0.95 (which both proves convergence and
//!   gives the error bound). Otherwise the LU.
//! - Whatever the solver, `M` of all extensions comes from one block of transposed solves
//!   (their stressors stacked): the iteration then makes one pass over `A` per step for all
//!   of them. `x_tot = L·y` starts from `x`, which solves `(I − A) x = y` by construction
//!   when `x = Z·1 + Y·1`, so the iteration only has to prove its bound (one pass).
//! - A `Z` still compressed from the cache is read as it is stored (row sums, finiteness,
//!   the sparse copy for the iteration): the footprint scope never forms it densely.
//!
//! # Accuracy
//! - LU: after factorising, `(I − A) v = 1` is solved and its normwise backward error checked
//!   (limit [`lu::BACKWARD_ERROR_LIMIT`]); the estimate `κ∞ = ‖I − A‖∞‖v‖∞` (exact for
//!   non-negative `A`) must stay below [`lu::CONDITION_LIMIT`]. Forward error ≲ κ · n · ε; on
//!   pymrio's test system, a generated system and the EXIOBASE fixture every array agrees with
//!   pymrio's to ≤ 1.7e-15 relative, elementwise (tests/pymrio.rs).
//! - Iterative: stops on the true residual `r = b − (I − A)ᵀ m`, and guarantees
//!   `‖m − m*‖∞ ≤ ‖r‖∞ / (1 − α)` for row vectors (`‖x − x*‖₁ ≤ ‖r‖₁ / (1 − α)` for forward
//!   solves), since `‖L‖ ≤ 1/(1 − α)` in those norms. It iterates until that bound is below
//!   [`CalcOptions::tolerance`] times the norm of the solution, and reports the bound reached.
//!   The bound is normwise: entries much smaller than the largest in their row carry more
//!   relative error (against pymrio, elementwise at most 1.3e-11 on the test systems; LU at most
//!   1.7e-15; on the EXIOBASE-sized benchmark system the iteration's footprints differ from the
//!   LU's by at most 1.1e-13).
//!
//! # Errors
//! A singular, non-productive or ill-conditioned `I − A`, a missing array or non-finite numbers
//! give a [`ComputeError`]; the computation never returns NaN or panics on bad numbers.

pub mod accounts;
mod error;
pub mod iterative;
pub mod kernels;
pub mod lu;
mod report;
pub mod solver;
mod sparse;
mod sums;
#[cfg(test)]
mod tests;

use faer::{Mat, MatRef, Par};
use rayon::prelude::*;

pub use error::ComputeError;
pub use iterative::IterativeSolver;
pub use lu::LuFactors;
pub use report::{CalcReport, SolverUsed};
pub use solver::{ExplicitInverse, LeontiefOperator};

use crate::progress::Progress;
use crate::system::{Extension, Index, IoSystem, Labelled};
use accounts::Layout;
use report::Timer;

/// Which extension accounts to compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everything pymrio's `calc_all` gives: `M`, all four D accounts, their regional sums and
    /// per-capita accounts.
    All,
    /// Footprints only: `M`, `D_cba`, `D_pba`, their regional sums and per-capita accounts
    /// (`D_imp` and `D_exp` stay absent). Needs only k + 1 solves per extension. To keep
    /// memory low, a missing `Z` is not formed, and a missing `A` is not formed when the
    /// iteration works from `Z` and `x` directly.
    Footprints,
}

/// How to apply `(I − A)⁻¹`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Choose by size, sparsity and the number of right-hand sides (module docs).
    Auto,
    /// Dense LU with partial pivoting.
    Lu,
    /// The iterative solver; falls back to LU when its error bound cannot be established.
    Iterative,
}

/// Options of [`calc_all`].
#[derive(Debug, Clone, Copy)]
pub struct CalcOptions {
    /// Form and store `L`. Costs ≈ 2n³ flops and n² numbers; nothing else needs it.
    pub with_l: bool,
    /// Which accounts to compute.
    pub scope: Scope,
    /// Solver choice.
    pub method: Method,
    /// Threads for the dense kernels and the iteration (`Par::rayon(0)`: all cores).
    pub par: Par,
    /// Relative error bound the iterative solver must prove before stopping.
    pub tolerance: f64,
}

impl Default for CalcOptions {
    fn default() -> Self {
        Self {
            with_l: true,
            scope: Scope::All,
            method: Method::Auto,
            par: Par::rayon(0),
            tolerance: 1e-13,
        }
    }
}

enum Op<'a> {
    Lu(LuFactors),
    Inverse(ExplicitInverse<'a>),
    Iterative(IterativeSolver),
}

impl Op<'_> {
    fn get(&self) -> &dyn LeontiefOperator {
        match self {
            Op::Lu(f) => f,
            Op::Inverse(l) => l,
            Op::Iterative(s) => s,
        }
    }
}

fn labelled(rows: Index, cols: Index, data: Mat<f64>) -> Labelled {
    Labelled::new(rows, cols, data).expect("computed arrays have the shape of their labels")
}

fn missing(wanted: &str, needs: &str) -> ComputeError {
    ComputeError::Missing {
        wanted: wanted.into(),
        needs: needs.into(),
    }
}

/// The level of an index pymrio groups by: `region` when present, else the first.
fn region_level(ix: &Index) -> usize {
    ix.level_by_name("region").unwrap_or(0)
}

fn col_vec(m: MatRef<'_, f64>) -> Vec<f64> {
    (0..m.nrows()).map(|i| m[(i, 0)]).collect()
}

/// Computes what is missing of `sys`, like pymrio's `IOSystem.calc_all()` (without Ghosh).
///
/// Arrays already present are kept, as pymrio keeps them. With `opts.with_l == false`, `L`
/// stays absent and everything else comes from solves. With [`Scope::Footprints`], `D_imp`,
/// `D_exp` and their sums stay absent.
///
/// # Example
/// ```
/// use faer::Mat;
/// use imvo_mrio::compute::{calc_all, CalcOptions};
/// use imvo_mrio::{Extension, Index, IoSystem, Labelled, NoProgress};
///
/// let regions = vec!["NL".to_string(), "DE".to_string()];
/// let sectors = vec!["food".to_string(), "steel".to_string()];
/// let ind = Index::product("region", &regions, "sector", &sectors);
/// let fd = Index::product("region", &regions, "category", &["households".to_string()]);
/// let z = Mat::from_fn(4, 4, |i, j| 1.0 + (i + j) as f64);
/// let y = Mat::from_fn(4, 2, |i, j| 10.0 + (i * j) as f64);
/// let f = Mat::from_fn(1, 4, |_, j| 2.0 + j as f64);
/// let co2 = Index::single("stressor", vec!["CO2".to_string()]);
/// let mut sys = IoSystem {
///     z: Some(Labelled::new(ind.clone(), ind.clone(), z).unwrap()),
///     y: Some(Labelled::new(ind.clone(), fd, y).unwrap()),
///     extensions: vec![Extension::new("air", "Air",
///         Labelled::new(co2, ind.clone(), f).unwrap())],
///     ..IoSystem::default()
/// };
/// let report = calc_all(&mut sys, &CalcOptions::default(), &NoProgress).unwrap();
/// assert!(sys.l.is_some());
/// let d_cba_reg = sys.extensions[0].d_cba_reg.as_ref().unwrap();
/// assert_eq!(d_cba_reg.cols().level(0), &regions[..]);
/// // All stressors end up in some region's footprint.
/// let total: f64 = (0..2).map(|r| d_cba_reg.data()[(0, r)]).sum();
/// assert!((total - 14.0).abs() < 1e-9);
/// # let _ = report;
/// ```
pub fn calc_all(
    sys: &mut IoSystem,
    opts: &CalcOptions,
    progress: &dyn Progress,
) -> Result<CalcReport, ComputeError> {
    let mut t = Timer::new(progress);
    let mut computed = Vec::new();
    let Some(y) = sys.y.as_ref() else {
        return Err(missing("the model", "Y (final demand)"));
    };
    let ind = sys
        .industries()
        .cloned()
        .ok_or_else(|| missing("the model", "Z or A"))?;
    let n = ind.len();
    if y.nrows() != n {
        return Err(ComputeError::Shape(format!(
            "Y has {} rows for {n} industries",
            y.nrows()
        )));
    }
    check_inputs(sys)?;
    let x_cols = Index::single("", vec!["indout".to_string()]);
    let par = opts.par;
    let mut solver_used = SolverUsed::None;
    let mut lu: Option<LuFactors> = None;

    // --- core: pymrio calc_system, cases 1–3 ---------------------------------------------
    if sys.x.is_none() && sys.z.is_none() {
        let a = sys
            .a
            .as_ref()
            .ok_or_else(|| missing("x", "Z, or A with Y"))?;
        let y = sys.y.as_ref().expect("checked above");
        let ysum = kernels::row_sums(y.data().as_ref());
        let mut x = Mat::from_fn(n, 1, |i, _| ysum[i]);
        if let Some(l) = &sys.l {
            t.begin("x = L·y");
            ExplicitInverse::new(l.data().as_ref(), par)?.apply(x.as_mut())?;
            solver_used = SolverUsed::GivenInverse;
        } else {
            t.begin("factorising I − A");
            let f = LuFactors::factor(a.data().as_ref(), par)?;
            f.solve_in_place(x.as_mut());
            let d = f.diagnostics();
            solver_used = SolverUsed::Lu {
                backward_error: d.backward_error,
                condition: d.condition_estimate,
                inverse: false,
            };
            lu = Some(f);
        }
        t.end();
        lu::check_finite("x", x.as_ref())?;
        sys.x = Some(labelled(ind.clone(), x_cols.clone(), x));
        computed.push("x".to_string());
    }
    let footprints = opts.scope == Scope::Footprints;
    if sys.z.is_none() && !footprints {
        let a = sys.a.as_ref().ok_or_else(|| missing("Z", "A"))?;
        let x = col_vec(sys.x.as_ref().expect("x is set above").data().as_ref());
        let z = kernels::scale_columns(a.data().as_ref(), &x)?;
        sys.z = Some(labelled(ind.clone(), ind.clone(), z));
        computed.push("Z".to_string());
    }
    if sys.x.is_none() {
        let z = sys.z.as_ref().expect("Z or x is given (case 1 above)");
        let y = sys.y.as_ref().expect("checked above");
        // Z·1 + Y·1 from the stored form: a cached Z is summed without being decoded.
        let mut x = z.row_sums();
        for (xi, yi) in x.iter_mut().zip(kernels::row_sums(y.data().as_ref())) {
            *xi += yi;
        }
        let x = Mat::from_fn(n, 1, |i, _| x[i]);
        sys.x = Some(labelled(ind.clone(), x_cols, x));
        computed.push("x".to_string());
    }
    let x = col_vec(sys.x.as_ref().expect("x is set above").data().as_ref());
    // The footprint scope leaves A unformed when the iteration can work from Z and x.
    let nrhs = sys
        .extensions
        .iter()
        .map(|e| e.f.as_ref().or(e.s.as_ref()).map_or(0, Labelled::nrows))
        .sum::<usize>()
        + 1;
    let sparse_from_flows = footprints
        && sys.a.is_none()
        && sys.l.is_none()
        && !opts.with_l
        && lu.is_none()
        && opts.method != Method::Lu
        && sys.extensions.iter().any(|e| needs_l(e, opts.scope))
        && {
            // Counting non-zeros is free for a Z compressed in the cache; α needs a pass over
            // the values, which compressing A makes anyway, so the rest of the rule is decided
            // on the compressed copy below.
            let z = sys.z.as_ref().expect("Z is present when A is not");
            opts.method == Method::Iterative || {
                let nnz: usize = (0..z.ncols())
                    .into_par_iter()
                    .map(|j| z.column_nnz(j))
                    .sum();
                iterative::may_prefer_iterative(n, nnz)
            }
        };
    let mut iter_op: Option<IterativeSolver> = None;
    if sparse_from_flows {
        t.begin("compressing A");
        let z = sys.z.as_ref().expect("Z is present when A is not");
        let it = IterativeSolver::new(
            iterative::Coefficients::StoredFlows(z, &x),
            opts.tolerance,
            par,
        )?;
        t.end();
        if it.bound_available() && (opts.method == Method::Iterative || it.preferred(nrhs)) {
            iter_op = Some(it);
        }
    }
    if sys.a.is_none() && iter_op.is_none() {
        let z = sys.z.as_ref().expect("Z is set above");
        let a = kernels::divide_columns(z.data().as_ref(), &x)?;
        sys.a = Some(labelled(ind.clone(), ind.clone(), a));
        computed.push("A".to_string());
    }
    if sys.l.is_none() && opts.with_l {
        let a = sys.a.as_ref().expect("A is set above").data().as_ref();
        if lu.is_none() {
            t.begin("factorising I − A");
            lu = Some(LuFactors::factor(a, par)?);
            t.end();
        }
        let f = lu.take().expect("factored above");
        t.begin("forming L");
        let l = f.inverse()?;
        t.end();
        let d = f.diagnostics();
        solver_used = SolverUsed::Lu {
            backward_error: d.backward_error,
            condition: d.condition_estimate,
            inverse: true,
        };
        drop(f);
        sys.l = Some(labelled(ind.clone(), ind.clone(), l));
        computed.push("L".to_string());
    }

    // --- extensions: pymrio Extension.calc_system -----------------------------------------
    let y = sys.y.as_ref().expect("checked above");
    let y_vec = kernels::column_sums(y.data().as_ref());
    let fd = y.cols().clone();
    let ilev = region_level(&ind);
    let sector_level = ind.level_by_name("sector").unwrap_or(ind.nlevels() - 1);
    let flev = region_level(&fd);
    let layout = Layout::new(
        ind.level(0),
        ind.level(ilev),
        ind.level(sector_level),
        fd.level(flev),
    )?;
    let fd_region_name = fd.names()[flev].clone();
    let ind_region_name = ind.names()[ilev].clone();
    let account_cols = Index::product(
        fd_region_name.clone(),
        &layout.fd_regions,
        "sector",
        &layout.sectors,
    );
    let fd_reg_cols = Index::single(fd_region_name, layout.fd_regions.clone());
    let ind_reg_cols = Index::single(ind_region_name, layout.industry_regions.clone());
    let y_agg = accounts::aggregate_demand(y.data().as_ref(), &layout)?;

    let needs_solve = sys.extensions.iter().any(|e| needs_l(e, opts.scope));
    let op: Option<Op<'_>> = if !needs_solve {
        None
    } else if let Some(it) = iter_op {
        Some(Op::Iterative(it))
    } else if let Some(l) = &sys.l {
        if solver_used == SolverUsed::None {
            solver_used = SolverUsed::GivenInverse;
        }
        Some(Op::Inverse(ExplicitInverse::new(l.data().as_ref(), par)?))
    } else {
        let a = sys.a.as_ref().expect("A is set above").data().as_ref();
        let want_iter = match opts.method {
            Method::Lu => false,
            Method::Iterative => true,
            Method::Auto => {
                lu.is_none()
                    && opts.scope == Scope::Footprints
                    && iterative::prefer_iterative(iterative::Coefficients::Dense(a), nrhs)
            }
        };
        let mut op = None;
        if want_iter {
            t.begin("preparing the iteration");
            let it = IterativeSolver::new(iterative::Coefficients::Dense(a), opts.tolerance, par)?;
            t.end();
            if it.bound_available() {
                op = Some(Op::Iterative(it));
            }
        }
        match op {
            Some(op) => Some(op),
            None => {
                let f = match lu.take() {
                    Some(f) => f,
                    None => {
                        t.begin("factorising I − A");
                        let f = LuFactors::factor(a, par)?;
                        t.end();
                        f
                    }
                };
                let d = f.diagnostics();
                solver_used = SolverUsed::Lu {
                    backward_error: d.backward_error,
                    condition: d.condition_estimate,
                    inverse: false,
                };
                Some(Op::Lu(f))
            }
        }
    };

    // Outputs every region's final demand requires (shared by all extensions).
    let mut x_agg: Option<Mat<f64>> = None;
    let mut x_tot_only: Option<Vec<f64>> = None;

    let population: Option<Vec<f64>> = sys.population.as_ref().map(|p| {
        let labels = p.cols().level(p.cols().nlevels() - 1);
        labels
            .iter()
            .enumerate()
            .map(|(j, _)| p.data()[(0, j)])
            .collect()
    });
    let population_labels: Option<Vec<String>> = sys
        .population
        .as_ref()
        .map(|p| p.cols().level(p.cols().nlevels() - 1).to_vec());

    let l_ref: Option<MatRef<'_, f64>> = sys.l.as_ref().map(|l| l.data().as_ref());
    for ext in sys.extensions.iter_mut() {
        let name = ext.folder.clone();
        if ext.f.is_none() {
            let s = ext
                .s
                .as_ref()
                .ok_or_else(|| missing(&format!("{name}/F"), "F or S"))?;
            let f = kernels::scale_columns(s.data().as_ref(), &x)?;
            ext.f = Some(labelled(s.rows().clone(), s.cols().clone(), f));
            computed.push(format!("{name}/F"));
        }
        let f = ext.f.as_ref().expect("set above");
        let stressors = f.rows().clone();
        if ext.s.is_none() {
            let s = kernels::divide_columns(f.data().as_ref(), &x)?;
            ext.s = Some(labelled(stressors.clone(), f.cols().clone(), s));
            computed.push(format!("{name}/S"));
        }
        if ext.f_y.is_none()
            && let Some(s_y) = &ext.s_y
        {
            let f_y = kernels::scale_columns(s_y.data().as_ref(), &y_vec)?;
            ext.f_y = Some(labelled(s_y.rows().clone(), s_y.cols().clone(), f_y));
            computed.push(format!("{name}/F_Y"));
        }
        if ext.s_y.is_none()
            && let Some(f_y) = &ext.f_y
        {
            let s_y = kernels::divide_columns(f_y.data().as_ref(), &y_vec)?;
            ext.s_y = Some(labelled(f_y.rows().clone(), f_y.cols().clone(), s_y));
            computed.push(format!("{name}/S_Y"));
        }
    }
    // M of every extension that lacks it from one block of solves: the stressors of all
    // extensions stacked, so each pass of the iteration over A serves all of them.
    let need_m: Vec<usize> = (0..sys.extensions.len())
        .filter(|&e| sys.extensions[e].m.is_none())
        .collect();
    if !need_m.is_empty() {
        t.begin("M, all extensions in one solve");
        let op = op
            .as_ref()
            .expect("a solver exists when M is missing")
            .get();
        let blocks: Vec<MatRef<'_, f64>> = need_m
            .iter()
            .map(|&e| {
                sys.extensions[e]
                    .s
                    .as_ref()
                    .expect("S is set above")
                    .data()
                    .as_ref()
            })
            .collect();
        let ms = solver::left_multiply_stacked(op, &blocks)?;
        for (&e, m) in need_m.iter().zip(ms) {
            let ext = &mut sys.extensions[e];
            let stressors = ext.s.as_ref().expect("S is set above").rows().clone();
            ext.m = Some(labelled(stressors, ind.clone(), m));
            computed.push(format!("{}/M", ext.folder));
        }
        t.end();
    }
    for ext in sys.extensions.iter_mut() {
        let name = ext.folder.clone();
        t.begin(&format!("{name}: accounts"));
        let stressors = ext.f.as_ref().expect("F is set above").rows().clone();
        let s = ext.s.as_ref().expect("set above").data().as_ref();
        let m = ext.m.as_ref().expect("set above").data().as_ref();
        let all = opts.scope == Scope::All;
        let missing_d = ext.d_cba.is_none()
            || ext.d_pba.is_none()
            || (all && (ext.d_imp.is_none() || ext.d_exp.is_none()));
        if missing_d {
            let op = op
                .as_ref()
                .expect("a solver exists when D is missing")
                .get();
            ext.d_cba = Some(labelled(
                stressors.clone(),
                account_cols.clone(),
                accounts::consumption_account(m, y_agg.as_ref(), &layout)?,
            ));
            let (x_tot, x_exp) = if all {
                if x_agg.is_none() {
                    x_agg = Some(solver::right_multiply(op, y_agg.as_ref())?);
                }
                let (tot, exp) =
                    accounts::output_totals(x_agg.as_ref().expect("set").as_ref(), &layout);
                (tot, Some(exp))
            } else {
                if x_tot_only.is_none() {
                    // x_tot = L·y. For a balanced system x itself solves (I − A) x = y
                    // (x = Z·1 + Y·1 by construction), so the iteration starts from x and
                    // usually only verifies its error bound: one pass over A.
                    let ysum = kernels::row_sums(y_agg.as_ref());
                    let mut xt = Mat::from_fn(n, 1, |i, _| ysum[i]);
                    let guess = Mat::from_fn(n, 1, |i, _| x[i]);
                    op.apply_from(xt.as_mut(), guess.as_ref())?;
                    x_tot_only = Some(col_vec(xt.as_ref()));
                }
                (x_tot_only.clone().expect("set"), None)
            };
            ext.d_pba = Some(labelled(
                stressors.clone(),
                ind.clone(),
                kernels::scale_columns(s, &x_tot)?,
            ));
            computed.push(format!("{name}/D_cba"));
            computed.push(format!("{name}/D_pba"));
            if let Some(x_exp) = x_exp {
                let d_imp = match l_ref {
                    Some(l) => {
                        accounts::import_account_with_inverse(l, s, y_agg.as_ref(), &layout, par)?
                    }
                    None => accounts::import_account(op, s, y_agg.as_ref(), &layout)?,
                };
                ext.d_imp = Some(labelled(stressors.clone(), account_cols.clone(), d_imp));
                ext.d_exp = Some(labelled(
                    stressors.clone(),
                    ind.clone(),
                    kernels::scale_columns(s, &x_exp)?,
                ));
                computed.push(format!("{name}/D_imp"));
                computed.push(format!("{name}/D_exp"));
            }
        }
        sums::regional_sums(
            ext,
            &layout,
            &fd_reg_cols,
            &ind_reg_cols,
            opts.scope,
            &mut computed,
        )?;
        if let (Some(pop), Some(labels)) = (&population, &population_labels) {
            sums::per_capita_accounts(ext, pop, labels, opts.scope, &mut computed)?;
        }
        t.end();
    }
    if let Some(Op::Iterative(it)) = &op {
        let st = it.stats();
        solver_used = SolverUsed::Iterative {
            iterations: st.iterations,
            error_bound: st.error_bound,
        };
    }
    Ok(CalcReport {
        solver: solver_used,
        computed,
        phases: t.phases,
    })
}

fn needs_l(e: &Extension, scope: Scope) -> bool {
    e.m.is_none()
        || e.d_cba.is_none()
        || e.d_pba.is_none()
        || (scope == Scope::All && (e.d_imp.is_none() || e.d_exp.is_none()))
}

fn check_inputs(sys: &IoSystem) -> Result<(), ComputeError> {
    for (name, m) in [("Z", &sys.z), ("A", &sys.a), ("x", &sys.x), ("Y", &sys.y)] {
        if let Some((row, col)) = m.as_ref().and_then(Labelled::first_non_finite) {
            return Err(ComputeError::NonFinite {
                what: name.into(),
                row,
                col,
            });
        }
    }
    Ok(())
}
