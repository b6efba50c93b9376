//! Why a framework file or a set of answers is refused. Every error names what it is about: the
//! file and line for a file that does not parse, the element, criterion, verdict or input for a
//! framework that parses but breaks a rule, the criterion for an answer.

use imvo_domain::Id;

/// A framework file that cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FrameworkError {
    /// The file is not valid TOML or does not have the framework's fields.
    #[error("{origin}: {message}")]
    Syntax {
        /// Where the file came from (its path, or a name given by the caller).
        origin: String,
        /// What the TOML reader said, with line and column.
        message: String,
    },
    /// The file parses but breaks a rule of frameworks.
    #[error("{origin}: {field}: {problem}")]
    Invalid {
        /// Where the file came from.
        origin: String,
        /// The field, as a path into the file (`element[policy].weight`, `verdict[leader].when[1]`).
        field: String,
        /// What is wrong with it.
        problem: String,
    },
}

impl FrameworkError {
    /// The field a refusal is about, when it is about one field.
    pub fn field(&self) -> Option<&str> {
        match self {
            FrameworkError::Syntax { .. } => None,
            FrameworkError::Invalid { field, .. } => Some(field),
        }
    }
}

/// A rule expression (`total >= 0.7`) that does not parse or names something the framework
/// does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{problem} (at character {at} of {expression:?})")]
pub struct RuleError {
    /// The expression as written.
    pub expression: String,
    /// Where in it (0-based character offset) the problem starts.
    pub at: usize,
    /// What is wrong.
    pub problem: String,
}

/// Answers that cannot be stored as a submission under a framework version.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AnswerError {
    /// An answer to a criterion the framework does not have.
    #[error("criterion {criterion}: unknown to framework {framework} version {version}")]
    UnknownCriterion {
        /// The criterion as given.
        criterion: Id,
        /// The framework.
        framework: Id,
        /// Its version.
        version: u32,
    },
    /// A score outside the criterion's scale.
    #[error("criterion {criterion}: score {score} is off its scale {min}..={max}")]
    OffScale {
        /// The criterion.
        criterion: Id,
        /// The score given.
        score: i64,
        /// The lowest score of the scale.
        min: i64,
        /// The highest.
        max: i64,
    },
    /// "Not applicable" for a criterion that must be answered.
    #[error("criterion {criterion}: cannot be marked not applicable")]
    NotApplicable {
        /// The criterion.
        criterion: Id,
    },
    /// A value for an input the framework does not declare.
    #[error("input {input}: unknown to framework {framework} version {version}")]
    UnknownInput {
        /// The input as given.
        input: Id,
        /// The framework.
        framework: Id,
        /// Its version.
        version: u32,
    },
    /// A value outside an input's declared range.
    #[error("input {input}: {value} is outside {min}..={max}")]
    InputOutOfRange {
        /// The input.
        input: Id,
        /// The value given.
        value: f64,
        /// The lowest allowed.
        min: f64,
        /// The highest allowed.
        max: f64,
    },
    /// A previous verdict the framework does not have.
    #[error("previous verdict {verdict}: unknown to framework {framework} version {version}")]
    UnknownVerdict {
        /// The verdict as given.
        verdict: Id,
        /// The framework.
        framework: Id,
        /// Its version.
        version: u32,
    },
}

impl AnswerError {
    /// The field of the submission the refusal is about (`answers.<criterion>`,
    /// `inputs.<input>` or `previous`).
    pub fn field(&self) -> String {
        match self {
            AnswerError::UnknownCriterion { criterion, .. }
            | AnswerError::OffScale { criterion, .. }
            | AnswerError::NotApplicable { criterion } => format!("answers.{criterion}"),
            AnswerError::UnknownInput { input, .. }
            | AnswerError::InputOutOfRange { input, .. } => {
                format!("inputs.{input}")
            }
            AnswerError::UnknownVerdict { .. } => "previous".to_owned(),
        }
    }
}
