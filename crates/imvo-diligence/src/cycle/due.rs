//! What is overdue, and what the escalation rule proposes for it.
//!
//! Three deadlines per company and year: the company's submission, the secretariat's
//! assessment of it, the company's response to the feedback. A step is overdue the day after
//! its deadline while it has not been taken. The escalation rule is configurable: a ladder of
//! (days late, step), such as reminder at once, warning after 14 days, suspension after 30,
//! exclusion after 60. It proposes the highest step reached that was not decided yet; the
//! secretariat decides (an `Escalate` entry with its decision), so nothing escalates by itself.

use chrono::NaiveDate;
use imvo_domain::Id;
use serde::{Deserialize, Serialize};

use super::action::{Escalation, Status};
use super::book::Book;

/// Which step is late.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// The company's submission.
    Submission,
    /// The secretariat's assessment.
    Assessment,
    /// The company's response to the feedback.
    Response,
}

impl Step {
    /// The step's name.
    pub fn label(self, lang: imvo_domain::Lang) -> &'static str {
        lang.pick(
            match self {
                Step::Submission => "indienen",
                Step::Assessment => "beoordelen",
                Step::Response => "reageren",
            },
            match self {
                Step::Submission => "submission",
                Step::Assessment => "assessment",
                Step::Response => "response",
            },
        )
    }
}

/// A step not taken by its deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Overdue {
    /// The company.
    pub company: Id,
    /// The year.
    pub year: i32,
    /// The step.
    pub step: Step,
    /// Its deadline.
    pub due: NaiveDate,
    /// Days past it.
    pub days_late: i64,
}

/// The escalation ladder: after how many days late a missed company deadline reaches each
/// step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalationRule {
    /// (days late, step), in ascending order of both.
    pub ladder: Vec<(i64, Escalation)>,
}

impl Default for EscalationRule {
    /// Reminder the day after the deadline, warning after 14 days, suspension after 30,
    /// exclusion after 60 (assumed: the covenants published no ladder).
    fn default() -> Self {
        EscalationRule {
            ladder: vec![
                (1, Escalation::Reminder),
                (14, Escalation::Warning),
                (30, Escalation::Suspension),
                (60, Escalation::Exclusion),
            ],
        }
    }
}

/// A step the rule proposes for the secretariat to decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Proposal {
    /// What is late.
    pub overdue: Overdue,
    /// The step proposed.
    pub step: Escalation,
}

impl Book {
    /// Everything overdue on `today`, by year, company and step.
    pub fn overdue(&self, today: NaiveDate) -> Vec<Overdue> {
        let mut out = Vec::new();
        for (&year, c) in &self.cycles {
            for (company, m) in &self.members {
                if m.joined > c.calendar.submission_due {
                    continue;
                }
                let file = c.files.get(company);
                let submitted = file.is_some_and(|f| !f.submissions.is_empty());
                let late = |step, due: NaiveDate| {
                    (today > due).then(|| Overdue {
                        company: company.clone(),
                        year,
                        step,
                        due,
                        days_late: (today - due).num_days(),
                    })
                };
                let active = m.status_on(c.calendar.submission_due) == Some(Status::Active);
                if !submitted {
                    if active {
                        out.extend(late(Step::Submission, c.calendar.submission_due));
                    }
                    continue;
                }
                let f = file.expect("submitted");
                let assessed = f
                    .latest_assessment()
                    .is_some_and(|a| a.revision as usize == f.submissions.len());
                if !assessed {
                    out.extend(late(Step::Assessment, c.calendar.assessment_due));
                } else if f.responses.is_empty() && f.submissions.len() == 1 {
                    out.extend(late(Step::Response, c.calendar.response_due));
                }
            }
        }
        out
    }

    /// What the rule proposes on `today`: for each company deadline missed, the highest step
    /// reached that has not been decided for that company and year.
    pub fn proposals(&self, today: NaiveDate, rule: &EscalationRule) -> Vec<Proposal> {
        self.overdue(today)
            .into_iter()
            .filter(|o| o.step != Step::Assessment)
            .filter(|o| !self.members[&o.company].status().is_final())
            .filter_map(|o| {
                let step = rule
                    .ladder
                    .iter()
                    .rev()
                    .find(|(days, _)| o.days_late >= *days)?
                    .1;
                let decided = self.cycles[&o.year]
                    .files
                    .get(&o.company)
                    .is_some_and(|f| f.escalations.iter().any(|n| n.what.step >= step));
                (!decided).then_some(Proposal { overdue: o, step })
            })
            .collect()
    }
}
