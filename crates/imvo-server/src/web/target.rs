//! The policy target on the dashboard: its status, the forecast with the target chart (the
//! letter's own figure, drawn by `imvo_report::letter::target_chart`), the covenants that count
//! and each trajectory's chance. The portfolio page shows the same summary in a card.

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use chrono::NaiveDate;
use imvo_app::TargetReport;
use imvo_domain::Portfolio;
use imvo_report::letter::target_chart as target_chart_of;

use super::Ui;
use super::render::{self, TargetSummary};
use super::view::{load, phase_label, trajectory_link};
use crate::domain;
use crate::state::AppState;

/// The first target's report as of the page's date (cached per log state and date), or why
/// there is none.
pub(super) async fn target_report(
    state: &AppState,
    seq: i64,
    p: &Arc<Portfolio>,
    as_of: NaiveDate,
) -> Result<Arc<TargetReport>, String> {
    let Some(first) = p.targets().first().map(|t| t.spec.id.clone()) else {
        return Err(String::new());
    };
    domain::target_report(state, seq, p, as_of, Some(&first))
        .await
        .map_err(|e| e.message().to_string())
}

pub(super) fn summary(ui: &Ui, r: &TargetReport) -> TargetSummary {
    let l = ui.lang;
    TargetSummary {
        description: r.description.get(ui.lang).to_string(),
        signed: r.signed,
        required: r.target,
        deadline: ui.date(r.deadline),
        expected: l.number(r.expected, 1),
        probability: l.percent(r.probability),
        met: r.met,
        passed: r.deadline_passed,
    }
}

/// The target chart: the letter's figure of the target, drawn by the same function.
fn target_chart(ui: &Ui, p: &Portfolio, r: &TargetReport) -> String {
    p.target_status(&r.target_id)
        .map_or_else(String::new, |status| {
            target_chart_of(p, &status, Some(&r.forecast), ui.lang).svg_inline("target-chart")
        })
}

/// `GET /target`: the policy target, its status and forecast with the chart.
pub(super) async fn view(State(state): State<AppState>, ui: Ui) -> Response {
    ui.page({
        async {
            let (seq, p) = load(&state, &ui).await?;
            let title = ui.t("Doel en prognose", "Target and forecast").to_string();
            let report = match target_report(&state, seq, &p, ui.as_of).await {
                Ok(r) => r,
                Err(why) => {
                    let why = if why.is_empty() {
                        ui.t(
                            "Er is op deze datum geen beleidsdoel vastgelegd; kies een latere datum.",
                            "No policy target is recorded on this date; choose a later date.",
                        )
                        .to_string()
                    } else {
                        why
                    };
                    let page = render::TargetPage {
                        ui: &ui,
                        title,
                        summary: Err(why),
                        chart: String::new(),
                        counted: Vec::new(),
                        chances: Vec::new(),
                        method: String::new(),
                        percentiles: String::new(),
                    };
                    return Ok(render::html(&page));
                }
            };
            let l = ui.lang;
            let f = &report.forecast;
            let history: Vec<String> = f
                .duration_sources
                .iter()
                .map(|(phase, src)| match src {
                    imvo_domain::DurationSource::History { spells } => format!(
                        "{}: {spells} {}",
                        phase.label(ui.lang),
                        ui.t("afgeronde fasen uit de geschiedenis", "completed spells from history")
                    ),
                    imvo_domain::DurationSource::Default { spells } => format!(
                        "{}: {} ({spells} {})",
                        phase.label(ui.lang),
                        ui.t("ingestelde standaardduur", "configured default duration"),
                        ui.t("afgeronde fasen, te weinig", "completed spells, too few")
                    ),
                })
                .collect();
            let method = format!(
                "{} {} {} {}. {}: {}.",
                ui.t(
                    "Monte Carlo-simulatie van de faseduur van elk traject tot de einddatum, met",
                    "Monte Carlo simulation of every trajectory's phase durations up to the deadline, with"
                ),
                f.runs,
                ui.t("herhalingen; vaste startwaarde (seed)", "runs; fixed seed"),
                f.seed,
                ui.t("Duur per fase", "Duration per phase"),
                history.join("; ")
            );
            let percentiles = format!(
                "{}: {} / {} / {}.",
                ui.t("10e, 50e en 90e percentiel van het aantal convenanten op de einddatum", "10th, 50th and 90th percentile of the number of covenants at the deadline"),
                f.percentiles[0],
                f.percentiles[1],
                f.percentiles[2]
            );
            let mut chances: Vec<_> = f
                .trajectories
                .iter()
                .map(|c| (trajectory_link(&ui, &p, &c.trajectory), phase_label(&ui, c.phase), c.probability))
                .collect();
            chances.sort_by(|a, b| b.2.total_cmp(&a.2));
            let page = render::TargetPage {
                ui: &ui,
                title,
                summary: Ok(summary(&ui, &report)),
                chart: target_chart(&ui, &p, &report),
                counted: report
                    .counted
                    .iter()
                    .map(|c| (c.name.get(ui.lang).to_string(), ui.dated(&imvo_domain::Dated { date: c.signed, precision: c.precision })))
                    .collect(),
                chances: chances.into_iter().map(|(a, b, c)| (a, b, l.percent(c))).collect(),
                method,
                percentiles,
            };
            Ok(render::html(&page))
        }
        .await
    })
}
