//! The progress letter to Parliament on the dashboard: shown inline in the dashboard's own
//! layout (the letter's document model drawn as HTML here, so the page keeps its style sheet and
//! its strict content security policy), and downloadable as Markdown, self-contained HTML or PDF
//! for any date, in Dutch or English, optionally with the changes since an earlier date. The
//! letter itself is written by `imvo_report::letter::progress_letter`, as for `imvo report
//! letter`.

use std::fmt::Write as _;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use imvo_domain::Lang;
use imvo_report::letter::{LetterOptions, progress_letter};
use imvo_report::{Align, Block, Document, Format, Inline, LayoutWords, ReportError, Table};
use serde::Deserialize;

use super::pages::{load, page, target_report};
use super::{Ui, WebError, attachment, esc, parse_date, render};
use crate::auth::Caller;
use crate::security::LETTER_CSP;
use crate::state::AppState;

/// The letter's own parameters (the date is the page's `as_of`).
#[derive(Debug, Default, Deserialize)]
struct LetterQuery {
    letter_lang: Option<String>,
    since: Option<String>,
    format: Option<String>,
}

/// The letter's options from the query: language (default the page's), "changes since".
fn options(ui: &Ui, uri: &Uri) -> Result<(LetterQuery, Lang, Option<NaiveDate>), WebError> {
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
    Ok((q, lang, since))
}

/// The letter as of the page's date.
async fn letter(
    state: &AppState,
    ui: &Ui,
    lang: Lang,
    since: Option<NaiveDate>,
) -> Result<Result<Document, String>, WebError> {
    let (seq, p) = load(state, ui).await?;
    let forecast = target_report(state, seq, &p, ui.as_of).await.ok();
    let options = LetterOptions { lang, since };
    Ok(
        progress_letter(&p, forecast.as_ref().map(|r| &r.forecast), &options).map_err(
            |e| match e {
                ReportError::Data(m) => m,
                other => other.to_string(),
            },
        ),
    )
}

/// `GET /letter`: the letter inline, with its options and download links.
pub(super) async fn view(
    State(state): State<AppState>,
    Caller(caller): Caller,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    page!(state, caller, headers, uri, |ui| {
        async {
            let (_, lang, since) = options(&ui, &uri)?;
            let doc = letter(&state, &ui, lang, since).await?;
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
                body: doc.map(|d| document_html(&d)),
            };
            Ok(render::html(&page))
        }
        .await
    })
}

/// `GET /letter/download?format=md|html|pdf`: the letter as a file.
pub(super) async fn download(
    State(state): State<AppState>,
    Caller(caller): Caller,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let ui = match Ui::from_request(&state, caller, &headers, &uri) {
        Ok(ui) => ui,
        Err(e) => return e.page(None),
    };
    match file(&state, &ui, &uri).await {
        Ok(r) => r,
        Err(e) => e.page(Some(&ui)),
    }
}

async fn file(state: &AppState, ui: &Ui, uri: &Uri) -> Result<Response, WebError> {
    let (q, lang, since) = options(ui, uri)?;
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
    let seq = state
        .cache
        .current_seq(&state.store)
        .await
        .map_err(|e| WebError::from(crate::auth::accounts::store_error(e)))?;
    let key = format!("letter:{}:{lang:?}:{since:?}:{format}", ui.as_of);
    let bytes = state
        .cache
        .get_or_fill(seq, &key, || async {
            let doc = letter(state, ui, lang, since)
                .await?
                .map_err(|m| WebError::new(StatusCode::UNPROCESSABLE_ENTITY, m))?;
            tokio::task::spawn_blocking(move || imvo_report::render(&doc, format))
                .await
                .map_err(|e| WebError::from(crate::error::ApiError::internal(e)))?
                .map_err(|e| WebError::from(crate::error::ApiError::internal(e)))
        })
        .await?;
    let stem = match lang {
        Lang::Nl => "voortgangsbrief-imvo",
        Lang::En => "imvo-progress-letter",
    };
    let name = format!("{stem}-{}-{}.{}", ui.as_of, lang.code(), format.extension());
    let mut response = (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(format.content_type()),
            ),
            (header::CONTENT_DISPOSITION, attachment(&name)),
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

/// The letter's body as HTML for the dashboard: headings, paragraphs, lists, tables, figures
/// (inline SVG with the numbers in a fold-out table) and numbered notes. All text is escaped.
pub(super) fn document_html(doc: &Document) -> String {
    let l = doc.lang;
    let mut notes: Vec<String> = Vec::new();
    let mut out = String::new();
    let _ = write!(
        out,
        "<header class=\"letter-head\"><h2 class=\"doc-title\">{}</h2>",
        esc(&doc.title)
    );
    if let Some(s) = &doc.subtitle {
        let _ = write!(out, "<p class=\"subtitle\">{}</p>", esc(s));
    }
    if !doc.meta.is_empty() {
        out.push_str("<dl class=\"facts\">");
        for (k, v) in &doc.meta {
            let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(v));
        }
        out.push_str("</dl>");
    }
    out.push_str("</header>");
    let mut figure = 0;
    let mut table_no = 0;
    for b in &doc.blocks {
        match b {
            Block::Heading { level, text } => {
                let h = (*level).clamp(1, 3) + 1;
                let _ = write!(out, "<h{h}>{}</h{h}>", esc(text));
            }
            Block::Paragraph(runs) => {
                let _ = write!(out, "<p>{}</p>", inlines(runs, &mut notes));
            }
            Block::Note(runs) => {
                let _ = write!(out, "<p class=\"note\">{}</p>", inlines(runs, &mut notes));
            }
            Block::List(items) => {
                out.push_str("<ul>");
                for i in items {
                    let _ = write!(out, "<li>{}</li>", inlines(i, &mut notes));
                }
                out.push_str("</ul>");
            }
            Block::Table(t) => {
                table_no += 1;
                let caption = t
                    .caption
                    .as_ref()
                    .map(|c| format!("{} {table_no}. {c}", l.table_word()));
                out.push_str(&table_html(t, caption.as_deref()));
            }
            Block::Figure(f) => {
                figure += 1;
                let _ = write!(
                    out,
                    "<figure class=\"chart\">{}<figcaption><b>{} {figure}.</b> {}</figcaption>\
                     <details><summary>{}</summary>{}</details></figure>",
                    f.chart.svg_inline(&format!("letter-fig-{figure}")),
                    l.figure_word(),
                    esc(&f.caption),
                    esc(l.chart_data_word()),
                    table_html(&f.chart.data, None)
                );
            }
        }
    }
    if !notes.is_empty() {
        let _ = write!(
            out,
            "<section class=\"notes\"><h2>{}</h2><ol>",
            esc(l.notes_word())
        );
        for (i, n) in notes.iter().enumerate() {
            let k = i + 1;
            let _ = write!(
                out,
                "<li id=\"fn-{k}\">{} <a href=\"#fnref-{k}\" aria-label=\"{}\">↩</a></li>",
                esc(n),
                l.pick("terug", "back")
            );
        }
        out.push_str("</ol></section>");
    }
    out
}

fn inlines(runs: &[Inline], notes: &mut Vec<String>) -> String {
    let mut s = String::new();
    for r in runs {
        match r {
            Inline::Text(t) => s.push_str(&esc(t)),
            Inline::Emph(t) => {
                let _ = write!(s, "<em>{}</em>", esc(t));
            }
            Inline::Strong(t) => {
                let _ = write!(s, "<strong>{}</strong>", esc(t));
            }
            Inline::Footnote(t) => {
                notes.push(t.clone());
                let k = notes.len();
                let _ = write!(
                    s,
                    "<sup class=\"fn\"><a href=\"#fn-{k}\" id=\"fnref-{k}\">{k}</a></sup>"
                );
            }
        }
    }
    s
}

fn table_html(t: &Table, caption: Option<&str>) -> String {
    let class = |a: Align| match a {
        Align::Left => "",
        Align::Right => " class=\"r\"",
        Align::Center => " class=\"c\"",
    };
    let mut s = String::from("<div class=\"table-wrap\"><table class=\"data\">");
    if let Some(c) = caption {
        let _ = write!(s, "<caption>{}</caption>", esc(c));
    }
    s.push_str("<thead><tr>");
    for c in &t.columns {
        let _ = write!(
            s,
            "<th scope=\"col\"{}>{}</th>",
            class(c.align),
            esc(&c.header)
        );
    }
    s.push_str("</tr></thead><tbody>");
    for row in 0..t.rows.len() {
        s.push_str("<tr>");
        for (i, c) in t.columns.iter().enumerate() {
            let _ = write!(s, "<td{}>{}</td>", class(c.align), esc(t.cell(row, i)));
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table></div>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use imvo_report::Column;

    #[test]
    fn the_letter_body_escapes_text_and_numbers_notes() {
        let mut doc = Document::new(imvo_report::Lang::Nl, "Brief <1>");
        doc.push(Block::heading(1, "Inleiding & doel"));
        doc.push(Block::Paragraph(vec![
            Inline::text("a<b"),
            Inline::footnote("Bron \"x\""),
        ]));
        doc.push(Block::Table(Table {
            caption: Some("T".into()),
            columns: vec![Column::text("k"), Column::number("n")],
            rows: vec![vec!["<i>".into(), "1".into()]],
        }));
        let html = document_html(&doc);
        assert!(html.contains("Brief &lt;1&gt;"), "{html}");
        assert!(html.contains("<h2>Inleiding &amp; doel</h2>"), "{html}");
        assert!(
            html.contains("a&lt;b<sup class=\"fn\"><a href=\"#fn-1\""),
            "{html}"
        );
        assert!(
            html.contains("<li id=\"fn-1\">Bron &quot;x&quot;"),
            "{html}"
        );
        assert!(
            html.contains("<td>&lt;i&gt;</td><td class=\"r\">1</td>"),
            "{html}"
        );
        assert!(!html.contains("<i>"), "{html}");
    }
}
