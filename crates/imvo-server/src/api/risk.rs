//! The sector risk analysis (imvo-risk) the server was started with (`--risk`, setting `risk`):
//! the national sectors ranked by embodied risk with their ratio per theme, and one sector's
//! cells with hotspots and supply-chain paths. The analysis is read once at start from the
//! `analysis.json` that `imvo risk demo` writes; solving the model again per request would cost
//! seconds for numbers that change once a year.
//!
//! The response types here are the API's own, not imvo-risk's: they are the published contract
//! (and the OpenAPI schema), while the analysis types may change with the method.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use imvo_risk::analysis::{Analysis, Cell, Paths, SectorResult};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::ApiPath;
use crate::state::AppState;

/// A theme of the analysis.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RiskTheme {
    /// Stable id, e.g. `child_labour`.
    pub id: String,
    /// Dutch name.
    pub name_nl: String,
    /// English name.
    pub name_en: String,
    /// Cluster: `fair_business`, `human_rights`, `labour` or `environment`.
    pub domain: String,
    /// Severity weight in [0, 1] (the SER heat map's severity axis).
    pub severity: f64,
}

/// A national sector, as the analysis groups industries.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RiskSectorId {
    /// Stable id, e.g. `textiel_kleding`.
    pub id: String,
    /// Dutch name.
    pub name_nl: String,
    /// English name.
    pub name_en: String,
    /// The same sector's id in the portfolio (`/api/v1/sectors`), when it has one.
    #[schema(nullable)]
    pub portfolio_id: Option<String>,
}

/// A sector's place in the ranking.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RiskRanked {
    /// The sector.
    pub sector: RiskSectorId,
    /// 1-based rank by score.
    pub rank: usize,
    /// Severity-weighted mean of the theme ratios (1 = the focus region's average).
    pub score: f64,
    /// Whether the flag rule marks the sector as elevated risk.
    pub elevated: bool,
    /// Why (or why not), in words.
    pub flag_reason: String,
    /// Share of the focus region's final demand.
    pub final_demand_share: f64,
    /// Ratio to average per theme, in the order of `themes`.
    pub ratios: Vec<f64>,
}

/// The rule that flags a sector as elevated risk.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RiskFlagRule {
    /// A score at least this makes a sector elevated …
    pub score_at_least: f64,
    /// … as do `min_themes` themes with a ratio at least this.
    pub theme_ratio: f64,
    /// See `theme_ratio`.
    pub min_themes: usize,
    /// Sectors with a smaller share of final demand are never flagged.
    pub min_final_demand_share: f64,
}

/// The analysis at a glance: themes and the ranked sectors.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RiskOverview {
    /// True when the system or any input is synthetic: then the figures are no measurement of
    /// any real economy.
    pub synthetic: bool,
    /// The region whose final demand is analysed (`NL`).
    pub focus: String,
    /// Monetary unit of final demand.
    pub monetary_unit: String,
    /// The themes, in the order of every `ratios` list.
    pub themes: Vec<RiskTheme>,
    /// The sectors, highest score first.
    pub ranking: Vec<RiskRanked>,
    /// The flag rule used.
    pub flag_rule: RiskFlagRule,
}

/// An origin industry's share of a sector's embodied risk.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RiskHotspot {
    /// Origin region.
    pub region: String,
    /// Origin industry.
    pub industry: String,
    /// Risk located there.
    pub value: f64,
    /// Share of the sector's embodied risk for the theme.
    pub share: f64,
}

/// One supply-chain path.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RiskPath {
    /// `region / industry`, from the origin of the risk to the product final demand buys.
    pub nodes: Vec<String>,
    /// Contribution to the footprint.
    pub value: f64,
    /// Share of the footprint.
    pub share: f64,
}

/// The paths of one sector and theme, and how the rest of the footprint splits.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RiskPaths {
    /// Listed paths, largest first.
    pub paths: Vec<RiskPath>,
    /// Share of the footprint the listed paths explain.
    pub listed_share: f64,
    /// Footprint in visited but unlisted paths.
    pub unlisted: f64,
    /// Footprint in deeper parts left when the search stopped.
    pub unexplored: f64,
    /// Footprint in subtrees below the threshold.
    pub pruned: f64,
    /// Whether every path above the threshold was visited.
    pub complete: bool,
}

/// One sector × theme cell.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RiskCell {
    /// Theme id.
    pub theme: String,
    /// Embodied risk (exposure × likelihood × severity over the supply chain).
    pub embodied: f64,
    /// Embodied exposure.
    pub exposure: f64,
    /// Exposure-weighted mean likelihood along the chain.
    pub likelihood: f64,
    /// The theme's severity.
    pub severity: f64,
    /// Embodied risk per unit of final demand.
    pub intensity: f64,
    /// Intensity relative to the focus region's average (1 = average).
    pub ratio: f64,
    /// Largest origin contributions.
    pub hotspots: Vec<RiskHotspot>,
    /// Supply-chain paths, for the sector's main themes (`null` where not searched).
    #[schema(nullable)]
    pub paths: Option<RiskPaths>,
}

/// One sector's results in full.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RiskSector {
    /// Whether the figures are synthetic.
    pub synthetic: bool,
    /// The sector, its rank, score and flag.
    pub summary: RiskRanked,
    /// The SRA report chapter it belongs to.
    pub chapter: String,
    /// Final demand of the focus region for the sector's products.
    pub final_demand: f64,
    /// One cell per theme, in theme order.
    pub cells: Vec<RiskCell>,
}

/// Which sector.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct RiskSectorPath {
    /// The national sector's id, e.g. `textiel_kleding`.
    pub id: String,
}

/// The loaded analysis, or the 404 that says how to load one.
pub fn loaded(state: &AppState) -> ApiResult<&Arc<Analysis>> {
    state.risk.as_ref().ok_or_else(|| {
        ApiError::new(
            axum::http::StatusCode::NOT_FOUND,
            ErrorCode::NoRiskAnalysis,
            "this server holds no sector risk analysis: run `imvo risk demo` and start the \
             server with `--risk imvo-risk-demo/analysis.json` (setting `risk`, IMVO_RISK)",
        )
    })
}

fn ranked(an: &Analysis, s: &SectorResult) -> RiskRanked {
    debug_assert_eq!(s.cells.len(), an.themes.len());
    RiskRanked {
        sector: RiskSectorId {
            id: s.sector.id.clone(),
            name_nl: s.sector.name_nl.clone(),
            name_en: s.sector.name_en.clone(),
            portfolio_id: s.sector.portfolio_id.clone(),
        },
        rank: s.rank,
        score: s.score,
        elevated: s.elevated,
        flag_reason: s.flag_reason.clone(),
        final_demand_share: s.final_demand_share,
        ratios: s.cells.iter().map(|c| c.ratio).collect(),
    }
}

fn node(region: &str, industry: &str) -> String {
    format!("{region} / {industry}")
}

fn paths(p: &Paths) -> RiskPaths {
    RiskPaths {
        paths: p
            .paths
            .iter()
            .map(|path| RiskPath {
                nodes: path.nodes.iter().map(|(r, s)| node(r, s)).collect(),
                value: path.value,
                share: path.share,
            })
            .collect(),
        listed_share: p.listed_share,
        unlisted: p.unlisted,
        unexplored: p.unexplored,
        pruned: p.pruned,
        complete: p.complete,
    }
}

fn cell(c: &Cell) -> RiskCell {
    RiskCell {
        theme: c.theme.clone(),
        embodied: c.embodied,
        exposure: c.exposure,
        likelihood: c.likelihood,
        severity: c.severity,
        intensity: c.intensity,
        ratio: c.ratio,
        hotspots: c
            .hotspots
            .iter()
            .map(|h| RiskHotspot {
                region: h.region.clone(),
                industry: h.sector.clone(),
                value: h.value,
                share: h.share,
            })
            .collect(),
        paths: c.paths.as_ref().map(paths),
    }
}

/// The position of a national sector in the analysis, or a 404 naming the known ids.
pub fn sector_index(an: &Analysis, id: &str) -> ApiResult<usize> {
    an.sectors
        .iter()
        .position(|s| s.sector.id == id)
        .ok_or_else(|| {
            let known: Vec<&str> = an.sectors.iter().map(|s| s.sector.id.as_str()).collect();
            ApiError::not_found(format!(
                "no national sector {id:?} in the risk analysis; known: {}",
                known.join(", ")
            ))
            .with_field("id")
        })
}

/// The national sectors ranked by embodied risk, with their ratio to average per theme.
#[utoipa::path(get, path = "/api/v1/risk", tag = "risk", operation_id = "risk_overview",
    responses(
        (status = 200, description = "The ranking.", body = RiskOverview),
        (status = 404, description = "The server was started without an analysis.", body = crate::error::ErrorBody),
    ))]
pub async fn overview(State(state): State<AppState>) -> ApiResult<Json<RiskOverview>> {
    let an = loaded(&state)?;
    let rule = &an.options.flag;
    Ok(Json(RiskOverview {
        synthetic: an.synthetic,
        focus: an.focus.clone(),
        monetary_unit: an.monetary_unit.clone(),
        themes: an
            .themes
            .iter()
            .map(|t| RiskTheme {
                id: t.id.clone(),
                name_nl: t.name_nl.clone(),
                name_en: t.name_en.clone(),
                domain: t.domain.id().to_string(),
                severity: t.severity,
            })
            .collect(),
        ranking: an
            .ranking
            .iter()
            .map(|&g| ranked(an, &an.sectors[g]))
            .collect(),
        flag_rule: RiskFlagRule {
            score_at_least: rule.score_at_least,
            theme_ratio: rule.theme_ratio,
            min_themes: rule.min_themes,
            min_final_demand_share: rule.min_final_demand_share,
        },
    }))
}

/// One national sector's results: per theme the embodied risk, its ratio to average, the
/// hotspots where it arises and the supply-chain paths that carry it.
#[utoipa::path(get, path = "/api/v1/risk/sectors/{id}", tag = "risk", operation_id = "risk_sector",
    params(RiskSectorPath),
    responses(
        (status = 200, description = "The sector's results.", body = RiskSector),
        (status = 404, description = "No such sector, or no analysis loaded.", body = crate::error::ErrorBody),
    ))]
pub async fn sector(
    State(state): State<AppState>,
    ApiPath(path): ApiPath<RiskSectorPath>,
) -> ApiResult<Json<RiskSector>> {
    let an = loaded(&state)?;
    let s = &an.sectors[sector_index(an, &path.id)?];
    Ok(Json(RiskSector {
        synthetic: an.synthetic,
        summary: ranked(an, s),
        chapter: s.sector.chapter.clone(),
        final_demand: s.final_demand,
        cells: s.cells.iter().map(cell).collect(),
    }))
}
