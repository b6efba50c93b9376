//! The steps of the yearly cycle, as entries of a covenant's due-diligence log.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use imvo_domain::{Id, Text};
use serde::{Deserialize, Serialize};

use crate::oecd::Involvement;
use crate::score::Answers;

/// A company's standing in a covenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Takes part.
    Active,
    /// Suspended (by escalation or decision); may return to active.
    Suspended,
    /// Excluded by the secretariat; final.
    Excluded,
    /// Left of its own accord; final.
    Withdrawn,
}

impl Status {
    /// Whether no change can follow.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Excluded | Status::Withdrawn)
    }

    /// The status's name.
    pub fn label(self, lang: imvo_domain::Lang) -> &'static str {
        use imvo_domain::Lang::{En, Nl};
        match (self, lang) {
            (Status::Active, Nl) => "actief",
            (Status::Active, En) => "active",
            (Status::Suspended, Nl) => "geschorst",
            (Status::Suspended, En) => "suspended",
            (Status::Excluded, Nl) => "uitgesloten",
            (Status::Excluded, En) => "excluded",
            (Status::Withdrawn, Nl) => "teruggetrokken",
            (Status::Withdrawn, En) => "withdrawn",
        }
    }
}

/// The dates of one covenant-year's cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Calendar {
    /// Companies submit their self-assessment and action plan by this date.
    pub submission_due: NaiveDate,
    /// The secretariat assesses by this date.
    pub assessment_due: NaiveDate,
    /// Companies respond to the feedback by this date.
    pub response_due: NaiveDate,
    /// The aggregates are published on or after this date.
    pub publication: NaiveDate,
}

/// A risk a company prioritises in its plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PrioritisedRisk {
    /// The theme (an id of `data/risk/themes.csv`).
    pub theme: Id,
    /// The country (ISO 3166 alpha-3), where the risk is country-specific.
    #[serde(default)]
    pub country: Option<String>,
    /// How the company is involved.
    pub involvement: Involvement,
}

/// A goal of the company's plan, with a SMART indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// What is to be achieved.
    pub result: Text,
    /// How progress is measured.
    pub indicator: Text,
    /// The unit of the indicator.
    pub unit: String,
    /// The value at the start.
    pub baseline: f64,
    /// The value aimed for.
    pub target: f64,
    /// By when.
    pub deadline: NaiveDate,
}

/// Evidence for an answer: a link, or a file kept by the caller (by name and digest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// The criterion it supports.
    pub criterion: Id,
    /// A URL, or the file's name.
    pub reference: String,
    /// The file's SHA-256, when it is a file.
    #[serde(default)]
    pub sha256: Option<String>,
}

/// What a company submits for a year.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Submission {
    /// Its self-assessment: scores per criterion, inputs.
    #[serde(default)]
    pub answers: Answers,
    /// Its explanation per criterion.
    #[serde(default)]
    pub explanations: BTreeMap<Id, String>,
    /// Its prioritised risks.
    #[serde(default)]
    pub risks: Vec<PrioritisedRisk>,
    /// Its goals.
    #[serde(default)]
    pub goals: Vec<Goal>,
    /// Its evidence.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// The secretariat's assessment of one submission.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// The scores per criterion and the inputs, as the secretariat finds them.
    pub answers: Answers,
    /// Its comment per criterion: the feedback the company sees.
    #[serde(default)]
    pub comments: BTreeMap<Id, String>,
    /// Its overall feedback.
    #[serde(default)]
    pub feedback: Option<String>,
}

/// A step of the escalation ladder on a missed deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Escalation {
    /// A reminder.
    Reminder,
    /// A formal warning.
    Warning,
    /// Suspension (the membership becomes suspended).
    Suspension,
    /// Exclusion (the membership ends).
    Exclusion,
}

impl Escalation {
    /// The step's name.
    pub fn label(self, lang: imvo_domain::Lang) -> &'static str {
        lang.pick(
            match self {
                Escalation::Reminder => "herinnering",
                Escalation::Warning => "waarschuwing",
                Escalation::Suspension => "schorsing",
                Escalation::Exclusion => "uitsluiting",
            },
            match self {
                Escalation::Reminder => "reminder",
                Escalation::Warning => "warning",
                Escalation::Suspension => "suspension",
                Escalation::Exclusion => "exclusion",
            },
        )
    }
}

/// One entry of a covenant's due-diligence log: what happened, to which company and year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// A company joins the covenant. Companies are kept in the covenant's log, not in the
    /// portfolio (which holds the parties to the policy): a company that is also an
    /// organisation of the portfolio uses the same id.
    Join {
        /// The company's id.
        company: Id,
        /// Its name (public, like its membership).
        name: String,
        /// Its registration number (KvK), when known.
        #[serde(default)]
        registration: Option<String>,
        /// Marks a made-up company (demos, tests); shown wherever the company is.
        #[serde(default)]
        synthetic: bool,
    },
    /// A company's status changes.
    SetStatus {
        /// The company.
        company: Id,
        /// Its new status.
        status: Status,
        /// Why.
        reason: String,
    },
    /// A company's turnover in the covenant's sector for a year (confidential).
    Turnover {
        /// The company.
        company: Id,
        /// The year.
        year: i32,
        /// The turnover, in millions of euros.
        million_eur: f64,
    },
    /// The sector's total turnover for a year (public, e.g. from CBS), the market that market
    /// share is measured against.
    Market {
        /// The year.
        year: i32,
        /// The total, in millions of euros.
        million_eur: f64,
        /// Where the figure comes from.
        source: String,
    },
    /// The secretariat opens a year's cycle under a framework version.
    OpenCycle {
        /// The year.
        year: i32,
        /// The framework.
        framework: Id,
        /// Its version.
        version: u32,
        /// The deadlines.
        calendar: Calendar,
    },
    /// The secretariat changes the framework version a year is scored under. A published
    /// year is re-scored only when `republish` says so, with the reason.
    ChangeFramework {
        /// The year.
        year: i32,
        /// The framework.
        framework: Id,
        /// Its version.
        version: u32,
        /// Why.
        reason: String,
        /// Set to re-score (and so re-publish) a year already published.
        #[serde(default)]
        republish: bool,
    },
    /// A company submits (or resubmits) its self-assessment and plan.
    Submit {
        /// The company.
        company: Id,
        /// The year.
        year: i32,
        /// What it submits.
        submission: Submission,
    },
    /// The secretariat assesses a company's latest submission.
    Assess {
        /// The company.
        company: Id,
        /// The year.
        year: i32,
        /// The revision assessed (1 for the first submission).
        revision: u32,
        /// The assessment.
        assessment: Assessment,
    },
    /// A company responds to its feedback.
    Respond {
        /// The company.
        company: Id,
        /// The year.
        year: i32,
        /// Its response.
        text: String,
    },
    /// The secretariat escalates a missed deadline, or decides on the step the rule proposes.
    Escalate {
        /// The company.
        company: Id,
        /// The year.
        year: i32,
        /// The step.
        step: Escalation,
        /// The decision and its reasons.
        decision: String,
    },
    /// The secretariat publishes the year's aggregates.
    Publish {
        /// The year.
        year: i32,
    },
}

impl Action {
    /// The company the entry is about, if one.
    pub fn company(&self) -> Option<&Id> {
        match self {
            Action::Join { company, .. }
            | Action::SetStatus { company, .. }
            | Action::Turnover { company, .. }
            | Action::Submit { company, .. }
            | Action::Assess { company, .. }
            | Action::Respond { company, .. }
            | Action::Escalate { company, .. } => Some(company),
            Action::Market { .. }
            | Action::OpenCycle { .. }
            | Action::ChangeFramework { .. }
            | Action::Publish { .. } => None,
        }
    }

    /// The year the entry is about, if one.
    pub fn year(&self) -> Option<i32> {
        match self {
            Action::Turnover { year, .. }
            | Action::Market { year, .. }
            | Action::OpenCycle { year, .. }
            | Action::ChangeFramework { year, .. }
            | Action::Submit { year, .. }
            | Action::Assess { year, .. }
            | Action::Respond { year, .. }
            | Action::Escalate { year, .. }
            | Action::Publish { year } => Some(*year),
            Action::Join { .. } | Action::SetStatus { .. } => None,
        }
    }

    /// The action's name, as stored.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Join { .. } => "join",
            Action::SetStatus { .. } => "set_status",
            Action::Turnover { .. } => "turnover",
            Action::Market { .. } => "market",
            Action::OpenCycle { .. } => "open_cycle",
            Action::ChangeFramework { .. } => "change_framework",
            Action::Submit { .. } => "submit",
            Action::Assess { .. } => "assess",
            Action::Respond { .. } => "respond",
            Action::Escalate { .. } => "escalate",
            Action::Publish { .. } => "publish",
        }
    }

    /// Whether only the secretariat may take this step (the others are the company's own).
    pub fn is_secretariats(&self) -> bool {
        !matches!(
            self,
            Action::Submit { .. } | Action::Respond { .. } | Action::Turnover { .. }
        )
    }
}

/// An entry as kept: the action with its date and actor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The day it happened (deadlines are checked against it).
    pub date: NaiveDate,
    /// Who did it (an account's username, or `dataset:<file>`).
    pub actor: String,
    /// What happened.
    #[serde(flatten)]
    pub action: Action,
}
