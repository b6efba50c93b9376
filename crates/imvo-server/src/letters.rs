//! The progress letter as the server makes it: one path from the request to the document and
//! the rendered file, shared by the API (`GET /api/v1/reports/letter`) and the dashboard
//! (`/letter` inline, `/letter/download`).
//!
//! The letter itself is written by [`imvo_report::letter::progress_letter`], the same function
//! `imvo report letter` calls, with the forecast of the target
//! [`imvo_report::letter::forecast_target`] names. What is the server's own lives here: the
//! cached replay and forecast it starts from, the cache of rendered files (one key per date,
//! language, "changes since" and format, so the API and the dashboard share each rendering),
//! the mapping of a refused letter to an error, and the HTTP answer with a file.
//!
//! (The use case is not in `imvo-app`: that crate does not depend on `imvo-report`, which
//! dev-depends on it, and what the CLI and the server share — which forecast, what the letter
//! says — already sits in `imvo_report::letter`. What differs per caller is how the portfolio
//! and forecast are found: cached here, replayed once by the CLI.)

use std::sync::Arc;

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use chrono::NaiveDate;
use imvo_domain::Portfolio;
use imvo_report::letter::{LetterOptions, forecast_target, progress_letter};
use imvo_report::{Document, Format, Lang, ReportError};

use crate::domain;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::security::LETTER_CSP;
use crate::state::AppState;

/// Which letter: its date, its language, and the date after which its changes section starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LetterRequest {
    /// The letter is written from the portfolio as of this date.
    pub as_of: NaiveDate,
    /// Its language.
    pub lang: Lang,
    /// Add a section with the changes after this date; it must be before `as_of`.
    pub since: Option<NaiveDate>,
}

impl LetterRequest {
    /// The name of the letter's file in `format`, in the letter's language.
    pub fn file_name(&self, format: Format) -> String {
        let stem = match self.lang {
            Lang::Nl => "voortgangsbrief-imvo",
            Lang::En => "imvo-progress-letter",
        };
        format!(
            "{stem}-{}-{}.{}",
            self.as_of,
            self.lang.code(),
            format.extension()
        )
    }
}

/// How a browser should treat a letter file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// Show it (the API's answer, opened by whatever asked for it).
    Inline,
    /// Save it (the dashboard's download links).
    Attachment,
}

/// The letter as a document, for a page that draws it in its own layout. A letter that cannot
/// be written for this request (an empty portfolio, `since` not before `as_of`) is a 422
/// naming the parameter.
pub async fn document(state: &AppState, request: LetterRequest) -> ApiResult<Document> {
    let (seq, portfolio) = domain::portfolio(state, request.as_of).await?;
    write(state, seq, portfolio, request).await
}

/// The letter rendered in `format`: made once per log state and kept in the server's cache
/// under `letter:{as_of}:{lang}:{since}:{format}`, whoever asked first. Refusals as for
/// [`document`].
pub async fn file(state: &AppState, request: LetterRequest, format: Format) -> ApiResult<Bytes> {
    let (seq, portfolio) = domain::portfolio(state, request.as_of).await?;
    let since = request.since.map_or_else(String::new, |d| d.to_string());
    // The letter quotes the covenants' published due-diligence figures, which live in their own
    // log: its last number is part of the key, so a new publication makes a new letter.
    let diligence = state
        .store
        .diligence_last_seq()
        .await
        .map_err(domain::store_error)?;
    let key = format!(
        "letter:{}:{}:{since}:{format}:{diligence}",
        request.as_of,
        request.lang.code()
    );
    let bytes = state
        .cache
        .get_or_fill(seq, &key, || async move {
            let doc = write(state, seq, portfolio, request).await?;
            tokio::task::spawn_blocking(move || imvo_report::render(&doc, format))
                .await
                .map_err(ApiError::internal)?
                .map(Bytes::from)
                .map_err(ApiError::internal)
        })
        .await?;
    // A `Bytes` clone shares the cached buffer: the response does not copy the file.
    Ok(Bytes::clone(&bytes))
}

/// The HTTP answer with a letter file: its content type and file name, and for HTML the
/// letter's own content security policy (its inline styles, nothing else).
pub fn response(
    request: &LetterRequest,
    format: Format,
    bytes: Bytes,
    disposition: Disposition,
) -> Response {
    document_response(&request.file_name(format), format, bytes, disposition)
}

/// The HTTP answer with any document imvo writes (the letter, the annual covenant report): its
/// content type, its file name (ASCII, made by the caller from ids, dates and codes), and for
/// HTML the documents' own content security policy (their inline styles, nothing else).
pub fn document_response(
    file_name: &str,
    format: Format,
    bytes: Bytes,
    disposition: Disposition,
) -> Response {
    let how = match disposition {
        Disposition::Inline => "inline",
        Disposition::Attachment => "attachment",
    };
    let disposition = HeaderValue::from_str(&format!("{how}; filename=\"{file_name}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    let mut response = (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(format.content_type()),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response();
    if format == Format::Html {
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(LETTER_CSP),
        );
    }
    response
}

/// Writes the letter from the portfolio as of `request.as_of` at log state `seq`, with the
/// (cached) forecast of its target and the records of its changes section.
async fn write(
    state: &AppState,
    seq: i64,
    portfolio: Arc<Portfolio>,
    request: LetterRequest,
) -> ApiResult<Document> {
    let LetterRequest { as_of, lang, since } = request;
    let report = match forecast_target(&portfolio) {
        Some(target) => {
            Some(domain::target_report(state, seq, &portfolio, as_of, Some(target)).await?)
        }
        None => None,
    };
    let changes = match since {
        Some(since) if since < as_of => imvo_app::changes(&state.store, since, as_of)
            .await
            .map_err(domain::app_error)?,
        _ => Vec::new(),
    };
    let diligence =
        imvo_app::diligence::published(&state.store, &portfolio, &state.settings.threshold())
            .await
            .map_err(domain::app_error)?;
    let options = LetterOptions {
        lang,
        since,
        changes,
        diligence,
    };
    tokio::task::spawn_blocking(move || {
        progress_letter(&portfolio, report.as_ref().map(|r| &r.forecast), &options)
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(|e| match e {
        ReportError::Data(m) => ApiError::unprocessable(ErrorCode::NoLetter, m).with_field(
            if since.is_some_and(|s| s >= as_of) {
                "since"
            } else {
                "as_of"
            },
        ),
        other => ApiError::internal(other),
    })
}
