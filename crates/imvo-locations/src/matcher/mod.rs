//! Matching rows to locations, as Open Supply Hub does it but with written criteria and a
//! memory for people's answers:
//!
//! 1. a row whose fingerprint a person already placed goes where they placed it;
//! 2. a row with the exact match key of a known variant is that location;
//! 3. otherwise the row is scored against the variants that share words with it within its
//!    country (blocking through an inverted index), and
//!    - a score of at least `thresholds.auto` matches automatically,
//!    - a score between `thresholds.review` and `thresholds.auto` goes to a person,
//!    - a lower score is a new location.
//!
//! Two near-equal candidates for one row also go to a person: the matcher does not guess
//! between sister factories. Every decision carries its score, the thresholds and
//! [`MATCHER_VERSION`], so a published list can say by which rules it was made.

mod blocking;
pub mod decision;
pub mod index;
pub mod key;
pub mod score;

use serde::{Deserialize, Serialize};

pub use decision::{Answer, Decisions};
pub use index::{Index, MergeError};
pub use key::{Fingerprint, MatchKey};
pub use score::{Numbers, Similarity};

use crate::id::LocationId;
use crate::upload::Coordinates;

/// The version of the matching rules (normalisation tables, score, thresholds' meaning).
/// Changes whenever a change could move a decision.
pub const MATCHER_VERSION: &str = "imvo-locations-match/1";

/// What the matcher compares of a row or a known variant of a location.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Site<'a> {
    /// The name as written.
    pub name: &'a str,
    /// The address as written.
    pub address: &'a str,
    /// The country.
    pub country: crate::normalise::Country,
    /// Coordinates, if known.
    pub coordinates: Option<Coordinates>,
}

/// The two thresholds on the score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// At or above: the same location, matched without asking.
    pub auto: f64,
    /// At or above (and below `auto`): ask a person. Below: a new location.
    pub review: f64,
}

impl Default for Thresholds {
    /// Open Supply Hub's thresholds: 0.8 and 0.5.
    fn default() -> Thresholds {
        Thresholds {
            auto: 0.8,
            review: 0.5,
        }
    }
}

/// How the matcher works; the defaults are what the accuracy tests were tuned with.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MatcherConfig {
    /// The thresholds.
    pub thresholds: Thresholds,
    /// Two candidates closer than this at the top go to a person.
    pub ambiguity_margin: f64,
    /// Variants scored in full per row (the best by shared blocking keys).
    pub max_candidates: usize,
    /// Blocking keys shared by more variants than this are skipped (too common to help).
    pub posting_cap: usize,
    /// Variants visited per row at most while blocking (rarest keys first).
    pub budget: usize,
}

impl Default for MatcherConfig {
    fn default() -> MatcherConfig {
        MatcherConfig {
            thresholds: Thresholds::default(),
            ambiguity_margin: 0.05,
            max_candidates: 30,
            posting_cap: 200,
            budget: 2000,
        }
    }
}

/// Why a row is matched to a location.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// A person placed this row (by fingerprint) before.
    Confirmed,
    /// The exact match key of a known variant.
    Exact,
    /// The score reached the automatic threshold.
    Score,
}

/// What to do with a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// The row is this location.
    Match {
        /// The location (after merges).
        location: LocationId,
        /// Why.
        basis: Basis,
    },
    /// Ask a person; the candidates are in [`Decision::candidates`].
    Review,
    /// No known location is close enough: a new one.
    New,
}

/// A location the row may be, with the score of its best variant.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The location (after merges).
    pub location: LocationId,
    /// The score and its parts.
    pub similarity: Similarity,
}

/// The matcher's decision about one row, with everything needed to explain it later.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// The row's fingerprint (what a person's answer will be remembered by).
    pub fingerprint: Fingerprint,
    /// What to do.
    pub outcome: Outcome,
    /// The best candidate's score (1 for an exact or confirmed match; 0 without candidates).
    pub score: f64,
    /// The best candidates, best first (at most five; for a review, those to show).
    pub candidates: Vec<Candidate>,
    /// The thresholds applied.
    pub thresholds: Thresholds,
    /// The matching rules applied.
    pub matcher_version: String,
}

impl Decision {
    /// The location of a match.
    pub fn location(&self) -> Option<LocationId> {
        match self.outcome {
            Outcome::Match { location, .. } => Some(location),
            _ => None,
        }
    }
}
