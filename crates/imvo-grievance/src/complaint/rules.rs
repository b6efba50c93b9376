//! A complaints committee's rules: whether its rulings bind, the term of each step, and which
//! parties a publication leaves unnamed. Data, read from TOML (the format is in
//! `docs/grievance.md`; an example is `tests/fixtures/committee-rules.toml`). Unknown fields are
//! refused, so a typo (`hearng = 60`) is an error, not a silently missing deadline.

use imvo_domain::Text;
use serde::{Deserialize, Serialize};

use super::entry::Anonymisation;
use super::step::Step;

/// The format a rules file declares, so a file written for another version of the format is
/// refused rather than misread.
pub const FORMAT: &str = "imvo-committee-rules-1";

/// The longest term accepted: a longer one is taken for a typo.
const MAX_DAYS: u32 = 3650;

/// The term of each step in days, counted from the case's previous step; a step without a term
/// has no deadline. Interim rulings have none: the committee gives them when it needs them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Deadlines {
    /// From intake to the admissibility decision.
    #[serde(default)]
    pub admissibility: Option<u32>,
    /// From the admissibility decision to the respondent's answer.
    #[serde(default)]
    pub respondent_answer: Option<u32>,
    /// From the answer to the hearing.
    #[serde(default)]
    pub hearing: Option<u32>,
    /// From the hearing (or the latest interim ruling) to the final ruling.
    #[serde(default)]
    pub final_ruling: Option<u32>,
    /// From the final ruling (or an inadmissibility decision) to its publication.
    #[serde(default)]
    pub publication: Option<u32>,
    /// From the publication to the first follow-up.
    #[serde(default)]
    pub follow_up: Option<u32>,
    /// From the last step to the closing.
    #[serde(default)]
    pub closed: Option<u32>,
}

impl Deadlines {
    /// The term of a step, when it has one.
    pub fn days(&self, step: Step) -> Option<u32> {
        match step {
            Step::Intake | Step::InterimRuling => None,
            Step::Admissibility => self.admissibility,
            Step::RespondentAnswer => self.respondent_answer,
            Step::Hearing => self.hearing,
            Step::FinalRuling => self.final_ruling,
            Step::Publication => self.publication,
            Step::FollowUp => self.follow_up,
            Step::Closed => self.closed,
        }
    }

    fn named(&self) -> [(&'static str, Option<u32>); 7] {
        [
            ("admissibility", self.admissibility),
            ("respondent_answer", self.respondent_answer),
            ("hearing", self.hearing),
            ("final_ruling", self.final_ruling),
            ("publication", self.publication),
            ("follow_up", self.follow_up),
            ("closed", self.closed),
        ]
    }
}

/// A complaints committee's rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ComplaintRules {
    /// The committee's name.
    pub name: Text,
    /// Whether its final rulings bind the parties.
    pub binding: bool,
    /// The terms of the steps.
    #[serde(default)]
    pub deadlines: Deadlines,
    /// Which parties a publication must leave unnamed.
    #[serde(default)]
    pub anonymise: Anonymisation,
}

/// The file as written: the rules with the format they are written in.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    format: String,
    name: Text,
    binding: bool,
    #[serde(default)]
    deadlines: Deadlines,
    #[serde(default)]
    anonymise: Anonymisation,
}

/// A rules file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    /// The file is not valid TOML or does not have the rules' fields.
    #[error("{origin}: {message}")]
    Syntax {
        /// Where the file came from (its path, or a name given by the caller).
        origin: String,
        /// What the TOML reader said, with line and column.
        message: String,
    },
    /// The file parses but breaks a rule.
    #[error("{origin}: {field}: {problem}")]
    Invalid {
        /// Where the file came from.
        origin: String,
        /// The field (`format`, `name`, `deadlines.hearing`).
        field: String,
        /// What is wrong with it.
        problem: String,
    },
}

impl RulesError {
    /// The field a refusal is about, when it is about one field.
    pub fn field(&self) -> Option<&str> {
        match self {
            RulesError::Syntax { .. } => None,
            RulesError::Invalid { field, .. } => Some(field),
        }
    }
}

impl ComplaintRules {
    /// Reads a rules file; `origin` names it in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<ComplaintRules, RulesError> {
        let raw: RawRules = toml::from_str(text).map_err(|e| RulesError::Syntax {
            origin: origin.to_owned(),
            message: e.to_string().trim_end().to_owned(),
        })?;
        let fail = |field: &str, problem: String| RulesError::Invalid {
            origin: origin.to_owned(),
            field: field.to_owned(),
            problem,
        };
        if raw.format != FORMAT {
            return Err(fail(
                "format",
                format!("is {:?}; this build reads {FORMAT:?}", raw.format),
            ));
        }
        if raw.name.is_blank() {
            return Err(fail(
                "name",
                "needs both nl and en, neither blank".to_owned(),
            ));
        }
        for (name, days) in raw.deadlines.named() {
            if let Some(d) = days
                && d > MAX_DAYS
            {
                return Err(fail(
                    &format!("deadlines.{name}"),
                    format!("{d} days is more than ten years; a typo?"),
                ));
            }
        }
        Ok(ComplaintRules {
            name: raw.name,
            binding: raw.binding,
            deadlines: raw.deadlines,
            anonymise: raw.anonymise,
        })
    }
}
