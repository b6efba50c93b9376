//! Why a record cannot be applied: [`ApplyError`] names the rule and the field of the record at
//! fault, so a dataset reader or a form can point at it; [`ReplayError`] adds which record.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Phase, Role};
use crate::text::{DatePrecision, Id};

/// The kinds of things that have ids, for error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    /// An SRA chapter.
    SraChapter,
    /// A sector.
    Sector,
    /// An organisation.
    Organisation,
    /// A trajectory.
    Trajectory,
    /// An existing initiative.
    Initiative,
    /// An event.
    Event,
    /// A government activity.
    GovernmentActivity,
    /// A stakeholder activity.
    StakeholderActivity,
    /// A covenant.
    Covenant,
    /// An agreement.
    Agreement,
    /// A policy target.
    Target,
}

impl std::fmt::Display for Entity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Entity::SraChapter => "SRA chapter",
            Entity::Sector => "sector",
            Entity::Organisation => "organisation",
            Entity::Trajectory => "trajectory",
            Entity::Initiative => "initiative",
            Entity::Event => "event",
            Entity::GovernmentActivity => "government activity",
            Entity::StakeholderActivity => "stakeholder activity",
            Entity::Covenant => "covenant",
            Entity::Agreement => "agreement",
            Entity::Target => "target",
        })
    }
}

/// Why a record cannot be applied to the portfolio.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApplyError {
    /// A reference to something that does not exist (yet) on the record's date.
    #[error(
        "`{field}`: unknown {entity} {id:?} on this date; add it first (or check the spelling)"
    )]
    Unknown {
        /// What kind of thing.
        entity: Entity,
        /// The id.
        id: Id,
        /// The field holding the reference.
        field: &'static str,
    },
    /// An id that is already taken.
    #[error("`{field}`: {entity} {id:?} already exists; choose another id")]
    Duplicate {
        /// What kind of thing.
        entity: Entity,
        /// The id.
        id: Id,
        /// The field holding the id.
        field: &'static str,
    },
    /// A phase change to an earlier phase without `allow_backward`.
    #[error(
        "`phase`: trajectory {trajectory:?} would move back from {from} to {to}; set allow_backward if that is what happened"
    )]
    PhaseBackwards {
        /// The trajectory.
        trajectory: Id,
        /// Its current phase.
        from: Phase,
        /// The requested phase.
        to: Phase,
    },
    /// A phase change to the phase the trajectory is already in.
    #[error("`phase`: trajectory {trajectory:?} is already in phase {phase}")]
    PhaseUnchanged {
        /// The trajectory.
        trajectory: Id,
        /// The phase.
        phase: Phase,
    },
    /// A list that must not be empty is empty.
    #[error("`{field}`: must not be empty")]
    Empty {
        /// The field.
        field: &'static str,
    },
    /// A text that is blank in Dutch or English.
    #[error("`{field}`: text is blank; give it in Dutch (nl) and English (en)")]
    Blank {
        /// The field.
        field: &'static str,
    },
    /// A date that is not the first day of its period for its precision.
    #[error(
        "`{field}`: {date} is not canonical for precision {precision:?}: use the first day of the period (month: the 1st; season: 1 March/June/September/December; half year: 1 January/July; year: 1 January)"
    )]
    NotCanonical {
        /// The field.
        field: &'static str,
        /// The date.
        date: NaiveDate,
        /// The precision.
        precision: DatePrecision,
    },
    /// Inconsistent date fields of an event or activity.
    #[error("`{field}`: {reason}")]
    InvalidDate {
        /// The field.
        field: &'static str,
        /// What is wrong.
        reason: &'static str,
    },
    /// A role the organisation already holds in the trajectory.
    #[error(
        "`role`: organisation {organisation:?} already has role {role:?} in trajectory {trajectory:?}"
    )]
    DuplicateRole {
        /// The organisation.
        organisation: Id,
        /// The trajectory.
        trajectory: Id,
        /// The role.
        role: Role,
    },
    /// A link that already exists.
    #[error("`initiative`: trajectory {trajectory:?} already builds on initiative {initiative:?}")]
    DuplicateLink {
        /// The trajectory.
        trajectory: Id,
        /// The initiative.
        initiative: Id,
    },
    /// A covenant that already ended.
    #[error(
        "`covenant`: covenant {covenant:?} ended on {ended}; nothing can be added to or end it after that"
    )]
    CovenantEnded {
        /// The covenant.
        covenant: Id,
        /// When it ended.
        ended: NaiveDate,
    },
    /// A measurement dated before its agreement's baseline.
    #[error(
        "`date`: measurement of {agreement:?} on {date} is before its baseline date {baseline}"
    )]
    MeasurementBeforeBaseline {
        /// The agreement.
        agreement: Id,
        /// The measurement date.
        date: NaiveDate,
        /// The baseline date.
        baseline: NaiveDate,
    },
    /// A number that is out of range.
    #[error("`{field}`: {reason}")]
    InvalidValue {
        /// The field.
        field: &'static str,
        /// What is wrong.
        reason: &'static str,
    },
    /// A record dated before the last applied one (replay sorts; direct callers must too).
    #[error("`date`: {date} is before {last}, the date of the last applied record")]
    OutOfOrder {
        /// The record's date.
        date: NaiveDate,
        /// The last applied date.
        last: NaiveDate,
    },
}

impl ApplyError {
    /// The field of the record the error is about (`date`, `trajectory`, `agreement.owner` …),
    /// so dataset readers can point at its line.
    pub fn field(&self) -> &'static str {
        match self {
            ApplyError::Unknown { field, .. }
            | ApplyError::Duplicate { field, .. }
            | ApplyError::Empty { field }
            | ApplyError::Blank { field }
            | ApplyError::NotCanonical { field, .. }
            | ApplyError::InvalidDate { field, .. }
            | ApplyError::InvalidValue { field, .. } => field,
            ApplyError::PhaseBackwards { .. } | ApplyError::PhaseUnchanged { .. } => "phase",
            ApplyError::DuplicateRole { .. } => "role",
            ApplyError::DuplicateLink { .. } => "initiative",
            ApplyError::CovenantEnded { .. } => "covenant",
            ApplyError::MeasurementBeforeBaseline { .. } | ApplyError::OutOfOrder { .. } => "date",
        }
    }
}

/// A record that failed during replay: which one (its position in the input), and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("record {} ({kind}, {date}): {error}", .index + 1)]
pub struct ReplayError {
    /// Position of the record in the input (0-based).
    pub index: usize,
    /// The record's date.
    pub date: NaiveDate,
    /// The record's kind.
    pub kind: &'static str,
    /// Why it was refused.
    pub error: ApplyError,
}
