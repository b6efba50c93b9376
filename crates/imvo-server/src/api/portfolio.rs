//! Reading the portfolio as of a date: the overview (trajectories by phase), sectors,
//! trajectories with their history, organisations, events, covenants with their agreements and
//! measurements, and the target with its forecast. Every read replays the change log up to the
//! date — through the cache, so repeated reads cost a lookup.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use chrono::NaiveDate;
use imvo_domain::{Id, Phase, Portfolio, Text};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::views::{
    self, CovenantsView, EventsView, OrganisationsView, SectorsView, TrajectoriesView,
    TrajectoryDetail,
};
use crate::domain;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::{ApiPath, ApiQuery};
use crate::state::AppState;

/// The date to look at.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AsOf {
    /// The date (YYYY-MM-DD) as of which to show the state; default today.
    #[param(value_type = Option<String>, format = Date)]
    pub as_of: Option<NaiveDate>,
}

impl AsOf {
    fn date(&self) -> NaiveDate {
        self.as_of.unwrap_or_else(imvo_app::today)
    }
}

/// One trajectory in the overview.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PortfolioRow {
    /// The trajectory's id.
    pub trajectory: Id,
    /// Its name.
    pub name: Text,
    /// The ids of the sectors it belongs to.
    pub sectors: Vec<Id>,
    /// Its current phase (`null` when no phase has been reported).
    pub phase: Option<Phase>,
    /// Since when it is in that phase (`null` with no phase).
    #[schema(nullable, value_type = Option<String>, format = Date)]
    pub phase_since: Option<NaiveDate>,
}

/// Trajectories of one phase.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PhaseGroupView {
    /// The phase (`null`: no phase reported).
    pub phase: Option<Phase>,
    /// The trajectory ids, in the order added.
    pub trajectories: Vec<Id>,
}

/// The portfolio at a glance.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PortfolioView {
    /// The date it shows.
    #[schema(value_type = String, format = Date)]
    pub as_of: NaiveDate,
    /// The change-log state it was replayed from.
    pub last_seq: i64,
    /// Every trajectory, in the order added.
    pub trajectories: Vec<PortfolioRow>,
    /// The trajectories grouped by phase, most advanced first.
    pub groups: Vec<PhaseGroupView>,
}

fn view(p: &Portfolio, as_of: NaiveDate, last_seq: i64) -> PortfolioView {
    PortfolioView {
        as_of,
        last_seq,
        trajectories: p
            .trajectories()
            .iter()
            .map(|t| PortfolioRow {
                trajectory: t.spec.id.clone(),
                name: t.spec.name.clone(),
                sectors: t.spec.sectors.clone(),
                phase: t.phase(),
                phase_since: t.current_spell().map(|s| s.since.date),
            })
            .collect(),
        groups: p
            .trajectories_by_phase()
            .into_iter()
            .map(|g| PhaseGroupView {
                phase: g.phase,
                trajectories: g.trajectories.iter().map(|t| t.spec.id.clone()).collect(),
            })
            .collect(),
    }
}

fn json_bytes(bytes: Arc<Bytes>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        Bytes::clone(&bytes),
    )
        .into_response()
}

/// The portfolio as of a date: every trajectory with its sectors and phase, grouped by phase.
/// Served from a cache keyed by the change-log state and the date.
#[utoipa::path(get, path = "/api/v1/portfolio", tag = "portfolio", operation_id = "portfolio",
    params(AsOf),
    responses((status = 200, description = "The portfolio.", body = PortfolioView)))]
pub async fn portfolio(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<AsOf>,
) -> ApiResult<Response> {
    let as_of = q.date();
    let seq = state
        .cache
        .current_seq(&state.store)
        .await
        .map_err(crate::domain::store_error)?;
    let key = format!("portfolio-json:{as_of}");
    if let Some(bytes) = state.cache.get::<Bytes>(seq, &key) {
        return Ok(json_bytes(bytes));
    }
    let (seq, p) = domain::portfolio(&state, as_of).await?;
    let body = serde_json::to_vec(&view(&p, as_of, seq)).map_err(ApiError::internal)?;
    let bytes = Arc::new(Bytes::from(body));
    state.cache.put(seq, key, bytes.clone());
    Ok(json_bytes(bytes))
}

/// The sectors, with their SRA chapter, as of a date.
#[utoipa::path(get, path = "/api/v1/sectors", tag = "portfolio", operation_id = "sectors",
    params(AsOf),
    responses((status = 200, description = "The sectors and the SRA chapters.", body = SectorsView)))]
pub async fn sectors(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<AsOf>,
) -> ApiResult<Json<SectorsView>> {
    let (_, p) = domain::portfolio(&state, q.date()).await?;
    Ok(Json(views::sectors(&p, q.date())))
}

/// Every trajectory with its phase history, roles and initiatives, as of a date.
#[utoipa::path(get, path = "/api/v1/trajectories", tag = "portfolio", operation_id = "trajectories",
    params(AsOf),
    responses((status = 200, description = "The trajectories.", body = TrajectoriesView)))]
pub async fn trajectories(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<AsOf>,
) -> ApiResult<Json<TrajectoriesView>> {
    let (_, p) = domain::portfolio(&state, q.date()).await?;
    Ok(Json(views::trajectories(&p, q.date())))
}

/// A trajectory's id in the path.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct TrajectoryPath {
    /// The trajectory id (lowercase letters, digits, `-`, `_`).
    #[param(example = "textile")]
    pub id: String,
}

fn parse_id(raw: &str, field: &str) -> ApiResult<Id> {
    Id::new(raw)
        .map_err(|e| ApiError::bad_request(ErrorCode::InvalidId, e.to_string()).with_field(field))
}

/// One trajectory as of a date: its phases, organisations with their roles, initiatives,
/// events and covenants.
#[utoipa::path(get, path = "/api/v1/trajectories/{id}", tag = "portfolio", operation_id = "trajectory",
    params(TrajectoryPath, AsOf),
    responses((status = 200, description = "The trajectory.", body = TrajectoryDetail)))]
pub async fn trajectory(
    State(state): State<AppState>,
    ApiPath(path): ApiPath<TrajectoryPath>,
    ApiQuery(q): ApiQuery<AsOf>,
) -> ApiResult<Json<TrajectoryDetail>> {
    let id = parse_id(&path.id, "id")?;
    let (_, p) = domain::portfolio(&state, q.date()).await?;
    views::trajectory_detail(&p, &id, q.date())
        .map(Json)
        .ok_or_else(|| {
            ApiError::not_found(format!("no trajectory {:?} as of {}", path.id, q.date()))
                .with_field("id")
        })
}

/// The organisations, as of a date.
#[utoipa::path(get, path = "/api/v1/organisations", tag = "portfolio", operation_id = "organisations",
    params(AsOf),
    responses((status = 200, description = "The organisations.", body = OrganisationsView)))]
pub async fn organisations(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<AsOf>,
) -> ApiResult<Json<OrganisationsView>> {
    let (_, p) = domain::portfolio(&state, q.date()).await?;
    Ok(Json(views::organisations(&p, q.date())))
}

/// Events, as of a date, optionally of one trajectory.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EventsQuery {
    /// The date (YYYY-MM-DD) as of which to show the state; default today.
    #[param(value_type = Option<String>, format = Date)]
    pub as_of: Option<NaiveDate>,
    /// Only the events of this trajectory.
    pub trajectory: Option<String>,
}

/// The events (and government and stakeholder activities), as of a date.
#[utoipa::path(get, path = "/api/v1/events", tag = "portfolio", operation_id = "events",
    params(EventsQuery),
    responses(
        (status = 200, description = "The events.", body = EventsView),
        (status = 404, description = "No such trajectory as of the date.", body = crate::error::ErrorBody),
    ))]
pub async fn events(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<EventsQuery>,
) -> ApiResult<Json<EventsView>> {
    let as_of = q.as_of.unwrap_or_else(imvo_app::today);
    let trajectory = q
        .trajectory
        .as_deref()
        .map(|raw| parse_id(raw, "trajectory"))
        .transpose()?;
    let (_, p) = domain::portfolio(&state, as_of).await?;
    if let Some(id) = &trajectory
        && p.trajectory(id).is_none()
    {
        return Err(
            ApiError::not_found(format!("no trajectory {:?} as of {as_of}", id.as_str()))
                .with_field("trajectory"),
        );
    }
    Ok(Json(views::events(&p, trajectory.as_ref(), as_of)))
}

/// The covenants with their SMART agreements and measurements, as of a date.
#[utoipa::path(get, path = "/api/v1/covenants", tag = "covenants", operation_id = "covenants",
    params(AsOf),
    responses((status = 200, description = "The covenants, agreements and measurements.", body = CovenantsView)))]
pub async fn covenants(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<AsOf>,
) -> ApiResult<Json<CovenantsView>> {
    let (_, p) = domain::portfolio(&state, q.date()).await?;
    Ok(Json(views::covenants(&p, q.date())))
}

/// Which target to report on.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TargetQuery {
    /// The date (YYYY-MM-DD) as of which to show the state; default today.
    #[param(value_type = Option<String>, format = Date)]
    pub as_of: Option<NaiveDate>,
    /// The target id; may be left out when there is one target.
    pub target: Option<String>,
}

/// The policy target as of a date: covenants that count, and the Monte Carlo forecast of the
/// number signed by the deadline (seeded: the same data gives the same numbers).
#[utoipa::path(get, path = "/api/v1/target", tag = "target", operation_id = "target",
    params(TargetQuery),
    responses(
        (status = 200, description = "The target, its status and forecast.", body = imvo_app::TargetReport),
        (status = 404, description = "No such target, no target at all, or several and none named.", body = crate::error::ErrorBody),
    ))]
pub async fn target(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<TargetQuery>,
) -> ApiResult<Response> {
    let as_of = q.as_of.unwrap_or_else(imvo_app::today);
    let target = q
        .target
        .as_deref()
        .map(|t| parse_id(t, "target"))
        .transpose()?;
    let (seq, p) = domain::portfolio(&state, as_of).await?;
    let report = domain::target_report(&state, seq, &p, as_of, target.as_ref()).await?;
    Ok(Json(&*report).into_response())
}
