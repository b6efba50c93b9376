//! The letter's two figures: the trajectories per phase over time, and the target chart. The
//! target chart is public: the dashboard's target page draws the same one.

use chrono::{Datelike, NaiveDate};
use imvo_domain::{Forecast, Id, Phase, Portfolio, TargetStatus, Trajectory};

use super::{Writer, capitalise_first, text};
use crate::chart::{
    Chart, ForecastPoint, ORDINAL_PALETTE, Series, StackKind, StackedChart, TargetChart,
};
use crate::lang::Lang;
use crate::model::Figure;

impl Writer<'_> {
    /// Snapshot dates for the phase chart: every half year from the first phase report,
    /// plus the letter's date.
    fn snapshot_dates(&self) -> Vec<NaiveDate> {
        let first = self
            .p
            .trajectories()
            .iter()
            .flat_map(|t| t.phases.first())
            .map(|s| s.since.date)
            .min();
        let Some(first) = first else {
            return Vec::new();
        };
        let (y, m) = if first.month() <= 6 {
            (first.year(), 7)
        } else {
            (first.year() + 1, 1)
        };
        let mut step_months = 6;
        let mut dates = loop {
            let mut out = Vec::new();
            let (mut yy, mut mm) = (y, m);
            while let Some(d) = NaiveDate::from_ymd_opt(yy, mm, 1) {
                if d >= self.as_of {
                    break;
                }
                out.push(d);
                mm += step_months;
                while mm > 12 {
                    mm -= 12;
                    yy += 1;
                }
            }
            if out.len() <= 9 || step_months >= 24 {
                break out;
            }
            step_months *= 2;
        };
        dates.push(self.as_of);
        dates
    }

    pub(super) fn phase_figure(&self) -> Option<Figure> {
        let l = self.l;
        let d = l;
        let dates = self.snapshot_dates();
        if dates.is_empty() {
            return None;
        }
        let phase_at = |t: &Trajectory, at: NaiveDate| {
            t.phases
                .iter()
                .rev()
                .find(|s| s.since.date <= at)
                .map(|s| s.phase)
        };
        let series: Vec<Series> = Phase::ALL
            .iter()
            .enumerate()
            .map(|(i, p)| Series {
                label: capitalise_first(p.label(d)),
                values: dates
                    .iter()
                    .map(|at| {
                        self.p
                            .trajectories()
                            .iter()
                            .filter(|t| phase_at(t, *at) == Some(*p))
                            .count() as f64
                    })
                    .collect(),
                color: Some(ORDINAL_PALETTE[i.min(ORDINAL_PALETTE.len() - 1)].to_owned()),
            })
            .filter(|s| s.values.iter().any(|v| *v > 0.0))
            .collect();
        let categories: Vec<String> = dates.iter().map(|x| l.short_month_year(*x)).collect();
        let chart = StackedChart {
            title: text::figure_phases_caption(l).to_owned(),
            desc: text::figure_phases_desc(l, &l.date(dates[0]), &l.date(self.as_of)),
            lang: l,
            category_label: text::label_date(l).to_owned(),
            categories,
            series,
            y_label: text::axis_trajectories(l).to_owned(),
            kind: StackKind::Bars,
        }
        .build();
        Some(Figure {
            caption: text::figure_phases_caption(l).to_owned(),
            chart,
        })
    }

    pub(super) fn target_figure(&self, st: &TargetStatus<'_>) -> Figure {
        Figure {
            caption: text::figure_target_caption(self.l).to_owned(),
            chart: target_chart(self.p, st, self.forecast, self.l),
        }
    }
}

/// The target whose forecast the letter shows: the portfolio's first target, while its
/// deadline is ahead (after it the count is final, and the letter says so without a forecast).
/// Every caller asks this before forecasting, so the letter is the same from the CLI, the API and
/// the dashboard; [`super::progress_letter`] leaves out any other forecast.
pub fn forecast_target(portfolio: &Portfolio) -> Option<&Id> {
    let target = portfolio.targets().first()?;
    let as_of = portfolio.as_of()?;
    (as_of < target.spec.deadline).then_some(&target.spec.id)
}

/// Decimal years, the x axis of the target chart.
fn year(d: NaiveDate) -> f64 {
    f64::from(d.year()) + f64::from(d.ordinal0()) / 365.25
}

/// The chart of a target as of the portfolio's date, the letter's figure and the dashboard's
/// target chart in one: the covenants that count as a step line from the first year on record,
/// the expected count and its 10–90% band from the status date to the deadline, the target as
/// a horizontal line and the deadline as a vertical one.
///
/// The deadline is the target's own (`status.deadline`), for the deadline line and for the end
/// of the forecast alike. A forecast carries a copy of the deadline of the target it was made
/// for; it is drawn only when it is this target's forecast and the deadline is still ahead, so
/// the band can never end anywhere but at the deadline line.
pub fn target_chart(
    portfolio: &Portfolio,
    status: &TargetStatus<'_>,
    forecast: Option<&Forecast>,
    l: Lang,
) -> Chart {
    let deadline = status.deadline;
    let as_of = status.as_of.unwrap_or(deadline);
    let first = portfolio.first_date().unwrap_or(as_of);
    let start = NaiveDate::from_ymd_opt(first.year(), 1, 1).unwrap_or(first);
    let end = deadline.max(as_of);
    let now = status.counted.len() as f64;
    let mut actual = vec![(year(start), 0.0)];
    let mut labels = vec![l.date(start)];
    for (i, c) in status.counted.iter().enumerate() {
        actual.push((year(c.signed.date), (i + 1) as f64));
        labels.push(c.signed.format(l));
    }
    actual.push((year(as_of), now));
    labels.push(l.date(as_of));
    let forecast = forecast.filter(|f| f.target == status.target.spec.id && as_of < deadline);
    let mut points = Vec::new();
    if let Some(f) = forecast {
        points.push(ForecastPoint {
            x: year(as_of),
            low: now,
            mid: now,
            high: now,
        });
        points.push(ForecastPoint {
            x: year(deadline),
            low: f64::from(f.percentiles[0]),
            mid: f.expected,
            high: f64::from(f.percentiles[2]),
        });
        labels.push(l.date(as_of));
        labels.push(l.date(deadline));
    }
    let expected = forecast.map_or_else(|| "–".into(), |f| l.number(f.expected, 1));
    TargetChart {
        title: text::figure_target_caption(l).to_owned(),
        desc: text::figure_target_desc(
            l,
            status.counted.len(),
            &expected,
            status.required,
            &l.date(deadline),
        ),
        lang: l,
        x_range: (year(start), year(end) + 0.15),
        x_ticks: (start.year()..=end.year() + 1)
            .map(|y| (f64::from(y), y.to_string()))
            .collect(),
        y_label: text::axis_covenants(l).to_owned(),
        actual_label: text::legend_signed(l).to_owned(),
        actual,
        forecast_label: text::legend_expected(l).to_owned(),
        interval_label: text::legend_interval(l).to_owned(),
        forecast: points,
        target: Some((
            f64::from(status.required),
            text::label_target(l, status.required),
        )),
        deadline: Some((year(deadline), l.date(deadline))),
        x_labels: labels,
    }
    .build()
}
