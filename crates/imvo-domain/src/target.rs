//! Policy targets: which covenants count, and where a target stands as of a date.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::CountRule;
use crate::portfolio::{Covenant, Portfolio, Target};
use crate::text::Id;

impl CountRule {
    /// Whether `covenant` counts towards a target with this rule and `deadline`: of a counted
    /// kind, signed on or after `signed_from` (when set) and before the deadline. A covenant
    /// that ended later still counts: it was signed (the plant-protein covenant, signed in
    /// 2017 and ended early in 2019, counts for a target of signings).
    pub fn counts(&self, covenant: &Covenant, deadline: NaiveDate) -> bool {
        let d = covenant.signed.date;
        self.kinds.contains(&covenant.spec.covenant)
            && d < deadline
            && self.signed_from.is_none_or(|from| d >= from)
    }
}

/// Where a target stands as of the portfolio's date.
#[derive(Debug, Clone, Serialize)]
pub struct TargetStatus<'a> {
    /// The target.
    pub target: &'a Target,
    /// The date of the status.
    pub as_of: Option<NaiveDate>,
    /// The covenants that count, in signing order.
    pub counted: Vec<&'a Covenant>,
    /// How many count.
    pub signed: u32,
    /// How many are required.
    pub required: u32,
    /// Signings must happen before this date.
    pub deadline: NaiveDate,
    /// True when the status date is on or after the deadline: the count is final.
    pub deadline_passed: bool,
    /// True when enough covenants count.
    pub met: bool,
}

impl Portfolio {
    /// The status of target `id` as of the portfolio's date; `None` when there is no such
    /// target.
    pub fn target_status(&self, id: &Id) -> Option<TargetStatus<'_>> {
        let target = self.target(id)?;
        Some(self.status_of(target))
    }

    /// The status of every target, in the order added.
    pub fn target_statuses(&self) -> Vec<TargetStatus<'_>> {
        self.targets().iter().map(|t| self.status_of(t)).collect()
    }

    fn status_of<'a>(&'a self, target: &'a Target) -> TargetStatus<'a> {
        let deadline = target.spec.deadline;
        let counted: Vec<&Covenant> = self
            .covenants()
            .iter()
            .filter(|c| target.spec.rule.counts(c, deadline))
            .collect();
        let signed = counted.len() as u32;
        TargetStatus {
            target,
            as_of: self.as_of(),
            signed,
            required: target.spec.count,
            deadline,
            deadline_passed: self.as_of().is_some_and(|d| d >= deadline),
            met: signed >= target.spec.count,
            counted,
        }
    }
}
