//! `GET /covenants/{id}/diligence`: a covenant's public page, members and published figures.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use imvo_app::diligence::{self};
use imvo_diligence::cycle::Status;
use imvo_domain::Lang;

use super::{figure_share, ledger, status_label, suppressed};
use crate::state::AppState;
use crate::web::render::{self, Link};
use crate::web::{Ui, WebError};

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
