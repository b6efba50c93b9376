//! What [`super::calc_all`] reports: the solver it used with its accuracy figures, the arrays
//! it computed, and the wall time of each phase.

use std::time::{Duration, Instant};

use crate::progress::Progress;

/// Which solver a computation used and what it measured.
#[derive(Debug, Clone, PartialEq)]
pub enum SolverUsed {
    /// Nothing needed `(I − A)⁻¹` (every array was already present).
    None,
    /// An `L` present in the input was used as given.
    GivenInverse,
    /// Dense LU; `inverse` says whether `L` was formed from it.
    Lu {
        /// Backward error of the check solve.
        backward_error: f64,
        /// Condition estimate κ∞(I − A).
        condition: f64,
        /// Whether `L` was formed.
        inverse: bool,
    },
    /// The iterative solver.
    Iterative {
        /// Iterations of the longest run.
        iterations: usize,
        /// The largest proven relative error bound over all its solves.
        error_bound: f64,
    },
}

/// What [`super::calc_all`] did.
#[derive(Debug, Clone)]
pub struct CalcReport {
    /// The solver used.
    pub solver: SolverUsed,
    /// Arrays computed, as `x`, `A`, `emissions/M`, ….
    pub computed: Vec<String>,
    /// Wall time per phase.
    pub phases: Vec<(String, Duration)>,
}

/// Wall time per phase of [`super::calc_all`], reported to the progress sink as it goes.
pub(super) struct Timer<'p> {
    /// Finished phases.
    pub(super) phases: Vec<(String, Duration)>,
    progress: &'p dyn Progress,
    start: Instant,
    label: String,
}

impl<'p> Timer<'p> {
    pub(super) fn new(progress: &'p dyn Progress) -> Self {
        Self {
            phases: Vec::new(),
            progress,
            start: Instant::now(),
            label: String::new(),
        }
    }
    pub(super) fn begin(&mut self, label: &str) {
        self.label = label.to_string();
        self.start = Instant::now();
        self.progress.start(label, 1);
    }
    pub(super) fn end(&mut self) {
        self.progress.advance(1);
        self.progress.finish();
        self.phases
            .push((std::mem::take(&mut self.label), self.start.elapsed()));
    }
}
