//! The steps of the yearly cycle as forms on the dashboard: a company submits its
//! self-assessment and plan (`submit.rs`) and responds to the feedback (`respond.rs`); the
//! secretariat assesses the latest submission (`assess.rs`).
//!
//! Each form builds the same [`Action`] the API's `POST /api/v1/covenants/{id}/diligence/steps`
//! and `imvo diligence record` take, and hands it to [`imvo_app::diligence::record`], which
//! checks who may take the step (the company itself; its covenant's secretariat) and every rule
//! of the cycle before anything is stored. A refusal comes back beside the field it names, and
//! nothing is stored. Showing a form passes the check of every reader of a company's file
//! ([`imvo_app::diligence::member_for`]), so a form shows nothing of a file its reader may not
//! see.
//!
//! A form is one file: a type implementing [`StepForm`]. What every form does the same — find
//! the covenant, the company and the year, prefill, store, answer with the errors or go back to
//! the company's file — is here.

mod assess;
mod respond;
mod submit;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use bytes::Bytes;
use imvo_app::diligence::{self, Ledger};
use imvo_diligence::cycle::{Action, CompanyYear};
use imvo_diligence::score::NOT_APPLICABLE;
use imvo_diligence::{Answers, Criterion, Framework, Scale, Score};
use imvo_domain::Id;
use serde::Deserialize;

use super::{company_href, ledger, parse_id};
use crate::auth::Caller;
use crate::domain::app_error;
use crate::state::AppState;
use crate::web::forms::fields::{Builder, Errors, Values, number_of};
use crate::web::forms::{FormTexts, recorded};
use crate::web::render::{self, Fieldset};
use crate::web::{Ui, WebError};

/// The routes of the step forms: each form's page, shown by GET and stored by POST.
pub(in crate::web) fn routes() -> Router<AppState> {
    Router::new()
        .merge(route::<submit::SubmitForm>())
        .merge(route::<assess::AssessForm>())
        .merge(route::<respond::RespondForm>())
}

fn route<F: StepForm>() -> Router<AppState> {
    Router::new().route(F::PATH, get(show::<F>).post(store::<F>))
}

/// What a form works on: the covenant's ledger, the company, the year's cycle and framework,
/// and the company's file that year.
pub(super) struct Context<'a> {
    ledger: &'a Ledger,
    company: &'a Id,
    year: i32,
    framework: &'a Framework,
    file: Option<&'a CompanyYear>,
}

/// A form that takes one step of the cycle.
pub(super) trait StepForm: 'static {
    /// The form's path: GET shows it, POST stores it (`?year=` chooses the year, else the
    /// latest cycle).
    const PATH: &'static str;

    /// The title, introduction and submit label, in the page's language.
    fn texts(ui: &Ui) -> FormTexts;

    /// Values to start from when the form is first shown (the latest submission …).
    fn prefill(ctx: &Context<'_>, v: &mut Values);

    /// The fieldsets, with the current values and errors.
    fn fieldsets(b: &Builder<'_>, ctx: &Context<'_>) -> Vec<Fieldset>;

    /// Reads the submitted values into the step; `None` when a field cannot be read, with a
    /// message beside each such field in `e`.
    fn read(ui: &Ui, ctx: &Context<'_>, v: &Values, e: &mut Errors) -> Option<Action>;

    /// The form field a field named by a refusal of the cycle's rules belongs to, if any.
    fn field(rule_field: &str) -> Option<String>;
}

/// The path's covenant and company.
#[derive(Debug, Deserialize)]
pub(super) struct StepPath {
    id: String,
    company: String,
}

/// The year chosen in the query.
#[derive(Debug, Deserialize)]
pub(super) struct YearQuery {
    year: Option<i32>,
}

/// Everything a form page needs, read and checked: the ledger and the company, after the
/// reader's access to the company's file was checked.
async fn open(
    state: &AppState,
    ui: &Ui,
    caller: &Caller,
    path: &StepPath,
) -> Result<(Ledger, Id), WebError> {
    let ledger = ledger(state, ui, &path.id).await?;
    let company = parse_id(ui, &path.company, "company")?;
    let who = caller
        .0
        .as_ref()
        .map_or(diligence::Who::Public, |c| c.who());
    diligence::member_for(&ledger, &who, &company).map_err(app_error)?;
    Ok((ledger, company))
}

fn context<'a>(
    ui: &Ui,
    ledger: &'a Ledger,
    company: &'a Id,
    year: Option<i32>,
) -> Result<Context<'a>, WebError> {
    let cycle = match year {
        Some(y) => ledger.book.cycles.get(&y),
        None => ledger.book.cycles.values().next_back(),
    }
    .ok_or_else(|| {
        WebError::not_found(ui.t(
            "Voor dit jaar is geen cyclus geopend.",
            "No cycle is open for this year.",
        ))
        .with_field("year")
    })?;
    let framework = ledger
        .frameworks
        .get(&(cycle.framework.clone(), cycle.version))
        .ok_or_else(|| {
            WebError::not_found(ui.t(
                "Het kader van dit jaar is niet geladen.",
                "This year's framework is not loaded.",
            ))
        })?;
    Ok(Context {
        ledger,
        company,
        year: cycle.year,
        framework,
        file: cycle.files.get(company),
    })
}

fn form_page<F: StepForm>(ui: &Ui, ctx: &Context<'_>, values: &Values, errors: &Errors) -> String {
    let b = Builder { ui, values, errors };
    let texts = F::texts(ui);
    let sets = F::fieldsets(&b, ctx);
    let member = ctx
        .ledger
        .book
        .members
        .get(ctx.company)
        .map_or_else(|| ctx.company.to_string(), |m| m.name.clone());
    let page = render::FormPage {
        summary: render::error_summary(&sets),
        ui,
        title: format!("{} — {member}, {}", texts.title, ctx.year),
        intro: texts.intro.to_string(),
        action: action_path::<F>(ctx),
        fieldsets: sets,
        error: errors.form.clone(),
        submit: texts.submit.to_string(),
    };
    render::html(&page)
}

fn action_path<F: StepForm>(ctx: &Context<'_>) -> String {
    let covenant = ctx.ledger.covenant.id();
    format!(
        "{}?year={}",
        F::PATH
            .replace("{id}", covenant.as_str())
            .replace("{company}", ctx.company.as_str()),
        ctx.year
    )
}

/// Shows a form, prefilled from the company's file.
async fn show<F: StepForm>(
    State(state): State<AppState>,
    ui: Ui,
    caller: Caller,
    Path(path): Path<StepPath>,
    Query(q): Query<YearQuery>,
) -> Response {
    let result = async {
        let (ledger, company) = open(&state, &ui, &caller, &path).await?;
        let ctx = context(&ui, &ledger, &company, q.year)?;
        let mut values = Values::default();
        F::prefill(&ctx, &mut values);
        Ok::<_, WebError>(form_page::<F>(&ui, &ctx, &values, &Errors::default()))
    }
    .await;
    ui.page(result)
}

/// Reads a submitted form, takes the step, and goes back to the company's file; or shows the
/// form again with the errors beside the fields (422).
async fn store<F: StepForm>(
    State(state): State<AppState>,
    ui: Ui,
    caller: Caller,
    Path(path): Path<StepPath>,
    Query(q): Query<YearQuery>,
    body: Bytes,
) -> Response {
    let (ledger, company) = match open(&state, &ui, &caller, &path).await {
        Ok(found) => found,
        Err(e) => return e.page(Some(&ui)),
    };
    let ctx = match context(&ui, &ledger, &company, q.year) {
        Ok(ctx) => ctx,
        Err(e) => return e.page(Some(&ui)),
    };
    let Some(principal) = caller.0.as_ref() else {
        return WebError::new(
            StatusCode::UNAUTHORIZED,
            ui.t("Log eerst in.", "Log in first."),
        )
        .page(Some(&ui));
    };
    let values = Values::parse(&body);
    let mut errors = Errors::default();
    let action = F::read(&ui, &ctx, &values, &mut errors);
    let action = match action {
        Some(a) if errors.is_empty() => a,
        _ => {
            errors.mark_form(&ui);
            return ui.respond(
                StatusCode::UNPROCESSABLE_ENTITY,
                form_page::<F>(&ui, &ctx, &values, &errors),
            );
        }
    };
    let covenant = ledger.covenant.id().clone();
    let outcome = diligence::record(
        &state.store,
        principal.who(),
        &covenant,
        imvo_app::today(),
        action,
    )
    .await;
    match outcome {
        Ok(seq) => recorded(&ui, &company_href(&covenant, &company), seq),
        Err(err) => {
            let api = app_error(err);
            if api.status().is_server_error() || api.status() == StatusCode::FORBIDDEN {
                return WebError::from(api).page(Some(&ui));
            }
            if let Some(field) = api.field().and_then(F::field) {
                errors.add(&field, api.message().to_string());
            }
            errors.form = Some(api.message().to_string());
            ui.respond(
                StatusCode::UNPROCESSABLE_ENTITY,
                form_page::<F>(&ui, &ctx, &values, &errors),
            )
        }
    }
}

/// The choices of a criterion's score: each point of its scale, and "not applicable" where
/// the criterion allows it.
fn score_choices(ui: &Ui, c: &Criterion) -> Vec<(String, String)> {
    let (min, max) = c.scale.bounds();
    let mut out = vec![(String::new(), ui.t("— kies —", "— choose —").to_owned())];
    out.extend((min..=max).map(|p| {
        let label = match c.scale {
            Scale::YesNo => {
                if p == 1 {
                    ui.t("ja", "yes").to_owned()
                } else {
                    ui.t("nee", "no").to_owned()
                }
            }
            Scale::Points { .. } => p.to_string(),
        };
        (p.to_string(), label)
    }));
    if c.not_applicable {
        out.push((
            NOT_APPLICABLE.to_owned(),
            ui.t("niet van toepassing", "not applicable").to_owned(),
        ));
    }
    out
}

/// Prefills the scores and inputs of `answers`.
fn prefill_answers(answers: &Answers, v: &mut Values) {
    for (criterion, score) in &answers.scores {
        let value = match score {
            Score::Points(p) => p.to_string(),
            Score::NotApplicable => NOT_APPLICABLE.to_owned(),
        };
        v.set_default(&format!("score.{criterion}"), value);
    }
    for (input, value) in &answers.inputs {
        v.set_default(&format!("input.{input}"), value.to_string());
    }
}

/// Reads the scores and inputs. Every criterion must be answered; the range of each is the
/// cycle's rule (checked when the step is taken).
fn read_answers(ui: &Ui, f: &Framework, v: &Values, e: &mut Errors) -> Answers {
    let mut answers = Answers::default();
    for (_, c) in f.criteria() {
        let field = format!("score.{}", c.id);
        let raw = v.get(&field);
        let score = if raw.is_empty() {
            e.add(&field, ui.t("Kies een score.", "Choose a score."));
            continue;
        } else if raw == NOT_APPLICABLE {
            Score::NotApplicable
        } else if let Ok(p) = raw.parse::<i64>() {
            Score::Points(p)
        } else {
            e.add(&field, ui.t("Kies een score.", "Choose a score."));
            continue;
        };
        answers.scores.insert(c.id.clone(), score);
    }
    for input in &f.inputs {
        let field = format!("input.{}", input.id);
        if let Some(x) = number_of(ui, v, &field, e) {
            answers.inputs.insert(input.id.clone(), x);
        }
    }
    answers
}

/// The form field of an answer a refusal names (`submission.answers.c1` → `score.c1`).
fn answer_field(rule_field: &str) -> Option<String> {
    let rest = rule_field.split_once('.').map_or(rule_field, |(_, r)| r);
    if let Some(c) = rest.strip_prefix("answers.") {
        return Some(format!("score.{c}"));
    }
    if let Some(i) = rest.strip_prefix("inputs.") {
        return Some(format!("input.{i}"));
    }
    None
}
