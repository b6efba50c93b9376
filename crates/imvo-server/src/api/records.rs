//! Writing to the portfolio: each route records one kind of change. The body is the record
//! (`date`, `date_precision`, `source`) with the change in `change`; it is checked as JSON here
//! (400 naming the field), then validated by the same use case as `imvo record` — the whole log
//! is replayed with the change in its place — and appended with the account as actor (422
//! naming the field when a rule refuses it; nothing is stored).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use imvo_domain::{Change, DatePrecision, Record, Source};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::auth::LoggedIn;
use crate::domain::{self, request_field};
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiJson;
use crate::state::AppState;

/// A text in Dutch and English; both are required.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TextBody {
    /// Dutch.
    pub nl: String,
    /// English.
    pub en: String,
}

/// Where the fact comes from.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceBody {
    /// The document, e.g. "Kamerstuk 26 485 nr. 212" or "Verslag SER-overleg".
    #[schema(min_length = 1)]
    pub document: String,
    /// Where in the document, e.g. "§2".
    #[schema(min_length = 1)]
    pub locator: String,
    /// A public address of the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// True when the fact is inferred rather than stated.
    #[serde(default)]
    pub inferred: bool,
    /// How the fact was read or inferred.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// How precisely a date is known; coarse dates are the first day of their period.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// The day.
    #[default]
    Day,
    /// The month (the 1st).
    Month,
    /// The season (1 March, June, September, December).
    Season,
    /// The half year (1 January or 1 July).
    HalfYear,
    /// The year (1 January).
    Year,
}

/// Declares the body of a write route: a record (`date`, `date_precision`, `source`) whose
/// `change` is `$change`. One struct per route, so the OpenAPI document names each.
macro_rules! record_body {
    ($name:ident, $change:ty, $what:literal) => {
        #[doc = concat!("A record to append: ", $what, ".")]
        #[derive(Debug, Serialize, Deserialize, ToSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// The date the change takes effect (YYYY-MM-DD).
            #[schema(value_type = String, format = Date)]
            pub date: NaiveDate,
            /// How precisely the date is known.
            #[serde(default)]
            pub date_precision: Precision,
            /// Where the fact comes from.
            pub source: SourceBody,
            /// The change.
            pub change: $change,
        }

        impl IntoRecord for $name {
            fn parts(self) -> Result<(NaiveDate, Precision, SourceBody, Value), serde_json::Error> {
                Ok((
                    self.date,
                    self.date_precision,
                    self.source,
                    serde_json::to_value(self.change)?,
                ))
            }
        }
    };
}

/// The parts of a record body, the change as JSON for the domain to read.
pub trait IntoRecord {
    /// Date, precision, source and the change as JSON.
    fn parts(self) -> Result<(NaiveDate, Precision, SourceBody, Value), serde_json::Error>;
}

/// What kind of event.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKindBody {
    /// A meeting.
    Meeting,
    /// Exploratory talks.
    ExploratoryTalks,
    /// A round table.
    RoundTable,
    /// A workshop.
    Workshop,
    /// A feedback meeting.
    FeedbackMeeting,
    /// A signing (also a planned one).
    Signing,
    /// A letter.
    Letter,
    /// A statement, announcement or decision.
    Announcement,
    /// A publication.
    Publication,
    /// Anything else.
    Other,
}

/// A participant count: exact, or "more than".
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantsBody {
    /// The number.
    #[schema(minimum = 0)]
    pub count: u32,
    /// True for "more than `count`".
    #[serde(default)]
    pub more_than: bool,
}

/// An event in one or more trajectories (or, with none, in the whole covenant process).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventChange {
    /// A new, stable id: lowercase letters, digits, `-`, `_`.
    #[schema(pattern = "^[a-z0-9][a-z0-9_-]{0,63}$")]
    pub id: String,
    /// What kind of event.
    pub event: EventKindBody,
    /// The trajectories it belongs to.
    #[serde(default)]
    pub trajectories: Vec<String>,
    /// The organisations involved.
    #[serde(default)]
    pub organisations: Vec<String>,
    /// What happened.
    pub description: TextBody,
    /// True when it is announced for the future.
    #[serde(default)]
    pub planned: bool,
    /// When it happens, if not on the record's date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date)]
    pub event_date: Option<NaiveDate>,
    /// The precision of `event_date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_precision: Option<Precision>,
    /// True when the source gives no date at all.
    #[serde(default)]
    pub undated: bool,
    /// The number of participants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participants: Option<ParticipantsBody>,
}

/// The phases of a trajectory, in order.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PhaseBody {
    /// No initiative yet.
    NoInitiative,
    /// Exploring.
    Exploring,
    /// Multi-stakeholder dialogue.
    Dialogue,
    /// Negotiating a covenant.
    Negotiating,
    /// Covenant signed.
    Signed,
    /// Implementing the covenant.
    Implementing,
    /// Ended.
    Ended,
}

/// A trajectory enters a phase.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PhaseChangeBody {
    /// The trajectory.
    pub trajectory: String,
    /// The new phase.
    pub phase: PhaseBody,
    /// Permit a move back to an earlier phase.
    #[serde(default)]
    pub allow_backward: bool,
    /// What the source says about the trajectory in this phase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<TextBody>,
}

/// A SMART agreement as drafted: every element is checked, and a refusal names each one missing.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreementDraftBody {
    /// A new, stable id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Specific: the result aimed for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<TextBody>,
    /// Measurable: what is measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<TextBody>,
    /// The indicator's unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Baseline value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_value: Option<f64>,
    /// Baseline date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date)]
    pub baseline_date: Option<NaiveDate>,
    /// Target value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_value: Option<f64>,
    /// Time-bound: the target date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date)]
    pub target_date: Option<NaiveDate>,
    /// The organisation responsible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The risks (themes) it addresses.
    #[serde(default)]
    pub risks: Vec<String>,
}

/// A SMART agreement added to a covenant.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreementChange {
    /// The covenant.
    pub covenant: String,
    /// The agreement.
    pub agreement: AgreementDraftBody,
}

/// A measurement of an agreement's indicator, on the record's date.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasurementChange {
    /// The agreement.
    pub agreement: String,
    /// The measured value, in the indicator's unit.
    pub value: f64,
    /// How it was measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<TextBody>,
}

record_body!(EventRecord, EventChange, "an event");
record_body!(PhaseRecord, PhaseChangeBody, "a phase change");
record_body!(AgreementRecord, AgreementChange, "a SMART agreement");
record_body!(MeasurementRecord, MeasurementChange, "a measurement");
record_body!(
    ObjectRecord,
    serde_json::Map<String, Value>,
    "a change in the domain's own format (see the dataset documentation)"
);

/// A full record of any kind, as in the dataset files: `change` carries its `kind`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnyRecord {
    /// The date the change takes effect (YYYY-MM-DD).
    #[schema(value_type = String, format = Date)]
    pub date: NaiveDate,
    /// How precisely the date is known.
    #[serde(default)]
    pub date_precision: Precision,
    /// Where the fact comes from.
    pub source: SourceBody,
    /// The change, with its `kind` (e.g. `add_sector`, `sign_covenant`, `add_target`).
    pub change: serde_json::Map<String, Value>,
}

/// A change that was stored.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Stored {
    /// Its position in the change log.
    pub seq: i64,
    /// Its kind.
    pub kind: String,
    /// The date it takes effect.
    #[schema(value_type = String, format = Date)]
    pub effective: NaiveDate,
    /// Who recorded it (the account's username).
    pub actor: String,
    /// When it was stored.
    pub recorded_at: DateTime<Utc>,
}

/// Reads the record's parts as the domain's types and appends it through the use case.
async fn append(
    state: &AppState,
    actor: &str,
    kind: &str,
    (date, precision, source, change): (NaiveDate, Precision, SourceBody, Value),
) -> ApiResult<(StatusCode, Json<Stored>)> {
    let rule = |path: String, e: serde_json::Error| {
        ApiError::unprocessable("rejected", e.to_string()).with_field(path)
    };
    let date_precision: DatePrecision = serde_json::to_value(precision)
        .and_then(serde_json::from_value)
        .map_err(|e| rule("date_precision".into(), e))?;
    let source: Source = serde_json::to_value(&source)
        .and_then(serde_json::from_value)
        .map_err(|e| rule("source".into(), e))?;
    let mut track = serde_path_to_error::Track::new();
    let change = Change::deserialize_kind(
        kind,
        serde_path_to_error::Deserializer::new(change, &mut track),
    )
    .map_err(|e| {
        let path = crate::extract::field_of(&track.path().to_string(), &e.to_string());
        let field = if path.is_empty() || path == "." {
            "change".to_string()
        } else {
            request_field(&path)
        };
        rule(field, e)
    })?;
    let record = Record {
        date,
        date_precision,
        source,
        change,
    };
    let entry = domain::append(state, record, actor).await?;
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

async fn write(
    state: &AppState,
    who: &LoggedIn,
    kind: &str,
    body: impl IntoRecord,
) -> ApiResult<(StatusCode, Json<Stored>)> {
    let parts = body.parts().map_err(ApiError::internal)?;
    append(state, &who.0.username, kind, parts).await
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
    write(&state, &who, "record_event", body).await
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
    write(&state, &who, "set_phase", body).await
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
    write(&state, &who, "add_agreement", body).await
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
    write(&state, &who, "record_measurement", body).await
}

/// Add an organisation (kind `add_organisation`; `change` as in the dataset files).
#[utoipa::path(post, path = "/api/v1/organisations", tag = "portfolio", operation_id = "add_organisation",
    request_body = ObjectRecord,
    responses((status = 201, description = "Stored.", body = Stored)))]
pub async fn add_organisation(
    State(state): State<AppState>,
    who: LoggedIn,
    ApiJson(body): ApiJson<ObjectRecord>,
) -> ApiResult<(StatusCode, Json<Stored>)> {
    write(&state, &who, "add_organisation", body).await
}

/// Record a signed covenant (kind `sign_covenant`; `change` as in the dataset files).
#[utoipa::path(post, path = "/api/v1/covenants", tag = "covenants", operation_id = "sign_covenant",
    request_body = ObjectRecord,
    responses((status = 201, description = "Stored.", body = Stored)))]
pub async fn sign_covenant(
    State(state): State<AppState>,
    who: LoggedIn,
    ApiJson(body): ApiJson<ObjectRecord>,
) -> ApiResult<(StatusCode, Json<Stored>)> {
    write(&state, &who, "sign_covenant", body).await
}

/// Add a policy target (kind `add_target`; `change` as in the dataset files).
#[utoipa::path(post, path = "/api/v1/targets", tag = "target", operation_id = "add_target",
    request_body = ObjectRecord,
    responses((status = 201, description = "Stored.", body = Stored)))]
pub async fn add_target(
    State(state): State<AppState>,
    who: LoggedIn,
    ApiJson(body): ApiJson<ObjectRecord>,
) -> ApiResult<(StatusCode, Json<Stored>)> {
    write(&state, &who, "add_target", body).await
}

/// Append a record of any kind, as in the dataset files (`change.kind` names it): sectors,
/// trajectories, roles, initiatives, activities, covenant ends … Administrators only.
#[utoipa::path(post, path = "/api/v1/records", tag = "audit", operation_id = "append_record",
    request_body = AnyRecord,
    responses((status = 201, description = "Stored.", body = Stored)))]
pub async fn append_record(
    State(state): State<AppState>,
    who: LoggedIn,
    ApiJson(body): ApiJson<AnyRecord>,
) -> ApiResult<(StatusCode, Json<Stored>)> {
    let mut change = body.change;
    let kind = match change.remove("kind") {
        Some(Value::String(k)) if Change::KINDS.contains(&k.as_str()) => k,
        _ => {
            return Err(ApiError::unprocessable(
                "rejected",
                format!("`change.kind` must be one of: {}", Change::KINDS.join(", ")),
            )
            .with_field("change.kind"));
        }
    };
    let parts = (
        body.date,
        body.date_precision,
        body.source,
        Value::Object(change),
    );
    append(&state, &who.0.username, &kind, parts).await
}
