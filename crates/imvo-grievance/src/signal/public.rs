//! The public figures of a covenant's signals in a year.
//!
//! What is public and why:
//!
//! - **Counts of signals by theme and in total** are published as counted. They describe the
//!   reports (what people raised), not a company: a signal may concern a location no covenant
//!   company buys at, and no public figure says which location or company a signal concerns.
//! - **Counts by status** are published as counted for the statuses before and after the
//!   companies' part (received, triaged, closed, inadmissible), and through the disclosure
//!   threshold for the two that say what companies did (`forwarded`: an answer awaited,
//!   `answered`: all answered), together with the number of signals whose company answer is
//!   overdue. Those figures rest on the companies the year's signals were forwarded to: when
//!   they are 1 to *k* − 1 companies, all three are suppressed together (so neither can be
//!   learnt from the total minus the others), as the due-diligence figures are
//!   ([`imvo_diligence::disclosure`]).
//! - **The secretariat's own overdue steps** (triage, forwarding) are published: they are the
//!   secretariat's conduct, not a company's.
//! - **Nothing is broken down by company or location.** "Signals at locations of company X"
//!   would be the company's confidential supply chain, and a reporter could be found from a
//!   location and a date.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use imvo_diligence::{Figure, Threshold};
use imvo_domain::Id;
use serde::Serialize;

use super::book::Book;
use super::rules::{SignalRules, Step};
use super::status::Status;

/// The number of signals naming a theme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThemeCount {
    /// The theme.
    pub theme: Id,
    /// The signals naming it.
    pub signals: usize,
}

/// The number of signals in a status.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusCount {
    /// The status.
    pub status: Status,
    /// The signals in it.
    pub signals: Figure<usize>,
}

/// A covenant's public signal figures for the signals received in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicSignals {
    /// The covenant.
    pub covenant: Id,
    /// The year of receipt.
    pub year: i32,
    /// The day the statuses and deadlines are taken on.
    pub as_of: NaiveDate,
    /// The signals received.
    pub received: usize,
    /// By theme, in theme id order; a signal counts under each theme it names, so these add up
    /// to more than `received` when signals name several. Themes no signal names are left out.
    pub by_theme: Vec<ThemeCount>,
    /// By status, one row per status in the order of [`Status::ALL`]; they add up to
    /// `received`.
    pub by_status: Vec<StatusCount>,
    /// Signals whose triage or forwarding by the secretariat is overdue.
    pub secretariat_overdue: usize,
    /// Signals with at least one company answer overdue.
    pub answers_overdue: Figure<usize>,
}

impl Book {
    /// The years in which signals were received.
    pub fn years(&self) -> BTreeSet<i32> {
        self.signals.values().map(|s| s.received.year()).collect()
    }

    /// The public figures of the signals received in `year`, their statuses and deadlines taken
    /// on `today` (see the module documentation for what is suppressed).
    pub fn public(
        &self,
        year: i32,
        today: NaiveDate,
        rules: &SignalRules,
        threshold: &Threshold,
    ) -> PublicSignals {
        let signals: Vec<_> = self
            .signals
            .values()
            .filter(|s| s.received.year() == year)
            .collect();
        let mut themes: BTreeMap<&Id, usize> = BTreeMap::new();
        let mut statuses: BTreeMap<Status, usize> = BTreeMap::new();
        let mut companies: BTreeSet<&Id> = BTreeSet::new();
        let (mut secretariat_overdue, mut answers_overdue) = (0, 0);
        for s in &signals {
            for t in &s.report.themes {
                *themes.entry(t).or_default() += 1;
            }
            *statuses.entry(s.status).or_default() += 1;
            companies.extend(s.forwards.keys());
            let late: Vec<Step> = s
                .pending(rules)
                .into_iter()
                .filter(|d| d.is_overdue(today))
                .map(|d| d.step)
                .collect();
            if late.iter().any(|&st| st != Step::Answer) {
                secretariat_overdue += 1;
            }
            if late.contains(&Step::Answer) {
                answers_overdue += 1;
            }
        }
        let suppress = !companies.is_empty() && companies.len() < threshold.k.max(1);
        let figure = |n: usize, about_companies: bool| {
            if about_companies && suppress {
                Figure::Suppressed
            } else {
                Figure::Published(n)
            }
        };
        PublicSignals {
            covenant: self.covenant.clone(),
            year,
            as_of: today,
            received: signals.len(),
            by_theme: themes
                .into_iter()
                .map(|(theme, signals)| ThemeCount {
                    theme: theme.clone(),
                    signals,
                })
                .collect(),
            by_status: Status::ALL
                .iter()
                .map(|&status| StatusCount {
                    status,
                    signals: figure(
                        statuses.get(&status).copied().unwrap_or(0),
                        status.is_about_companies(),
                    ),
                })
                .collect(),
            secretariat_overdue,
            answers_overdue: figure(answers_overdue, true),
        }
    }
}
