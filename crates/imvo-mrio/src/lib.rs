//! Multi-regional input-output engine: pymrio- and EXIOBASE-format readers, the Leontief model,
//! writers.
//!
//! The data side ([`system`]) mirrors pymrio's `IOSystem`: labelled dense matrices for `Z`, `A`,
//! `x`, `Y`, `L` and per-extension `F`, `F_Y`, `S`, `S_Y`, `M`, `D_*`. The numeric side
//! ([`compute`]) works on borrowed views of those matrices.
//!
//! - Read: [`load`] (a pymrio folder or an EXIOBASE 3 zip, with a binary cache in the user's
//!   cache directory, see [`cache`]), [`read_pymrio`] (as `pymrio.load_all`, text or Parquet
//!   tables, every metadata variant pymrio 0.7 writes), [`read_exiobase3`] (as
//!   `pymrio.parse_exiobase3`).
//! - Compute: [`compute::calc_all`] (as pymrio's `calc_all`, `L` optional).
//! - Write: [`write_pymrio`] and [`write_pymrio_as`] (text or Parquet tables, what
//!   `pymrio.load_all` reads back).
//! - Make test data: [`generate::generate`] (deterministic synthetic systems, optionally with
//!   EXIOBASE 3's real labels).
//!
//! Bad input is an error ([`MrioError`], [`compute::ComputeError`]) naming the file, line and
//! column or the condition; nothing here panics on input.
//!
//! ```
//! use imvo_mrio::compute::{CalcOptions, calc_all};
//! use imvo_mrio::generate::{GenerateSpec, generate};
//! use imvo_mrio::{NoProgress, read_pymrio, write_pymrio};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! // A small synthetic system: 3 regions × 4 sectors, 2 stressors.
//! let spec = GenerateSpec { regions: 3, sectors: 4, stressors: 2, seed: 1, exiobase: false };
//! write_pymrio(&generate(&spec)?, &dir.path().join("in"), &NoProgress)?;
//!
//! let mut sys = read_pymrio(&dir.path().join("in"), &NoProgress)?;
//! let opts = CalcOptions { with_l: false, ..CalcOptions::default() };
//! calc_all(&mut sys, &opts, &NoProgress)?;
//! let d_cba_reg = sys.extension("emissions").and_then(|e| e.d_cba_reg.as_ref()).unwrap();
//! assert_eq!(d_cba_reg.ncols(), 3); // one column per region
//! write_pymrio(&sys, &dir.path().join("out"), &NoProgress)?;
//! # Ok(())
//! # }
//! ```

pub mod cache;
pub mod compute;
mod digest;
mod encoded;
pub mod error;
pub mod exiobase;
pub mod generate;
pub mod metadata;
pub mod parquet;
pub mod progress;
pub mod pymrio;
pub mod source;
pub mod system;
pub mod text;
pub mod validate;

pub use cache::{CacheStatus, Format, load};
pub use error::MrioError;
pub use exiobase::read_exiobase3;
pub use progress::{NoProgress, Progress};
pub use pymrio::{TableFormat, read_pymrio, write_pymrio, write_pymrio_as};
pub use system::{Extension, Index, IoSystem, Labelled, Metadata, TextColumn};
