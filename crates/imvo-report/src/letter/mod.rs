//! The progress letter to Parliament, written from a [`Portfolio`] as of a date.
//!
//! The structure follows the letter of 10 July 2015 (Kamerstuk 26 485 nr. 212): 1 introduction
//! (the SRA and its sectors, the steps so far), 2 progress per trajectory grouped by phase
//! (front runners negotiating, multi-stakeholder dialogue, exploring, no initiative, other
//! sectors joining; signed and implementing when later), 3 the role of government, 4 stakeholder
//! involvement, 5 conclusion with the target status, the forecast and two charts, and, when
//! asked, 6 the changes since an earlier date. Every name, date, phase and count comes from the
//! portfolio; the wording lives in [`text`] (both languages side by side), the two figures in
//! `figures` and the changes section in `changes`.
//!
//! A little over 600 lines on purpose: sections 1 to 5 are one method each, in the order the
//! letter prints them, so this file reads top to bottom like the letter it writes.

mod changes;
mod figures;
mod text;

pub use self::figures::{forecast_target, target_chart};

use chrono::{Datelike, NaiveDate};
use imvo_diligence::cycle::PublishedCovenant;
use imvo_domain::{
    Dated, DurationSource, Forecast, Organisation, Phase, Portfolio, Record, Source, TrackStatus,
    Trajectory,
};

use crate::ReportError;
use crate::lang::Lang;
use crate::model::{Block, Document, Inline};

/// What the letter needs besides the portfolio.
#[derive(Debug, Clone, PartialEq)]
pub struct LetterOptions {
    /// The language.
    pub lang: Lang,
    /// Add a section with the records after this date (up to the portfolio's date).
    pub since: Option<NaiveDate>,
    /// The records of that section: those effective after `since` and on or before the
    /// portfolio's date, in replay order (`imvo_app::changes`). The portfolio keeps no records,
    /// so the caller reads them from the log; ignored without `since`.
    pub changes: Vec<Record>,
    /// The covenants' published due-diligence figures as of the letter's date
    /// (`imvo_app::diligence::published`): a sentence each where the letter discusses the
    /// covenant. Public figures only, through the disclosure rule.
    pub diligence: Vec<PublishedCovenant>,
}

/// Writes the progress letter as of the portfolio's date. `forecast` is the forecast of the
/// target [`forecast_target`] names, when one could be made; any other forecast is left out.
///
/// Errors when the portfolio has no date (nothing was replayed) or `since` is not before it.
pub fn progress_letter(
    portfolio: &Portfolio,
    forecast: Option<&Forecast>,
    options: &LetterOptions,
) -> Result<Document, ReportError> {
    let l = options.lang;
    let as_of = portfolio.as_of().ok_or_else(|| {
        ReportError::Data(l.pick(
            "de portefeuille is leeg op deze datum: laad eerst een dataset (imvo load of imvo demo)",
            "the portfolio is empty on this date: load a dataset first (imvo load or imvo demo)",
        ).to_owned())
    })?;
    if let Some(since) = options.since
        && since >= as_of
    {
        return Err(ReportError::Data(format!(
            "--since {since} must be before --as-of {as_of}"
        )));
    }
    let w = Writer {
        p: portfolio,
        l,
        as_of,
        forecast: forecast.filter(|f| forecast_target(portfolio) == Some(&f.target)),
        diligence: &options.diligence,
    };
    let mut doc = Document::new(l, text::title(l));
    doc.subtitle = Some(text::subtitle(l, &l.date(as_of)));
    doc.date = Some((as_of.year(), as_of.month(), as_of.day()));
    doc.meta = vec![
        (text::meta_date(l).to_owned(), l.date(as_of)),
        (
            text::meta_subject(l).to_owned(),
            text::subject(l).to_owned(),
        ),
        (
            text::meta_basis(l).to_owned(),
            text::basis(
                l,
                portfolio.record_count(),
                portfolio.source_documents().len(),
            ),
        ),
    ];
    w.introduction(&mut doc);
    w.progress(&mut doc);
    w.government(&mut doc);
    w.stakeholders(&mut doc);
    w.conclusion(&mut doc);
    if let Some(since) = options.since {
        w.changes(&mut doc, since, &options.changes);
    }
    doc.push(Block::Note(vec![Inline::text(text::provenance(l))]));
    Ok(doc)
}

struct Writer<'a> {
    p: &'a Portfolio,
    l: Lang,
    as_of: NaiveDate,
    forecast: Option<&'a Forecast>,
    diligence: &'a [PublishedCovenant],
}

impl Writer<'_> {
    fn date(&self, d: &Dated) -> String {
        d.format(self.l)
    }

    fn cite(&self, sources: &[&Source]) -> Inline {
        let mut seen: Vec<String> = Vec::new();
        for s in sources {
            let c = s.citation();
            if !seen.contains(&c) {
                seen.push(c);
            }
        }
        Inline::footnote(text::source(self.l, &seen.join("; ")))
    }

    /// "Nederlandse Vereniging van Banken (NVB)".
    fn org_name(&self, o: &Organisation) -> String {
        let name = match (self.l, &o.name_en) {
            (Lang::En, Some(en)) => en.as_str(),
            _ => o.name.as_str(),
        };
        match &o.abbreviation {
            Some(a) if a != name => format!("{name} ({a})"),
            _ => name.to_owned(),
        }
    }

    fn org_short(&self, o: &Organisation) -> String {
        o.short_name(self.l).to_owned()
    }

    fn sector_names(&self, ids: &[imvo_domain::Id]) -> Vec<String> {
        ids.iter()
            .filter_map(|id| self.p.sector(id))
            .map(|s| text::in_sentence(s.name.get(self.l)))
            .collect()
    }

    fn introduction(&self, doc: &mut Document) {
        let l = self.l;
        doc.push(Block::heading(1, text::h_intro(l)));
        let elevated: Vec<String> = self
            .p
            .sectors()
            .iter()
            .filter(|s| s.elevated_risk)
            .map(|s| text::in_sentence(s.name.get(l)))
            .collect();
        if !elevated.is_empty() {
            doc.push(Block::para(text::intro_sra(
                l,
                elevated.len(),
                &l.join_list(&elevated),
            )));
        }
        // Steps of the process as a whole: dated events that belong to no trajectory.
        let mut general: Vec<_> = self
            .p
            .general_events()
            .into_iter()
            .filter(|e| e.when.is_some_and(|w| w.date <= self.as_of) && !e.spec.planned)
            .collect();
        general.sort_by_key(|e| e.when.map(|w| w.date));
        if !general.is_empty() {
            doc.push(Block::para(text::intro_milestones(l)));
            let items = general
                .iter()
                .map(|e| {
                    let when = e.when.as_ref().map(|d| self.date(d)).unwrap_or_default();
                    vec![
                        Inline::strong(when),
                        Inline::text(format!(" – {}", e.spec.description.get(l))),
                        self.cite(&[&e.source]),
                    ]
                })
                .collect();
            doc.push(Block::List(items));
        }
        // Where the trajectories stand.
        let groups = self.p.trajectories_by_phase();
        let parts: Vec<String> = groups
            .iter()
            .rev()
            .map(|g| text::overview_part(l, g.phase, g.trajectories.len()))
            .collect();
        let covenants = self
            .p
            .covenants()
            .iter()
            .filter(|c| c.ended.is_none())
            .count();
        doc.push(Block::para(text::intro_overview(
            l,
            self.p.trajectories().len(),
            &parts,
            covenants,
        )));
    }

    fn progress(&self, doc: &mut Document) {
        let l = self.l;
        doc.push(Block::heading(1, text::h_progress(l)));
        doc.push(Block::para(text::progress_intro(l)));
        let groups = self.p.trajectories_by_phase();
        let any_signed = self
            .p
            .trajectories()
            .iter()
            .any(|t| t.phase().is_some_and(|p| p >= Phase::Signed));
        let mut other: Vec<&Trajectory> = Vec::new();
        let mut n = 0;
        for g in &groups {
            let (sra, rest): (Vec<&Trajectory>, Vec<&Trajectory>) = g
                .trajectories
                .iter()
                .partition(|t| self.p.is_sra_trajectory(t));
            other.extend(rest);
            if sra.is_empty() {
                continue;
            }
            n += 1;
            let leaders = g.phase == Some(Phase::Negotiating) && !any_signed;
            let names: Vec<String> = sra
                .iter()
                .map(|t| text::in_sentence(t.spec.name.get(l)))
                .collect();
            doc.push(Block::heading(
                2,
                format!("2.{n} {}", text::group_heading(l, g.phase, leaders)),
            ));
            doc.push(Block::para(text::group_intro(l, g.phase, &names, leaders)));
            for t in sra {
                self.trajectory(doc, t);
            }
        }
        if !other.is_empty() {
            n += 1;
            doc.push(Block::heading(
                2,
                format!("2.{n} {}", text::group_heading_other(l)),
            ));
            let sra_count = self.p.sectors().iter().filter(|s| s.elevated_risk).count();
            doc.push(Block::para(text::group_intro_other(l, sra_count)));
            for t in other {
                self.trajectory(doc, t);
            }
        }
    }

    fn trajectory(&self, doc: &mut Document, t: &Trajectory) {
        let l = self.l;
        let d = l;
        doc.push(Block::heading(3, t.spec.name.get(d)));
        let mut sources: Vec<&Source> = vec![&t.source];
        let mut para: Vec<Inline> = Vec::new();
        let sectors = l.join_list(&self.sector_names(&t.spec.sectors));
        if let Some(spell) = t.current_spell() {
            para.push(Inline::text(text::phase_line(
                l,
                spell.phase.label(d),
                &self.date(&spell.since),
                &sectors,
            )));
            sources.push(&spell.source);
            let earlier: Vec<String> = t.phases[..t.phases.len() - 1]
                .iter()
                .map(|s| format!("{} ({})", s.phase.label(d), self.date(&s.since)))
                .collect();
            if !earlier.is_empty() {
                para.push(Inline::text(text::phase_history(l, &earlier.join(", "))));
                sources.extend(t.phases.iter().map(|s| &s.source));
            }
            if let Some(note) = &spell.note {
                para.push(Inline::text(format!("{} ", note.get(d).trim())));
            }
        }
        for c in self.p.covenants_in(t.id()) {
            let parties = c
                .spec
                .party_count
                .map(|n| text::covenant_parties(l, n))
                .unwrap_or_default();
            para.push(Inline::text(text::covenant_line(
                l,
                c.spec.name.get(d),
                &self.date(&c.signed),
                &parties,
            )));
            if let Some(desc) = &c.spec.description {
                para.push(Inline::text(format!("{} ", desc.get(d).trim())));
            }
            if let Some((end, _)) = &c.ended {
                para.push(Inline::text(text::covenant_ended(l, &self.date(end))));
            }
            let agreements = self.p.agreements_of(c.id());
            if !agreements.is_empty() {
                let measured = agreements.iter().filter(|a| a.latest().is_some()).count();
                let on_track = agreements
                    .iter()
                    .filter(|a| {
                        a.latest()
                            .is_some_and(|p| !matches!(p.status, TrackStatus::OffTrack))
                    })
                    .count();
                para.push(Inline::text(text::agreements_status(
                    l,
                    agreements.len(),
                    measured,
                    on_track,
                )));
            }
            if let Some(published) = self.diligence.iter().find(|d| &d.covenant == c.id()) {
                para.push(Inline::text(self.diligence_line(published)));
            }
            sources.push(&c.source);
        }
        if let Some(f) = self.forecast
            && let Some(ch) = f.trajectories.iter().find(|c| &c.trajectory == t.id())
        {
            para.push(Inline::text(text::chance_line(
                l,
                &l.date(f.deadline),
                &l.percent(ch.probability),
            )));
        }
        let trimmed = trim_end(para);
        let mut para = trimmed;
        para.push(self.cite(&sources));
        doc.push(Block::Paragraph(para));

        // Organisations and roles.
        let orgs = self.p.organisations_in(t.id());
        if !orgs.is_empty() {
            let list: Vec<String> = orgs
                .iter()
                .map(|(o, roles)| {
                    let mut labels: Vec<&str> = Vec::new();
                    for r in roles {
                        let s = r.label(d);
                        if !labels.contains(&s) {
                            labels.push(s);
                        }
                    }
                    format!("{} – {}", self.org_name(o), labels.join(", "))
                })
                .collect();
            let role_sources: Vec<&Source> = t.roles.iter().map(|r| &r.source).collect();
            doc.push(Block::Paragraph(vec![
                Inline::emph(text::organisations_lead(l).trim_end()),
                Inline::text(format!(" {}.", list.join("; "))),
                self.cite(&role_sources),
            ]));
        }
        // Existing initiatives.
        let inits = self.p.initiatives_of(t.id());
        if !inits.is_empty() {
            let list: Vec<String> = inits
                .iter()
                .map(|(i, link)| match &link.note {
                    Some(n) => format!(
                        "{} ({})",
                        i.name.get(d),
                        n.get(d).trim().trim_end_matches('.')
                    ),
                    None => i.name.get(d).to_owned(),
                })
                .collect();
            let link_sources: Vec<&Source> = inits.iter().map(|(_, link)| &link.source).collect();
            doc.push(Block::Paragraph(vec![
                Inline::emph(text::initiatives_lead(l).trim_end()),
                Inline::text(format!(" {}.", list.join("; "))),
                self.cite(&link_sources),
            ]));
        }
        // Dated events.
        let mut events = self.p.events_of(t.id());
        events.sort_by_key(|e| (e.when.is_none(), e.when.map(|w| w.date)));
        if !events.is_empty() {
            let items = events
                .iter()
                .map(|e| {
                    let mut when = match &e.when {
                        Some(w) => self.date(w),
                        None => text::undated(l).to_owned(),
                    };
                    if e.spec.planned {
                        when = format!("{when} ({})", text::planned(l));
                    }
                    let mut desc = e.spec.description.get(d).trim().to_owned();
                    if let Some(p) = e.spec.participants {
                        let extra = text::participants(l, p.count, p.more_than);
                        desc = match desc.strip_suffix('.') {
                            Some(s) => format!("{s}{extra}."),
                            None => format!("{desc}{extra}"),
                        };
                    }
                    let mut item = vec![Inline::strong(when), Inline::text(format!(" – {desc}"))];
                    // Organisations with a role above go by their short name; others
                    // appear here for the first time and get their full name.
                    let orgs: Vec<String> = e
                        .spec
                        .organisations
                        .iter()
                        .filter_map(|id| self.p.organisation(id))
                        .map(|o| {
                            if t.roles.iter().any(|r| r.organisation == o.id) {
                                self.org_short(o)
                            } else {
                                self.org_name(o)
                            }
                        })
                        .collect();
                    if !orgs.is_empty() {
                        item.push(Inline::text(format!(" ({})", orgs.join(", "))));
                    }
                    item.push(self.cite(&[&e.source]));
                    item
                })
                .collect();
            doc.push(Block::List(items));
        }
    }

    fn government(&self, doc: &mut Document) {
        use imvo_domain::GovernmentActivityKind as K;
        let l = self.l;
        let d = l;
        doc.push(Block::heading(1, text::h_government(l)));
        doc.push(Block::para(text::gov_intro(l)));
        for kind in [
            K::RoundTable,
            K::KnowledgeWorkshop,
            K::DirectDialogue,
            K::Exploration,
            K::International,
        ] {
            let of_kind: Vec<_> = self
                .p
                .government_activities()
                .filter(|a| a.spec.activity == kind)
                .collect();
            if of_kind.is_empty() {
                continue;
            }
            doc.push(Block::Paragraph(vec![
                Inline::strong(text::gov_kind(l, kind)),
                Inline::text(text::gov_kind_intro(l, kind)),
            ]));
            let items = of_kind
                .iter()
                .map(|a| {
                    let mut item = Vec::new();
                    if let Some(w) = &a.when {
                        let mut when = self.date(w);
                        if a.spec.planned {
                            when = format!("{when} ({})", text::planned(l));
                        }
                        item.push(Inline::strong(when));
                        item.push(Inline::text(" – "));
                    }
                    let mut s = a.spec.description.get(d).trim().to_owned();
                    // The trajectories taking part are the more precise (banks rather than
                    // the financial sector); the sectors serve when none is named.
                    let mut sectors: Vec<String> = a
                        .spec
                        .trajectories
                        .iter()
                        .filter_map(|id| self.p.trajectory(id))
                        .map(|t| text::in_sentence(t.spec.name.get(d)))
                        .collect();
                    if sectors.is_empty() {
                        sectors = self.sector_names(&a.spec.sectors);
                    }
                    let mut seen = Vec::new();
                    sectors.retain(|x| {
                        let new = !seen.contains(x);
                        seen.push(x.clone());
                        new
                    });
                    if !sectors.is_empty() {
                        s.push_str(&text::participating_sectors(l, &l.join_list(&sectors)));
                    }
                    let orgs: Vec<String> = a
                        .spec
                        .organisations
                        .iter()
                        .filter_map(|id| self.p.organisation(id))
                        .map(|o| self.org_name(o))
                        .collect();
                    if !orgs.is_empty() {
                        s.push_str(&text::with_organisations(l, &l.join_list(&orgs)));
                    }
                    item.push(Inline::text(s));
                    item.push(self.cite(&[&a.source]));
                    item
                })
                .collect();
            doc.push(Block::List(items));
        }
    }

    fn stakeholders(&self, doc: &mut Document) {
        let l = self.l;
        let d = l;
        doc.push(Block::heading(1, text::h_stakeholders(l)));
        let acts = self.p.stakeholder_activities();
        let mut involved: Vec<String> = Vec::new();
        for a in acts.clone() {
            for id in &a.spec.organisations {
                if let Some(o) = self.p.organisation(id) {
                    let s = self.org_short(o);
                    if !involved.contains(&s) {
                        involved.push(s);
                    }
                }
            }
        }
        doc.push(Block::para(text::stakeholder_intro(
            l,
            &l.join_list(&involved),
        )));
        let items = acts
            .map(|a| {
                let mut item = vec![Inline::strong(format!(
                    "{}.",
                    text::stakeholder_kind(l, a.spec.activity)
                ))];
                let mut s = String::from(" ");
                if let Some(w) = &a.when {
                    let when = self.date(w);
                    s.push_str(&if a.spec.planned {
                        format!("{} ({when}): ", capitalise_first(text::planned(l)))
                    } else {
                        format!("{}: ", capitalise_first(&when))
                    });
                }
                s.push_str(a.spec.description.get(d).trim());
                let orgs: Vec<String> = a
                    .spec
                    .organisations
                    .iter()
                    .filter_map(|id| self.p.organisation(id))
                    .map(|o| self.org_name(o))
                    .collect();
                if !orgs.is_empty() {
                    s.push_str(&text::with_organisations(l, &l.join_list(&orgs)));
                }
                if !a.spec.themes.is_empty() {
                    let themes: Vec<String> = a
                        .spec
                        .themes
                        .iter()
                        .map(|t| t.label(d).to_owned())
                        .collect();
                    s.push_str(&text::themes(l, &l.join_list(&themes)));
                }
                item.push(Inline::text(s));
                item.push(self.cite(&[&a.source]));
                item
            })
            .collect();
        doc.push(Block::List(items));
    }

    /// What the companies of a covenant achieved in due diligence: the latest published year's
    /// share fully meeting the framework, with the earlier years.
    fn diligence_line(&self, d: &PublishedCovenant) -> String {
        let l = self.l;
        let share = |f: imvo_diligence::Figure<f64>| f.value().map(|v| l.percent(v));
        let Some(latest) = d.years.last() else {
            return String::new();
        };
        let earlier: Vec<String> = d.years[..d.years.len() - 1]
            .iter()
            .rev()
            .map(|y| {
                format!(
                    "{}: {}",
                    y.year,
                    share(y.meets).unwrap_or_else(|| text::suppressed(l).to_owned())
                )
            })
            .collect();
        text::diligence_line(
            l,
            latest.year,
            share(latest.meets).as_deref(),
            latest.assessed.total.value(),
            &earlier.join(", "),
            d.threshold.k,
            d.synthetic,
        )
    }

    fn conclusion(&self, doc: &mut Document) {
        let l = self.l;
        let d = l;
        doc.push(Block::heading(1, text::h_conclusion(l)));
        let mut para = vec![Inline::text(format!("{} ", text::conclusion_open(l)))];
        let status = self.p.target_statuses().into_iter().next();
        if let Some(st) = &status {
            let mut s = text::target_status(
                l,
                st.target
                    .spec
                    .description
                    .get(d)
                    .trim()
                    .trim_end_matches('.'),
                &l.date(self.as_of),
                st.counted.len(),
                st.required,
            );
            if st.met {
                s.push_str(text::target_met(l));
            } else if st.deadline_passed {
                s.push_str(text::target_missed(l));
            } else {
                s.push('.');
            }
            para.push(Inline::text(s));
            para.push(self.cite(&[&st.target.source]));
            if !st.counted.is_empty() {
                let list: Vec<String> = st
                    .counted
                    .iter()
                    .map(|c| format!("{} ({})", c.spec.name.get(d), self.date(&c.signed)))
                    .collect();
                para.push(Inline::text(format!(
                    " {}.",
                    capitalise_first(&l.join_list(&list))
                )));
            }
        }
        if let Some(f) = self.forecast
            && !status.as_ref().is_some_and(|s| s.deadline_passed)
        {
            para.push(Inline::text(format!(
                " {} {}",
                text::forecast(
                    l,
                    &l.date(f.deadline),
                    &l.number(f.expected, 1),
                    f.percentiles[0],
                    f.percentiles[2],
                    &l.percent(f.probability),
                ),
                text::judgement(l, f.probability)
            )));
        }
        doc.push(Block::Paragraph(para));
        if let Some(fig) = self.phase_figure() {
            doc.push(Block::Figure(fig));
        }
        if let Some(st) = &status {
            doc.push(Block::Figure(self.target_figure(st)));
        }
        if let Some(f) = self.forecast {
            let history = f
                .duration_sources
                .values()
                .filter(|s| matches!(s, DurationSource::History { .. }))
                .count();
            let defaults = f.duration_sources.len() - history;
            doc.push(Block::Note(vec![Inline::text(text::forecast_method(
                l,
                f.runs,
                f.seed,
                &text::durations_from(l, history, defaults),
            ))]));
        }
    }
}

fn capitalise_first(s: &str) -> String {
    text::capitalise(s)
}

/// Drops the trailing space of the last text run, so a footnote mark sits against the text.
fn trim_end(mut v: Vec<Inline>) -> Vec<Inline> {
    if let Some(Inline::Text(t)) = v.last_mut() {
        let trimmed = t.trim_end().to_owned();
        *t = trimmed;
    }
    v
}

#[cfg(test)]
mod tests;
