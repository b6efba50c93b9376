//! The sector risk analysis on the dashboard: the heat map of national sectors × themes with the
//! ranking, and a page per sector with its hotspots and supply-chain paths. The numbers come
//! from the analysis the server was started with (see [`crate::api::risk`]); the charts are
//! imvo-risk's own, drawn inline.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use imvo_risk::analysis::{Analysis, SectorResult};
use imvo_risk::output;

use super::render::{self, Link};
use super::{Ui, WebError};
use crate::state::AppState;

/// One row of the ranking.
#[derive(Debug, Clone)]
pub struct RankRow {
    /// 1-based rank.
    pub rank: usize,
    /// The sector's risk page.
    pub link: Link,
    /// Its score, written out.
    pub score: String,
    /// Flagged as elevated risk.
    pub elevated: bool,
    /// Its main risks with their ratios.
    pub main_risks: String,
    /// Its largest hotspot.
    pub hotspot: String,
}

/// The risk overview page.
#[derive(Template)]
#[template(path = "risk.html")]
pub struct RiskPage<'a> {
    /// Page context.
    pub ui: &'a Ui,
    /// Page title.
    pub title: String,
    /// The analysis at a glance, or why there is none.
    pub body: Result<RiskOverviewView, String>,
}

/// What the overview shows when an analysis is loaded.
#[derive(Debug, Clone)]
pub struct RiskOverviewView {
    /// The figures are synthetic.
    pub synthetic: bool,
    /// Focus region.
    pub focus: String,
    /// The heat map (inline SVG).
    pub heat_map: String,
    /// The ranked sectors.
    pub rows: Vec<RankRow>,
    /// The flag rule in words.
    pub rule: String,
}

/// One theme row of a sector page.
#[derive(Debug, Clone)]
pub struct ThemeRow {
    /// Theme name.
    pub theme: String,
    /// Ratio to average.
    pub ratio: String,
    /// Likelihood along the chain.
    pub likelihood: String,
    /// Severity.
    pub severity: String,
    /// The largest hotspot of the theme.
    pub hotspot: String,
    /// Whether the ratio is high (≥ the flag rule's theme ratio).
    pub high: bool,
}

/// One listed path.
#[derive(Debug, Clone)]
pub struct PathRow {
    /// The chain, origin first.
    pub chain: String,
    /// Share of the footprint, written out.
    pub share: String,
}

/// A sector's risk page.
#[derive(Template)]
#[template(path = "risk_sector.html")]
pub struct RiskSectorPage<'a> {
    /// Page context.
    pub ui: &'a Ui,
    /// Page title.
    pub title: String,
    /// The figures are synthetic.
    pub synthetic: bool,
    /// Rank, of how many.
    pub rank: String,
    /// Score.
    pub score: String,
    /// Flagged as elevated.
    pub elevated: bool,
    /// Why (not).
    pub flag_reason: String,
    /// The sector in the portfolio, when it has one.
    pub portfolio: Option<Link>,
    /// The hotspot chart of the main theme (inline SVG).
    pub chart: String,
    /// Themes, main theme first.
    pub themes: Vec<ThemeRow>,
    /// The main theme's name.
    pub main_theme: String,
    /// Paths of the main theme.
    pub paths: Vec<PathRow>,
    /// How much of the footprint the listed paths explain, in words.
    pub paths_note: String,
}

fn not_loaded(ui: &Ui) -> String {
    ui.t(
        "Deze server heeft geen sectorrisicoanalyse geladen. Maak er een met `imvo risk demo` en start de server met `--risk imvo-risk-demo/analysis.json`.",
        "This server holds no sector risk analysis. Make one with `imvo risk demo` and start the server with `--risk imvo-risk-demo/analysis.json`.",
    )
    .to_string()
}

fn overview(ui: &Ui, an: &Analysis) -> RiskOverviewView {
    let lang = ui.lang;
    let rows = an
        .ranking
        .iter()
        .map(|&g| {
            let s = &an.sectors[g];
            RankRow {
                rank: s.rank,
                link: Link {
                    text: s.sector.name(lang).to_string(),
                    href: ui.link(&format!("/risk/{}", s.sector.id)),
                },
                score: ui.lang.number(s.score, 2),
                elevated: s.elevated,
                main_risks: output::main_risks(an, s, lang, 3),
                hotspot: output::main_hotspot(s, lang).unwrap_or_default(),
            }
        })
        .collect();
    let f = &an.options.flag;
    RiskOverviewView {
        synthetic: an.synthetic,
        focus: an.focus.clone(),
        heat_map: output::heat_map(an, lang)
            .build()
            .svg_inline("risk-heatmap"),
        rows,
        rule: format!(
            "{} {} {} {} {} {} {} {}%.",
            ui.t(
                "Een sector heeft verhoogd risico bij een score van ten minste",
                "A sector has elevated risk at a score of at least"
            ),
            ui.lang.number(f.score_at_least, 2),
            ui.t("of bij ten minste", "or with at least"),
            f.min_themes,
            ui.t(
                "thema's met een verhouding van ten minste",
                "themes with a ratio of at least"
            ),
            ui.lang.number(f.theme_ratio, 2),
            ui.t(
                "(1 = gemiddeld); aandeel in de finale vraag ten minste",
                "(1 = average); share of final demand at least"
            ),
            ui.lang.number(100.0 * f.min_final_demand_share, 1),
        ),
    }
}

/// `GET /risk`: the heat map and the ranking.
pub(super) async fn index(State(state): State<AppState>, ui: Ui) -> Response {
    ui.page({
        let page = RiskPage {
            ui: &ui,
            title: ui
                .t("Sectorrisicoanalyse", "Sector risk analysis")
                .to_string(),
            body: state
                .risk
                .as_deref()
                .map(|an| overview(&ui, an))
                .ok_or_else(|| not_loaded(&ui)),
        };
        Ok::<_, WebError>(render::html(&page))
    })
}

fn theme_rows(ui: &Ui, an: &Analysis, s: &SectorResult, order: &[usize]) -> Vec<ThemeRow> {
    let lang = ui.lang;
    order
        .iter()
        .map(|&t| {
            let c = &s.cells[t];
            ThemeRow {
                theme: an.themes[t].name(lang).to_string(),
                ratio: ui.lang.number(c.ratio, 2),
                likelihood: ui.lang.number(c.likelihood, 2),
                severity: ui.lang.number(c.severity, 2),
                hotspot: c
                    .hotspots
                    .first()
                    .map(|h| {
                        format!(
                            "{} / {} ({}%)",
                            h.region,
                            output::shorten(&h.sector, 40),
                            ui.lang.number(100.0 * h.share, 1)
                        )
                    })
                    .unwrap_or_default(),
                high: c.ratio >= an.options.flag.theme_ratio,
            }
        })
        .collect()
}

/// `GET /risk/{id}`: one sector's themes, hotspots and paths.
pub(super) async fn sector(
    State(state): State<AppState>,
    ui: Ui,
    Path(id): Path<String>,
) -> Response {
    ui.page({
        match state.risk.as_deref() {
            Some(an) => sector_page(&ui, an, &id),
            None => Err(WebError::new(StatusCode::NOT_FOUND, not_loaded(&ui))),
        }
    })
}

/// The listed paths of the sector's main theme, and how much of its risk they explain.
fn path_rows(ui: &Ui, s: &SectorResult, main: Option<usize>) -> (Vec<PathRow>, String) {
    main.and_then(|t| s.cells[t].paths.as_ref())
        .map(|p| {
            (
                p.paths
                    .iter()
                    .map(|path| PathRow {
                        chain: output::path_text(&path.nodes),
                        share: format!("{}%", ui.lang.number(100.0 * path.share, 1)),
                    })
                    .collect(),
                format!(
                    "{} {}% {}.",
                    ui.t(
                        "Deze ketens verklaren samen",
                        "Together these chains explain"
                    ),
                    ui.lang.number(100.0 * p.listed_share, 1),
                    ui.t("van het ketenrisico", "of the embodied risk")
                ),
            )
        })
        .unwrap_or_default()
}

/// The page of the national sector `id` of `an`.
fn sector_page(ui: &Ui, an: &Analysis, id: &str) -> Result<String, WebError> {
    let s = an
        .sectors
        .iter()
        .find(|s| s.sector.id == id)
        .ok_or_else(|| {
            WebError::new(
                StatusCode::NOT_FOUND,
                format!(
                    "{} {id:?}",
                    ui.t(
                        "De risicoanalyse kent geen sector",
                        "The risk analysis has no sector"
                    )
                ),
            )
        })?;
    let lang = ui.lang;
    let order = s.main_themes();
    let main = order.first().copied();
    let (paths, paths_note) = path_rows(ui, s, main);
    let page = RiskSectorPage {
        ui,
        title: s.sector.name(lang).to_string(),
        synthetic: an.synthetic,
        rank: format!("{} / {}", s.rank, an.sectors.len()),
        score: ui.lang.number(s.score, 2),
        elevated: s.elevated,
        flag_reason: an.options.flag.judge(s).text(lang),
        portfolio: s.sector.portfolio_id.as_ref().map(|pid| Link {
            text: ui
                .t("Trajecten van deze sector", "This sector's trajectories")
                .to_string(),
            href: ui.link(&format!("/sectors/{pid}")),
        }),
        chart: main
            .map(|t| {
                output::hotspot_chart(an, s, t, lang)
                    .build()
                    .svg_inline("risk-hotspots")
            })
            .unwrap_or_default(),
        themes: theme_rows(ui, an, s, &order),
        main_theme: main
            .map(|t| an.themes[t].name(lang).to_string())
            .unwrap_or_default(),
        paths,
        paths_note,
    };
    Ok(render::html(&page))
}
