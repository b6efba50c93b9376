//! Iterative solves with `I − A` for sparse `A`, with a proven error bound.
//!
//! Over 600 lines with reason: GMRES, its restarts, the error bound and the rule that picks
//! it form one algorithm whose invariants are easiest to check in one file.
//!
//! # Method
//! Restarted GMRES (restart length [`RESTART`]), run in lockstep for all right-hand sides of a
//! block: each iteration applies `I − Aᵀ` (or `I − A`) to all k Krylov vectors in one sparse
//! pass over `A` (compressed sparse columns, all cores), then orthogonalises each right-hand
//! side's vector against its own basis (the product's kernel is in `compute/sparse.rs`). A caller
//! may give a starting guess ([`LeontiefOperator::apply_from`]); a guess that already meets
//! the bound costs one product. GMRES needs far fewer products than the Leontief
//! series `m ← s + m·A` when the spectrum of `A` has a dominant (Perron) eigenvalue, as
//! input-output matrices do; its cost per product is `2·nnz(A)·k` flops.
//!
//! # Error bound
//! Let `α = max_j Σ_i |A_ij|` (largest absolute column sum). When `α < 1`, `‖L‖₁ ≤ 1/(1 − α)`,
//! hence for the transposed problem (row vectors, `m (I − A) = s`) and its true residual
//! `r = s − m (I − A)`: `‖m − m*‖∞ ≤ ‖r‖∞ / (1 − α)`, and for the forward problem
//! (`(I − A) x = b`): `‖x − x*‖₁ ≤ ‖r‖₁ / (1 − α)`. The solver computes `r` explicitly after
//! each restart cycle and stops only when that bound, divided by the norm of the solution, is
//! at most the requested tolerance. When `α ≥ 1` the bound does not exist and
//! [`IterativeSolver::bound_available`] is false (the caller then uses LU). When the bound is
//! not reached within [`MAX_ITERATIONS`], the solver factors `I − A` densely and finishes with
//! LU, and says so in its [`IterStats`].
//!
//! # When it is chosen
//! [`prefer_iterative`]: order n ≥ [`MIN_ORDER`], at most [`MAX_DENSITY`] of `A` non-zero,
//! `α ≤` [`MAX_ALPHA`], and an estimated iteration cost (40 sparse products per right-hand
//! side, counted at a quarter of dense speed) below the ⅔n³ flops of the factorisation.

use std::sync::{Mutex, OnceLock};

use faer::reborrow::{Reborrow, ReborrowMut};
use faer::{Mat, MatMut, MatRef, Par};
use rayon::prelude::*;

use super::error::ComputeError;
use super::lu::{LuFactors, check_finite};
use super::solver::LeontiefOperator;
use super::sparse::Csc;
use crate::system::Labelled;

/// Krylov vectors kept per right-hand side before a restart.
pub const RESTART: usize = 30;
/// Sparse products per solve after which the iteration gives up and factors densely.
pub const MAX_ITERATIONS: usize = 300;
/// Smallest order for which the iteration is considered (below it the LU takes milliseconds).
pub const MIN_ORDER: usize = 1000;
/// Largest share of non-zeros in `A` for which the iteration is considered.
pub const MAX_DENSITY: f64 = 0.4;
/// Largest absolute column sum of `A` for which the iteration is considered: the bound
/// `1/(1 − α)` is at most 20.
pub const MAX_ALPHA: f64 = 0.95;

/// Where the coefficients come from: `A` itself, or `Z` and `x` (`A = Z · diag(x)⁻¹`, built
/// column by column without forming a dense `A`).
#[derive(Debug, Clone, Copy)]
pub enum Coefficients<'a> {
    /// A dense `A`.
    Dense(MatRef<'a, f64>),
    /// Flows and output.
    Flows(MatRef<'a, f64>, &'a [f64]),
    /// Flows as the system stores them (possibly still compressed from the cache) and output:
    /// read column by column without forming a dense `Z`.
    StoredFlows(&'a Labelled, &'a [f64]),
}

impl Coefficients<'_> {
    fn n(&self) -> usize {
        match self {
            Coefficients::Dense(a) => a.ncols(),
            Coefficients::Flows(z, _) => z.ncols(),
            Coefficients::StoredFlows(z, _) => z.ncols(),
        }
    }
    /// Calls `f(i, a_ij)` for the non-zeros of column j.
    #[inline]
    fn for_column(&self, j: usize, mut f: impl FnMut(usize, f64)) {
        match self {
            Coefficients::Dense(a) => {
                let c = a.col(j);
                for i in 0..a.nrows() {
                    let v = c[i];
                    if v != 0.0 {
                        f(i, v);
                    }
                }
            }
            Coefficients::Flows(z, x) => {
                let r = super::kernels::reciprocal_or_zero(x[j]);
                if r == 0.0 {
                    return;
                }
                let c = z.col(j);
                for i in 0..z.nrows() {
                    let v = c[i];
                    if v != 0.0 {
                        f(i, v * r);
                    }
                }
            }
            Coefficients::StoredFlows(z, x) => {
                let r = super::kernels::reciprocal_or_zero(x[j]);
                if r == 0.0 {
                    return;
                }
                z.for_each_nonzero(j, |i, v| {
                    if v != 0.0 {
                        f(i, v * r);
                    }
                });
            }
        }
    }
    /// Number of non-zeros and the largest absolute column sum.
    fn scan(&self) -> Result<(usize, f64), ComputeError> {
        let n = self.n();
        let per: Vec<(usize, f64, bool)> = (0..n)
            .into_par_iter()
            .map(|j| {
                let mut nnz = 0;
                let mut s = 0.0;
                let mut finite = true;
                self.for_column(j, |_, v| {
                    nnz += 1;
                    s += v.abs();
                    finite &= v.is_finite();
                });
                (nnz, s, finite)
            })
            .collect();
        let mut nnz = 0;
        let mut alpha = 0.0f64;
        for (j, (c, s, finite)) in per.into_iter().enumerate() {
            if !finite {
                return Err(ComputeError::NonFinite {
                    what: "A".into(),
                    row: 0,
                    col: j,
                });
            }
            nnz += c;
            alpha = alpha.max(s);
        }
        Ok((nnz, alpha))
    }
}

/// The selection rule of the module docs, for `nrhs` right-hand sides.
pub fn prefer_iterative(a: Coefficients<'_>, nrhs: usize) -> bool {
    let n = a.n();
    if n < MIN_ORDER {
        return false;
    }
    let Ok((nnz, alpha)) = a.scan() else {
        return false;
    };
    rule(n, nnz, alpha, nrhs)
}

/// The rule of [`prefer_iterative`] from the order, non-zeros and α of `A`.
fn rule(n: usize, nnz: usize, alpha: f64, nrhs: usize) -> bool {
    let density = nnz as f64 / (n as f64 * n as f64);
    let iter_cost = 40.0 * 2.0 * nnz as f64 * nrhs as f64 * 4.0;
    let lu_cost = 2.0 / 3.0 * (n as f64).powi(3);
    n >= MIN_ORDER && density <= MAX_DENSITY && alpha <= MAX_ALPHA && iter_cost < lu_cost
}

/// Whether order `n` and at most `nnz` non-zeros leave the iteration in question at all: the
/// cheap first half of the rule, checked before compressing `A` (which then gives α).
pub fn may_prefer_iterative(n: usize, nnz: usize) -> bool {
    n >= MIN_ORDER && nnz as f64 / (n as f64 * n as f64) <= MAX_DENSITY
}

/// What the iterations did so far.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct IterStats {
    /// Largest number of sparse products one solve took.
    pub iterations: usize,
    /// Largest proven relative error bound of a solve (∞-norm for row vectors, 1-norm for
    /// column vectors).
    pub error_bound: f64,
    /// True when a solve did not reach the tolerance and the dense LU finished the job.
    pub fell_back_to_lu: bool,
}

/// One chunk of compressed columns: counts per column, row indices, values, the largest
/// absolute column sum, and the first column with a non-finite sum.
type ColumnChunk = (Vec<usize>, Vec<u32>, Vec<f64>, f64, Option<usize>);

/// `A` in compressed sparse columns with the data for the error bound.
pub struct IterativeSolver {
    n: usize,
    a: Csc,
    alpha: f64,
    tol: f64,
    par: Par,
    stats: Mutex<IterStats>,
    lu: OnceLock<Result<LuFactors, String>>,
}

impl std::fmt::Debug for IterativeSolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IterativeSolver")
            .field("n", &self.n)
            .field("nnz", &self.a.nnz())
            .field("alpha", &self.alpha)
            .field("tol", &self.tol)
            .finish()
    }
}

impl IterativeSolver {
    /// Compresses `A` (given densely or as `Z` and `x`); `tol` is the relative error bound each
    /// solve must prove.
    pub fn new(a: Coefficients<'_>, tol: f64, par: Par) -> Result<Self, ComputeError> {
        let n = a.n();
        let flows_shape = match a {
            Coefficients::Flows(z, x) => Some((z.nrows(), x.len())),
            Coefficients::StoredFlows(z, x) => Some((z.nrows(), x.len())),
            Coefficients::Dense(_) => None,
        };
        if let Some((rows, xlen)) = flows_shape
            && (rows != n || xlen != n)
        {
            return Err(ComputeError::Shape(format!(
                "Z is {rows} × {n} with {xlen} outputs"
            )));
        }
        if let Coefficients::Dense(d) = a
            && d.nrows() != n
        {
            return Err(ComputeError::Shape(format!(
                "A must be square, it is {} × {n}",
                d.nrows()
            )));
        }
        if n > u32::MAX as usize {
            return Err(ComputeError::Shape(format!("order {n} is too large")));
        }
        // Columns in parallel chunks, then concatenated.
        let chunk = n.div_ceil(64).max(1);
        let parts: Vec<ColumnChunk> = (0..n)
            .collect::<Vec<_>>()
            .par_chunks(chunk)
            .map(|cols| {
                let mut counts = Vec::with_capacity(cols.len());
                let mut rows = Vec::new();
                let mut vals = Vec::new();
                let mut alpha = 0.0f64;
                let mut bad = None;
                for &j in cols {
                    let before = vals.len();
                    let mut s = 0.0;
                    a.for_column(j, |i, v| {
                        rows.push(i as u32);
                        vals.push(v);
                        s += v.abs();
                    });
                    if !s.is_finite() && bad.is_none() {
                        bad = Some(j);
                    }
                    alpha = alpha.max(s);
                    counts.push(vals.len() - before);
                }
                (counts, rows, vals, alpha, bad)
            })
            .collect();
        let nnz: usize = parts.iter().map(|p| p.2.len()).sum();
        let mut col_ptr = Vec::with_capacity(n + 1);
        let mut row_idx = Vec::with_capacity(nnz);
        let mut vals = Vec::with_capacity(nnz);
        let mut alpha = 0.0f64;
        col_ptr.push(0);
        for (counts, rows, v, al, bad) in parts {
            if let Some(j) = bad {
                return Err(ComputeError::NonFinite {
                    what: "A".into(),
                    row: 0,
                    col: j,
                });
            }
            for c in counts {
                col_ptr.push(col_ptr.last().copied().unwrap_or(0) + c);
            }
            row_idx.extend_from_slice(&rows);
            vals.extend_from_slice(&v);
            alpha = alpha.max(al);
        }
        Ok(Self {
            n,
            a: Csc {
                n,
                col_ptr,
                row_idx,
                vals,
            },
            alpha,
            tol,
            par,
            stats: Mutex::new(IterStats::default()),
            lu: OnceLock::new(),
        })
    }

    /// The rule of [`prefer_iterative`] for this `A` and `nrhs` right-hand sides, from the
    /// non-zeros and α found while compressing it (no second pass over `A`).
    pub fn preferred(&self, nrhs: usize) -> bool {
        rule(self.n, self.nnz(), self.alpha, nrhs)
    }

    /// Whether the error bound exists (`α < 1`); without it the solver must not be used.
    pub fn bound_available(&self) -> bool {
        self.alpha < 1.0
    }

    /// The largest absolute column sum α of `A`.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    /// Number of stored non-zeros of `A`.
    pub fn nnz(&self) -> usize {
        self.a.nnz()
    }

    /// Statistics over all solves so far.
    pub fn stats(&self) -> IterStats {
        *self.stats.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn threads(&self) -> usize {
        self.par.degree().max(1)
    }

    /// `out = v − Aᵀ v` (transposed) or `out = v − A v`, for k interleaved vectors
    /// (`v[i·k + q]`); see [`super::sparse`]. `scratch` holds one n·k buffer per thread for
    /// the forward scatter.
    fn apply_op(
        &self,
        transposed: bool,
        k: usize,
        v: &[f64],
        out: &mut [f64],
        scratch: &mut [f64],
    ) {
        if transposed {
            self.a.sub_transposed(k, v, out, self.threads());
        } else {
            self.a.sub_forward(k, v, out, scratch);
        }
    }

    /// Per right-hand side: the norm of the bound (∞ for transposed, 1 for forward).
    fn norms(transposed: bool, k: usize, v: &[f64], out: &mut [f64]) {
        out.fill(0.0);
        for row in v.chunks_exact(k) {
            for (o, x) in out.iter_mut().zip(row) {
                if transposed {
                    *o = o.max(x.abs());
                } else {
                    *o += x.abs();
                }
            }
        }
    }

    /// Solves in place for an n × k block; returns (iterations, largest relative bound) or
    /// `None` when the tolerance was not reached.
    fn gmres(
        &self,
        transposed: bool,
        mut rhs: MatMut<'_, f64>,
        guess: Option<MatRef<'_, f64>>,
    ) -> Option<(usize, f64)> {
        let n = self.n;
        let k = rhs.ncols();
        if k == 0 || n == 0 {
            return Some((0, 0.0));
        }
        let m = RESTART;
        let nk = n * k;
        let threads = if transposed { 0 } else { self.threads() };
        // All buffers allocated once per solve.
        let mut b = vec![0.0; nk];
        for q in 0..k {
            let c = rhs.rb().col(q);
            for i in 0..n {
                b[i * k + q] = c[i];
            }
        }
        // x0: the caller's guess, else b (the first term of the Leontief series). A guess that
        // already meets the bound costs one product: the residual check below.
        let mut x = match guess {
            Some(g) if g.nrows() == n && g.ncols() == k => {
                let mut x = vec![0.0; nk];
                for q in 0..k {
                    let c = g.col(q);
                    for i in 0..n {
                        x[i * k + q] = c[i];
                    }
                }
                x
            }
            _ => b.clone(),
        };
        let mut basis = vec![0.0; (m + 1) * nk];
        let mut w = vec![0.0; nk];
        let mut scratch = vec![0.0; threads * nk];
        let mut h = vec![0.0; (m + 1) * m * k]; // h[(j·(m+1) + l)·k + q]
        let mut cs = vec![0.0; m * k];
        let mut sn = vec![0.0; m * k];
        let mut g = vec![0.0; (m + 1) * k];
        let mut beta = vec![0.0; k];
        let mut target = vec![0.0; k];
        let mut rnorm = vec![0.0; k];
        let mut xnorm = vec![0.0; k];
        let mut y = vec![0.0; m];
        let mut iters = 0usize;
        let shrink = 1.0 - self.alpha;
        let sqrt_n = (n as f64).sqrt();
        loop {
            // True residual r = b − op(x) into basis[0].
            self.apply_op(transposed, k, &x, &mut w, &mut scratch);
            let r = &mut basis[..nk];
            for ((ri, bi), wi) in r.iter_mut().zip(&b).zip(&w) {
                *ri = bi - wi;
            }
            Self::norms(transposed, k, r, &mut rnorm);
            Self::norms(transposed, k, &x, &mut xnorm);
            let mut worst = 0.0f64;
            let mut done = true;
            for q in 0..k {
                let bound = rnorm[q] / shrink;
                let rel = if xnorm[q] > 0.0 {
                    bound / xnorm[q]
                } else if bound == 0.0 {
                    0.0
                } else {
                    f64::INFINITY
                };
                worst = worst.max(rel);
                done &= rel <= self.tol;
                // GMRES works in the 2-norm: ask for enough to imply the bound.
                let scale = if transposed { 1.0 } else { 1.0 / sqrt_n };
                target[q] = 0.5 * self.tol * shrink * xnorm[q] * scale;
            }
            if !worst.is_finite() {
                return None;
            }
            if done {
                for q in 0..k {
                    let mut c = rhs.rb_mut().col_mut(q);
                    for i in 0..n {
                        c[i] = x[i * k + q];
                    }
                }
                return Some((iters, worst));
            }
            if iters >= MAX_ITERATIONS {
                return None;
            }
            // Start a cycle: v0 = r / ‖r‖₂.
            beta.fill(0.0);
            for row in basis[..nk].chunks_exact(k) {
                for (bq, v) in beta.iter_mut().zip(row) {
                    *bq += v * v;
                }
            }
            for bq in beta.iter_mut() {
                *bq = bq.sqrt();
            }
            for row in basis[..nk].chunks_exact_mut(k) {
                for (v, bq) in row.iter_mut().zip(&beta) {
                    *v = if *bq > 0.0 { *v / bq } else { 0.0 };
                }
            }
            g.fill(0.0);
            g[..k].copy_from_slice(&beta);
            let mut used = 0;
            for j in 0..m {
                let (head, tail) = basis.split_at_mut((j + 1) * nk);
                let vj = &head[j * nk..];
                self.apply_op(transposed, k, vj, &mut w, &mut scratch);
                iters += 1;
                // Modified Gram–Schmidt against v0..vj, per right-hand side.
                for l in 0..=j {
                    let vl = &head[l * nk..(l + 1) * nk];
                    let hl = &mut h[(j * (m + 1) + l) * k..(j * (m + 1) + l + 1) * k];
                    hl.fill(0.0);
                    for (wr, vr) in w.chunks_exact(k).zip(vl.chunks_exact(k)) {
                        for ((hq, a), b) in hl.iter_mut().zip(wr).zip(vr) {
                            *hq += a * b;
                        }
                    }
                    for (wr, vr) in w.chunks_exact_mut(k).zip(vl.chunks_exact(k)) {
                        for ((a, b), hq) in wr.iter_mut().zip(vr).zip(hl.iter()) {
                            *a -= hq * b;
                        }
                    }
                }
                let hn = &mut h[(j * (m + 1) + j + 1) * k..(j * (m + 1) + j + 2) * k];
                hn.fill(0.0);
                for wr in w.chunks_exact(k) {
                    for (hq, a) in hn.iter_mut().zip(wr) {
                        *hq += a * a;
                    }
                }
                for hq in hn.iter_mut() {
                    *hq = hq.sqrt();
                }
                let next = &mut tail[..nk];
                for (nr, wr) in next.chunks_exact_mut(k).zip(w.chunks_exact(k)) {
                    for ((o, a), hq) in nr.iter_mut().zip(wr).zip(hn.iter()) {
                        *o = if *hq > 0.0 { a / hq } else { 0.0 };
                    }
                }
                // Givens rotations, per right-hand side.
                let mut all_small = true;
                for q in 0..k {
                    let col = |l: usize| (j * (m + 1) + l) * k + q;
                    for l in 0..j {
                        let (c, s) = (cs[l * k + q], sn[l * k + q]);
                        let (a, b2) = (h[col(l)], h[col(l + 1)]);
                        h[col(l)] = c * a + s * b2;
                        h[col(l + 1)] = -s * a + c * b2;
                    }
                    let (a, b2) = (h[col(j)], h[col(j + 1)]);
                    let d = a.hypot(b2);
                    let (c, s) = if d > 0.0 { (a / d, b2 / d) } else { (1.0, 0.0) };
                    cs[j * k + q] = c;
                    sn[j * k + q] = s;
                    h[col(j)] = d;
                    h[col(j + 1)] = 0.0;
                    let gj = g[j * k + q];
                    g[j * k + q] = c * gj;
                    g[(j + 1) * k + q] = -s * gj;
                    all_small &= g[(j + 1) * k + q].abs() <= target[q];
                }
                used = j + 1;
                if all_small || iters >= MAX_ITERATIONS {
                    break;
                }
            }
            // x += V y, y = H⁻¹ g per right-hand side.
            for q in 0..k {
                for l in (0..used).rev() {
                    let mut s = g[l * k + q];
                    for c in l + 1..used {
                        s -= h[(c * (m + 1) + l) * k + q] * y[c];
                    }
                    let d = h[(l * (m + 1) + l) * k + q];
                    y[l] = if d != 0.0 { s / d } else { 0.0 };
                }
                for (l, yl) in y.iter().enumerate().take(used) {
                    let vl = &basis[l * nk..(l + 1) * nk];
                    for i in 0..n {
                        x[i * k + q] += yl * vl[i * k + q];
                    }
                }
            }
        }
    }

    fn solve(
        &self,
        transposed: bool,
        mut rhs: MatMut<'_, f64>,
        guess: Option<MatRef<'_, f64>>,
    ) -> Result<(), ComputeError> {
        if rhs.nrows() != self.n {
            return Err(ComputeError::Shape(format!(
                "{} rows against A of order {}",
                rhs.nrows(),
                self.n
            )));
        }
        check_finite("the right-hand side", rhs.rb())?;
        let original = rhs.rb().to_owned();
        if self.bound_available()
            && let Some((it, bound)) = self.gmres(transposed, rhs.rb_mut(), guess)
        {
            let mut st = self.stats.lock().unwrap_or_else(|e| e.into_inner());
            st.iterations = st.iterations.max(it);
            st.error_bound = st.error_bound.max(bound);
            return Ok(());
        }
        // Fall back to the dense LU, built once.
        let lu = self.lu.get_or_init(|| {
            LuFactors::factor(self.densify().as_ref(), self.par).map_err(|e| e.to_string())
        });
        let lu = lu.as_ref().map_err(|e| ComputeError::Inaccurate {
            residual: f64::NAN,
            limit: self.tol,
            detail: format!("iteration did not converge and the LU fallback failed: {e}"),
        })?;
        rhs.copy_from(original.as_ref());
        if transposed {
            lu.solve_transposed_in_place(rhs);
        } else {
            lu.solve_in_place(rhs);
        }
        self.stats
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .fell_back_to_lu = true;
        Ok(())
    }

    fn densify(&self) -> Mat<f64> {
        let mut a = Mat::<f64>::zeros(self.n, self.n);
        for j in 0..self.n {
            for p in self.a.col_ptr[j]..self.a.col_ptr[j + 1] {
                a[(self.a.row_idx[p] as usize, j)] = self.a.vals[p];
            }
        }
        a
    }
}

impl LeontiefOperator for IterativeSolver {
    fn dim(&self) -> usize {
        self.n
    }
    fn apply(&self, rhs: MatMut<'_, f64>) -> Result<(), ComputeError> {
        self.solve(false, rhs, None)
    }
    fn apply_transposed(&self, rhs: MatMut<'_, f64>) -> Result<(), ComputeError> {
        self.solve(true, rhs, None)
    }
    fn apply_from(&self, rhs: MatMut<'_, f64>, guess: MatRef<'_, f64>) -> Result<(), ComputeError> {
        self.solve(false, rhs, Some(guess))
    }
    fn preferred_block(&self) -> usize {
        64
    }
}
