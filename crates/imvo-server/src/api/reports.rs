//! The progress letter to Parliament, as of a date, in Dutch or English, as Markdown, HTML or
//! PDF — the same letter as `imvo report letter`.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use imvo_report::letter::{LetterOptions, progress_letter};
use imvo_report::{Format, Lang, ReportError};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::domain;
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiQuery;
use crate::security::LETTER_CSP;
use crate::state::AppState;

/// Which letter.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct LetterQuery {
    /// The date (YYYY-MM-DD) of the letter; default today.
    #[param(value_type = Option<String>, format = Date)]
    pub as_of: Option<NaiveDate>,
    /// `nl` (default) or `en`.
    #[param(pattern = "^(nl|en)$")]
    pub lang: Option<String>,
    /// `md` (default), `html` or `pdf`.
    #[param(pattern = "^(md|html|pdf)$")]
    pub format: Option<String>,
    /// Add a section with the changes after this date (it must be before `as_of`).
    #[param(value_type = Option<String>, format = Date)]
    pub since: Option<NaiveDate>,
}

/// The progress letter as of a date: Markdown, one self-contained HTML file with SVG charts, or
/// PDF.
#[utoipa::path(get, path = "/api/v1/reports/letter", tag = "reports", operation_id = "letter",
    params(LetterQuery),
    responses(
        (status = 200, description = "The letter.", content(
            (String = "text/markdown"),
            (String = "text/html"),
            (Vec<u8> = "application/pdf"),
        )),
        (status = 422, description = "No letter can be written for this date (an empty portfolio, or `since` not before `as_of`).", body = crate::error::ErrorBody),
    ))]
pub async fn letter(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<LetterQuery>,
) -> ApiResult<Response> {
    let as_of = q.as_of.unwrap_or_else(imvo_app::today);
    let lang: Lang =
        q.lang
            .as_deref()
            .unwrap_or("nl")
            .parse()
            .map_err(|e: imvo_report::UnknownLang| {
                ApiError::bad_request("invalid_query", e.to_string()).with_field("lang")
            })?;
    let format: Format =
        q.format
            .as_deref()
            .unwrap_or("md")
            .parse()
            .map_err(|e: imvo_report::UnknownFormat| {
                ApiError::bad_request("invalid_query", e.to_string()).with_field("format")
            })?;
    let (seq, portfolio) = domain::portfolio(&state, as_of).await?;
    let key = format!("api-letter:{as_of}:{lang}:{:?}:{format}", q.since);
    let since = q.since;
    let state = &state;
    let bytes = state
        .cache
        .get_or_fill(seq, &key, || async move {
            // The forecast is part of the letter when the portfolio has one target.
            let report = domain::target_report(state, seq, &portfolio, as_of, None)
                .await
                .ok();
            tokio::task::spawn_blocking(move || -> Result<Vec<u8>, ApiError> {
                let doc = progress_letter(
                    &portfolio,
                    report.as_ref().map(|r| &r.forecast),
                    &LetterOptions { lang, since },
                )
                .map_err(|e| match e {
                    ReportError::Data(m) => ApiError::unprocessable("no_letter", m).with_field(
                        if since.is_some_and(|s| s >= as_of) {
                            "since"
                        } else {
                            "as_of"
                        },
                    ),
                    other => ApiError::internal(other),
                })?;
                imvo_report::render(&doc, format).map_err(ApiError::internal)
            })
            .await
            .map_err(ApiError::internal)?
        })
        .await?;
    let name = format!("imvo-letter-{as_of}-{lang}.{}", format.extension());
    let mut response = (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(format.content_type()),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("inline; filename=\"{name}\""))
                    .map_err(ApiError::internal)?,
            ),
        ],
        Vec::clone(&bytes),
    )
        .into_response();
    if format == Format::Html {
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(LETTER_CSP),
        );
    }
    Ok(response)
}
