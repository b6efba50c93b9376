//! The target forecast: Monte Carlo over phase durations.
//!
//! Each trajectory not yet past signing walks forward through the phases from where it stands
//! on the status date. In each phase it may stall for good (probability `1 -
//! advance_probability`, configured) or stay a random time and then move on. The time it stays
//! is drawn from the completed spells of that phase in the portfolio's own history when there
//! are at least `min_spells` of them, else from a configured triangular distribution. For the
//! phase it is in now, only durations longer than the time already spent count (the draw is
//! conditioned on it). A trajectory that reaches "signed" before the deadline adds one
//! covenant. Runs use a seeded ChaCha generator, so the same portfolio, target and
//! configuration give the same result. See docs/forecast.md for the full method.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::model::{CovenantKind, Phase};
use crate::portfolio::Portfolio;
use crate::text::Id;

/// Days per month, for converting the configuration's months.
pub const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

/// How long a trajectory stays in one phase when history does not tell, and how likely it is
/// to move on at all.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseDefault {
    /// Shortest stay, in months.
    pub min_months: f64,
    /// Most likely stay, in months.
    pub mode_months: f64,
    /// Longest stay, in months.
    pub max_months: f64,
    /// Probability that a trajectory in this phase moves on to the next at all.
    pub advance_probability: f64,
}

/// The forecast's configuration (data/forecast.toml documents the shipped defaults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForecastConfig {
    /// Seed of the random generator; the same seed gives the same forecast.
    pub seed: u64,
    /// Number of Monte Carlo runs.
    pub runs: u32,
    /// Completed spells of a phase needed before history replaces the default.
    pub min_spells: usize,
    /// Defaults for the phases before signing: no_initiative, exploring, dialogue, negotiating.
    pub phases: BTreeMap<Phase, PhaseDefault>,
}

/// Why a forecast configuration is unusable.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("forecast configuration: `{field}`: {reason}")]
pub struct ConfigError {
    /// The field.
    pub field: String,
    /// What is wrong and what to do.
    pub reason: String,
}

impl ForecastConfig {
    /// Checks the configuration: runs at least 1, a default for each phase before signing,
    /// `0 <= min <= mode <= max`, `max > 0`, probabilities in [0, 1].
    pub fn validate(&self) -> Result<(), ConfigError> {
        let err = |field: String, reason: &str| ConfigError {
            field,
            reason: reason.into(),
        };
        if self.runs == 0 {
            return Err(err("runs".into(), "must be at least 1"));
        }
        for phase in Phase::ALL.into_iter().filter(|p| p.is_before_signing()) {
            let field = format!("phases.{}", phase.as_str());
            let Some(d) = self.phases.get(&phase) else {
                return Err(err(
                    field,
                    "missing; give min_months, mode_months, max_months, advance_probability",
                ));
            };
            let finite = [
                d.min_months,
                d.mode_months,
                d.max_months,
                d.advance_probability,
            ]
            .iter()
            .all(|x| x.is_finite());
            if !finite
                || d.min_months < 0.0
                || d.min_months > d.mode_months
                || d.mode_months > d.max_months
                || d.max_months <= 0.0
            {
                return Err(err(
                    field,
                    "needs 0 <= min_months <= mode_months <= max_months and max_months > 0",
                ));
            }
            if !(0.0..=1.0).contains(&d.advance_probability) {
                return Err(err(
                    format!("{field}.advance_probability"),
                    "must be between 0 and 1",
                ));
            }
        }
        Ok(())
    }
}

/// Where the durations of a phase came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "from")]
pub enum DurationSource {
    /// Drawn from this many completed spells in the history.
    History {
        /// Number of completed spells.
        spells: usize,
    },
    /// The configured triangular default (history had this many spells, too few).
    Default {
        /// Number of completed spells found.
        spells: usize,
    },
}

/// One trajectory's chance of signing before the deadline.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrajectoryChance {
    /// The trajectory.
    pub trajectory: Id,
    /// Its phase on the status date (`None`: not reported, simulated as no initiative).
    pub phase: Option<Phase>,
    /// Share of runs in which it signed before the deadline.
    pub probability: f64,
}

/// The forecast of a target.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Forecast {
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
    /// Expected number counting at the deadline (already signed plus simulated).
    pub expected: f64,
    /// Probability that at least `required` count at the deadline.
    pub probability: f64,
    /// `distribution[n]` = probability that exactly `n` count at the deadline.
    pub distribution: Vec<f64>,
    /// 10th, 50th and 90th percentile of the count.
    #[cfg_attr(feature = "openapi", schema(min_items = 3, max_items = 3))]
    pub percentiles: [u32; 3],
    /// Per trajectory still before signing: its chance to sign in time.
    pub trajectories: Vec<TrajectoryChance>,
    /// Per phase before signing: where its durations came from.
    pub duration_sources: BTreeMap<Phase, DurationSource>,
    /// Runs made.
    pub runs: u32,
    /// Seed used.
    pub seed: u64,
}

/// Why a forecast cannot be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ForecastError {
    /// No such target in the portfolio.
    #[error("unknown target {0:?}; list the targets with `imvo target`")]
    UnknownTarget(Id),
    /// The portfolio is empty, so it has no date.
    #[error("the portfolio is empty on this date; load a dataset first")]
    NoDate,
    /// The configuration is unusable.
    #[error(transparent)]
    Config(#[from] ConfigError),
}

enum Sampler {
    History(Vec<f64>),
    Triangular { a: f64, c: f64, b: f64 },
}

impl Sampler {
    fn draw(&self, rng: &mut ChaCha8Rng) -> f64 {
        match self {
            Sampler::History(days) => days[rng.random_range(0..days.len())],
            Sampler::Triangular { a, c, b } => {
                let u: f64 = rng.random();
                if b <= a {
                    return *a;
                }
                let f = (c - a) / (b - a);
                if u < f {
                    a + (u * (b - a) * (c - a)).sqrt()
                } else {
                    b - ((1.0 - u) * (b - a) * (b - c)).sqrt()
                }
            }
        }
    }

    /// A stay longer than `elapsed` days, minus `elapsed`: the remaining time in the current
    /// phase. When no drawn stay exceeds it (history shorter than the time already spent), a
    /// fresh stay is used as the remainder.
    fn remaining(&self, rng: &mut ChaCha8Rng, elapsed: f64) -> f64 {
        for _ in 0..64 {
            let d = self.draw(rng);
            if d > elapsed {
                return d - elapsed;
            }
        }
        self.draw(rng)
    }
}

/// Forecasts target `target` from the portfolio's state (its `as_of` date is the status date;
/// only history up to that date is used). Pure and deterministic for a given seed.
pub fn forecast(
    portfolio: &Portfolio,
    target: &Id,
    config: &ForecastConfig,
) -> Result<Forecast, ForecastError> {
    config.validate()?;
    let status = portfolio
        .target_status(target)
        .ok_or_else(|| ForecastError::UnknownTarget(target.clone()))?;
    let as_of = portfolio.as_of().ok_or(ForecastError::NoDate)?;
    let deadline = status.deadline;
    let signed = status.signed;
    let simulated_counts = status
        .target
        .spec
        .rule
        .kinds
        .contains(&CovenantKind::Sector);

    // Durations per phase from completed spells.
    let mut spells: BTreeMap<Phase, Vec<f64>> = BTreeMap::new();
    for t in portfolio.trajectories() {
        for (phase, from, to) in t.completed_spells() {
            spells
                .entry(phase)
                .or_default()
                .push((to - from).num_days() as f64);
        }
    }
    let mut samplers: BTreeMap<Phase, (Sampler, f64)> = BTreeMap::new();
    let mut sources = BTreeMap::new();
    for (phase, d) in &config.phases {
        let found = spells.get(phase).map_or(0, Vec::len);
        let sampler = if found >= config.min_spells && found > 0 {
            sources.insert(*phase, DurationSource::History { spells: found });
            Sampler::History(spells[phase].clone())
        } else {
            sources.insert(*phase, DurationSource::Default { spells: found });
            Sampler::Triangular {
                a: d.min_months * DAYS_PER_MONTH,
                c: d.mode_months * DAYS_PER_MONTH,
                b: d.max_months * DAYS_PER_MONTH,
            }
        };
        samplers.insert(*phase, (sampler, d.advance_probability));
    }

    // Candidates: trajectories before signing on the status date.
    struct Candidate {
        id: Id,
        phase: Option<Phase>,
        start: Phase,
        elapsed: f64,
    }
    let candidates: Vec<Candidate> = portfolio
        .trajectories()
        .iter()
        .filter(|t| t.phase().is_none_or(Phase::is_before_signing))
        .map(|t| Candidate {
            id: t.id().clone(),
            phase: t.phase(),
            start: t.phase().unwrap_or(Phase::NoInitiative),
            elapsed: t
                .current_spell()
                .map_or(0.0, |s| (as_of - s.since.date).num_days().max(0) as f64),
        })
        .collect();

    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let max = signed as usize + candidates.len();
    let mut counts = vec![0u64; max + 1];
    let mut wins = vec![0u64; candidates.len()];
    let runs = if as_of >= deadline { 1 } else { config.runs };
    for _ in 0..runs {
        let mut n = signed as usize;
        if as_of < deadline && simulated_counts {
            for (k, c) in candidates.iter().enumerate() {
                let mut phase = c.start;
                let mut t = as_of;
                let mut first = true;
                let signs = loop {
                    if !phase.is_before_signing() {
                        break true;
                    }
                    let Some((sampler, p)) = samplers.get(&phase) else {
                        break false;
                    };
                    if rng.random::<f64>() >= *p {
                        break false;
                    }
                    let days = if first {
                        sampler.remaining(&mut rng, c.elapsed)
                    } else {
                        sampler.draw(&mut rng)
                    };
                    first = false;
                    t += Duration::days(days.ceil() as i64);
                    if t >= deadline {
                        break false;
                    }
                    phase = phase.next().unwrap_or(Phase::Signed);
                };
                if signs {
                    n += 1;
                    wins[k] += 1;
                }
            }
        }
        counts[n] += 1;
    }
    let total = runs as f64;
    let distribution: Vec<f64> = counts.iter().map(|&c| c as f64 / total).collect();
    let expected = distribution
        .iter()
        .enumerate()
        .map(|(n, p)| n as f64 * p)
        .sum();
    let probability = distribution
        .iter()
        .enumerate()
        .filter(|(n, _)| *n as u32 >= status.required)
        .map(|(_, p)| p)
        .sum();
    let percentile = |q: f64| {
        let mut acc = 0.0;
        for (n, p) in distribution.iter().enumerate() {
            acc += p;
            if acc + 1e-12 >= q {
                return n as u32;
            }
        }
        max as u32
    };
    Ok(Forecast {
        target: target.clone(),
        as_of,
        deadline,
        required: status.required,
        signed,
        expected,
        probability,
        percentiles: [percentile(0.1), percentile(0.5), percentile(0.9)],
        distribution,
        trajectories: candidates
            .iter()
            .zip(&wins)
            .map(|(c, &w)| TrajectoryChance {
                trajectory: c.id.clone(),
                phase: c.phase,
                probability: w as f64 / total,
            })
            .collect(),
        duration_sources: sources,
        runs,
        seed: config.seed,
    })
}
