//! The public figures of a covenant-year, every one through the disclosure rule.
//!
//! The population of a year is the companies that were active members on its submission
//! deadline (those expected to submit). Its figures: how many there are (membership is
//! public); how many were assessed; the verdicts of the latest assessments under the year's
//! framework version, and the share that meets the framework; per element the distribution of
//! shares over four bins and the mean; the mean total; and the market share the members' turnover
//! covers. Counts are tables over the population, so complementary suppression applies (see
//! [`crate::disclosure`]).

use chrono::NaiveDate;
use imvo_domain::Id;
use serde::Serialize;

use super::action::Status;
use super::book::{Book, Frameworks};
use crate::disclosure::{CountTable, Figure, Threshold};
use crate::score::Scorecard;

/// The bins of an element's share distribution: [0, ¼), [¼, ½), [½, ¾), [¾, 1].
pub const BINS: [&str; 4] = ["0-25%", "25-50%", "50-75%", "75-100%"];

/// One element's public figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ElementKpi {
    /// The element.
    pub element: Id,
    /// How many assessed companies fall in each bin of [`BINS`].
    pub bins: CountTable,
    /// The mean share.
    pub mean: Figure<f64>,
}

/// A covenant-year's public figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearKpis {
    /// The year.
    pub year: i32,
    /// The framework and version it is scored under.
    pub framework: Id,
    /// The version.
    pub version: u32,
    /// When it was published, if it was.
    pub published: Option<NaiveDate>,
    /// The population: active members on the submission deadline.
    pub members: usize,
    /// {assessed, not assessed} over the population.
    pub assessed: CountTable,
    /// Per verdict of the framework, in its order: how many of the assessed got it.
    pub verdicts: Vec<(Id, Figure<usize>)>,
    /// The share of the assessed that meets the framework.
    pub meets: Figure<f64>,
    /// Per element.
    pub elements: Vec<ElementKpi>,
    /// The mean total share.
    pub mean_total: Figure<f64>,
    /// The share of the sector's turnover the population covers, when the market is known.
    pub market_share: Option<Figure<f64>>,
}

fn bin(share: f64) -> usize {
    ((share * 4.0).floor() as usize).min(3)
}

impl Book {
    /// The companies expected to submit for a year.
    pub fn population(&self, year: i32) -> Vec<&Id> {
        let Some(c) = self.cycles.get(&year) else {
            return Vec::new();
        };
        self.members
            .values()
            .filter(|m| m.status_on(c.calendar.submission_due) == Some(Status::Active))
            .map(|m| &m.company)
            .collect()
    }

    /// The scorecards of the population's latest assessments of a year, by company.
    pub fn scorecards(&self, year: i32, frameworks: &Frameworks) -> Vec<(Id, Scorecard)> {
        self.population(year)
            .into_iter()
            .filter_map(|company| {
                let card = self.scorecard(company, year, frameworks, None)?.ok()?;
                Some((company.clone(), card))
            })
            .collect()
    }

    /// A year's public figures; `None` when no cycle is open for it or its framework is not
    /// loaded.
    pub fn kpis(&self, year: i32, frameworks: &Frameworks, t: &Threshold) -> Option<YearKpis> {
        let cycle = self.cycles.get(&year)?;
        let f = self.framework(year, frameworks)?;
        let population = self.population(year);
        let cards = self.scorecards(year, frameworks);
        let n = cards.len();
        let verdict_counts: Vec<usize> = f
            .verdicts
            .iter()
            .map(|v| cards.iter().filter(|(_, c)| c.verdict == v.id).count())
            .collect();
        let verdict_table = t.counts(&verdict_counts);
        let met = cards.iter().filter(|(_, c)| c.meets).count();
        let elements = f
            .elements
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let shares: Vec<f64> = cards
                    .iter()
                    .filter_map(|(_, c)| c.elements[i].share)
                    .collect();
                let mut bins = [0usize; 4];
                for s in &shares {
                    bins[bin(*s)] += 1;
                }
                ElementKpi {
                    element: e.id.clone(),
                    bins: t.counts(&bins),
                    mean: t.mean(&shares),
                }
            })
            .collect();
        let totals: Vec<f64> = cards.iter().filter_map(|(_, c)| c.total).collect();
        let market_share = self.markets.get(&year).map(|(market, _)| {
            let turnovers: Vec<f64> = population
                .iter()
                .filter_map(|c| self.turnover.get(&((*c).clone(), year)).copied())
                .collect();
            match t.sum(&turnovers) {
                Figure::Published(sum) if turnovers.len() == population.len() => {
                    Figure::Published(sum / market)
                }
                _ => Figure::Suppressed,
            }
        });
        Some(YearKpis {
            year,
            framework: f.id.clone(),
            version: f.version,
            published: cycle.published,
            members: population.len(),
            assessed: t.counts(&[n, population.len() - n]),
            verdicts: f
                .verdicts
                .iter()
                .map(|v| v.id.clone())
                .zip(verdict_table.cells)
                .collect(),
            meets: t.share(met, n),
            elements,
            mean_total: t.mean(&totals),
            market_share,
        })
    }
}

/// What the annual covenant report is made from: public figures only (every one through the
/// disclosure rule), the framework, and the count of members by status (membership is public).
#[derive(Debug, Clone)]
pub struct AnnualFigures {
    /// The covenant's name.
    pub name: imvo_domain::Text,
    /// The year reported on.
    pub year: i32,
    /// The figures of every published year up to the year reported on, oldest first.
    pub years: Vec<YearKpis>,
    /// The framework the year reported on is scored under.
    pub framework: crate::Framework,
    /// The disclosure threshold the figures were published under.
    pub threshold: crate::Threshold,
    /// The members by status now.
    pub members: Vec<(super::Status, usize)>,
    /// Whether any member is a made-up company.
    pub synthetic: bool,
}

/// A covenant's published due-diligence figures as of a date, for the progress letter: the
/// years published by then, every figure through the disclosure rule.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedCovenant {
    /// The covenant.
    pub covenant: Id,
    /// The years published by the date, oldest first.
    pub years: Vec<YearKpis>,
    /// The disclosure threshold they were published under.
    pub threshold: crate::Threshold,
    /// Whether any member is a made-up company.
    pub synthetic: bool,
}
