//! The covenants' due diligence on the dashboard: the index of covenants with a cycle, each
//! covenant's public page (members and the published figures), a company's own file with the
//! secretariat's feedback, and the secretariat's workbench.
//!
//! Every page reads through the same use cases as the API ([`imvo_app::diligence`]), which
//! check the reader: a company sees its own file only, a secretariat its own covenants'. The
//! public page shows only what passed the disclosure rule.
//!
//! One file per page: [`index`], [`public`], [`company`], [`workbench`], and the forms of the
//! cycle's steps in `steps/`; this module holds what they share.

mod company;
mod index;
mod public;
mod steps;
mod workbench;

pub use company::company;
pub use index::index;
pub use public::public;
pub(super) use steps::routes as step_routes;
pub use workbench::workbench;

use imvo_app::diligence::Ledger;
use imvo_diligence::Figure;
use imvo_diligence::cycle::Status;
use imvo_domain::{Id, Lang};

use super::{Ui, WebError};
use crate::domain;
use crate::state::AppState;

/// A dated line: a response, an escalation, a missed deadline.
#[derive(Debug, Clone)]
pub struct DatedRow {
    /// The date.
    pub date: String,
    /// What.
    pub text: String,
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
