//! Writing to the portfolio: each route records one kind of change, validated by the same use
//! case as `imvo record` — the log is replayed with the change in its place — and appended with
//! the account as actor (422 naming the field when a rule refuses it; nothing is stored).
//!
//! # The request format is the domain's record format
//!
//! A body is a [`Record`] as the dataset files write it: `date`, `date_precision`, `source` and
//! the `change`. The routes of one kind take the change's payload without its `kind` (the route
//! names it); `POST /api/v1/records` takes any change with its `kind`. The bodies are read
//! straight into the domain's own types, and their OpenAPI schemas are derived on those types
//! (imvo-domain's `openapi` feature, which only the server enables). So the document states
//! exactly what serde accepts, and a field added to a change is in the API and its document at
//! once. (The alternative, request types of the server's own, was what this replaced: a hand-made
//! copy of every payload that nothing tied to the domain but a JSON round trip.) A body that
//! does not fit the schema is a 400 naming the field; a change that fits but breaks a rule of
//! the domain (an unknown trajectory, a phase moving back) is a 422 naming the field.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use imvo_domain::{
    AgreementDraft, AgreementSpec, Change, CovenantSpec, DatePrecision, EventSpec, Id,
    MeasurementSpec, Organisation, PhaseChange, Record, SmartAgreement, Source, TargetSpec,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::auth::LoggedIn;
use crate::domain;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::ApiJson;
use crate::state::AppState;

/// Declares the body of a route of one kind: a record whose `change` is `$payload`. One struct
/// per route, so the OpenAPI document names each; with `$variant`, also its conversion into the
/// record of `Change::$variant`.
macro_rules! record_body {
    ($name:ident, $payload:ty, $what:literal) => {
        #[doc = concat!(
            "A record of ", $what, ": the domain's record format, with the change's payload \
             (without `kind`) in `change`."
        )]
        #[derive(Debug, Deserialize, ToSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// The date the change takes effect (for a coarse precision, the first day of the
            /// period).
            pub date: NaiveDate,
            /// How precisely the date is known.
            #[serde(default)]
            pub date_precision: DatePrecision,
            /// Where the fact comes from.
            pub source: Source,
            /// The change.
            pub change: $payload,
        }
    };
    ($name:ident, $payload:ty, $variant:ident, $what:literal) => {
        record_body!($name, $payload, $what);

        impl From<$name> for Record {
            fn from(body: $name) -> Record {
                Record {
                    date: body.date,
                    date_precision: body.date_precision,
                    source: body.source,
                    change: Change::$variant(body.change),
                }
            }
        }
    };
}

record_body!(EventRecord, EventSpec, RecordEvent, "an event");
record_body!(PhaseRecord, PhaseChange, SetPhase, "a phase change");
record_body!(AgreementRecord, AgreementDraftSpec, "a SMART agreement");
record_body!(
    MeasurementRecord,
    MeasurementSpec,
    RecordMeasurement,
    "a measurement"
);
record_body!(
    OrganisationRecord,
    Organisation,
    AddOrganisation,
    "an organisation"
);
record_body!(
    CovenantRecord,
    CovenantSpec,
    SignCovenant,
    "a signed covenant"
);
record_body!(TargetRecord, TargetSpec, AddTarget, "a policy target");

/// The change of `POST /api/v1/agreements`: the domain's [`AgreementSpec`] with the agreement as
/// drafted. The domain parses a draft into a SMART agreement or refuses it naming every missing
/// element; taking the draft lets that refusal be the rule it is (a 422), where parsing the
/// SMART agreement straight from the body would make it a malformed body (a 400) the schema
/// does not describe.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreementDraftSpec {
    /// The covenant.
    pub covenant: Id,
    /// The agreement as drafted; every element is needed.
    pub agreement: AgreementDraft,
}

impl TryFrom<AgreementRecord> for Record {
    type Error = ApiError;

    fn try_from(body: AgreementRecord) -> ApiResult<Record> {
        let agreement = SmartAgreement::try_from(body.change.agreement).map_err(|e| {
            ApiError::unprocessable(ErrorCode::Rejected, e.to_string())
                .with_field("change.agreement")
        })?;
        Ok(Record {
            date: body.date,
            date_precision: body.date_precision,
            source: body.source,
            change: Change::AddAgreement(AgreementSpec {
                covenant: body.change.covenant,
                agreement,
            }),
        })
    }
}

/// The body of `POST /api/v1/records` as it is read: a [`Record`] whose change is kept as JSON
/// until its `kind` is known. serde reads an internally tagged enum by buffering it, which loses
/// the path to a failing field; reading the kind first and then the payload of that kind keeps
/// it, so a refusal names `change.agreement.unit`, not just `change`. The document shows the
/// domain's [`Record`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnyRecord {
    date: NaiveDate,
    #[serde(default)]
    date_precision: DatePrecision,
    source: Source,
    change: serde_json::Map<String, Value>,
}

impl AnyRecord {
    /// The record, or a 400 naming the field of the change at fault.
    fn into_record(self) -> ApiResult<Record> {
        let mut change = self.change;
        let kind = match change.remove("kind") {
            Some(Value::String(k)) if Change::KINDS.contains(&k.as_str()) => k,
            _ => {
                return Err(ApiError::bad_request(
                    ErrorCode::InvalidField,
                    format!("`change.kind` must be one of: {}", Change::KINDS.join(", ")),
                )
                .with_field("change.kind"));
            }
        };
        let mut track = serde_path_to_error::Track::new();
        let change = Change::deserialize_kind(
            &kind,
            serde_path_to_error::Deserializer::new(Value::Object(change), &mut track),
        )
        .map_err(|e| {
            let message = e.to_string();
            let path = crate::extract::field_of(&track.path().to_string(), &message);
            let field = if path.is_empty() || path == "." {
                "change".to_string()
            } else {
                format!("change.{path}")
            };
            ApiError::bad_request(ErrorCode::InvalidField, message).with_field(field)
        })?;
        Ok(Record {
            date: self.date,
            date_precision: self.date_precision,
            source: self.source,
            change,
        })
    }
}

/// A change that was stored.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Stored {
    /// Its position in the change log.
    pub seq: i64,
    /// Its kind.
    pub kind: String,
    /// The date it takes effect.
    pub effective: NaiveDate,
    /// Who recorded it (the account's username).
    pub actor: String,
    /// When it was stored.
    pub recorded_at: DateTime<Utc>,
}

/// Appends the record through the use case, as the caller.
async fn append(
    state: &AppState,
    who: &LoggedIn,
    record: Record,
) -> ApiResult<(StatusCode, Json<Stored>)> {
    let entry = domain::append(state, record, &who.0.username).await?;
    Ok((
        StatusCode::CREATED,
        Json(Stored {
            seq: entry.seq,
            kind: entry.kind,
            effective: entry.effective,
            actor: entry.actor,
            recorded_at: entry.recorded_at,
        }),
    ))
}

/// Record an event (kind `record_event`).
#[utoipa::path(post, path = "/api/v1/events", tag = "portfolio", operation_id = "record_event",
    request_body = EventRecord,
    responses((status = 201, description = "Stored.", body = Stored)))]
pub async fn record_event(
    State(state): State<AppState>,
    who: LoggedIn,
    ApiJson(body): ApiJson<EventRecord>,
) -> ApiResult<(StatusCode, Json<Stored>)> {
    append(&state, &who, body.into()).await
}

/// Record a phase change of a trajectory (kind `set_phase`). A move back needs
/// `allow_backward`.
#[utoipa::path(post, path = "/api/v1/phases", tag = "portfolio", operation_id = "set_phase",
    request_body = PhaseRecord,
    responses((status = 201, description = "Stored.", body = Stored)))]
pub async fn set_phase(
    State(state): State<AppState>,
    who: LoggedIn,
    ApiJson(body): ApiJson<PhaseRecord>,
) -> ApiResult<(StatusCode, Json<Stored>)> {
    append(&state, &who, body.into()).await
}

/// Add a SMART agreement to a covenant (kind `add_agreement`). A draft that is not SMART is
/// refused with every missing element named.
#[utoipa::path(post, path = "/api/v1/agreements", tag = "covenants", operation_id = "add_agreement",
    request_body = AgreementRecord,
    responses((status = 201, description = "Stored.", body = Stored)))]
pub async fn add_agreement(
    State(state): State<AppState>,
    who: LoggedIn,
    ApiJson(body): ApiJson<AgreementRecord>,
) -> ApiResult<(StatusCode, Json<Stored>)> {
    append(&state, &who, body.try_into()?).await
}

/// Record a measurement of an agreement's indicator (kind `record_measurement`).
#[utoipa::path(post, path = "/api/v1/measurements", tag = "covenants", operation_id = "record_measurement",
    request_body = MeasurementRecord,
    responses((status = 201, description = "Stored.", body = Stored)))]
pub async fn record_measurement(
    State(state): State<AppState>,
    who: LoggedIn,
    ApiJson(body): ApiJson<MeasurementRecord>,
) -> ApiResult<(StatusCode, Json<Stored>)> {
    append(&state, &who, body.into()).await
}

/// Add an organisation (kind `add_organisation`).
#[utoipa::path(post, path = "/api/v1/organisations", tag = "portfolio", operation_id = "add_organisation",
    request_body = OrganisationRecord,
    responses((status = 201, description = "Stored.", body = Stored)))]
pub async fn add_organisation(
    State(state): State<AppState>,
    who: LoggedIn,
    ApiJson(body): ApiJson<OrganisationRecord>,
) -> ApiResult<(StatusCode, Json<Stored>)> {
    append(&state, &who, body.into()).await
}

/// Record a signed covenant (kind `sign_covenant`).
#[utoipa::path(post, path = "/api/v1/covenants", tag = "covenants", operation_id = "sign_covenant",
    request_body = CovenantRecord,
    responses((status = 201, description = "Stored.", body = Stored)))]
pub async fn sign_covenant(
    State(state): State<AppState>,
    who: LoggedIn,
    ApiJson(body): ApiJson<CovenantRecord>,
) -> ApiResult<(StatusCode, Json<Stored>)> {
    append(&state, &who, body.into()).await
}

/// Add a policy target (kind `add_target`).
#[utoipa::path(post, path = "/api/v1/targets", tag = "target", operation_id = "add_target",
    request_body = TargetRecord,
    responses((status = 201, description = "Stored.", body = Stored)))]
pub async fn add_target(
    State(state): State<AppState>,
    who: LoggedIn,
    ApiJson(body): ApiJson<TargetRecord>,
) -> ApiResult<(StatusCode, Json<Stored>)> {
    append(&state, &who, body.into()).await
}

/// Append a record of any kind, as in the dataset files (`change.kind` names it): sectors,
/// trajectories, roles, initiatives, activities, covenant ends … Administrators only.
#[utoipa::path(post, path = "/api/v1/records", tag = "audit", operation_id = "append_record",
    request_body = Record,
    responses((status = 201, description = "Stored.", body = Stored)))]
pub async fn append_record(
    State(state): State<AppState>,
    who: LoggedIn,
    ApiJson(body): ApiJson<AnyRecord>,
) -> ApiResult<(StatusCode, Json<Stored>)> {
    append(&state, &who, body.into_record()?).await
}
