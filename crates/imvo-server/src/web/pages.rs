//! The reading pages: the portfolio at a glance, the sectors, a sector, a trajectory, and the
//! target with its forecast. Each replays the portfolio as of the page's date through the
//! server's cache and turns it into view structs for the templates.

use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use imvo_domain::{Agreement, Covenant, Event, Id, Lang, OrganisationKind, Portfolio, TrackStatus};

use super::render::{
    self, AgreementView, CovenantView, Link, OrgRow, PhaseCount, PhaseGroup, PhaseRow, SectorRow,
    SpellRow, TimelineItem, TrajectoryRow,
};
use super::target::{summary, target_report};
use super::view::{capitalise, event_kind, load, phase_class, phase_label, trajectory_link};
use super::{Ui, WebError};
use crate::state::AppState;

/// How many events the portfolio page shows before folding the rest away.
const RECENT_EVENTS: usize = 12;

fn org_kind(ui: &Ui, k: OrganisationKind) -> &'static str {
    match k {
        OrganisationKind::BranchOrganisation => ui.t("brancheorganisatie", "branch organisation"),
        OrganisationKind::EmployersOrganisation => {
            ui.t("werkgeversorganisatie", "employers' organisation")
        }
        OrganisationKind::Union => ui.t("vakbond", "trade union"),
        OrganisationKind::Ngo => ui.t("ngo", "NGO"),
        OrganisationKind::KnowledgeInstitute => ui.t("kennisinstelling", "knowledge institute"),
        OrganisationKind::Government => ui.t("overheid", "government"),
        OrganisationKind::AdvisoryCouncil => ui.t("adviesraad", "advisory council"),
        OrganisationKind::Regulator => ui.t("toezichthouder", "regulator"),
        OrganisationKind::InternationalOrganisation => {
            ui.t("internationale organisatie", "international organisation")
        }
        OrganisationKind::MultiStakeholderInitiative => ui.t(
            "multi-stakeholderinitiatief",
            "multi-stakeholder initiative",
        ),
        OrganisationKind::Company => ui.t("bedrijf", "company"),
        OrganisationKind::Secretariat => ui.t("secretariaat", "secretariat"),
        OrganisationKind::Other => ui.t("overig", "other"),
    }
}

fn org_name(ui: &Ui, p: &Portfolio, id: &Id) -> String {
    match p.organisation(id) {
        Some(o) => {
            let name = match (ui.lang, &o.name_en) {
                (Lang::En, Some(en)) => en.as_str(),
                _ => o.name.as_str(),
            };
            match &o.abbreviation {
                Some(a) if a != name => format!("{name} ({a})"),
                _ => name.to_string(),
            }
        }
        None => id.to_string(),
    }
}

fn sector_link(ui: &Ui, p: &Portfolio, id: &Id) -> Link {
    Link {
        text: p
            .sector(id)
            .map_or_else(|| id.to_string(), |s| s.name.get(ui.lang).to_string()),
        href: ui.link(&format!("/sectors/{id}")),
    }
}

/// The date an event happened (or will), for ordering and display.
fn event_date(e: &Event) -> imvo_domain::Dated {
    e.when.unwrap_or(e.recorded)
}

fn timeline(ui: &Ui, p: &Portfolio, events: &[&Event]) -> Vec<TimelineItem> {
    let mut events: Vec<&Event> = events.to_vec();
    events.sort_by_key(|e| std::cmp::Reverse(event_date(e).date));
    events
        .into_iter()
        .map(|e| {
            let d = event_date(e);
            TimelineItem {
                date: if e.when.is_none() && e.spec.undated {
                    format!("{} ({})", ui.dated(&d), ui.t("bekend sinds", "known since"))
                } else {
                    ui.dated(&d)
                },
                iso: d.date.to_string(),
                kind: event_kind(ui, e.spec.event).to_string(),
                text: e.spec.description.get(ui.lang).to_string(),
                trajectories: e
                    .spec
                    .trajectories
                    .iter()
                    .map(|t| trajectory_link(ui, p, t))
                    .collect(),
                planned: e.spec.planned,
                source: e.source.citation(),
            }
        })
        .collect()
}

/// Whether the request asks to show a "recorded" notice (after a form was stored).
fn notice(ui: &Ui, uri: &Uri) -> Option<String> {
    let recorded = form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
        .find(|(k, _)| k == "recorded")
        .map(|(_, v)| v.into_owned())?;
    Some(format!(
        "{} ({} {recorded}).",
        ui.t(
            "Vastgelegd: de wijziging staat in het logboek en is hieronder verwerkt",
            "Recorded: the change is in the log and shown below"
        ),
        ui.t("volgnummer", "sequence number"),
    ))
}

/// `GET /`: the portfolio at a glance.
pub(super) async fn portfolio(State(state): State<AppState>, ui: Ui, uri: Uri) -> Response {
    ui.page({
        async {
            let (seq, p) = load(&state, &ui).await?;
            let groups_src = p.trajectories_by_phase();
            let counts = groups_src
                .iter()
                .map(|g| PhaseCount {
                    label: phase_label(&ui, g.phase),
                    class: phase_class(g.phase),
                    count: g.trajectories.len(),
                })
                .collect();
            let groups = groups_src
                .iter()
                .map(|g| PhaseGroup {
                    label: phase_label(&ui, g.phase),
                    class: phase_class(g.phase),
                    rows: g
                        .trajectories
                        .iter()
                        .map(|t| TrajectoryRow {
                            link: trajectory_link(&ui, &p, t.id()),
                            sectors: t
                                .spec
                                .sectors
                                .iter()
                                .map(|s| sector_link(&ui, &p, s))
                                .collect(),
                            since: t
                                .current_spell()
                                .map(|s| ui.dated(&s.since))
                                .unwrap_or_default(),
                            covenants: p
                                .covenants_in(t.id())
                                .iter()
                                .map(|c| {
                                    format!(
                                        "{} · {}",
                                        c.spec.name.get(ui.lang),
                                        ui.dated(&c.signed)
                                    )
                                })
                                .collect(),
                        })
                        .collect(),
                })
                .collect();
            let events: Vec<&Event> = p.events().collect();
            let mut recent = timeline(&ui, &p, &events);
            let older = if recent.len() > RECENT_EVENTS {
                recent.split_off(RECENT_EVENTS)
            } else {
                Vec::new()
            };
            let target = target_report(&state, seq, &p, ui.as_of)
                .await
                .ok()
                .map(|r| summary(&ui, &r));
            let page = render::PortfolioPage {
                ui: &ui,
                title: ui.t("Portefeuille", "Portfolio").to_string(),
                total: p.trajectories().len(),
                counts,
                groups,
                recent,
                older,
                target,
                covenants: p.covenants().iter().filter(|c| c.ended.is_none()).count(),
                notice: notice(&ui, &uri),
            };
            Ok(render::html(&page))
        }
        .await
    })
}

/// `GET /sectors`: every sector with its trajectories.
pub(super) async fn sectors(State(state): State<AppState>, ui: Ui) -> Response {
    ui.page({
        async {
            let (_, p) = load(&state, &ui).await?;
            let rows = p
                .sectors()
                .iter()
                .map(|s| SectorRow {
                    link: sector_link(&ui, &p, &s.id),
                    chapter: chapter(&ui, &p, s.sra_chapter.as_ref()),
                    elevated: s.elevated_risk,
                    trajectories: p
                        .trajectories()
                        .iter()
                        .filter(|t| t.spec.sectors.contains(&s.id))
                        .map(|t| {
                            (
                                trajectory_link(&ui, &p, t.id()),
                                phase_label(&ui, t.phase()).to_lowercase(),
                                phase_class(t.phase()),
                            )
                        })
                        .collect(),
                })
                .collect();
            let page = render::SectorsPage {
                ui: &ui,
                title: ui.t("Sectoren", "Sectors").to_string(),
                rows,
            };
            Ok(render::html(&page))
        }
        .await
    })
}

fn chapter(ui: &Ui, p: &Portfolio, id: Option<&Id>) -> String {
    match id {
        Some(id) => p
            .sra_chapter(id)
            .map_or_else(|| id.to_string(), |c| c.name.get(ui.lang).to_string()),
        None => ui.t("buiten de SRA", "outside the SRA").to_string(),
    }
}

fn parse_id(ui: &Ui, raw: &str) -> Result<Id, WebError> {
    Id::new(raw).map_err(|e| {
        WebError::new(
            StatusCode::BAD_REQUEST,
            format!(
                "{} {e}",
                ui.t(
                    "Het adres noemt geen geldige id:",
                    "The address names no valid id:"
                )
            ),
        )
        .with_field("id")
    })
}

fn covenant_view(ui: &Ui, p: &Portfolio, c: &Covenant) -> CovenantView {
    let l = ui.lang;
    let mut parties: Vec<String> = c
        .spec
        .parties
        .iter()
        .map(|party| {
            format!(
                "{} ({})",
                org_name(ui, p, &party.organisation),
                party.role.label(ui.lang)
            )
        })
        .collect();
    if let Some(d) = &c.spec.parties_description {
        parties.push(d.get(ui.lang).to_string());
    }
    if let Some(n) = c.spec.party_count {
        parties.push(format!(
            "{n} {}",
            ui.t("partijen in totaal", "parties in all")
        ));
    }
    let governance = c.spec.governance.as_ref().map_or_else(String::new, |g| {
        let mut parts = Vec::new();
        if g.steering_group {
            parts.push(ui.t("stuurgroep", "steering group").to_string());
        }
        if let Some(chair) = &g.chair {
            parts.push(format!(
                "{}: {}",
                ui.t("voorzitter", "chair"),
                org_name(ui, p, chair)
            ));
        }
        if let Some(sec) = &g.secretariat {
            parts.push(format!(
                "{}: {}",
                ui.t("secretariaat", "secretariat"),
                org_name(ui, p, sec)
            ));
        }
        if let Some(n) = &g.note {
            parts.push(n.get(ui.lang).to_string());
        }
        parts.join("; ")
    });
    CovenantView {
        name: c.spec.name.get(ui.lang).to_string(),
        signed: ui.dated(&c.signed),
        parties: l.join_list(&parties),
        duration: c
            .spec
            .duration_years
            .map(|y| {
                format!(
                    "{y} {}",
                    ui.t("jaar", if y == 1 { "year" } else { "years" })
                )
            })
            .unwrap_or_default(),
        governance,
        complaints: c
            .spec
            .complaints_mechanism
            .as_ref()
            .map(|t| t.get(ui.lang).to_string())
            .unwrap_or_default(),
        ended: c
            .ended
            .as_ref()
            .map(|(d, why)| match why {
                Some(w) => format!("{} ({})", ui.dated(d), w.get(ui.lang)),
                None => ui.dated(d),
            })
            .unwrap_or_default(),
        description: c
            .spec
            .description
            .as_ref()
            .map(|t| t.get(ui.lang).to_string())
            .unwrap_or_default(),
        agreements: p
            .agreements_of(c.id())
            .into_iter()
            .map(|a| agreement_view(ui, p, a))
            .collect(),
    }
}

fn agreement_view(ui: &Ui, p: &Portfolio, a: &Agreement) -> AgreementView {
    let l = ui.lang;
    let s = &a.agreement;
    let unit = &s.indicator().unit;
    let value = |v: f64| {
        let decimals = if v.fract() == 0.0 { 0 } else { 1 };
        format!("{} {unit}", l.number(v, decimals))
    };
    let point = |pt: imvo_domain::Point| format!("{} ({})", value(pt.value), ui.date(pt.date));
    let latest = a.latest();
    let (status, class) = match latest.map(|x| x.status) {
        Some(TrackStatus::Achieved) => (TrackStatus::Achieved.label(ui.lang), "achieved"),
        Some(TrackStatus::OnTrack) => (TrackStatus::OnTrack.label(ui.lang), "on"),
        Some(TrackStatus::OffTrack) => (TrackStatus::OffTrack.label(ui.lang), "off"),
        None => (ui.t("nog niet gemeten", "not measured yet"), "none"),
    };
    AgreementView {
        id: s.id().to_string(),
        result: s.result().get(ui.lang).to_string(),
        indicator: format!("{} ({unit})", s.indicator().name.get(ui.lang)),
        baseline: point(s.baseline()),
        target: point(s.target()),
        owner: org_name(ui, p, s.owner()),
        risks: s.risks().join(", "),
        latest: latest.map_or_else(
            || "–".to_string(),
            |m| format!("{} ({})", value(m.value), ui.date(m.date)),
        ),
        bar: latest.map(|m| {
            (
                (m.progress * 100.0).clamp(0.0, 100.0).round(),
                (m.expected * 100.0).clamp(0.0, 100.0).round(),
            )
        }),
        progress: latest.map_or_else(String::new, |m| {
            format!(
                "{} {}; {} {}",
                l.percent(m.progress),
                ui.t("van de weg", "of the way"),
                ui.t("verwacht", "expected"),
                l.percent(m.expected)
            )
        }),
        status: (capitalise(status), class.to_string()),
    }
}

/// `GET /sectors/{id}`: one sector, its trajectories, covenants and events.
pub(super) async fn sector(
    State(state): State<AppState>,
    ui: Ui,
    Path(raw): Path<String>,
) -> Response {
    ui.page({
        async {
            let id = parse_id(&ui, &raw)?;
            let (_, p) = load(&state, &ui).await?;
            let s = p.sector(&id).ok_or_else(|| {
                WebError::not_found(format!(
                    "{} {raw:?} {} {}.",
                    ui.t("Er is geen sector", "There is no sector"),
                    ui.t("op", "as of"),
                    ui.date(ui.as_of)
                ))
                .with_field("id")
            })?;
            let ts: Vec<_> = p
                .trajectories()
                .iter()
                .filter(|t| t.spec.sectors.contains(&id))
                .collect();
            let mut events: Vec<&Event> = Vec::new();
            let mut covenants = Vec::new();
            for t in &ts {
                for e in p.events_of(t.id()) {
                    if !events.iter().any(|x| x.spec.id == e.spec.id) {
                        events.push(e);
                    }
                }
                covenants.extend(
                    p.covenants_in(t.id())
                        .into_iter()
                        .map(|c| covenant_view(&ui, &p, c)),
                );
            }
            let page = render::SectorPage {
                ui: &ui,
                title: s.name.get(ui.lang).to_string(),
                chapter: chapter(&ui, &p, s.sra_chapter.as_ref()),
                elevated: s.elevated_risk,
                trajectories: ts
                    .iter()
                    .map(|t| PhaseRow {
                        link: trajectory_link(&ui, &p, t.id()),
                        phase: phase_label(&ui, t.phase()),
                        class: phase_class(t.phase()),
                        since: t
                            .current_spell()
                            .map(|s| ui.dated(&s.since))
                            .unwrap_or_default(),
                    })
                    .collect(),
                covenants,
                events: timeline(&ui, &p, &events),
            };
            Ok(render::html(&page))
        }
        .await
    })
}

/// `GET /trajectories/{id}`: one trajectory in full.
pub(super) async fn trajectory(
    State(state): State<AppState>,
    ui: Ui,
    uri: Uri,
    Path(raw): Path<String>,
) -> Response {
    ui.page({
        async {
            let id = parse_id(&ui, &raw)?;
            let (_, p) = load(&state, &ui).await?;
            let t = p.trajectory(&id).ok_or_else(|| {
                WebError::not_found(format!(
                    "{} {raw:?} {} {}.",
                    ui.t("Er is geen traject", "There is no trajectory"),
                    ui.t("op", "as of"),
                    ui.date(ui.as_of)
                ))
                .with_field("id")
            })?;
            let organisations = p
                .organisations_in(&id)
                .into_iter()
                .map(|(o, roles)| OrgRow {
                    name: org_name(&ui, &p, &o.id),
                    kind: org_kind(&ui, o.category).to_string(),
                    roles: roles
                        .iter()
                        .map(|r| r.label(ui.lang))
                        .collect::<Vec<_>>()
                        .join(", "),
                })
                .collect();
            let spells = t
                .phases
                .iter()
                .map(|s| SpellRow {
                    phase: phase_label(&ui, Some(s.phase)),
                    class: phase_class(Some(s.phase)),
                    since: ui.dated(&s.since),
                    note: s
                        .note
                        .as_ref()
                        .map(|n| n.get(ui.lang).to_string())
                        .unwrap_or_default(),
                    source: s.source.citation(),
                })
                .collect();
            let page = render::TrajectoryPage {
                ui: &ui,
                title: t.spec.name.get(ui.lang).to_string(),
                id: id.to_string(),
                phase: (phase_label(&ui, t.phase()), phase_class(t.phase())),
                since: t
                    .current_spell()
                    .map(|s| ui.dated(&s.since))
                    .unwrap_or_default(),
                sectors: t
                    .spec
                    .sectors
                    .iter()
                    .map(|s| sector_link(&ui, &p, s))
                    .collect(),
                spells,
                organisations,
                initiatives: p
                    .initiatives_of(&id)
                    .into_iter()
                    .map(|(i, link)| {
                        (
                            i.name.get(ui.lang).to_string(),
                            link.note
                                .as_ref()
                                .map(|n| n.get(ui.lang).to_string())
                                .unwrap_or_default(),
                        )
                    })
                    .collect(),
                events: timeline(&ui, &p, &p.events_of(&id)),
                covenants: p
                    .covenants_in(&id)
                    .into_iter()
                    .map(|c| covenant_view(&ui, &p, c))
                    .collect(),
                notice: notice(&ui, &uri),
            };
            Ok(render::html(&page))
        }
        .await
    })
}
