//! A target's status and forecast as of a date: the report `imvo target` prints and the API
//! serves, and the forecast configuration it uses.

use chrono::NaiveDate;
use imvo_domain::{DatePrecision, Forecast, ForecastConfig, Id, Portfolio};
use serde::Serialize;

use crate::{AppError, FORECAST_DEFAULTS, Result};

/// Parses a forecast configuration (the format of data/forecast.toml).
pub fn parse_forecast_config(file: &str, text: &str) -> Result<ForecastConfig> {
    let config: ForecastConfig = toml::from_str(text).map_err(|e| {
        let at = e.span().map_or(String::new(), |s| {
            format!(
                " (line {})",
                text.as_bytes()[..s.start]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    + 1
            )
        });
        AppError::Config {
            file: file.to_owned(),
            message: format!("{}{at}", e.message()),
        }
    })?;
    config.validate().map_err(|e| AppError::Config {
        file: file.to_owned(),
        message: e.to_string(),
    })?;
    Ok(config)
}

/// The shipped forecast configuration.
pub fn default_forecast_config() -> ForecastConfig {
    parse_forecast_config(FORECAST_DEFAULTS.file, FORECAST_DEFAULTS.text)
        .expect("data/forecast.toml is valid (checked by a test)")
}

/// A target's status and forecast as of a date, ready to print or serve. Serialised as the
/// JSON of `imvo target --json` (and the API): `signed` of `target` by `deadline`, with the
/// forecast's `expected` count and `probability` of meeting it at the top level.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TargetReport {
    /// The target's id.
    pub target_id: Id,
    /// The target as worded by its source.
    pub description: imvo_domain::Text,
    /// The status date.
    pub as_of: NaiveDate,
    /// Covenants that count on the status date.
    pub signed: u32,
    /// Covenants required (the target number).
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
    pub counted: Vec<CountedCovenant>,
    /// The full forecast: distribution, percentiles, per-trajectory chances, duration sources.
    pub forecast: Forecast,
}

/// A covenant that counts towards a target.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountedCovenant {
    /// Its id.
    pub id: Id,
    /// Its name.
    pub name: imvo_domain::Text,
    /// When it was signed.
    pub signed: NaiveDate,
    /// The precision of the signing date.
    pub precision: DatePrecision,
}

/// The status and forecast of a target (the only one, or `target` when given) as of `as_of`.
pub fn target_report(
    portfolio: &Portfolio,
    target: Option<&Id>,
    config: &ForecastConfig,
) -> Result<TargetReport> {
    let t = match target {
        Some(id) => portfolio.target(id).ok_or_else(|| {
            AppError::NoTarget(format!(
                "no target {id:?} on this date; known: {}",
                known(portfolio)
            ))
        })?,
        None => match portfolio.targets() {
            [] => {
                return Err(AppError::NoTarget(
                    "no policy target on this date; load the datasets or pick a later --as-of"
                        .into(),
                ));
            }
            [only] => only,
            _ => {
                return Err(AppError::NoTarget(format!(
                    "several targets; name one with --target: {}",
                    known(portfolio)
                )));
            }
        },
    };
    let status = portfolio.target_status(&t.spec.id).expect("target exists");
    let forecast = imvo_domain::forecast(portfolio, &t.spec.id, config)?;
    Ok(TargetReport {
        target_id: t.spec.id.clone(),
        description: t.spec.description.clone(),
        as_of: forecast.as_of,
        signed: status.signed,
        target: status.required,
        deadline: status.deadline,
        deadline_passed: status.deadline_passed,
        met: status.met,
        expected: forecast.expected,
        probability: forecast.probability,
        counted: status
            .counted
            .iter()
            .map(|c| CountedCovenant {
                id: c.spec.id.clone(),
                name: c.spec.name.clone(),
                signed: c.signed.date,
                precision: c.signed.precision,
            })
            .collect(),
        forecast,
    })
}

fn known(p: &Portfolio) -> String {
    let ids: Vec<_> = p.targets().iter().map(|t| t.spec.id.to_string()).collect();
    if ids.is_empty() {
        "none".into()
    } else {
        ids.join(", ")
    }
}
