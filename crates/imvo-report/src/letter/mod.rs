//! The progress letter to Parliament, written from a [`Portfolio`] as of a date.
//!
//! The structure follows the letter of 10 July 2015 (Kamerstuk 26 485 nr. 212): 1 introduction
//! (the SRA and its sectors, the steps so far), 2 progress per trajectory grouped by phase
//! (front runners negotiating, multi-stakeholder dialogue, exploring, no initiative, other
//! sectors joining; signed and implementing when later), 3 the role of government, 4 stakeholder
//! involvement, 5 conclusion with the target status, the forecast and two charts, and, when
//! asked, 6 the changes since an earlier date. Every name, date, phase and count comes from the
//! portfolio; the wording lives in [`text`] (both languages side by side).

mod text;

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use imvo_domain::{
    Change, Dated, DurationSource, Forecast, Organisation, Phase, Portfolio, Record, Source,
    TrackStatus, Trajectory,
};

use crate::ReportError;
use crate::chart::{ForecastPoint, ORDINAL_PALETTE, Series, StackKind, StackedChart, TargetChart};
use crate::lang::Lang;
use crate::model::{Block, Document, Figure, Inline};

/// What the letter needs besides the portfolio.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LetterOptions {
    /// The language.
    pub lang: Lang,
    /// Add a section with the records after this date (up to the portfolio's date).
    pub since: Option<NaiveDate>,
}

/// Writes the progress letter as of the portfolio's date. `forecast` is the forecast of the
/// letter's target (the first target of the portfolio), when one could be made.
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
        forecast,
    };
    let mut doc = Document::new(l, text::title(l));
    doc.subtitle = Some(text::subtitle(l, &l.date(as_of)));
    doc.date = Some((as_of.year(), as_of.month(), as_of.day()));
    let sources: BTreeSet<&str> = portfolio
        .records()
        .iter()
        .map(|r| r.source.document.as_str())
        .collect();
    doc.meta = vec![
        (text::meta_date(l).to_owned(), l.date(as_of)),
        (
            text::meta_subject(l).to_owned(),
            text::subject(l).to_owned(),
        ),
        (
            text::meta_basis(l).to_owned(),
            text::basis(l, portfolio.records().len(), sources.len()),
        ),
    ];
    w.introduction(&mut doc);
    w.progress(&mut doc);
    w.government(&mut doc);
    w.stakeholders(&mut doc);
    w.conclusion(&mut doc);
    if let Some(since) = options.since {
        w.changes(&mut doc, since);
    }
    doc.push(Block::Note(vec![Inline::text(text::provenance(l))]));
    Ok(doc)
}

struct Writer<'a> {
    p: &'a Portfolio,
    l: Lang,
    as_of: NaiveDate,
    forecast: Option<&'a Forecast>,
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
        let acts = self.p.government_activities();
        for kind in [
            K::RoundTable,
            K::KnowledgeWorkshop,
            K::DirectDialogue,
            K::Exploration,
            K::International,
        ] {
            let of_kind: Vec<_> = acts.iter().filter(|a| a.spec.activity == kind).collect();
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
        for a in acts {
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
            .iter()
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

    /// Snapshot dates for the phase chart: every half year from the first phase report,
    /// plus the letter's date.
    fn snapshot_dates(&self) -> Vec<NaiveDate> {
        let first = self
            .p
            .trajectories()
            .iter()
            .flat_map(|t| t.phases.first())
            .map(|s| s.since.date)
            .min();
        let Some(first) = first else {
            return Vec::new();
        };
        let (y, m) = if first.month() <= 6 {
            (first.year(), 7)
        } else {
            (first.year() + 1, 1)
        };
        let mut step_months = 6;
        let mut dates = loop {
            let mut out = Vec::new();
            let (mut yy, mut mm) = (y, m);
            while let Some(d) = NaiveDate::from_ymd_opt(yy, mm, 1) {
                if d >= self.as_of {
                    break;
                }
                out.push(d);
                mm += step_months;
                while mm > 12 {
                    mm -= 12;
                    yy += 1;
                }
            }
            if out.len() <= 9 || step_months >= 24 {
                break out;
            }
            step_months *= 2;
        };
        dates.push(self.as_of);
        dates
    }

    fn phase_figure(&self) -> Option<Figure> {
        let l = self.l;
        let d = l;
        let dates = self.snapshot_dates();
        if dates.is_empty() {
            return None;
        }
        let phase_at = |t: &Trajectory, at: NaiveDate| {
            t.phases
                .iter()
                .rev()
                .find(|s| s.since.date <= at)
                .map(|s| s.phase)
        };
        let series: Vec<Series> = Phase::ALL
            .iter()
            .enumerate()
            .map(|(i, p)| Series {
                label: capitalise_first(p.label(d)),
                values: dates
                    .iter()
                    .map(|at| {
                        self.p
                            .trajectories()
                            .iter()
                            .filter(|t| phase_at(t, *at) == Some(*p))
                            .count() as f64
                    })
                    .collect(),
                color: Some(ORDINAL_PALETTE[i.min(ORDINAL_PALETTE.len() - 1)].to_owned()),
            })
            .filter(|s| s.values.iter().any(|v| *v > 0.0))
            .collect();
        let categories: Vec<String> = dates.iter().map(|x| l.short_month_year(*x)).collect();
        let chart = StackedChart {
            title: text::figure_phases_caption(l).to_owned(),
            desc: text::figure_phases_desc(l, &l.date(dates[0]), &l.date(self.as_of)),
            lang: l,
            category_label: text::label_date(l).to_owned(),
            categories,
            series,
            y_label: text::axis_trajectories(l).to_owned(),
            kind: StackKind::Bars,
        }
        .build();
        Some(Figure {
            caption: text::figure_phases_caption(l).to_owned(),
            chart,
        })
    }

    fn target_figure(&self, st: &imvo_domain::TargetStatus<'_>) -> Figure {
        let l = self.l;
        let year = |d: NaiveDate| d.year() as f64 + f64::from(d.ordinal0()) / 365.25;
        let first_record = self
            .p
            .records()
            .iter()
            .map(|r| r.date)
            .min()
            .unwrap_or(self.as_of);
        let start = NaiveDate::from_ymd_opt(first_record.year(), 1, 1).unwrap_or(first_record);
        let end = st.deadline.max(self.as_of);
        let mut actual = vec![(year(start), 0.0)];
        let mut labels = vec![l.date(start)];
        for (i, c) in st.counted.iter().enumerate() {
            actual.push((year(c.signed.date), (i + 1) as f64));
            labels.push(self.date(&c.signed));
        }
        actual.push((year(self.as_of.min(end)), st.counted.len() as f64));
        labels.push(l.date(self.as_of));
        let mut forecast = Vec::new();
        if let Some(f) = self.forecast
            && self.as_of < st.deadline
        {
            let now = st.counted.len() as f64;
            forecast.push(ForecastPoint {
                x: year(self.as_of),
                low: now,
                mid: now,
                high: now,
            });
            forecast.push(ForecastPoint {
                x: year(f.deadline),
                low: f64::from(f.percentiles[0]),
                mid: f.expected,
                high: f64::from(f.percentiles[2]),
            });
            labels.push(l.date(self.as_of));
            labels.push(l.date(f.deadline));
        }
        let x_ticks: Vec<(f64, String)> = (start.year()..=end.year() + 1)
            .map(|y| (y as f64, y.to_string()))
            .collect();
        let expected = self
            .forecast
            .map(|f| l.number(f.expected, 1))
            .unwrap_or_else(|| "–".into());
        let chart = TargetChart {
            title: text::figure_target_caption(l).to_owned(),
            desc: text::figure_target_desc(
                l,
                st.counted.len(),
                &expected,
                st.required,
                &l.date(st.deadline),
            ),
            lang: l,
            x_range: (year(start), year(end) + 0.15),
            x_ticks,
            y_label: text::axis_covenants(l).to_owned(),
            actual_label: text::legend_signed(l).to_owned(),
            actual,
            forecast_label: text::legend_expected(l).to_owned(),
            interval_label: text::legend_interval(l).to_owned(),
            forecast,
            target: Some((f64::from(st.required), text::label_target(l, st.required))),
            deadline: Some((year(st.deadline), l.date(st.deadline))),
            x_labels: labels,
        }
        .build();
        Figure {
            caption: text::figure_target_caption(l).to_owned(),
            chart,
        }
    }

    fn changes(&self, doc: &mut Document, since: NaiveDate) {
        let l = self.l;
        doc.push(Block::heading(1, text::h_changes(l, &l.date(since))));
        let records = self.p.changes_between(since, self.as_of);
        if records.is_empty() {
            doc.push(Block::para(text::no_changes(
                l,
                &l.date(since),
                &l.date(self.as_of),
            )));
            return;
        }
        doc.push(Block::para(text::changes_intro(
            l,
            records.len(),
            &l.date(since),
            &l.date(self.as_of),
        )));
        let items = records
            .iter()
            .map(|r| {
                vec![
                    Inline::strong(imvo_domain::format_date(r.date, r.date_precision, l)),
                    Inline::text(format!(" – {}", self.describe(r))),
                    self.cite(&[&r.source]),
                ]
            })
            .collect();
        doc.push(Block::List(items));
    }

    fn trajectory_name(&self, id: &imvo_domain::Id) -> String {
        self.p
            .trajectory(id)
            .map_or_else(|| id.to_string(), |t| t.spec.name.get(self.l).to_owned())
    }

    fn org_by_id(&self, id: &imvo_domain::Id) -> String {
        self.p
            .organisation(id)
            .map_or_else(|| id.to_string(), |o| self.org_name(o))
    }

    /// One record in words, for the changes section.
    fn describe(&self, r: &Record) -> String {
        let l = self.l;
        let d = l;
        match &r.change {
            Change::AddSraChapter(c) => match l {
                Lang::Nl => format!("SRA-hoofdstuk vastgelegd: {}.", c.name.get(d)),
                Lang::En => format!("SRA chapter recorded: {}.", c.name.get(d)),
            },
            Change::AddSector(s) => match l {
                Lang::Nl => format!("Sector vastgelegd: {}.", s.name.get(d)),
                Lang::En => format!("Sector recorded: {}.", s.name.get(d)),
            },
            Change::AddOrganisation(o) => match l {
                Lang::Nl => format!("Organisatie vastgelegd: {}.", self.org_name(o)),
                Lang::En => format!("Organisation recorded: {}.", self.org_name(o)),
            },
            Change::AddTrajectory(t) => match l {
                Lang::Nl => format!("Nieuw traject: {}.", t.name.get(d)),
                Lang::En => format!("New trajectory: {}.", t.name.get(d)),
            },
            Change::SetPhase(p) => {
                let note = p
                    .note
                    .as_ref()
                    .map(|n| format!(" {}", n.get(d).trim()))
                    .unwrap_or_default();
                match l {
                    Lang::Nl => format!(
                        "{}: naar fase «{}».{note}",
                        self.trajectory_name(&p.trajectory),
                        p.phase.label(d)
                    ),
                    Lang::En => format!(
                        "{}: moved to phase “{}”.{note}",
                        self.trajectory_name(&p.trajectory),
                        p.phase.label(d)
                    ),
                }
            }
            Change::AssignRole(a) => match l {
                Lang::Nl => format!(
                    "{}: {} als {}.",
                    self.trajectory_name(&a.trajectory),
                    self.org_by_id(&a.organisation),
                    a.role.label(d)
                ),
                Lang::En => format!(
                    "{}: {} as {}.",
                    self.trajectory_name(&a.trajectory),
                    self.org_by_id(&a.organisation),
                    a.role.label(d)
                ),
            },
            Change::RecordEvent(e) => {
                let names: Vec<String> = e
                    .trajectories
                    .iter()
                    .map(|t| self.trajectory_name(t))
                    .collect();
                let prefix = if names.is_empty() {
                    String::new()
                } else {
                    format!("{}: ", names.join(", "))
                };
                format!("{prefix}{}", e.description.get(d).trim())
            }
            Change::AddInitiative(i) => match l {
                Lang::Nl => format!("Bestaand initiatief vastgelegd: {}.", i.name.get(d)),
                Lang::En => format!("Existing initiative recorded: {}.", i.name.get(d)),
            },
            Change::LinkInitiative(k) => {
                let name = self
                    .p
                    .initiatives()
                    .iter()
                    .find(|i| i.id == k.initiative)
                    .map_or_else(|| k.initiative.to_string(), |i| i.name.get(d).to_owned());
                match l {
                    Lang::Nl => format!(
                        "{} bouwt voort op {name}.",
                        self.trajectory_name(&k.trajectory)
                    ),
                    Lang::En => {
                        format!("{} builds on {name}.", self.trajectory_name(&k.trajectory))
                    }
                }
            }
            Change::GovernmentActivity(a) => a.description.get(d).trim().to_owned(),
            Change::StakeholderActivity(a) => a.description.get(d).trim().to_owned(),
            Change::SignCovenant(c) => match l {
                Lang::Nl => format!(
                    "Convenant ondertekend: {} ({}).",
                    c.name.get(d),
                    self.trajectory_name(&c.trajectory)
                ),
                Lang::En => format!(
                    "Covenant signed: {} ({}).",
                    c.name.get(d),
                    self.trajectory_name(&c.trajectory)
                ),
            },
            Change::EndCovenant(e) => {
                let name = self
                    .p
                    .covenant(&e.covenant)
                    .map_or_else(|| e.covenant.to_string(), |c| c.spec.name.get(d).to_owned());
                let why = e
                    .reason
                    .as_ref()
                    .map(|r| format!(" {}", r.get(d).trim()))
                    .unwrap_or_default();
                match l {
                    Lang::Nl => format!("Convenant beëindigd: {name}.{why}"),
                    Lang::En => format!("Covenant ended: {name}.{why}"),
                }
            }
            Change::AddAgreement(a) => match l {
                Lang::Nl => format!(
                    "Nieuwe SMART-afspraak: {}.",
                    a.agreement.result().get(d).trim().trim_end_matches('.')
                ),
                Lang::En => format!(
                    "New SMART agreement: {}.",
                    a.agreement.result().get(d).trim().trim_end_matches('.')
                ),
            },
            Change::RecordMeasurement(m) => {
                let what = self.p.agreement(&m.agreement).map_or_else(
                    || m.agreement.to_string(),
                    |a| a.agreement.indicator().name.get(d).to_owned(),
                );
                match l {
                    Lang::Nl => format!("Meting: {what} = {}.", l.number(m.value, 1)),
                    Lang::En => format!("Measurement: {what} = {}.", l.number(m.value, 1)),
                }
            }
            Change::AddTarget(t) => match l {
                Lang::Nl => format!(
                    "Beleidsdoel vastgesteld: {}.",
                    t.description.get(d).trim().trim_end_matches('.')
                ),
                Lang::En => format!(
                    "Policy target set: {}.",
                    t.description.get(d).trim().trim_end_matches('.')
                ),
            },
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
