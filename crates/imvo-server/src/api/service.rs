//! Service routes: the health of the server and its store.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// The health of the service.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Health {
    /// `ok` when the store answers.
    pub status: String,
    /// The last sequence number of the change log.
    pub last_seq: i64,
    /// `sqlite` or `postgres`.
    pub backend: String,
    /// The version of imvo.
    pub version: String,
}

/// Whether the server and its store answer.
#[utoipa::path(get, path = "/health", tag = "service", operation_id = "health",
    responses((status = 200, description = "The service and its store answer.", body = Health)))]
pub async fn health(State(state): State<AppState>) -> ApiResult<Json<Health>> {
    let last_seq = state.store.last_seq().await.map_err(ApiError::internal)?;
    Ok(Json(Health {
        status: "ok".into(),
        last_seq,
        backend: match state.store.backend() {
            imvo_store::BackendKind::Sqlite => "sqlite".into(),
            imvo_store::BackendKind::Postgres => "postgres".into(),
        },
        version: env!("CARGO_PKG_VERSION").into(),
    }))
}
