//! The due diligence of a covenant's companies, as domain rules (MISSION.md, C4): versioned
//! assessment frameworks ([`framework`]), the rule language of their verdicts ([`rule`]),
//! deterministic scoring and re-scoring of stored answers ([`score`]), the OECD steps and
//! involvement levels ([`oecd`]), and the rule that decides which aggregates over companies may
//! be published ([`disclosure`]), and the yearly cycle of submissions and assessments
//! ([`cycle`]).
//!
//! Why a crate of its own: the cycle adds a large body of rules that the portfolio's replay
//! never needs, and a company's answers are kept apart from the policy's change log (600,000
//! answers must not make every portfolio command slower). No I/O: frameworks are parsed from
//! text the caller read.

pub mod cycle;
pub mod disclosure;
pub mod error;
pub mod framework;
pub mod oecd;
pub mod rule;
pub mod score;

pub use disclosure::{CountTable, Figure, Threshold};
pub use error::{AnswerError, FrameworkError, RuleError};
pub use framework::{Assumption, Criterion, Element, Framework, GradeBand, Input, Scale, Verdict};
pub use oecd::{Involvement, OecdStep};
pub use score::{Answers, ElementScore, Score, Scorecard, score, validate};
