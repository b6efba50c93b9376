//! How long cases take: the days each step took, what a case waits for, what is overdue.
//!
//! A step's term counts from the case's previous step ([`super::Deadlines`]) and applies to the
//! step the case waits for after it ([`Step::expected_next`]); a step is overdue the day after
//! its deadline while it has not been taken. A late step is accepted (the
//! procedure must go on), and the ageing shows by how many days it was late. The textile
//! covenant's case against one brand took two years from filing to final ruling: the ageing
//! makes such a case visible per step, and an open case's age grows with every day.
//!
//! The ageing names no party, only the case, so its caller can show it to whoever may see the
//! case exists.

use chrono::NaiveDate;
use imvo_domain::Id;
use serde::Serialize;

use super::book::{Book, Case, Taken};
use super::rules::ComplaintRules;
use super::step::Step;
use crate::deadline;

/// A step a case took, with the days it took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StepTime {
    /// The step.
    pub step: Step,
    /// When it was taken.
    pub date: NaiveDate,
    /// Days since the case's previous step (0 for the intake).
    pub days: i64,
    /// Its deadline, when the rules give it one.
    pub due: Option<NaiveDate>,
    /// Days it was taken after the deadline, when it was late.
    pub days_late: Option<i64>,
}

/// The step a case waits for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseDue {
    /// The case.
    pub case: Id,
    /// The step it waits for.
    pub step: Step,
    /// Since when: the date of its previous step.
    pub since: NaiveDate,
    /// Its deadline, when the rules give it one.
    pub due: Option<NaiveDate>,
}

impl CaseDue {
    /// Days past the deadline on `today`, when there is one and it is past.
    pub fn days_late(&self, today: NaiveDate) -> Option<i64> {
        deadline::days_late(self.due?, today)
    }
}

/// A step not taken by its deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseOverdue {
    /// What is due.
    pub due: CaseDue,
    /// Days past the deadline.
    pub days_late: i64,
}

/// A case's ageing: the time per step, and its age.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseAgeing {
    /// The case.
    pub case: Id,
    /// When it was filed.
    pub filed: NaiveDate,
    /// Its steps, with the days each took.
    pub steps: Vec<StepTime>,
    /// What it waits for, while open.
    pub waiting: Option<CaseDue>,
    /// Days it has waited for that step on the day of the view.
    pub waiting_days: Option<i64>,
    /// Whether that step is overdue on the day of the view.
    pub overdue: bool,
    /// Days from filing to the final ruling, once given.
    pub days_to_final_ruling: Option<i64>,
    /// When it was closed.
    pub closed: Option<NaiveDate>,
    /// Days from filing to closing or, while open, to the day of the view: its age.
    pub total_days: i64,
}

impl Case {
    /// The step it waits for, while open.
    pub fn pending(&self, rules: &ComplaintRules) -> Option<CaseDue> {
        let latest = self.latest();
        let step = latest.step.expected_next(self.admissible())?;
        Some(CaseDue {
            case: self.id.clone(),
            step,
            since: latest.date,
            due: rules
                .deadlines
                .days(step)
                .map(|d| deadline::due(latest.date, d)),
        })
    }

    /// Its ageing on `today`.
    pub fn ageing(&self, today: NaiveDate, rules: &ComplaintRules) -> CaseAgeing {
        let mut steps = Vec::with_capacity(self.steps.len());
        let mut previous: Option<&Taken> = None;
        for t in &self.steps {
            // A step has the deadline the case was waiting on only when it is the step waited
            // for: an interim ruling, a second follow-up or an early closing has none.
            let due = previous
                .filter(|p| p.step.expected_next(self.admissible()) == Some(t.step))
                .and_then(|p| Some(deadline::due(p.date, rules.deadlines.days(t.step)?)));
            steps.push(StepTime {
                step: t.step,
                date: t.date,
                days: previous.map_or(0, |p| (t.date - p.date).num_days()),
                due,
                days_late: due.and_then(|d| deadline::days_late(d, t.date)),
            });
            previous = Some(t);
        }
        let waiting = self.pending(rules);
        let closed = self.closing.as_ref().map(|c| c.date);
        CaseAgeing {
            case: self.id.clone(),
            filed: self.filed,
            steps,
            waiting_days: waiting
                .as_ref()
                .map(|w| (today - w.since).num_days().max(0)),
            overdue: waiting
                .as_ref()
                .is_some_and(|w| w.days_late(today).is_some()),
            waiting,
            days_to_final_ruling: self
                .ruling
                .as_ref()
                .map(|r| (r.date - self.filed).num_days()),
            closed,
            total_days: (closed.unwrap_or(today) - self.filed).num_days().max(0),
        }
    }
}

impl Book {
    /// The ageing of every case on `today`, by case id.
    pub fn ageing(&self, today: NaiveDate, rules: &ComplaintRules) -> Vec<CaseAgeing> {
        self.cases
            .values()
            .map(|c| c.ageing(today, rules))
            .collect()
    }

    /// Every step overdue on `today`, by case.
    pub fn overdue(&self, today: NaiveDate, rules: &ComplaintRules) -> Vec<CaseOverdue> {
        self.cases
            .values()
            .filter_map(|c| {
                let due = c.pending(rules)?;
                let days_late = due.days_late(today)?;
                Some(CaseOverdue { due, days_late })
            })
            .collect()
    }
}
