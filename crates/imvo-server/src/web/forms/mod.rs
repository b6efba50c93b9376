//! The forms that record changes: an event, a phase change, a SMART agreement, a measurement.
//! Each form builds the same [`Record`] the CLI's `imvo record …` builds and hands it to
//! [`crate::domain::append`] (so [`imvo_app::append_record`]), which replays the log with it
//! before storing anything; a refusal comes back beside the field it names (and nothing is
//! stored). A SMART agreement is first checked element by element, so every missing element is
//! marked at once.
//!
//! # A form is one file
//!
//! Each form is a type implementing [`RecordForm`] in its own file (`event.rs`, `phase.rs`,
//! `agreement.rs`, `measurement.rs`): its path, its texts, its fields, how they are read into
//! a change, and which field a refusal belongs to. What every form does the same — show the
//! form prefilled, read the date and source, store the record, answer with the errors or go to
//! the page that shows the record — is here, generic over the form; the pieces forms are built
//! from are in `fields.rs`. A new form is a new file and one line in [`routes`] (and its rule
//! in the role table).
//!
//! Who may open and submit a form is decided by the role table; the CSRF token of the session
//! travels in a hidden field and is checked by the authorization middleware.

mod agreement;
mod event;
pub(super) mod fields;
mod measurement;
mod phase;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use chrono::NaiveDate;
use imvo_domain::{Change, Portfolio, Record};

use self::fields::{Builder, Errors, Values};
use super::render::{self, Fieldset};
use super::view::load;
use super::{Ui, WebError};
use crate::state::AppState;

/// The routes of the forms: each form's page, shown by GET and stored by POST.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .merge(route::<event::EventForm>())
        .merge(route::<phase::PhaseForm>())
        .merge(route::<agreement::AgreementForm>())
        .merge(route::<measurement::MeasurementForm>())
}

fn route<F: RecordForm>() -> Router<AppState> {
    Router::new().route(F::PATH, get(show::<F>).post(submit::<F>))
}

/// The title of a form's page, the sentence under it, and the label of its button.
pub(in crate::web) struct FormTexts {
    pub(in crate::web) title: &'static str,
    pub(in crate::web) intro: &'static str,
    pub(in crate::web) submit: &'static str,
}

/// What a form records once its fields are read: the change, and the page that shows it (where
/// the browser goes after storing, with the "recorded" notice and the sequence number).
struct Recorded {
    change: Change,
    shown_at: String,
}

/// A form that records one kind of change: everything that differs from one form to another.
trait RecordForm: 'static {
    /// The form's path: GET shows the form, POST stores it.
    const PATH: &'static str;

    /// The title, introduction and submit label, in the page's language.
    fn texts(ui: &Ui) -> FormTexts;

    /// The fieldsets of this kind of record, with the current values and errors; the date and
    /// source every record needs follow them.
    fn fieldsets(b: &Builder<'_>, p: &Portfolio) -> Vec<Fieldset>;

    /// Reads the submitted values into the change and the page showing it; `None` when a field
    /// cannot be read, with a message beside each such field in `e`. `date` is the record's
    /// date, when it could be read.
    fn read(
        ui: &Ui,
        p: &Portfolio,
        v: &Values,
        e: &mut Errors,
        date: Option<NaiveDate>,
    ) -> Option<Recorded>;

    /// The field of this form a field of the change belongs to (from a refusal by the rules:
    /// `change.trajectory` → `trajectory`), or `None`.
    fn field(change_field: &str) -> Option<&'static str>;
}

/// The form field a field named by a refusal belongs to: the date, its precision and the source
/// are on every form; the rest is the form's own. Empty when the refusal names no field of the
/// form (the message then stands above the form only).
fn form_field<F: RecordForm>(domain: &str) -> &'static str {
    let f = domain
        .trim_start_matches("change.")
        .trim_start_matches("agreement.");
    match f {
        "date" => "date",
        "date_precision" => "precision",
        s if s.starts_with("source") => "source_document",
        s => F::field(s).unwrap_or(""),
    }
}

fn form_page<F: RecordForm>(ui: &Ui, p: &Portfolio, values: &Values, errors: &Errors) -> String {
    let b = Builder { ui, values, errors };
    let texts = F::texts(ui);
    let mut sets = F::fieldsets(&b, p);
    sets.push(b.common());
    let page = render::FormPage {
        summary: render::error_summary(&sets),
        ui,
        title: texts.title.to_string(),
        intro: texts.intro.to_string(),
        action: F::PATH.to_string(),
        fieldsets: sets,
        error: errors.form.clone(),
        submit: texts.submit.to_string(),
    };
    render::html(&page)
}

/// Shows a form, prefilled from the query (e.g. `?trajectory=textile`) and with the page's date.
async fn show<F: RecordForm>(State(state): State<AppState>, ui: Ui, uri: Uri) -> Response {
    let p = match load(&state, &ui).await {
        Ok((_, p)) => p,
        Err(e) => return e.page(Some(&ui)),
    };
    let mut values = Values::parse(uri.query().unwrap_or("").as_bytes());
    values.0.retain(|(k, _)| k != "as_of" && k != "lang");
    values.set_default("date", ui.as_of.to_string());
    ui.respond(
        StatusCode::OK,
        form_page::<F>(&ui, &p, &values, &Errors::default()),
    )
}

/// Validates a submitted form, stores the record, and redirects to the page showing it; or
/// shows the form again with the errors beside the fields (422).
async fn submit<F: RecordForm>(State(state): State<AppState>, ui: Ui, body: Bytes) -> Response {
    let Some(actor) = ui.user.as_ref().map(|u| u.username.clone()) else {
        return WebError::new(
            StatusCode::UNAUTHORIZED,
            ui.t("Log eerst in.", "Log in first."),
        )
        .page(Some(&ui));
    };
    let p = match load(&state, &ui).await {
        Ok((_, p)) => p,
        Err(e) => return e.page(Some(&ui)),
    };
    let values = Values::parse(&body);
    let mut errors = Errors::default();
    let built = build::<F>(&ui, &p, &values, &mut errors);
    let (record, shown_at) = match built {
        Some(r) if errors.is_empty() => r,
        _ => {
            errors.mark_form(&ui);
            return ui.respond(
                StatusCode::UNPROCESSABLE_ENTITY,
                form_page::<F>(&ui, &p, &values, &errors),
            );
        }
    };
    match crate::domain::append(&state, record, &actor).await {
        Ok(entry) => recorded(&ui, &shown_at, entry.seq),
        Err(api) => {
            if api.status().is_server_error() {
                return WebError::from(api).page(Some(&ui));
            }
            let field = api.field().map(form_field::<F>).unwrap_or("");
            if !field.is_empty() {
                errors.add(field, api.message().to_string());
            }
            errors.form = Some(api.message().to_string());
            ui.respond(
                StatusCode::UNPROCESSABLE_ENTITY,
                form_page::<F>(&ui, &p, &values, &errors),
            )
        }
    }
}

/// The answer to a stored form: to the page that shows what was stored (`shown_at`), with the
/// "recorded" notice and its number; never cached, so going back does not show a stale form.
pub(in crate::web) fn recorded(ui: &Ui, shown_at: &str, seq: i64) -> Response {
    let target = ui.link(&format!("{shown_at}?recorded={seq}"));
    let mut r = (StatusCode::SEE_OTHER, [(header::LOCATION, target)]).into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// Builds the record of a form and the page to show afterwards; `None` (with errors) when a
/// field cannot be read. Every field is read, so every unreadable one is marked at once.
fn build<F: RecordForm>(
    ui: &Ui,
    p: &Portfolio,
    v: &Values,
    e: &mut Errors,
) -> Option<(Record, String)> {
    let common = fields::common(ui, v, e);
    let recorded = F::read(ui, p, v, e, common.as_ref().map(|c| c.0));
    let (date, date_precision, source) = common?;
    let Recorded { change, shown_at } = recorded?;
    Some((
        Record {
            date,
            date_precision,
            source,
            change,
        },
        shown_at,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_land_beside_their_field() {
        assert_eq!(
            form_field::<event::EventForm>("change.trajectories"),
            "trajectory"
        );
        assert_eq!(
            form_field::<agreement::AgreementForm>("change.agreement.owner"),
            "owner"
        );
        assert_eq!(form_field::<measurement::MeasurementForm>("date"), "date");
        assert_eq!(
            form_field::<measurement::MeasurementForm>("source.document"),
            "source_document"
        );
        assert_eq!(form_field::<phase::PhaseForm>("change.unknown"), "");
    }
}
