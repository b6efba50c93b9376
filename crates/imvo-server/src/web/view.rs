//! What the dashboard's pages, forms, letter and accounts share to build a view: the page
//! the portfolio as of the page's date, the words and CSS classes of
//! phases and event kinds, and links to trajectories. Kept apart from the pages so that a form,
//! the letter or the target page does not depend on the reading pages.

use std::sync::Arc;

use imvo_domain::{EventKind, Id, Phase, Portfolio};

use super::render::Link;
use super::{Ui, WebError};
use crate::domain;
use crate::state::AppState;

/// The portfolio as of the page's date.
pub(super) async fn load(state: &AppState, ui: &Ui) -> Result<(i64, Arc<Portfolio>), WebError> {
    domain::portfolio(state, ui.as_of)
        .await
        .map_err(WebError::from)
}

/// The CSS class of a phase's colour.
pub(super) fn phase_class(p: Option<Phase>) -> String {
    match p {
        Some(p) => format!("ph-{}", p.as_str()),
        None => "ph-none".to_string(),
    }
}

/// A phase's name, capitalised for headings and badges.
pub(super) fn phase_label(ui: &Ui, p: Option<Phase>) -> String {
    match p {
        Some(p) => capitalise(p.label(ui.lang)),
        None => ui.t("Geen fase gemeld", "No phase reported").to_string(),
    }
}

/// `s` with its first letter in upper case.
pub(super) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// An event kind in words.
pub(super) fn event_kind(ui: &Ui, k: EventKind) -> &'static str {
    match k {
        EventKind::Meeting => ui.t("Overleg", "Meeting"),
        EventKind::ExploratoryTalks => ui.t("Verkennend gesprek", "Exploratory talks"),
        EventKind::RoundTable => ui.t("Rondetafel", "Round table"),
        EventKind::Workshop => ui.t("Workshop", "Workshop"),
        EventKind::FeedbackMeeting => ui.t("Terugkoppeling", "Feedback meeting"),
        EventKind::Signing => ui.t("Ondertekening", "Signing"),
        EventKind::Letter => ui.t("Brief", "Letter"),
        EventKind::Announcement => ui.t("Aankondiging of besluit", "Announcement or decision"),
        EventKind::Publication => ui.t("Publicatie", "Publication"),
        EventKind::Other => ui.t("Overig", "Other"),
    }
}

/// A link to a trajectory's page, named in the page's language.
pub(super) fn trajectory_link(ui: &Ui, p: &Portfolio, id: &Id) -> Link {
    Link {
        text: p
            .trajectory(id)
            .map_or_else(|| id.to_string(), |t| t.spec.name.get(ui.lang).to_string()),
        href: ui.link(&format!("/trajectories/{id}")),
    }
}
