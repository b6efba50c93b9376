//! The analysis on real data: risk indicators built from their publishers' files, the
//! screening of every industry, and the trade attribution.
//!
//! The publishers' files (World Bank governance indicators, Freedom House sub-scores, the US
//! Department of Labor's child- and forced-labour findings and list of goods, and Our World in
//! Data's emissions, forest, human-rights and gender files) are inputs the user brings, read
//! as they are ([`long`], [`owid`], [`ilab`]). imvo's data files ([`data`], `data/risk/`) say
//! which indicator measures which theme and how, where pressures are located, and how
//! countries map to the regions of the input-output table ([`crosswalk`]). The build
//! ([`build`]) turns them into the indicator CSV the analysis reads, with every row's source
//! and year, and a report of every value it did not find ([`missing`]).
//!
//! Method: `docs/risk-method.md` §1b and §2b.

pub mod build;
pub mod crosswalk;
pub mod data;
mod emit;
pub mod ilab;
pub mod load;
pub mod long;
pub mod missing;
pub mod owid;
mod pressure;
pub mod screening;
pub mod series;
pub mod trade;

pub use build::{Built, build, build_from_dir};
pub use data::Reference;
pub use emit::SEPARATOR;
pub use missing::{Missing, MissingKind};
pub use screening::{concordance_for, screening};
pub use trade::trade_rules;
