//! The progress letter to Parliament, as of a date, in Dutch or English, as Markdown, HTML or
//! PDF — the same letter as `imvo report letter`, made and cached by [`crate::letters`] as for
//! the dashboard.

use axum::extract::State;
use axum::response::Response;
use chrono::NaiveDate;
use imvo_report::{Format, Lang};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::ApiQuery;
use crate::letters::{self, Disposition, LetterRequest};
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
    let (lang, format) = lang_and_format(q.lang.as_deref(), q.format.as_deref())?;
    let request = LetterRequest {
        as_of,
        lang,
        since: q.since,
    };
    let bytes = letters::file(&state, request, format).await?;
    Ok(letters::response(
        &request,
        format,
        bytes,
        Disposition::Inline,
    ))
}

/// The language (`nl` by default) and format (`md` by default) of a document the API serves,
/// each refused naming its query parameter.
pub fn lang_and_format(lang: Option<&str>, format: Option<&str>) -> ApiResult<(Lang, Format)> {
    let lang = lang
        .unwrap_or("nl")
        .parse()
        .map_err(|e: imvo_report::UnknownLang| {
            ApiError::bad_request(ErrorCode::InvalidQuery, e.to_string()).with_field("lang")
        })?;
    let format = format
        .unwrap_or("md")
        .parse()
        .map_err(|e: imvo_report::UnknownFormat| {
            ApiError::bad_request(ErrorCode::InvalidQuery, e.to_string()).with_field("format")
        })?;
    Ok((lang, format))
}
