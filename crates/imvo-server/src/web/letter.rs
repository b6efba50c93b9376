//! The progress letter to Parliament on the dashboard: shown inline in the dashboard's own
//! layout (the letter's HTML body from `imvo_report::render_html_body`, so the page keeps its
//! style sheet and its strict content security policy), and downloadable as Markdown,
//! self-contained HTML or PDF for any date, in Dutch or English, optionally with the changes
//! since an earlier date. The letter is made and cached by [`crate::letters`], as for the API.

use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use imvo_domain::Lang;
use imvo_report::{Format, HtmlPlacement};
use serde::Deserialize;

use super::{Ui, WebError, parse_date, render};
use crate::letters::{self, Disposition, LetterRequest};
use crate::state::AppState;

/// The letter's own parameters (the date is the page's `as_of`).
#[derive(Debug, Default, Deserialize)]
struct LetterQuery {
    letter_lang: Option<String>,
    since: Option<String>,
    format: Option<String>,
}

/// The letter's options from the query: language (default the page's), "changes since".
fn options(ui: &Ui, uri: &Uri) -> Result<(LetterQuery, LetterRequest), WebError> {
    let q: LetterQuery = serde_urlencoded::from_str(uri.query().unwrap_or("")).unwrap_or_default();
    let lang = match q.letter_lang.as_deref().map(str::trim) {
        None | Some("") => ui.lang,
        Some("nl") => Lang::Nl,
        Some("en") => Lang::En,
        Some(other) => {
            return Err(WebError::new(
                StatusCode::BAD_REQUEST,
                format!(
                    "{} {other:?}: {}",
                    ui.t("Onbekende taal", "Unknown language"),
                    ui.t("kies nl of en.", "choose nl or en.")
                ),
            )
            .with_field("letter_lang"));
        }
    };
    let since = match q.since.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(raw) => Some(parse_date(raw).ok_or_else(|| {
            WebError::new(
                StatusCode::BAD_REQUEST,
                ui.t(
                    "De datum ‘wijzigingen sinds’ is onleesbaar: schrijf hem als JJJJ-MM-DD.",
                    "The ‘changes since’ date cannot be read: write it as YYYY-MM-DD.",
                ),
            )
            .with_field("since")
        })?),
    };
    let request = LetterRequest {
        as_of: ui.as_of,
        lang,
        since,
    };
    Ok((q, request))
}

/// `GET /letter`: the letter inline, with its options and download links.
pub(super) async fn view(State(state): State<AppState>, ui: Ui, uri: Uri) -> Response {
    ui.page({
        async {
            let (_, request) = options(&ui, &uri)?;
            let LetterRequest { lang, since, .. } = request;
            // A letter this request cannot have (e.g. `since` not before the date) is said on
            // the page, beside the options to change it.
            let body = match letters::document(&state, request).await {
                Ok(doc) => Ok(imvo_report::render_html_body(
                    &doc,
                    HtmlPlacement {
                        id_prefix: "letter-",
                        title_level: 2,
                    },
                )),
                Err(e) if e.status() == StatusCode::UNPROCESSABLE_ENTITY => {
                    Err(e.message().to_string())
                }
                Err(e) => return Err(WebError::from(e)),
            };
            let code = lang.code();
            let mut query = format!("as_of={}&letter_lang={code}", ui.as_of);
            if let Some(s) = since {
                query.push_str(&format!("&since={s}"));
            }
            let downloads = [("PDF", "pdf"), ("HTML", "html"), ("Markdown", "md")]
                .into_iter()
                .map(|(label, f)| {
                    (
                        label.to_string(),
                        format!("/letter/download?format={f}&{query}"),
                    )
                })
                .collect();
            let page = render::LetterPage {
                ui: &ui,
                title: ui
                    .t(
                        "Voortgangsbrief aan de Tweede Kamer",
                        "Progress letter to Parliament",
                    )
                    .to_string(),
                letter_lang: code.to_string(),
                since: since.map(|s| s.to_string()).unwrap_or_default(),
                downloads,
                body,
            };
            Ok(render::html(&page))
        }
        .await
    })
}

/// `GET /letter/download?format=md|html|pdf`: the letter as a file.
pub(super) async fn download(State(state): State<AppState>, ui: Ui, uri: Uri) -> Response {
    match file(&state, &ui, &uri).await {
        Ok(r) => r,
        Err(e) => e.page(Some(&ui)),
    }
}

async fn file(state: &AppState, ui: &Ui, uri: &Uri) -> Result<Response, WebError> {
    let (q, request) = options(ui, uri)?;
    let format: Format = q.format.as_deref().unwrap_or("").parse().map_err(|_| {
        WebError::new(
            StatusCode::BAD_REQUEST,
            ui.t(
                "Kies een formaat: format=md, html of pdf.",
                "Choose a format: format=md, html or pdf.",
            ),
        )
        .with_field("format")
    })?;
    let bytes = letters::file(state, request, format).await?;
    Ok(letters::response(
        &request,
        format,
        bytes,
        Disposition::Attachment,
    ))
}
