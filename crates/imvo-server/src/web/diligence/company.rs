//! `GET /covenants/{id}/diligence/companies/{company}`: a company's own file, with the
//! secretariat's feedback.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use imvo_app::diligence::{self, CompanyFile, Ledger, Who};
use imvo_diligence::Framework;
use imvo_domain::{Id, Lang};

use super::{DatedRow, company_href, ledger, parse_id, status_label};
use crate::auth::Caller;
use crate::domain::app_error;
use crate::state::AppState;
use crate::web::render::{self, Link};
use crate::web::{Ui, WebError};

/// One element of a scorecard.
#[derive(Debug, Clone)]
pub struct ElementRow {
    /// Element name.
    pub name: String,
    /// Share met.
    pub share: String,
    /// Grade, or empty.
    pub grade: String,
}

/// One comment of the secretariat on a criterion.
#[derive(Debug, Clone)]
pub struct CommentRow {
    /// The criterion, in words.
    pub criterion: String,
    /// The comment.
    pub comment: String,
}

/// One year of a company's file.
#[derive(Debug, Clone)]
pub struct FileYear {
    /// The year.
    pub year: i32,
    /// Framework and version.
    pub framework: String,
    /// The deadlines in words.
    pub deadlines: String,
    /// How many submissions (revisions).
    pub submissions: usize,
    /// The verdict of the latest assessment, or what awaits.
    pub verdict: String,
    /// Total score.
    pub total: String,
    /// Meets the framework.
    pub meets: bool,
    /// Per element.
    pub elements: Vec<ElementRow>,
    /// The secretariat's overall feedback.
    pub feedback: String,
    /// Its comments per criterion.
    pub comments: Vec<CommentRow>,
    /// The company's responses.
    pub responses: Vec<DatedRow>,
    /// Escalations.
    pub escalations: Vec<DatedRow>,
    /// Missed deadlines.
    pub overdue: Vec<DatedRow>,
}

/// A company's own file.
#[derive(Template)]
#[template(path = "diligence_company.html")]
pub struct CompanyPage<'a> {
    /// Page context.
    pub ui: &'a Ui,
    /// Page title.
    pub title: String,
    /// The covenant's public page.
    pub covenant: Link,
    /// A made-up company.
    pub synthetic: bool,
    /// Status history.
    pub statuses: Vec<DatedRow>,
    /// Turnover by year.
    pub turnover: Vec<DatedRow>,
    /// The years, newest first.
    pub years: Vec<FileYear>,
    /// The steps the reader may take now (forms), for the latest cycle.
    pub steps: Vec<Link>,
    /// The JSON of this file.
    pub json: String,
}

fn element_name(framework: Option<&Framework>, id: &Id, lang: Lang) -> String {
    framework
        .and_then(|f| f.elements.iter().find(|e| &e.id == id))
        .map_or_else(|| id.to_string(), |e| e.name.get(lang).to_owned())
}

fn file_year(ui: &Ui, ledger: &Ledger, y: &diligence::CompanyYearView) -> FileYear {
    let lang = ui.lang;
    let framework = ledger.frameworks.get(&(y.framework.clone(), y.version));
    let assessed = y.file.latest_assessment();
    let (verdict, total, meets, elements) = match &y.scorecard {
        Some(card) => (
            framework
                .and_then(|f| f.verdict(&card.verdict))
                .map_or_else(
                    || card.verdict.to_string(),
                    |v| v.label.get(lang).to_owned(),
                ),
            card.total.map_or_else(String::new, |t| lang.percent(t)),
            card.meets,
            card.elements
                .iter()
                .map(|e| ElementRow {
                    name: element_name(framework, &e.element, lang),
                    share: e.share.map_or_else(|| "—".to_owned(), |s| lang.percent(s)),
                    grade: e.grade.clone().unwrap_or_default(),
                })
                .collect(),
        ),
        None => (
            if y.file.submissions.is_empty() {
                ui.t("nog niet ingediend", "not yet submitted")
            } else {
                ui.t("wacht op beoordeling", "awaiting assessment")
            }
            .to_owned(),
            String::new(),
            false,
            Vec::new(),
        ),
    };
    let comments = assessed
        .map(|a| {
            a.assessment
                .comments
                .iter()
                .map(|(criterion, comment)| CommentRow {
                    criterion: framework.and_then(|f| f.criterion(criterion)).map_or_else(
                        || criterion.to_string(),
                        |(_, c)| c.text.get(lang).to_owned(),
                    ),
                    comment: comment.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    FileYear {
        year: y.year,
        framework: framework.map_or_else(
            || format!("{} v{}", y.framework, y.version),
            |f| f.title(lang),
        ),
        deadlines: format!(
            "{} {} · {} {} · {} {}",
            ui.t("indienen vóór", "submit by"),
            ui.date(y.calendar.submission_due),
            ui.t("beoordeling vóór", "assessment by"),
            ui.date(y.calendar.assessment_due),
            ui.t("reactie vóór", "respond by"),
            ui.date(y.calendar.response_due),
        ),
        submissions: y.file.submissions.len(),
        verdict,
        total,
        meets,
        elements,
        feedback: assessed
            .and_then(|a| a.assessment.feedback.clone())
            .unwrap_or_default(),
        comments,
        responses: y
            .file
            .responses
            .iter()
            .map(|n| DatedRow {
                date: ui.date(n.date),
                text: n.what.clone(),
            })
            .collect(),
        escalations: y
            .file
            .escalations
            .iter()
            .map(|n| DatedRow {
                date: ui.date(n.date),
                text: format!("{}: {}", n.what.step.label(lang), n.what.decision),
            })
            .collect(),
        overdue: y
            .overdue
            .iter()
            .map(|o| DatedRow {
                date: ui.date(o.due),
                text: format!(
                    "{}, {} {}",
                    o.step.label(lang),
                    o.days_late,
                    ui.t("dagen te laat", "days late")
                ),
            })
            .collect(),
    }
}

/// `GET /covenants/{id}/diligence/companies/{company}`: a company's file, for the company
/// itself and the covenant's secretariat only.
pub async fn company(
    State(state): State<AppState>,
    ui: Ui,
    Caller(caller): Caller,
    Path((id, company)): Path<(String, String)>,
) -> Response {
    let result = async {
        let ledger = ledger(&state, &ui, &id).await?;
        let company = parse_id(&ui, &company, "company")?;
        let who = caller.as_ref().map_or(Who::Public, |c| c.who());
        let file: CompanyFile = diligence::company_file(&ledger, &who, &company, imvo_app::today())
            .map_err(app_error)?;
        let cid = ledger.covenant.id();
        let steps = step_links(&ui, &ledger, &who, &company);
        Ok::<_, WebError>(render::html(&CompanyPage {
            ui: &ui,
            title: file.member.name.clone(),
            covenant: Link {
                text: ledger.covenant.spec.name.get(ui.lang).to_owned(),
                href: ui.link(&format!("/covenants/{cid}/diligence")),
            },
            synthetic: file.member.synthetic,
            statuses: file
                .member
                .statuses
                .iter()
                .map(|s| DatedRow {
                    date: ui.date(s.since),
                    text: format!("{} — {}", status_label(ui.lang, s.status), s.reason),
                })
                .collect(),
            turnover: file
                .turnover
                .iter()
                .map(|(year, t)| DatedRow {
                    date: year.to_string(),
                    text: format!("€ {} mln", ui.lang.number(*t, 1)),
                })
                .collect(),
            years: file
                .years
                .iter()
                .rev()
                .map(|y| file_year(&ui, &ledger, y))
                .collect(),
            steps,
            json: format!("/api/v1/covenants/{cid}/diligence/companies/{company}"),
        }))
    }
    .await;
    ui.page(result)
}

/// The forms the reader may use for the latest cycle: the company submits (or resubmits) and,
/// once assessed, responds; the secretariat assesses a submission.
fn step_links(ui: &Ui, ledger: &Ledger, who: &Who<'_>, company: &Id) -> Vec<Link> {
    let Some(cycle) = ledger.book.cycles.values().next_back() else {
        return Vec::new();
    };
    let file = cycle.files.get(company);
    let submitted = file.is_some_and(|f| !f.submissions.is_empty());
    let assessed = file.is_some_and(|f| !f.assessments.is_empty());
    let base = company_href(ledger.covenant.id(), company);
    let link = |step: &str, text: &str| Link {
        text: format!("{text} ({})", cycle.year),
        href: ui.link(&format!("{base}/{step}?year={}", cycle.year)),
    };
    let mut out = Vec::new();
    if who.is_company(company) {
        out.push(link(
            "submit",
            ui.t(
                "Zelfbeoordeling en plan indienen",
                "Submit the self-assessment and plan",
            ),
        ));
        if assessed {
            out.push(link(
                "respond",
                ui.t("Reageren op de terugkoppeling", "Respond to the feedback"),
            ));
        }
    }
    if who.is_secretariat_of(&ledger.covenant) && submitted {
        out.push(link(
            "assess",
            ui.t("Inzending beoordelen", "Assess the submission"),
        ));
    }
    out
}
