//! What the reporter and a company may see of signals. The secretariat sees everything (the
//! book's [`Signal`]s); the others see views built from it field by field, so a field added to
//! the state reaches nobody until a view names it.
//!
//! - The reporter learns where the signal stands, never which companies buy at the location
//!   (that is the companies' confidential supply chain).
//! - A company sees only signals forwarded to it, without the reporter's identity or contact
//!   and without the other companies it was forwarded to or their answers.

use chrono::NaiveDate;
use imvo_domain::Id;
use serde::Serialize;

use super::book::{Book, Signal};
use super::entry::{Evidence, Location, Outcome, Priority};
use super::rules::SignalRules;
use super::status::{Status, StatusSpell};
use crate::deadline;
use crate::statement::Statement;

/// A signal as its reporter sees it: its status and how it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReporterView {
    /// The signal.
    pub signal: Id,
    /// When it was received.
    pub received: NaiveDate,
    /// Its status.
    pub status: Status,
    /// Its statuses in order.
    pub timeline: Vec<StatusSpell>,
    /// Why it is not admissible, when it is not.
    pub grounds: Option<String>,
    /// How it ended, when it is closed.
    pub outcome: Option<Outcome>,
}

/// A company's own answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnAnswer {
    /// When.
    pub date: NaiveDate,
    /// What it does.
    pub response: String,
}

/// How a signal was closed, as the companies it reached see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ended {
    /// When.
    pub date: NaiveDate,
    /// How.
    pub outcome: Outcome,
}

/// A signal as a company it was forwarded to sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanySignal {
    /// The signal.
    pub signal: Id,
    /// When it was received.
    pub received: NaiveDate,
    /// Where.
    pub location: Location,
    /// The themes.
    pub themes: Vec<Id>,
    /// How urgent the secretariat finds it.
    pub priority: Priority,
    /// What is wrong: the secretariat's description for the companies, or the report's.
    pub description: Statement,
    /// The evidence, when the secretariat shares it.
    pub evidence: Vec<Evidence>,
    /// When it was forwarded to the company.
    pub forwarded: NaiveDate,
    /// Since when an answer is asked (the forwarding, or the latest reopening).
    pub asked: NaiveDate,
    /// The answer's deadline, while one is awaited.
    pub answer_due: Option<NaiveDate>,
    /// Whether the answer is overdue on the day the view was made.
    pub overdue: bool,
    /// The company's own answers, in order.
    pub answers: Vec<OwnAnswer>,
    /// How it ended, when it is closed.
    pub closed: Option<Ended>,
}

impl Signal {
    /// The reporter's view.
    pub fn for_reporter(&self) -> ReporterView {
        ReporterView {
            signal: self.id.clone(),
            received: self.received,
            status: self.status,
            timeline: self.timeline.clone(),
            grounds: (self.status == Status::Inadmissible)
                .then(|| self.triages.last().map(|t| t.what.grounds.clone()))
                .flatten(),
            outcome: self.closure().map(|c| c.what.outcome),
        }
    }

    /// A company's view, when the signal was forwarded to it.
    pub fn for_company(
        &self,
        company: &Id,
        today: NaiveDate,
        rules: &SignalRules,
    ) -> Option<CompanySignal> {
        let f = self.forwards.get(company)?;
        let triage = self.triage();
        let answer_due = (self.status == Status::Forwarded && f.answered.is_none())
            .then(|| deadline::due(f.asked, rules.answer_days(self.priority())));
        Some(CompanySignal {
            signal: self.id.clone(),
            received: self.received,
            location: self.location.clone(),
            themes: self.report.themes.clone(),
            priority: self.priority(),
            description: triage
                .and_then(|t| t.for_companies.clone())
                .unwrap_or_else(|| self.report.description.clone()),
            evidence: if triage.is_some_and(|t| t.share_evidence) {
                self.report.evidence.clone()
            } else {
                Vec::new()
            },
            forwarded: f.date,
            asked: f.asked,
            answer_due,
            overdue: answer_due.is_some_and(|d| deadline::days_late(d, today).is_some()),
            answers: self
                .answers
                .iter()
                .filter(|a| &a.company == company)
                .map(|a| OwnAnswer {
                    date: a.date,
                    response: a.response.clone(),
                })
                .collect(),
            closed: self.closure().map(|c| Ended {
                date: c.date,
                outcome: c.what.outcome,
            }),
        })
    }
}

impl Book {
    /// The reporter's view of a signal.
    pub fn for_reporter(&self, signal: &Id) -> Option<ReporterView> {
        self.signals.get(signal).map(Signal::for_reporter)
    }

    /// Every signal forwarded to a company, as it sees them.
    pub fn for_company(
        &self,
        company: &Id,
        today: NaiveDate,
        rules: &SignalRules,
    ) -> Vec<CompanySignal> {
        self.signals
            .values()
            .filter_map(|s| s.for_company(company, today, rules))
            .collect()
    }
}
