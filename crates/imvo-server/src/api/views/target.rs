//! The target's view: its status and the Monte Carlo forecast, mapped from the use case's
//! [`imvo_app::TargetReport`] (and the domain's `Forecast` in it).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use imvo_domain::{DatePrecision, Id, Phase, Text};
use serde::Serialize;
use utoipa::ToSchema;

/// A covenant that counts towards the target.
#[derive(Debug, Serialize, ToSchema)]
pub struct CountedCovenantView {
    /// Its id.
    pub id: Id,
    /// Its name.
    pub name: Text,
    /// When it was signed.
    pub signed: NaiveDate,
    /// The precision of the signing date.
    pub precision: DatePrecision,
}

/// One trajectory's chance of signing before the deadline.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrajectoryChanceView {
    /// The trajectory.
    pub trajectory: Id,
    /// Its phase on the status date (`null`: none reported, simulated as no initiative).
    pub phase: Option<Phase>,
    /// Share of runs in which it signed before the deadline.
    pub probability: f64,
}

/// Where the durations of a phase came from.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case", tag = "from")]
pub enum DurationSourceView {
    /// Drawn from the completed spells in the history.
    History {
        /// The number of completed spells.
        spells: usize,
    },
    /// The configured default, because the history had too few spells.
    Default {
        /// The number of completed spells found.
        spells: usize,
    },
}

/// The Monte Carlo forecast of a target.
#[derive(Debug, Serialize, ToSchema)]
pub struct ForecastView {
    /// The target.
    pub target: Id,
    /// The status date.
    pub as_of: NaiveDate,
    /// The deadline (signings before it count).
    pub deadline: NaiveDate,
    /// Covenants required.
    pub required: u32,
    /// Covenants that already count on the status date.
    pub signed: u32,
    /// Expected number counting at the deadline.
    pub expected: f64,
    /// Probability that at least `required` count at the deadline.
    pub probability: f64,
    /// `distribution[n]`: the probability that exactly `n` count at the deadline.
    pub distribution: Vec<f64>,
    /// The 10th, 50th and 90th percentile of the count.
    #[schema(min_items = 3, max_items = 3)]
    pub percentiles: [u32; 3],
    /// Per trajectory still before signing: its chance to sign in time.
    pub trajectories: Vec<TrajectoryChanceView>,
    /// Per phase before signing: where its durations came from.
    pub duration_sources: BTreeMap<Phase, DurationSourceView>,
    /// Runs made.
    pub runs: u32,
    /// The seed used: the same data and seed give the same numbers.
    pub seed: u64,
}

/// The policy target as of a date: the covenants that count and the forecast.
#[derive(Debug, Serialize, ToSchema)]
pub struct TargetView {
    /// The target's id.
    pub target_id: Id,
    /// The target as its source words it.
    pub description: Text,
    /// The status date.
    pub as_of: NaiveDate,
    /// Covenants that count on the status date.
    pub signed: u32,
    /// Covenants required.
    pub target: u32,
    /// Signings must be before this date.
    pub deadline: NaiveDate,
    /// True when the status date is on or after the deadline (the count is final).
    pub deadline_passed: bool,
    /// True when enough covenants count.
    pub met: bool,
    /// Expected number counting at the deadline (from the forecast).
    pub expected: f64,
    /// Probability of meeting the target at the deadline (from the forecast).
    pub probability: f64,
    /// The covenants that count, in signing order.
    pub counted: Vec<CountedCovenantView>,
    /// The full forecast.
    pub forecast: ForecastView,
}

/// `GET /api/v1/target`.
pub fn target(r: &imvo_app::TargetReport) -> TargetView {
    let f = &r.forecast;
    TargetView {
        target_id: r.target_id.clone(),
        description: r.description.clone(),
        as_of: r.as_of,
        signed: r.signed,
        target: r.target,
        deadline: r.deadline,
        deadline_passed: r.deadline_passed,
        met: r.met,
        expected: r.expected,
        probability: r.probability,
        counted: r
            .counted
            .iter()
            .map(|c| CountedCovenantView {
                id: c.id.clone(),
                name: c.name.clone(),
                signed: c.signed,
                precision: c.precision,
            })
            .collect(),
        forecast: ForecastView {
            target: f.target.clone(),
            as_of: f.as_of,
            deadline: f.deadline,
            required: f.required,
            signed: f.signed,
            expected: f.expected,
            probability: f.probability,
            distribution: f.distribution.clone(),
            percentiles: f.percentiles,
            trajectories: f
                .trajectories
                .iter()
                .map(|t| TrajectoryChanceView {
                    trajectory: t.trajectory.clone(),
                    phase: t.phase,
                    probability: t.probability,
                })
                .collect(),
            duration_sources: f
                .duration_sources
                .iter()
                .map(|(phase, source)| {
                    let view = match *source {
                        imvo_domain::DurationSource::History { spells } => {
                            DurationSourceView::History { spells }
                        }
                        imvo_domain::DurationSource::Default { spells } => {
                            DurationSourceView::Default { spells }
                        }
                    };
                    (*phase, view)
                })
                .collect(),
            runs: f.runs,
            seed: f.seed,
        },
    }
}
