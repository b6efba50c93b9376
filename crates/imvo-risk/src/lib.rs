//! Sector risk analysis on top of the input-output engine: embodied risk per national sector
//! and theme, hotspots, structural paths.
//!
//! See `docs/risk-method.md` for the method in full.
pub mod analysis;
pub mod engine;
pub mod error;
pub mod inputs;
#[cfg(feature = "report")]
pub mod output;
pub mod real;
#[cfg(feature = "report")]
pub mod report;
pub mod setup;
pub mod solver;
pub mod spa;

pub use analysis::{Analysis, FlagRule, Options, TradeRule, analyse};
pub use error::{Result, RiskError};
pub use inputs::{InputPaths, Lang, RiskInputs};
pub use setup::{RiskSystem, StressorRow};
pub use solver::{DenseLu, LeontiefSolver};
