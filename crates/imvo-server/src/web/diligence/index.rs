//! `GET /diligence`: the index of covenants with a due-diligence cycle.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use imvo_app::diligence::{self, Who};

use super::company_href;
use crate::auth::Caller;
use crate::domain::{self, app_error};
use crate::state::AppState;
use crate::web::render::{self, Link};
use crate::web::{Ui, WebError};

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
