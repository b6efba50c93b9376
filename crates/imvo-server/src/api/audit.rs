//! The audit log: every change with who recorded it, when, and from which source.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, NaiveDate, Utc};
use imvo_domain::{Change, DatePrecision, Source};
use imvo_store::AuditQuery;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::{app_error, store_error};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::ApiQuery;
use crate::state::AppState;

/// Filters of the audit listing.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// Only changes by this actor (an account's username, or `dataset:<id>`).
    pub actor: Option<String>,
    /// Only changes recorded at or after this moment (RFC 3339).
    #[param(value_type = Option<String>, format = DateTime)]
    pub from: Option<DateTime<Utc>>,
    /// Only changes recorded before this moment (RFC 3339).
    #[param(value_type = Option<String>, format = DateTime)]
    pub before: Option<DateTime<Utc>>,
    /// At most this many (the newest); default 100, at most 10000.
    #[param(minimum = 0, maximum = 10000)]
    pub limit: Option<i64>,
}

/// One change in the log.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditEntry {
    /// Position in the log.
    pub seq: i64,
    /// The date the change takes effect.
    #[schema(value_type = String, format = Date)]
    pub effective: NaiveDate,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// The kind of change.
    pub kind: String,
    /// The source it cites.
    pub source: String,
    /// Who recorded it.
    pub actor: String,
    /// The change itself.
    pub payload: RecordPayload,
}

/// What a logged change records: the record without its date (that is `effective`).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RecordPayload {
    /// How precisely the date is known.
    pub date_precision: DatePrecision,
    /// Where the fact comes from, in full.
    pub source: Source,
    /// The change, with its `kind`.
    pub change: Change,
}

/// The audit log, newest first.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", operation_id = "audit_log",
    params(AuditParams),
    responses((status = 200, description = "The changes, newest first.", body = [AuditEntry])))]
pub async fn audit_log(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<AuditParams>,
) -> ApiResult<Json<Vec<AuditEntry>>> {
    let limit = q.limit.unwrap_or(100);
    if !(0..=10_000).contains(&limit) {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidQuery,
            "limit must be from 0 to 10000",
        )
        .with_field("limit"));
    }
    let entries = state
        .store
        .audit_log(&AuditQuery {
            actor: q.actor,
            recorded_from: q.from,
            recorded_before: q.before,
            limit: Some(limit),
        })
        .await
        .map_err(store_error)?;
    let entries = entries
        .into_iter()
        .map(|e| {
            // Decoded by the use case that wrote it, so the answer is the record format whatever
            // the store keeps.
            let record = imvo_app::from_entry(&e).map_err(app_error)?;
            Ok(AuditEntry {
                seq: e.seq,
                effective: e.effective,
                recorded_at: e.recorded_at,
                kind: e.kind,
                source: e.source,
                actor: e.actor,
                payload: RecordPayload {
                    date_precision: record.date_precision,
                    source: record.source,
                    change: record.change,
                },
            })
        })
        .collect::<ApiResult<_>>()?;
    Ok(Json(entries))
}

/// One change to an account or API token.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AccountAuditEntry {
    /// Position in the account log.
    pub seq: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// Who made the change: an account's username, or `cli:<user>` for `imvo user add`.
    pub actor: String,
    /// `created`, `role_set`, `password_set`, `activated`, `deactivated`, `token_created` or
    /// `token_revoked`.
    pub action: String,
    /// The account changed.
    pub account_id: i64,
    /// The new role, the token's name …; empty when there is nothing to add.
    pub detail: String,
}

/// The account log, newest first: who created or changed which account or API token.
#[utoipa::path(get, path = "/api/v1/audit/accounts", tag = "audit", operation_id = "account_log",
    responses((status = 200, description = "The account changes, newest first.", body = [AccountAuditEntry])))]
pub async fn account_log(State(state): State<AppState>) -> ApiResult<Json<Vec<AccountAuditEntry>>> {
    let log = imvo_app::accounts::account_log(&state.store)
        .await
        .map_err(app_error)?;
    Ok(Json(
        log.into_iter()
            .rev()
            .map(|e| AccountAuditEntry {
                seq: e.seq,
                at: e.at,
                actor: e.actor,
                action: e.action.as_str().to_string(),
                account_id: e.account_id,
                detail: e.detail,
            })
            .collect(),
    ))
}
