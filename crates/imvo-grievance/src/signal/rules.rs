//! A signal's deadlines, and what is overdue.
//!
//! Three steps have a deadline: the secretariat's triage (counted from the receipt), its
//! forwarding (from an admissible triage), and each company's answer (from the forwarding to
//! that company). A reopening restarts the clock of the step the signal returns to. A step is
//! overdue the day after its deadline while it has not been taken; a late step is still
//! accepted (refusing it would only lose the answer), the lateness is what is reported.

use chrono::NaiveDate;
use imvo_domain::{Id, Lang};
use serde::{Deserialize, Serialize};

use super::book::{Book, Signal};
use super::entry::Priority;
use super::status::Status;
use crate::deadline;

/// The deadlines, in days. Data: a covenant's secretariat sets them; the defaults are
/// assumptions (no covenant published its terms for signals).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignalRules {
    /// From receipt (or a reopening) to triage.
    pub triage_days: u32,
    /// From an admissible triage (or a reopening) to forwarding.
    pub forward_days: u32,
    /// From forwarding (or a reopening) to each company's answer.
    pub answer_days: u32,
    /// The same, for an urgent signal.
    pub urgent_answer_days: u32,
}

impl Default for SignalRules {
    /// Triage within 14 days, forwarding within 7 days of it, answers within 30 days (7 when
    /// urgent).
    fn default() -> Self {
        SignalRules {
            triage_days: 14,
            forward_days: 7,
            answer_days: 30,
            urgent_answer_days: 7,
        }
    }
}

impl SignalRules {
    /// The answer term for a priority.
    pub fn answer_days(&self, priority: Priority) -> u32 {
        match priority {
            Priority::Normal => self.answer_days,
            Priority::Urgent => self.urgent_answer_days,
        }
    }
}

/// A step of a signal that has a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// The secretariat's triage.
    Triage,
    /// The secretariat's forwarding to the buyers.
    Forward,
    /// A company's answer.
    Answer,
}

impl Step {
    /// The step's name.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Step::Triage => lang.pick("beoordelen", "triage"),
            Step::Forward => lang.pick("doorsturen", "forwarding"),
            Step::Answer => lang.pick("antwoord bedrijf", "company answer"),
        }
    }
}

/// A step waiting to be taken, with its deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Due {
    /// The signal.
    pub signal: Id,
    /// The step.
    pub step: Step,
    /// The company whose answer it is (for `Answer` only).
    pub company: Option<Id>,
    /// Since when it waits.
    pub since: NaiveDate,
    /// Its deadline.
    pub due: NaiveDate,
}

impl Due {
    /// Days past the deadline on `today`, when it is past.
    pub fn days_late(&self, today: NaiveDate) -> Option<i64> {
        deadline::days_late(self.due, today)
    }

    /// Whether it is overdue on `today` (the day after the deadline onwards).
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.days_late(today).is_some()
    }
}

/// A step not taken by its deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Overdue {
    /// What is due.
    pub due: Due,
    /// Days past the deadline.
    pub days_late: i64,
}

impl Signal {
    /// The steps it waits for, with their deadlines: triage, forwarding, or the answer of each
    /// company that has not answered since it was asked.
    pub fn pending(&self, rules: &SignalRules) -> Vec<Due> {
        let step = |step, since, days, company| Due {
            signal: self.id.clone(),
            step,
            company,
            since,
            due: deadline::due(since, days),
        };
        match self.status {
            Status::Received => vec![step(Step::Triage, self.since, rules.triage_days, None)],
            Status::Triaged => vec![step(Step::Forward, self.since, rules.forward_days, None)],
            Status::Forwarded => {
                let days = rules.answer_days(self.priority());
                self.forwards
                    .iter()
                    .filter(|(_, f)| f.answered.is_none())
                    .map(|(c, f)| step(Step::Answer, f.asked, days, Some(c.clone())))
                    .collect()
            }
            Status::Answered | Status::Closed | Status::Inadmissible => Vec::new(),
        }
    }
}

impl Book {
    /// Everything overdue on `today`, by signal, step and company.
    pub fn overdue(&self, today: NaiveDate, rules: &SignalRules) -> Vec<Overdue> {
        self.signals
            .values()
            .flat_map(|s| s.pending(rules))
            .filter_map(|due| {
                let days_late = due.days_late(today)?;
                Some(Overdue { due, days_late })
            })
            .collect()
    }
}
