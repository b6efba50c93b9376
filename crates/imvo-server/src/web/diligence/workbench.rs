//! `GET /covenants/{id}/diligence/workbench`: the secretariat's workbench.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use imvo_app::diligence::{self, Who};
use imvo_diligence::cycle::EscalationRule;
use imvo_domain::Id;

use super::{DatedRow, company_href, ledger, status_label};
use crate::auth::Caller;
use crate::domain::app_error;
use crate::state::AppState;
use crate::web::render::{self, Link};
use crate::web::{Ui, WebError};

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
