//! The covenants' due-diligence cycle over HTTP: the framework versions and each covenant's
//! public figures for anyone; a company's file for that company and its covenant's
//! secretariat; the workbench for the secretariat; one route for every step of the cycle.
//!
//! The role table lets only company and secretariat accounts near the confidential routes; the
//! use cases of [`imvo_app::diligence`] then check which company and which covenant (a company
//! reads its own file only, a secretariat only its own covenants'), so a refusal here and at the
//! command line is the same refusal.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use imvo_app::diligence::{self, CompanyFile, Ledger, PublicCovenant, Workbench};
use imvo_diligence::cycle::{Action, EscalationRule};
use imvo_domain::{Id, Text};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::LoggedIn;
use crate::domain::{self, app_error};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::letters::{self, Disposition};
use crate::state::AppState;

/// A covenant's id in the path.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct CovenantPath {
    /// The covenant id.
    #[param(example = "textile")]
    pub id: String,
}

/// A covenant and one of its companies in the path.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct CompanyPath {
    /// The covenant id.
    #[param(example = "textile")]
    pub id: String,
    /// The company id.
    pub company: String,
}

/// A covenant and a year in the path.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct YearPath {
    /// The covenant id.
    #[param(example = "textile")]
    pub id: String,
    /// The published year reported on.
    #[param(example = 2020)]
    pub year: i32,
}

/// A framework version in the path.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct FrameworkPath {
    /// The framework id.
    #[param(example = "textile-covenant")]
    pub id: String,
    /// The version.
    #[param(example = 1)]
    pub version: u32,
}

/// Which annual report.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// `nl` (default) or `en`.
    #[param(pattern = "^(nl|en)$")]
    pub lang: Option<String>,
    /// `md` (default), `html` or `pdf`.
    #[param(pattern = "^(md|html|pdf)$")]
    pub format: Option<String>,
}

/// A framework version in the store.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FrameworkSummary {
    /// The framework's id, the same across versions.
    pub id: Id,
    /// The version.
    pub version: u32,
    /// Its name.
    pub name: Text,
    /// How many elements it scores.
    pub elements: usize,
    /// How many criteria it has.
    pub criteria: usize,
    /// Whether any weight, band or rule in it is assumed rather than published.
    pub has_assumptions: bool,
}

/// The framework versions in the store.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FrameworksView {
    /// Oldest id and version first.
    pub frameworks: Vec<FrameworkSummary>,
}

/// A step recorded.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct StepRecorded {
    /// Its number in the store's due-diligence log.
    pub seq: i64,
    /// The step.
    pub action: String,
    /// The day it is dated (the server's today).
    #[schema(value_type = String, format = Date)]
    pub date: chrono::NaiveDate,
}

fn parse_id(raw: &str, field: &str) -> ApiResult<Id> {
    Id::new(raw)
        .map_err(|e| ApiError::bad_request(ErrorCode::InvalidId, e.to_string()).with_field(field))
}

/// The covenant's ledger, its id read from the path.
async fn ledger(state: &AppState, raw: &str) -> ApiResult<Ledger> {
    domain::covenant_ledger(state, &parse_id(raw, "id")?).await
}

/// The framework versions loaded: the documents the covenants' companies are scored by.
#[utoipa::path(get, path = "/api/v1/diligence/frameworks", tag = "diligence", operation_id = "diligence_frameworks",
    responses((status = 200, description = "The framework versions.", body = FrameworksView)))]
pub async fn frameworks(State(state): State<AppState>) -> ApiResult<Json<FrameworksView>> {
    let all = diligence::frameworks(&state.store)
        .await
        .map_err(app_error)?;
    Ok(Json(FrameworksView {
        frameworks: all
            .values()
            .map(|f| FrameworkSummary {
                id: f.id.clone(),
                version: f.version,
                name: f.name.clone(),
                elements: f.elements.len(),
                criteria: f.elements.iter().map(|e| e.criteria.len()).sum(),
                has_assumptions: !f.assumptions().is_empty(),
            })
            .collect(),
    }))
}

/// One framework version's file, as loaded (TOML): every element, weight, band and verdict
/// rule, with its sources and which facts are assumed.
#[utoipa::path(get, path = "/api/v1/diligence/frameworks/{id}/{version}", tag = "diligence", operation_id = "diligence_framework",
    params(FrameworkPath),
    responses(
        (status = 200, description = "The framework file.", content((String = "application/toml"))),
        (status = 404, description = "No such framework version.", body = crate::error::ErrorBody),
    ))]
pub async fn framework(
    State(state): State<AppState>,
    ApiPath(path): ApiPath<FrameworkPath>,
) -> ApiResult<Response> {
    let id = parse_id(&path.id, "id")?;
    let text = diligence::framework_text(&state.store, &id, path.version)
        .await
        .map_err(app_error)?;
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/toml"),
        )],
        text,
    )
        .into_response())
}

/// What anyone may see of a covenant's cycle: its members and the figures of its published
/// years, every figure through the disclosure rule (the server's `disclosure_k`).
#[utoipa::path(get, path = "/api/v1/covenants/{id}/diligence", tag = "diligence", operation_id = "diligence_public",
    params(CovenantPath),
    responses(
        (status = 200, description = "The public figures.", body = PublicCovenant),
        (status = 404, description = "No such covenant.", body = crate::error::ErrorBody),
    ))]
pub async fn public(
    State(state): State<AppState>,
    ApiPath(path): ApiPath<CovenantPath>,
) -> ApiResult<Json<PublicCovenant>> {
    let ledger = ledger(&state, &path.id).await?;
    Ok(Json(diligence::public_covenant(
        &ledger,
        &state.settings.threshold(),
    )))
}

/// A company's file in a covenant — its submissions, scores, the secretariat's feedback, its
/// responses, deadlines and turnover. Confidential: the company's own accounts and the
/// covenant's secretariat only.
#[utoipa::path(get, path = "/api/v1/covenants/{id}/diligence/companies/{company}", tag = "diligence", operation_id = "diligence_company_file",
    params(CompanyPath),
    responses(
        (status = 200, description = "The company's file.", body = CompanyFile),
        (status = 403, description = "Not this company, nor the covenant's secretariat.", body = crate::error::ErrorBody),
        (status = 404, description = "No such covenant, or the company is not a member.", body = crate::error::ErrorBody),
    ))]
pub async fn company_file(
    State(state): State<AppState>,
    LoggedIn(who): LoggedIn,
    ApiPath(path): ApiPath<CompanyPath>,
) -> ApiResult<Json<CompanyFile>> {
    let company = parse_id(&path.company, "company")?;
    let ledger = ledger(&state, &path.id).await?;
    diligence::company_file(&ledger, &who.who(), &company, imvo_app::today())
        .map(Json)
        .map_err(app_error)
}

/// The secretariat's workbench: submissions awaiting assessment, everything overdue, and the
/// escalation steps the rule proposes for it to decide.
#[utoipa::path(get, path = "/api/v1/covenants/{id}/diligence/workbench", tag = "diligence", operation_id = "diligence_workbench",
    params(CovenantPath),
    responses(
        (status = 200, description = "The workbench.", body = Workbench),
        (status = 403, description = "Not the covenant's secretariat.", body = crate::error::ErrorBody),
    ))]
pub async fn workbench(
    State(state): State<AppState>,
    LoggedIn(who): LoggedIn,
    ApiPath(path): ApiPath<CovenantPath>,
) -> ApiResult<Json<Workbench>> {
    let ledger = ledger(&state, &path.id).await?;
    diligence::workbench(
        &ledger,
        &who.who(),
        imvo_app::today(),
        &EscalationRule::default(),
    )
    .map(Json)
    .map_err(app_error)
}

/// Record one step of the covenant's cycle, dated today: a company submits, resubmits,
/// responds or reports its turnover; the secretariat opens a year, assesses, escalates,
/// changes a membership or publishes. Checked against the whole log first: a step that breaks
/// a rule is refused (422, naming the field) and nothing is stored.
#[utoipa::path(post, path = "/api/v1/covenants/{id}/diligence/steps", tag = "diligence", operation_id = "diligence_record",
    params(CovenantPath),
    request_body = Action,
    responses(
        (status = 201, description = "Recorded.", body = StepRecorded),
        (status = 403, description = "Not a step this account may take.", body = crate::error::ErrorBody),
        (status = 422, description = "Refused by a rule of the cycle; nothing was stored.", body = crate::error::ErrorBody),
    ))]
pub async fn record(
    State(state): State<AppState>,
    LoggedIn(who): LoggedIn,
    ApiPath(path): ApiPath<CovenantPath>,
    ApiJson(action): ApiJson<Action>,
) -> ApiResult<(StatusCode, Json<StepRecorded>)> {
    let covenant = parse_id(&path.id, "id")?;
    let date = imvo_app::today();
    let name = action.name().to_owned();
    let seq = diligence::record(&state.store, who.who(), &covenant, date, action)
        .await
        .map_err(app_error)?;
    Ok((
        StatusCode::CREATED,
        Json(StepRecorded {
            seq,
            action: name,
            date,
        }),
    ))
}

/// The annual due-diligence report of a published year: public figures only, in Dutch or
/// English, as Markdown, self-contained HTML or PDF — the report `imvo report covenant` writes.
#[utoipa::path(get, path = "/api/v1/covenants/{id}/diligence/reports/{year}", tag = "diligence", operation_id = "diligence_report",
    params(YearPath, ReportQuery),
    responses(
        (status = 200, description = "The report.", content(
            (String = "text/markdown"),
            (String = "text/html"),
            (Vec<u8> = "application/pdf"),
        )),
        (status = 404, description = "No such covenant, or the year is not published.", body = crate::error::ErrorBody),
    ))]
pub async fn report(
    State(state): State<AppState>,
    ApiPath(path): ApiPath<YearPath>,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> ApiResult<Response> {
    let (lang, format) = super::reports::lang_and_format(q.lang.as_deref(), q.format.as_deref())?;
    let ledger = ledger(&state, &path.id).await?;
    let figures = diligence::report_figures(&ledger, path.year, &state.settings.threshold())
        .map_err(app_error)?;
    let bytes = tokio::task::spawn_blocking(move || {
        imvo_report::render(
            &imvo_report::covenant::covenant_report(&figures, lang),
            format,
        )
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)?;
    let name = format!(
        "jaarrapportage-{}-{}.{}.{}",
        ledger.covenant.id(),
        path.year,
        lang.code(),
        format.extension()
    );
    Ok(letters::document_response(
        &name,
        format,
        Bytes::from(bytes),
        Disposition::Inline,
    ))
}
