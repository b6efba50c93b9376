//! Production locations (factories) that covenant companies disclose: reading their lists,
//! normalising names, addresses and countries, and matching rows across companies so that the
//! same factory uploaded by two buyers is one location with one stable id.
//!
//! The model is Open Supply Hub's (upload → cleaning → exact match → scored match with two
//! thresholds → stable ids with aliases after merges), with what its users miss: written
//! criteria for "the same location" (`docs/locations.md`), no automatic merge of sister
//! factories or near-namesakes (address numbers must agree, close calls go to a person), and a
//! memory for people's answers so a re-upload asks nothing twice ([`matcher::Decisions`]).
//!
//! Pure domain logic: no storage. The store keeps locations, variants, merges and decisions,
//! and calls this crate:
//!
//! ```
//! use imvo_locations::id::{IdDate, IdGenerator};
//! use imvo_locations::matcher::{Decisions, Index, MatcherConfig, Outcome};
//! use imvo_locations::upload::{self, Format, Limits};
//!
//! let list = "naam,adres,land\n\
//!             Sunrise Garments Co. Ltd.,\"Plot 12, Road 5, Ashulia, Dhaka\",Bangladesh\n";
//! let rows = upload::parse(list.as_bytes(), Format::Csv, &Limits::default())?
//!     .all_or_nothing()?;
//!
//! // The store loads what it knows into an index …
//! let mut index = Index::new(MatcherConfig::default());
//! let mut ids = IdGenerator::seeded(1);
//! let known = ids.next_id(rows[0].country, IdDate::new(2024, 100)?);
//! index.insert(known, &rows[0].site())?;
//!
//! // … and a second buyer's spelling of the same factory matches it without asking.
//! let other = "name,address,country\n\
//!              SUNRISE GARMENTS LIMITED,\"Road 5, Plot No. 12, Ashulia, Dhaka, Bangladesh\",BD\n";
//! let row = &upload::parse(other.as_bytes(), Format::Csv, &Limits::default())?.rows[0];
//! let decision = index.match_row(&row.site(), &Decisions::new());
//! assert_eq!(decision.location(), Some(known));
//!
//! // A sister factory of the group at another plot is another location.
//! let sister = "name,address,country\n\
//!               Sunrise Garments Ltd,\"Plot 14, Road 5, Ashulia, Dhaka\",BD\n";
//! let row = &upload::parse(sister.as_bytes(), Format::Csv, &Limits::default())?.rows[0];
//! assert_eq!(index.match_row(&row.site(), &Decisions::new()).outcome, Outcome::New);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod alias;
pub mod batch;
pub mod export;
mod hash;
pub mod id;
pub mod matcher;
pub mod normalise;
pub mod upload;

pub use alias::{Aliases, Merge};
pub use id::{IdDate, IdGenerator, LocationId};
pub use matcher::{Decision, Decisions, Index, MATCHER_VERSION, MatcherConfig, Outcome, Site};
pub use normalise::Country;
pub use upload::{Format, Limits, Parsed, UploadError, UploadRow};
