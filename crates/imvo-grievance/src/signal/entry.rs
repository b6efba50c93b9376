//! The steps of a signal, as entries of a covenant's signal log.

use chrono::NaiveDate;
use imvo_domain::{Id, Lang};
use serde::{Deserialize, Serialize};

use crate::error::{GrievanceError, nonblank, nonblank_if_given};
use crate::party::PartyKind;
use crate::statement::Statement;

/// Where the problem is: a location the matcher recognised, or what the reporter gave when it
/// did not. Matching is the location matcher's (`imvo-locations`); this crate receives its
/// result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Location {
    /// A known production location.
    Matched {
        /// Its id in the location register (`CN2019303BQ3FZP`). Kept as text: the matcher that
        /// made or found it has checked it, and this crate does not depend on the matcher.
        id: String,
    },
    /// A location the matcher could not place, as the reporter described it.
    Unmatched {
        /// The name given.
        name: String,
        /// The address given (may be empty).
        #[serde(default)]
        address: String,
        /// The country given, as written.
        country: String,
    },
}

impl Location {
    /// The location's id, when it is matched.
    pub fn id(&self) -> Option<&str> {
        match self {
            Location::Matched { id } => Some(id),
            Location::Unmatched { .. } => None,
        }
    }

    pub(crate) fn check(&self, field: &str) -> Result<(), GrievanceError> {
        match self {
            Location::Matched { id } => {
                if id.is_empty() || id.len() > 64 || !id.bytes().all(|b| b.is_ascii_alphanumeric())
                {
                    return Err(GrievanceError::new(
                        format!("{field}.id"),
                        format!(
                            "{id:?} is not a location id (letters and digits, as the location register gives them)"
                        ),
                    ));
                }
                Ok(())
            }
            Location::Unmatched { name, country, .. } => {
                nonblank(&format!("{field}.name"), name)?;
                nonblank(&format!("{field}.country"), country)
            }
        }
    }
}

/// Evidence for a signal: a link, or a file kept by the caller (by name and digest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// A URL, or the file's name.
    pub reference: String,
    /// The file's SHA-256 (64 hexadecimal digits), when it is a file.
    #[serde(default)]
    pub sha256: Option<String>,
}

impl Evidence {
    fn check(&self, field: &str) -> Result<(), GrievanceError> {
        nonblank(&format!("{field}.reference"), &self.reference)?;
        if let Some(h) = &self.sha256
            && (h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            return Err(GrievanceError::new(
                format!("{field}.sha256"),
                "must be 64 hexadecimal digits",
            ));
        }
        Ok(())
    }
}

/// Who reported. Confidential: only the secretariat sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Reporter {
    /// The kind of reporter.
    pub kind: PartyKind,
    /// How to reach them (name, e-mail, phone …); absent for an anonymous report.
    #[serde(default)]
    pub contact: Option<String>,
}

/// A report of a problem at a location, as received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Where.
    pub location: Location,
    /// The themes it concerns (ids of `data/risk/themes.csv`), at least one.
    pub themes: Vec<Id>,
    /// What is wrong, in the reporter's words.
    pub description: Statement,
    /// Evidence: links or files.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// Who reported.
    pub reporter: Reporter,
}

impl Report {
    /// The checks that need nothing outside the report.
    pub(crate) fn check(&self) -> Result<(), GrievanceError> {
        self.location.check("report.location")?;
        if self.themes.is_empty() {
            return Err(GrievanceError::new(
                "report.themes",
                "a signal names at least one theme",
            ));
        }
        for (i, t) in self.themes.iter().enumerate() {
            if self.themes[..i].contains(t) {
                return Err(GrievanceError::new(
                    format!("report.themes[{i}]"),
                    format!("{t} is named twice"),
                ));
            }
        }
        self.description.check("report.description")?;
        for (i, e) in self.evidence.iter().enumerate() {
            e.check(&format!("report.evidence[{i}]"))?;
        }
        nonblank_if_given("report.reporter.contact", self.reporter.contact.as_deref())
    }
}

/// How urgent the secretariat finds a signal; it sets the companies' answer deadline.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// The usual deadline.
    #[default]
    Normal,
    /// Imminent danger to people (a building at risk, violence): the short deadline.
    Urgent,
}

impl Priority {
    /// The priority's name.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Priority::Normal => lang.pick("normaal", "normal"),
            Priority::Urgent => lang.pick("urgent", "urgent"),
        }
    }
}

/// How a signal ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The problem was remedied.
    Remedied,
    /// It was partly remedied.
    PartlyRemedied,
    /// It was not remedied.
    NotRemedied,
    /// No covenant company buys at the location: there is no one to forward it to.
    NoCovenantBuyer,
    /// The reporter withdrew it.
    Withdrawn,
}

impl Outcome {
    /// The outcome's name.
    pub fn label(self, lang: Lang) -> &'static str {
        lang.pick(
            match self {
                Outcome::Remedied => "verholpen",
                Outcome::PartlyRemedied => "deels verholpen",
                Outcome::NotRemedied => "niet verholpen",
                Outcome::NoCovenantBuyer => "geen convenantbedrijf koopt er",
                Outcome::Withdrawn => "ingetrokken",
            },
            match self {
                Outcome::Remedied => "remedied",
                Outcome::PartlyRemedied => "partly remedied",
                Outcome::NotRemedied => "not remedied",
                Outcome::NoCovenantBuyer => "no covenant company buys there",
                Outcome::Withdrawn => "withdrawn",
            },
        )
    }
}

/// One step of a signal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// A signal is received (the public form, or the API with an account). The entry's date is
    /// the day it was received; its actor is the account, or the form.
    Report {
        /// The new signal's id.
        signal: Id,
        /// What was reported.
        report: Report,
    },
    /// The secretariat decides whether the signal is one for the covenant.
    Triage {
        /// The signal.
        signal: Id,
        /// Whether it is admissible (a location, a theme and a problem within the covenant's
        /// scope).
        admissible: bool,
        /// Why. The reporter reads this when the signal is not admissible, so it names no
        /// company.
        grounds: String,
        /// How urgent it is.
        #[serde(default)]
        priority: Priority,
        /// The location the secretariat resolved, when the matcher could not (or matched
        /// wrongly); a signal is forwarded only once its location is matched.
        #[serde(default)]
        location: Option<Location>,
        /// The description as the companies will read it, when the reporter's own words could
        /// identify the reporter or need translating; otherwise they read the report's.
        #[serde(default)]
        for_companies: Option<Statement>,
        /// Whether the companies see the evidence (photos and documents can identify a
        /// reporter, so not unless the secretariat says so).
        #[serde(default)]
        share_evidence: bool,
    },
    /// The secretariat forwards the signal to companies that buy at the location. The caller
    /// supplies them (the location's buyers on the entry's date); the entry keeps them, so the
    /// history does not change when the buyer lists do.
    Forward {
        /// The signal.
        signal: Id,
        /// The companies, each not forwarded to before.
        companies: Vec<Id>,
    },
    /// A company answers with what it does about the problem.
    Answer {
        /// The signal.
        signal: Id,
        /// The company (one the signal was forwarded to).
        company: Id,
        /// What it does.
        response: String,
    },
    /// The secretariat closes the signal.
    Close {
        /// The signal.
        signal: Id,
        /// How it ended.
        outcome: Outcome,
        /// Why (the secretariat's own note).
        reason: String,
    },
    /// The secretariat reopens a closed or inadmissible signal (new facts, the problem
    /// returned). Its pending step starts again: a new triage, a new forwarding, or new answers
    /// of every company it was forwarded to.
    Reopen {
        /// The signal.
        signal: Id,
        /// Why.
        reason: String,
    },
}

impl Action {
    /// The signal the step is about.
    pub fn signal(&self) -> &Id {
        match self {
            Action::Report { signal, .. }
            | Action::Triage { signal, .. }
            | Action::Forward { signal, .. }
            | Action::Answer { signal, .. }
            | Action::Close { signal, .. }
            | Action::Reopen { signal, .. } => signal,
        }
    }

    /// The action's name, as stored.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Report { .. } => "report",
            Action::Triage { .. } => "triage",
            Action::Forward { .. } => "forward",
            Action::Answer { .. } => "answer",
            Action::Close { .. } => "close",
            Action::Reopen { .. } => "reopen",
        }
    }
}

/// An entry as kept: the step with its date and actor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Entry {
    /// The day it happened (deadlines count from it).
    pub date: NaiveDate,
    /// Who did it (an account's username, `form` for the public form, or `dataset:<file>`).
    pub actor: String,
    /// What happened.
    #[serde(flatten)]
    pub action: Action,
}
