//! Why a step of the cycle is refused.

use chrono::NaiveDate;
use imvo_domain::Id;

use crate::error::AnswerError;

/// A step of the cycle that cannot be taken; `field` names what is wrong in the entry.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct CycleError {
    /// The field of the entry (`company`, `year`, `submission.answers.policy-commitment` …).
    pub field: String,
    /// What is wrong.
    pub problem: String,
}

impl CycleError {
    pub(crate) fn new(field: impl Into<String>, problem: impl Into<String>) -> Self {
        CycleError {
            field: field.into(),
            problem: problem.into(),
        }
    }

    pub(crate) fn answers(prefix: &str, e: AnswerError) -> Self {
        CycleError::new(format!("{prefix}.{}", e.field()), e.to_string())
    }

    pub(crate) fn not_member(company: &Id) -> Self {
        CycleError::new(
            "company",
            format!("{company} is not a member of this covenant"),
        )
    }

    pub(crate) fn no_cycle(year: i32) -> Self {
        CycleError::new("year", format!("no cycle is open for {year}"))
    }

    pub(crate) fn late(what: &str, due: NaiveDate, date: NaiveDate) -> Self {
        CycleError::new(
            "date",
            format!("{what} was due on {due}; {date} is after the deadline"),
        )
    }
}
