//! Dense LU factorisation of `I − A` with partial pivoting (faer), checked before use.
//!
//! The factorisation costs ⅔n³ flops once; each solve after it costs 2n² per right-hand side,
//! done in blocks so that the triangular solves run as matrix–matrix kernels on all cores.
//! Before the factors are handed out, [`LuFactors::factor`] solves `(I − A) v = 1` and checks
//! the residual and the sign of `v` (see [`LuFactors::diagnostics`]), so a singular,
//! non-productive or badly conditioned system is a [`ComputeError`], never NaN output.

use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::lu::partial_pivoting::{factor, inverse, solve};
use faer::perm::PermRef;
use faer::{Mat, MatMut, MatRef, Par};

use super::error::ComputeError;

/// Largest accepted normwise relative backward error `‖r‖∞ / (‖I − A‖∞‖v‖∞ + ‖b‖∞)` of the
/// check solve. Partial-pivoting LU achieves about `n·ε` (≈ 1e-12 at n = 8,000) on Leontief
/// matrices; anything far above that means the factors cannot be trusted.
pub const BACKWARD_ERROR_LIMIT: f64 = 1e-9;

/// Largest accepted estimate of the condition number κ∞(I − A). Beyond it a solve loses more
/// than 10 of its 16 significant digits, so the results would carry noise rather than the
/// model; real input-output tables have κ of 10 to 10³.
pub const CONDITION_LIMIT: f64 = 1e10;

/// What the check solve measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LuDiagnostics {
    /// Normwise relative backward error of the check solve `(I − A) v = 1`.
    pub backward_error: f64,
    /// `‖I − A‖∞ · ‖(I − A)⁻¹‖∞`, exact when `(I − A)⁻¹ ≥ 0` (non-negative `A`), else a
    /// lower bound.
    pub condition_estimate: f64,
}

/// The factors `P(I − A) = LU` and the pivoting, ready for forward and transposed solves.
#[derive(Debug)]
pub struct LuFactors {
    lu: Mat<f64>,
    perm_fwd: Vec<usize>,
    perm_bwd: Vec<usize>,
    par: Par,
    diagnostics: LuDiagnostics,
}

/// Checks that every value of `m` is finite; names the array and the position otherwise.
pub(crate) fn check_finite(what: &str, m: MatRef<'_, f64>) -> Result<(), ComputeError> {
    for j in 0..m.ncols() {
        let col = m.col(j);
        for i in 0..m.nrows() {
            if !col[i].is_finite() {
                return Err(ComputeError::NonFinite {
                    what: what.to_string(),
                    row: i,
                    col: j,
                });
            }
        }
    }
    Ok(())
}

/// Fails with [`ComputeError::NonProductive`] when `A ≥ 0` and every column sum is ≥ 1: then
/// the spectral radius is ≥ 1 and no non-negative output meets positive demand.
pub(crate) fn check_column_sums(a: MatRef<'_, f64>) -> Result<(), ComputeError> {
    let n = a.ncols();
    if n == 0 {
        return Ok(());
    }
    let mut nonneg = true;
    let mut min_sum = f64::INFINITY;
    for j in 0..n {
        let col = a.col(j);
        let mut s = 0.0;
        for i in 0..a.nrows() {
            let v = col[i];
            nonneg &= v >= 0.0;
            s += v;
        }
        min_sum = min_sum.min(s);
    }
    if nonneg && min_sum >= 1.0 {
        return Err(ComputeError::NonProductive {
            detail: format!("every column of A sums to at least 1 (smallest sum {min_sum})"),
        });
    }
    Ok(())
}

impl LuFactors {
    /// Factors `I − A` and verifies the factors.
    ///
    /// Fails on non-finite `A`, on a zero or non-finite pivot ([`ComputeError::Singular`]), on a
    /// non-negative `A` whose `(I − A)⁻¹·1` is not ≥ 1 ([`ComputeError::NonProductive`]), and
    /// when the check solve's backward error or the condition estimate exceed
    /// [`BACKWARD_ERROR_LIMIT`] / [`CONDITION_LIMIT`] ([`ComputeError::Inaccurate`]).
    pub fn factor(a: MatRef<'_, f64>, par: Par) -> Result<Self, ComputeError> {
        let n = a.nrows();
        if a.ncols() != n {
            return Err(ComputeError::Shape(format!(
                "A must be square, it is {} × {}",
                n,
                a.ncols()
            )));
        }
        check_finite("A", a)?;
        check_column_sums(a)?;
        // I − A, column by column (contiguous in both).
        let mut lu = Mat::<f64>::zeros(n, n);
        for j in 0..n {
            let src = a.col(j);
            let mut dst = lu.as_mut().col_mut(j);
            for i in 0..n {
                dst[i] = -src[i];
            }
            dst[j] += 1.0;
        }
        let mut perm_fwd = vec![0usize; n];
        let mut perm_bwd = vec![0usize; n];
        {
            let mut mem = MemBuffer::new(factor::lu_in_place_scratch::<usize, f64>(
                n,
                n,
                par,
                Default::default(),
            ));
            let stack = MemStack::new(&mut mem);
            factor::lu_in_place(
                lu.as_mut(),
                &mut perm_fwd,
                &mut perm_bwd,
                par,
                stack,
                Default::default(),
            );
        }
        let mut max_pivot = 0.0f64;
        for i in 0..n {
            max_pivot = max_pivot.max(lu[(i, i)].abs());
        }
        for i in 0..n {
            let p = lu[(i, i)];
            if !p.is_finite() || p == 0.0 || p.abs() <= max_pivot * f64::EPSILON * n as f64 {
                return Err(ComputeError::Singular {
                    detail: format!(
                        "pivot {} of the LU factorisation is {p:e} against a largest pivot of \
                         {max_pivot:e}",
                        i + 1
                    ),
                });
            }
        }
        let mut this = Self {
            lu,
            perm_fwd,
            perm_bwd,
            par,
            diagnostics: LuDiagnostics {
                backward_error: 0.0,
                condition_estimate: 1.0,
            },
        };
        this.diagnostics = this.verify(a)?;
        Ok(this)
    }

    /// Solves `(I − A) v = 1`, measures the backward error and the conditioning, and tests
    /// productiveness for non-negative `A`.
    fn verify(&self, a: MatRef<'_, f64>) -> Result<LuDiagnostics, ComputeError> {
        let n = a.nrows();
        if n == 0 {
            return Ok(LuDiagnostics {
                backward_error: 0.0,
                condition_estimate: 1.0,
            });
        }
        let mut v = Mat::<f64>::from_fn(n, 1, |_, _| 1.0);
        self.solve_in_place(v.as_mut());
        check_finite("the check solve (I − A)⁻¹·1", v.as_ref())?;
        // r = 1 − (I − A) v = 1 − v + A v
        let mut av = Mat::<f64>::zeros(n, 1);
        faer::linalg::matmul::matmul(
            av.as_mut(),
            faer::Accum::Replace,
            a,
            v.as_ref(),
            1.0,
            self.par,
        );
        let mut r_norm = 0.0f64;
        let mut v_norm = 0.0f64;
        let mut v_min = f64::INFINITY;
        for i in 0..n {
            let vi = v[(i, 0)];
            r_norm = r_norm.max((1.0 - vi + av[(i, 0)]).abs());
            v_norm = v_norm.max(vi.abs());
            v_min = v_min.min(vi);
        }
        // ‖I − A‖∞: largest absolute row sum.
        let mut row_sums = vec![0.0f64; n];
        let mut nonneg = true;
        for j in 0..n {
            let col = a.col(j);
            for (i, rs) in row_sums.iter_mut().enumerate() {
                let x = col[i];
                nonneg &= x >= 0.0;
                *rs += if i == j { (1.0 - x).abs() } else { x.abs() };
            }
        }
        let a_norm = row_sums.iter().fold(0.0f64, |m, &s| m.max(s));
        let backward_error = r_norm / (a_norm * v_norm + 1.0);
        let condition_estimate = a_norm * v_norm;
        if nonneg && v_min < 1.0 - 1e-8 {
            return Err(ComputeError::NonProductive {
                detail: format!(
                    "A is non-negative but (I − A)⁻¹·1 has an entry {v_min:e} below 1, so its \
                     spectral radius is at least 1"
                ),
            });
        }
        if backward_error.is_nan() || backward_error > BACKWARD_ERROR_LIMIT {
            return Err(ComputeError::Inaccurate {
                residual: backward_error,
                limit: BACKWARD_ERROR_LIMIT,
                detail: "check solve (I − A) v = 1 after the LU factorisation".into(),
            });
        }
        if condition_estimate.is_nan() || condition_estimate > CONDITION_LIMIT {
            return Err(ComputeError::Singular {
                detail: format!(
                    "the condition number of I − A is about {condition_estimate:.3e}, above \
                     {CONDITION_LIMIT:e}"
                ),
            });
        }
        Ok(LuDiagnostics {
            backward_error,
            condition_estimate,
        })
    }

    /// The measurements of the check solve done at factorisation.
    pub fn diagnostics(&self) -> LuDiagnostics {
        self.diagnostics
    }

    /// Dimension n.
    pub fn dim(&self) -> usize {
        self.lu.nrows()
    }

    fn perm(&self) -> PermRef<'_, usize> {
        PermRef::new_checked(&self.perm_fwd, &self.perm_bwd, self.lu.nrows())
    }

    /// Overwrites the columns of `rhs` (n × k) with `(I − A)⁻¹ · rhs`.
    pub fn solve_in_place(&self, rhs: MatMut<'_, f64>) {
        let n = self.dim();
        let k = rhs.ncols();
        let mut mem = MemBuffer::new(solve::solve_in_place_scratch::<usize, f64>(n, k, self.par));
        solve::solve_in_place(
            self.lu.as_ref(),
            self.lu.as_ref(),
            self.perm(),
            rhs,
            self.par,
            MemStack::new(&mut mem),
        );
    }

    /// Overwrites the columns of `rhs` (n × k) with `(I − A)⁻ᵀ · rhs`: row vectors `b` become
    /// `b · (I − A)⁻¹` when stored as columns.
    pub fn solve_transposed_in_place(&self, rhs: MatMut<'_, f64>) {
        let n = self.dim();
        let k = rhs.ncols();
        let mut mem = MemBuffer::new(solve::solve_transpose_in_place_scratch::<usize, f64>(
            n, k, self.par,
        ));
        solve::solve_transpose_in_place(
            self.lu.as_ref(),
            self.lu.as_ref(),
            self.perm(),
            rhs,
            self.par,
            MemStack::new(&mut mem),
        );
    }

    /// The Leontief inverse `L = (I − A)⁻¹` from the factors (≈ 4/3·n³ flops: two triangular
    /// inverses and their product), checked for finiteness.
    pub fn inverse(&self) -> Result<Mat<f64>, ComputeError> {
        let n = self.dim();
        let mut out = Mat::<f64>::zeros(n, n);
        let mut mem = MemBuffer::new(inverse::inverse_scratch::<usize, f64>(n, self.par));
        inverse::inverse(
            out.as_mut(),
            self.lu.as_ref(),
            self.lu.as_ref(),
            self.perm(),
            self.par,
            MemStack::new(&mut mem),
        );
        check_finite("L", out.as_ref())?;
        Ok(out)
    }
}
