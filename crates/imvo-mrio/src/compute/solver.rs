//! Applying the Leontief inverse `L = (I − A)⁻¹` without necessarily forming it.
//!
//! Three implementations share one interface, [`LeontiefOperator`]: the LU factors
//! ([`LuFactors`], solves), an explicit `L` ([`ExplicitInverse`], matrix products), and the
//! iterative solver for sparse `A` ([`super::iterative::IterativeSolver`]). The accounts in
//! [`super::accounts`] are written once against the trait.

use faer::reborrow::{Reborrow, ReborrowMut};
use faer::{Mat, MatMut, MatRef, Par};

use super::error::ComputeError;
use super::lu::LuFactors;

/// Applies `L` or `Lᵀ` to blocks of column vectors.
pub trait LeontiefOperator: Sync {
    /// The number of industries n.
    fn dim(&self) -> usize;
    /// `rhs ← L · rhs` for an n × k block (forward solves `(I − A) x = b`).
    fn apply(&self, rhs: MatMut<'_, f64>) -> Result<(), ComputeError>;
    /// `rhs ← Lᵀ · rhs` for an n × k block (transposed solves; a row vector `s` becomes
    /// `s · L` when stored as a column).
    fn apply_transposed(&self, rhs: MatMut<'_, f64>) -> Result<(), ComputeError>;
    /// As [`LeontiefOperator::apply`], starting from `guess` (n × k, believed close to
    /// `L · rhs`). The iteration starts there and stops at once when the guess already meets
    /// its error bound; direct methods ignore the guess.
    fn apply_from(&self, rhs: MatMut<'_, f64>, guess: MatRef<'_, f64>) -> Result<(), ComputeError> {
        let _ = guess;
        self.apply(rhs)
    }
    /// How many right-hand sides one call should take to run near the kernel's best speed.
    fn preferred_block(&self) -> usize;
}

impl LeontiefOperator for LuFactors {
    fn dim(&self) -> usize {
        LuFactors::dim(self)
    }
    fn apply(&self, rhs: MatMut<'_, f64>) -> Result<(), ComputeError> {
        self.solve_in_place(rhs);
        Ok(())
    }
    fn apply_transposed(&self, rhs: MatMut<'_, f64>) -> Result<(), ComputeError> {
        self.solve_transposed_in_place(rhs);
        Ok(())
    }
    fn preferred_block(&self) -> usize {
        256
    }
}

/// An explicit `L` (computed or read from a file): applying it is a matrix product.
#[derive(Debug, Clone, Copy)]
pub struct ExplicitInverse<'a> {
    l: MatRef<'a, f64>,
    par: Par,
}

impl<'a> ExplicitInverse<'a> {
    /// Wraps a square `L`.
    pub fn new(l: MatRef<'a, f64>, par: Par) -> Result<Self, ComputeError> {
        if l.nrows() != l.ncols() {
            return Err(ComputeError::Shape(format!(
                "L must be square, it is {} × {}",
                l.nrows(),
                l.ncols()
            )));
        }
        Ok(Self { l, par })
    }

    /// The wrapped matrix.
    pub fn matrix(&self) -> MatRef<'a, f64> {
        self.l
    }

    fn product(&self, lhs: MatRef<'_, f64>, mut rhs: MatMut<'_, f64>) -> Result<(), ComputeError> {
        if rhs.nrows() != self.l.nrows() {
            return Err(ComputeError::Shape(format!(
                "{} rows against L of order {}",
                rhs.nrows(),
                self.l.nrows()
            )));
        }
        let mut out = Mat::<f64>::zeros(rhs.nrows(), rhs.ncols());
        faer::linalg::matmul::matmul(
            out.as_mut(),
            faer::Accum::Replace,
            lhs,
            rhs.as_ref(),
            1.0,
            self.par,
        );
        rhs.copy_from(out.as_ref());
        Ok(())
    }
}

impl LeontiefOperator for ExplicitInverse<'_> {
    fn dim(&self) -> usize {
        self.l.nrows()
    }
    fn apply(&self, rhs: MatMut<'_, f64>) -> Result<(), ComputeError> {
        self.product(self.l, rhs)
    }
    fn apply_transposed(&self, rhs: MatMut<'_, f64>) -> Result<(), ComputeError> {
        self.product(self.l.transpose(), rhs)
    }
    fn preferred_block(&self) -> usize {
        256
    }
}

/// `out = B · L` for a k × n block of row vectors `B` (e.g. `M = S · L`), through
/// [`LeontiefOperator::apply_transposed`] in blocks of the operator's preferred size.
pub fn left_multiply(
    op: &dyn LeontiefOperator,
    b: MatRef<'_, f64>,
) -> Result<Mat<f64>, ComputeError> {
    let n = op.dim();
    if b.ncols() != n {
        return Err(ComputeError::Shape(format!(
            "{} columns against L of order {n}",
            b.ncols()
        )));
    }
    let k = b.nrows();
    let mut out = Mat::<f64>::zeros(k, n);
    let block = op.preferred_block().max(1);
    let mut buf = Mat::<f64>::zeros(n, block.min(k.max(1)));
    let mut start = 0;
    while start < k {
        let w = block.min(k - start);
        let mut rhs = buf.as_mut().subcols_mut(0, w);
        for c in 0..w {
            let src = b.row(start + c);
            let mut dst = rhs.rb_mut().col_mut(c);
            for i in 0..n {
                dst[i] = src[i];
            }
        }
        op.apply_transposed(rhs.rb_mut())?;
        for c in 0..w {
            let src = rhs.rb().col(c);
            let mut dst = out.as_mut().row_mut(start + c);
            for i in 0..n {
                dst[i] = src[i];
            }
        }
        start += w;
    }
    Ok(out)
}

/// `B_e · L` for several blocks of row vectors at once (e.g. `M = S · L` of every extension):
/// the blocks are stacked into one [`left_multiply`], so an iteration makes one pass over `A`
/// per step for all of them, then split again.
pub fn left_multiply_stacked(
    op: &dyn LeontiefOperator,
    blocks: &[MatRef<'_, f64>],
) -> Result<Vec<Mat<f64>>, ComputeError> {
    let n = op.dim();
    if let Some(b) = blocks.iter().find(|b| b.ncols() != n) {
        return Err(ComputeError::Shape(format!(
            "{} columns against L of order {n}",
            b.ncols()
        )));
    }
    let k: usize = blocks.iter().map(|b| b.nrows()).sum();
    let mut stacked = Mat::<f64>::zeros(k, n);
    let mut r0 = 0;
    for b in blocks {
        stacked.as_mut().subrows_mut(r0, b.nrows()).copy_from(*b);
        r0 += b.nrows();
    }
    let all = left_multiply(op, stacked.as_ref())?;
    let mut out = Vec::with_capacity(blocks.len());
    let mut r0 = 0;
    for b in blocks {
        out.push(all.as_ref().subrows(r0, b.nrows()).to_owned());
        r0 += b.nrows();
    }
    Ok(out)
}

/// `out = L · B` for an n × k block (e.g. the outputs `L · Y_agg` each region's final demand
/// requires).
pub fn right_multiply(
    op: &dyn LeontiefOperator,
    b: MatRef<'_, f64>,
) -> Result<Mat<f64>, ComputeError> {
    let n = op.dim();
    if b.nrows() != n {
        return Err(ComputeError::Shape(format!(
            "{} rows against L of order {n}",
            b.nrows()
        )));
    }
    let mut out = b.to_owned();
    let block = op.preferred_block().max(1);
    let mut start = 0;
    while start < b.ncols() {
        let w = block.min(b.ncols() - start);
        op.apply(out.as_mut().subcols_mut(start, w))?;
        start += w;
    }
    Ok(out)
}
