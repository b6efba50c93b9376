//! The covenants' due diligence on the dashboard: the index of covenants with a cycle, each
//! covenant's public page (members and the published figures), a company's own file with the
//! secretariat's feedback, and the secretariat's workbench.
//!
//! Every page reads through the same use cases as the API ([`imvo_app::diligence`]), which
//! check the reader: a company sees its own file only, a secretariat its own covenants'. The
//! public page shows only what passed the disclosure rule.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use imvo_app::diligence::{self, CompanyFile, Ledger, Who};
use imvo_diligence::cycle::{EscalationRule, Status};
use imvo_diligence::{Figure, Framework};
use imvo_domain::{Id, Lang};

use super::render::{self, Link};
use super::{Ui, WebError};
use crate::auth::Caller;
use crate::domain::{self, app_error};
use crate::state::AppState;

/// One covenant on the index.
#[derive(Debug, Clone)]
pub struct CovenantRow {
    /// Its public page.
    pub link: Link,
    /// Members now.
    pub members: usize,
    /// The published years.
    pub published: String,
    /// The caller's own file in it, when the caller is a member company.
    pub own_file: Option<String>,
    /// Its workbench, when the caller is its secretariat.
    pub workbench: Option<String>,
}

/// The index of covenants with a due-diligence cycle.
#[derive(Template)]
#[template(path = "diligence.html")]
pub struct IndexPage<'a> {
    /// Page context.
    pub ui: &'a Ui,
    /// Page title.
    pub title: String,
    /// The covenants.
    pub rows: Vec<CovenantRow>,
}

/// One member on the public page.
#[derive(Debug, Clone)]
pub struct MemberRow {
    /// Name.
    pub name: String,
    /// Registration number (KvK), or empty.
    pub registration: String,
    /// Joined on.
    pub joined: String,
    /// Status now.
    pub status: String,
    /// Not active.
    pub inactive: bool,
    /// A made-up company.
    pub synthetic: bool,
}

/// One published year on the public page.
#[derive(Debug, Clone)]
pub struct YearRow {
    /// The year.
    pub year: i32,
    /// Members that year.
    pub members: usize,
    /// Assessed companies (or "suppressed").
    pub assessed: String,
    /// Share fully meeting the framework.
    pub meets: String,
    /// Mean score.
    pub mean: String,
    /// Market share covered.
    pub market: String,
    /// Framework and version.
    pub framework: String,
    /// The annual report in three formats.
    pub report: Vec<Link>,
}

/// A covenant's public page.
#[derive(Template)]
#[template(path = "diligence_public.html")]
pub struct PublicPage<'a> {
    /// Page context.
    pub ui: &'a Ui,
    /// Page title.
    pub title: String,
    /// Any member is made up.
    pub synthetic: bool,
    /// The disclosure rule in words.
    pub rule: String,
    /// The chart of the share fully meeting the framework (inline SVG), or empty.
    pub chart: String,
    /// The published years.
    pub years: Vec<YearRow>,
    /// The members.
    pub members: Vec<MemberRow>,
    /// The JSON of this page.
    pub json: String,
}

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

/// A dated line: a response, an escalation, a missed deadline.
#[derive(Debug, Clone)]
pub struct DatedRow {
    /// The date.
    pub date: String,
    /// What.
    pub text: String,
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
    /// The JSON of this file.
    pub json: String,
}

/// The secretariat's workbench.
#[derive(Template)]
#[template(path = "diligence_workbench.html")]
pub struct WorkbenchPage<'a> {
    /// Page context.
    pub ui: &'a Ui,
    /// Page title.
    pub title: String,
    /// The covenant's public page.
    pub covenant: Link,
    /// Members by status.
    pub members: Vec<DatedRow>,
    /// Submissions awaiting assessment, with a link to each file.
    pub awaiting: Vec<(Link, String)>,
    /// Everything overdue.
    pub overdue: Vec<(Link, String)>,
    /// The escalation rule's proposals.
    pub proposals: Vec<(Link, String)>,
    /// The JSON of this workbench.
    pub json: String,
}

fn parse_id(ui: &Ui, raw: &str, field: &str) -> Result<Id, WebError> {
    Id::new(raw).map_err(|_| {
        WebError::not_found(ui.t(
            "Deze pagina bestaat niet: het adres bevat geen geldige code.",
            "This page does not exist: the address holds no valid id.",
        ))
        .with_field(field)
    })
}

async fn ledger(state: &AppState, ui: &Ui, raw: &str) -> Result<Ledger, WebError> {
    let id = parse_id(ui, raw, "id")?;
    Ok(domain::covenant_ledger(state, &id).await?)
}

fn figure_share(ui: &Ui, f: Figure<f64>) -> String {
    f.value()
        .map_or_else(|| suppressed(ui).to_owned(), |v| ui.lang.percent(v))
}

fn suppressed(ui: &Ui) -> &'static str {
    ui.t("afgeschermd", "suppressed")
}

fn company_href(covenant: &Id, company: &Id) -> String {
    format!("/covenants/{covenant}/diligence/companies/{company}")
}

fn status_label(lang: Lang, s: Status) -> String {
    s.label(lang).to_owned()
}

/// `GET /diligence`: the covenants with a due-diligence cycle, with the caller's own file and
/// workbench where it has them.
pub async fn index(State(state): State<AppState>, ui: Ui, Caller(caller): Caller) -> Response {
    let result = async {
        let (_, p) = domain::portfolio(&state, imvo_app::today()).await?;
        let mut rows = Vec::new();
        let with_logs = state
            .store
            .diligence_covenants()
            .await
            .map_err(domain::store_error)?;
        for covenant in p.covenants() {
            if !with_logs.iter().any(|c| c == covenant.id().as_str()) {
                continue;
            }
            let ledger = diligence::ledger_of(&state.store, covenant.clone())
                .await
                .map_err(app_error)?;
            let who = caller.as_ref().map_or(Who::Public, |c| c.who());
            let id = covenant.id();
            let own = ledger
                .book
                .members
                .keys()
                .find(|company| who.is_company(company));
            let published: Vec<String> = ledger
                .book
                .cycles
                .values()
                .filter(|c| c.published.is_some())
                .map(|c| c.year.to_string())
                .collect();
            rows.push(CovenantRow {
                link: Link {
                    text: covenant.spec.name.get(ui.lang).to_owned(),
                    href: ui.link(&format!("/covenants/{id}/diligence")),
                },
                members: ledger.book.members.len(),
                published: published.join(", "),
                own_file: own.map(|company| ui.link(&company_href(id, company))),
                workbench: who
                    .is_secretariat_of(covenant)
                    .then(|| ui.link(&format!("/covenants/{id}/diligence/workbench"))),
            });
        }
        Ok::<_, WebError>(render::html(&IndexPage {
            ui: &ui,
            title: ui
                .t(
                    "Gepaste zorgvuldigheid in de convenanten",
                    "Due diligence in the covenants",
                )
                .to_owned(),
            rows,
        }))
    }
    .await;
    ui.page(result)
}

/// `GET /covenants/{id}/diligence`: the members and the published figures.
pub async fn public(State(state): State<AppState>, ui: Ui, Path(id): Path<String>) -> Response {
    let result = async {
        let ledger = ledger(&state, &ui, &id).await?;
        let t = state.settings.threshold();
        let public = diligence::public_covenant(&ledger, &t);
        let lang = ui.lang;
        let cid = ledger.covenant.id().clone();
        let years = public
            .years
            .iter()
            .map(|y| YearRow {
                year: y.year,
                members: y.members,
                assessed: y
                    .assessed
                    .total
                    .value()
                    .map_or_else(|| suppressed(&ui).to_owned(), |n| n.to_string()),
                meets: figure_share(&ui, y.meets),
                mean: figure_share(&ui, y.mean_total),
                market: y
                    .market_share
                    .map_or_else(|| "—".to_owned(), |f| figure_share(&ui, f)),
                framework: format!("{} v{}", y.framework, y.version),
                report: ["html", "pdf", "md"]
                    .into_iter()
                    .map(|format| Link {
                        text: format.to_uppercase(),
                        href: format!(
                            "/api/v1/covenants/{cid}/diligence/reports/{}?lang={}&format={format}",
                            y.year,
                            lang.code()
                        ),
                    })
                    .collect(),
            })
            .collect();
        let members = public
            .members
            .iter()
            .map(|m| MemberRow {
                name: m.name.clone(),
                registration: m.registration.clone().unwrap_or_default(),
                joined: ui.date(m.joined),
                status: status_label(lang, m.status),
                inactive: m.status != Status::Active,
                synthetic: m.synthetic,
            })
            .collect();
        let chart = imvo_report::covenant::meets_chart(&public.years, None, lang)
            .map(|c| c.svg_inline("diligence-meets"))
            .unwrap_or_default();
        Ok::<_, WebError>(render::html(&PublicPage {
            ui: &ui,
            title: format!(
                "{}: {}",
                ledger.covenant.spec.name.get(lang),
                ui.t("gepaste zorgvuldigheid", "due diligence")
            ),
            synthetic: public.members.iter().any(|m| m.synthetic),
            rule: match lang {
                Lang::Nl => format!(
                    "Elk gepubliceerd cijfer berust op ten minste {} bedrijven; kleinere groepen zijn afgeschermd. De beoordeling van een afzonderlijk bedrijf is vertrouwelijk.",
                    t.k
                ),
                Lang::En => format!(
                    "Every published figure rests on at least {} companies; smaller groups are suppressed. A single company's assessment is confidential.",
                    t.k
                ),
            },
            chart,
            years,
            members,
            json: format!("/api/v1/covenants/{cid}/diligence"),
        }))
    }
    .await;
    ui.page(result)
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
            json: format!("/api/v1/covenants/{cid}/diligence/companies/{company}"),
        }))
    }
    .await;
    ui.page(result)
}

/// `GET /covenants/{id}/diligence/workbench`: the secretariat's workbench.
pub async fn workbench(
    State(state): State<AppState>,
    ui: Ui,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> Response {
    let result = async {
        let ledger = ledger(&state, &ui, &id).await?;
        let who = caller.as_ref().map_or(Who::Public, |c| c.who());
        let today = imvo_app::today();
        let bench = diligence::workbench(&ledger, &who, today, &EscalationRule::default())
            .map_err(app_error)?;
        let cid = ledger.covenant.id();
        let name = |company: &Id| {
            ledger
                .book
                .members
                .get(company)
                .map_or_else(|| company.to_string(), |m| m.name.clone())
        };
        let link = |company: &Id| Link {
            text: name(company),
            href: ui.link(&company_href(cid, company)),
        };
        Ok::<_, WebError>(render::html(&WorkbenchPage {
            ui: &ui,
            title: format!(
                "{}: {}",
                ledger.covenant.spec.name.get(ui.lang),
                ui.t(
                    "werkbank van het secretariaat",
                    "the secretariat's workbench"
                )
            ),
            covenant: Link {
                text: ledger.covenant.spec.name.get(ui.lang).to_owned(),
                href: ui.link(&format!("/covenants/{cid}/diligence")),
            },
            members: bench
                .members
                .iter()
                .map(|(s, n)| DatedRow {
                    date: status_label(ui.lang, *s),
                    text: n.to_string(),
                })
                .collect(),
            awaiting: bench
                .awaiting
                .iter()
                .map(|a| {
                    (
                        link(&a.company),
                        format!(
                            "{} {}, {} {} ({} {}; {} {})",
                            ui.t("jaar", "year"),
                            a.year,
                            ui.t("versie", "revision"),
                            a.revision,
                            ui.t("ingediend", "submitted"),
                            ui.date(a.submitted),
                            ui.t("beoordelen vóór", "assess by"),
                            ui.date(a.due)
                        ),
                    )
                })
                .collect(),
            overdue: bench
                .overdue
                .iter()
                .map(|o| {
                    (
                        link(&o.company),
                        format!(
                            "{} {}: {}, {} {}, {} {}",
                            ui.t("jaar", "year"),
                            o.year,
                            o.step.label(ui.lang),
                            ui.t("uiterlijk", "due"),
                            ui.date(o.due),
                            o.days_late,
                            ui.t("dagen te laat", "days late")
                        ),
                    )
                })
                .collect(),
            proposals: bench
                .proposals
                .iter()
                .map(|p| {
                    (
                        link(&p.overdue.company),
                        format!(
                            "{}: {} ({} {}, {})",
                            ui.t("voorstel", "proposal"),
                            p.step.label(ui.lang),
                            ui.t("jaar", "year"),
                            p.overdue.year,
                            p.overdue.step.label(ui.lang)
                        ),
                    )
                })
                .collect(),
            json: format!("/api/v1/covenants/{cid}/diligence/workbench"),
        }))
    }
    .await;
    ui.page(result)
}
