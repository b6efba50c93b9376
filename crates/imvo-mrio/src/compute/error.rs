//! Errors of the computation: each one says which condition failed and what to do about it.

/// What can go wrong computing the Leontief model.
///
/// Bad numbers never come out as NaN or a panic: a system that cannot be solved reliably is
/// reported here instead.
#[derive(Debug, thiserror::Error)]
pub enum ComputeError {
    /// Arrays whose shapes do not fit together (a programming error or a hand-built system that
    /// skipped [`crate::IoSystem::check`]).
    #[error("dimensions do not fit: {0}")]
    Shape(String),
    /// An array the computation needs is absent.
    #[error("cannot compute {wanted}: {needs} is missing; provide it in the input")]
    Missing {
        /// What was to be computed.
        wanted: String,
        /// The array (or combination) that is missing.
        needs: String,
    },
    /// An input contains NaN or an infinite value.
    #[error("{what} contains a non-finite value at row {row}, column {col}; fix the input")]
    NonFinite {
        /// The array.
        what: String,
        /// 0-based row.
        row: usize,
        /// 0-based column.
        col: usize,
    },
    /// `I − A` is exactly or numerically singular: the Leontief inverse does not exist.
    #[error(
        "I − A is singular ({detail}); every column of A must leave some value added \
         (column sums below 1)"
    )]
    Singular {
        /// Which test found it.
        detail: String,
    },
    /// `A` is non-negative but its spectral radius is ≥ 1: the economy cannot satisfy
    /// final demand with non-negative output, so `(I − A)⁻¹` is not the Leontief inverse.
    #[error(
        "the system is not productive ({detail}); check that A holds coefficients (Z divided by \
         output), not flows, and that column sums of A are below 1"
    )]
    NonProductive {
        /// Which test found it.
        detail: String,
    },
    /// The factorisation or the iteration finished but its result fails the residual check, so
    /// the numbers would not be reliable to the stated accuracy.
    #[error(
        "the solve of I − A is not accurate enough: relative residual {residual:.3e} exceeds \
         {limit:.1e} ({detail}); the system is too ill-conditioned to give pymrio's numbers"
    )]
    Inaccurate {
        /// Measured relative residual (normwise backward error).
        residual: f64,
        /// The accepted limit.
        limit: f64,
        /// Where it was measured.
        detail: String,
    },
}
