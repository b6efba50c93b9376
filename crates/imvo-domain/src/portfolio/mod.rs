//! The portfolio: the state of the covenant policy after replaying records, and the rules a
//! record must satisfy to be applied.
//!
//! Event sourcing keeps the history: the state at any date is the replay of the records
//! effective on or before it, in (date, sequence) order. `apply` checks one record against
//! the state before it and refuses, with a typed error naming the field, anything that would
//! make the history inconsistent: unknown or duplicate ids, a phase that moves backwards
//! without leave, a measurement before its baseline, a date not canonical for its precision.
//!
//! # Where things are
//!
//! - `error`: why a record is refused ([`ApplyError`], [`ReplayError`]).
//! - `registry`: the small registries, things by id in the order added with their dates;
//!   `history`: the large ones (events, activities, measurements), shared between portfolios of
//!   different dates; `part`: a large part still in its saved form, decoded when first read.
//! - `rewind`: the portfolio as of an earlier date, cut back from a later one; `sections`: a
//!   portfolio saved in sections, its large parts read back only when needed.
//! - `view`: the read model (trajectories with their phases, events, covenants with their
//!   agreements …) and the questions asked of it.
//! - One file per area with the check and the change of each kind of record side by side:
//!   `trajectories` (SRA chapters, sectors, trajectories, phases, initiatives), `organisations`
//!   (organisations and roles), `activities` (events, government and stakeholder activities),
//!   `covenants` (covenants, agreements, measurements), `targets`; `rules` holds the checks they
//!   share. This file replays and dispatches: every record is checked in full before anything
//!   changes, so a refused record leaves the portfolio as it was.
//!
//! # What it keeps
//!
//! The read model, not the records: each record's content moves into the thing it adds or
//! changes, and of the records themselves only their number per date and the source documents
//! with the date each was first cited are kept (the letter's basis). Whoever needs the records
//! themselves ("what changed since") reads them from the log. A portfolio serialises (serde) to
//! its read model and reads back to an equal one, indexes rebuilt, so a replay can be saved and
//! continued later: that is how snapshots are made (`sections`, and `imvo_app::snapshot`).
//!
//! # Every change carries its date
//!
//! Records apply in (date, sequence) order, and the read model only grows: things are added,
//! and a trajectory's phases, roles and initiatives, a covenant's end and an agreement's
//! measurements are appended to what is there. Each addition keeps the date of its record. So
//! the state as of an earlier date is the state of the whole log cut back to that date —
//! [`Portfolio::rewind`], equal to the replay as of that date (a property test checks it) and
//! far cheaper: `rewind` cuts every list at a binary search, and the large lists are shared, not
//! copied (`history`). A long-running process keeps the replay of the whole log and rewinds it
//! for each date it is asked for.

mod activities;
mod covenants;
mod error;
mod history;
mod organisations;
mod part;
mod registry;
mod rewind;
mod rules;
mod sections;
mod targets;
mod trajectories;
mod view;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::{
    Dated, GovernmentActivity, Initiative, Organisation, Sector, SraChapter, StakeholderActivity,
};
use crate::record::{Change, Record};

pub use error::{ApplyError, Entity, ReplayError};
pub use history::History;
use history::Journal;
use part::Part;
use registry::Registry;
pub use sections::{SHAPE, Section, SectionReader};
pub use view::{
    Activity, Agreement, Covenant, Event, LinkEntry, MeasurementEntry, PhaseGroup, PhaseSpell,
    RoleEntry, Target, Trajectory,
};

/// The state of the covenant policy after replaying records. Build it with
/// [`Portfolio::replay`]; read it with the accessors of the read model.
///
/// Cloning one copies its small registries and shares its large ones (events, activities,
/// measurements): a few milliseconds for the state of a million records.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Portfolio {
    as_of: Option<NaiveDate>,
    /// How many records were applied up to each date that has any, in date order.
    days: Vec<DayCount>,
    /// The distinct source documents of the records applied, with the date each was first cited.
    documents: BTreeMap<String, NaiveDate>,
    chapters: Registry<SraChapter>,
    sectors: Registry<Sector>,
    organisations: Registry<Organisation>,
    trajectories: Registry<Trajectory>,
    initiatives: Registry<Initiative>,
    covenants: Registry<Covenant>,
    targets: Registry<Target>,
    events: Part<Journal<Event>>,
    government: Part<Journal<Activity<GovernmentActivity>>>,
    stakeholders: Part<Journal<Activity<StakeholderActivity>>>,
    agreements: Part<Registry<Agreement>>,
}

/// How many records were applied up to and including a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct DayCount {
    date: NaiveDate,
    /// Records applied on or before `date`.
    applied: usize,
}

impl Portfolio {
    /// An empty portfolio.
    pub fn new() -> Self {
        Self::default()
    }

    /// Replays `records` in (date, position) order, applying those effective on or before
    /// `as_of` (all of them when `None`). The first refused record stops the replay; the error
    /// names its position in `records`.
    pub fn replay<'a, I>(records: I, as_of: Option<NaiveDate>) -> Result<Portfolio, ReplayError>
    where
        I: IntoIterator<Item = &'a Record>,
    {
        let mut order: Vec<(usize, &Record)> = records.into_iter().enumerate().collect();
        order.sort_by_key(|(i, r)| (r.date, *i));
        let mut p = Portfolio::new();
        for (index, r) in order {
            if as_of.is_some_and(|d| r.date > d) {
                break;
            }
            p.apply(r).map_err(|error| ReplayError {
                index,
                date: r.date,
                kind: r.change.kind(),
                error,
            })?;
        }
        p.as_of = as_of.or(p.last_applied());
        Ok(p)
    }

    /// Applies one record, which must not be dated before the last applied one. On error the
    /// portfolio is unchanged.
    pub fn apply(&mut self, r: &Record) -> Result<(), ApplyError> {
        self.check(r)?;
        self.commit(r.clone());
        Ok(())
    }

    /// [`Portfolio::apply`] for a record the caller no longer needs: its content moves into the
    /// portfolio instead of being copied (a replay of a decoded log copies nothing).
    pub fn apply_owned(&mut self, r: Record) -> Result<(), ApplyError> {
        self.check(&r)?;
        self.commit(r);
        Ok(())
    }

    /// Sets the date the state is taken at, for a portfolio built by [`Portfolio::apply`]
    /// rather than [`Portfolio::replay`]: `as_of` (when given and not before the last applied
    /// record), else the last record's date.
    pub fn set_as_of(&mut self, as_of: Option<NaiveDate>) {
        self.as_of = match (as_of, self.last_applied()) {
            (Some(d), Some(last)) if d < last => Some(last),
            (Some(d), _) => Some(d),
            (None, last) => last,
        };
    }

    /// Every check of `apply`, without changing anything.
    fn check(&self, r: &Record) -> Result<(), ApplyError> {
        if let Some(last) = self.last_applied()
            && r.date < last
        {
            return Err(ApplyError::OutOfOrder { date: r.date, last });
        }
        if !r.date_precision.is_canonical(r.date) {
            return Err(ApplyError::NotCanonical {
                field: "date",
                date: r.date,
                precision: r.date_precision,
            });
        }
        if r.source.document.trim().is_empty() {
            return Err(ApplyError::Blank {
                field: "source.document",
            });
        }
        if r.source.locator.trim().is_empty() {
            return Err(ApplyError::Blank {
                field: "source.locator",
            });
        }
        let at = Self::dated(r);
        match &r.change {
            Change::AddSraChapter(c) => self.check_sra_chapter(c),
            Change::AddSector(s) => self.check_sector(s),
            Change::AddOrganisation(o) => self.check_organisation(o),
            Change::AddTrajectory(t) => self.check_trajectory(t),
            Change::SetPhase(c) => self.check_phase(c),
            Change::AssignRole(a) => self.check_role(a),
            Change::RecordEvent(e) => self.check_event(e, &at).map(drop),
            Change::AddInitiative(i) => self.check_initiative(i),
            Change::LinkInitiative(l) => self.check_link(l),
            Change::GovernmentActivity(a) => self.check_government(a, &at).map(drop),
            Change::StakeholderActivity(a) => self.check_stakeholder(a, &at).map(drop),
            Change::SignCovenant(c) => self.check_covenant(c),
            Change::EndCovenant(e) => self.check_covenant_end(e),
            Change::AddAgreement(a) => self.check_agreement(a),
            Change::RecordMeasurement(m) => self.check_measurement(m, r.date),
            Change::AddTarget(t) => self.check_target(t),
        }
    }

    /// Makes the change of a record that passed [`Portfolio::check`].
    fn commit(&mut self, r: Record) {
        let at = Self::dated(&r);
        let when = |d, p, undated| rules::resolve_when(&at, d, p, undated).expect("checked");
        let Record {
            date,
            source,
            change,
            ..
        } = r;
        if !self.documents.contains_key(&source.document) {
            self.documents.insert(source.document.clone(), date);
        }
        match change {
            Change::AddSraChapter(c) => self.add_sra_chapter(c, date),
            Change::AddSector(s) => self.add_sector(s, date),
            Change::AddOrganisation(o) => self.add_organisation(o, date),
            Change::AddTrajectory(t) => self.add_trajectory(t, at, source),
            Change::SetPhase(c) => self.set_phase(c, at, source),
            Change::AssignRole(a) => self.assign_role(a, at, source),
            Change::RecordEvent(e) => {
                let w = when(e.event_date, e.event_precision, e.undated);
                self.record_event(e, w, at, source);
            }
            Change::AddInitiative(i) => self.add_initiative(i, date),
            Change::LinkInitiative(l) => self.link_initiative(l, at, source),
            Change::GovernmentActivity(a) => {
                let w = when(a.event_date, a.event_precision, a.undated);
                self.add_government(a, w, at, source);
            }
            Change::StakeholderActivity(a) => {
                let w = when(a.event_date, a.event_precision, a.undated);
                self.add_stakeholder(a, w, at, source);
            }
            Change::SignCovenant(c) => self.sign_covenant(c, at, source),
            Change::EndCovenant(e) => self.end_covenant(e, at),
            Change::AddAgreement(a) => self.add_agreement(a, at, source),
            Change::RecordMeasurement(m) => self.record_measurement(m, date, source),
            Change::AddTarget(t) => self.add_target(t, at, source),
        }
        let applied = self.record_count() + 1;
        match self.days.last_mut() {
            Some(day) if day.date == date => day.applied = applied,
            _ => self.days.push(DayCount { date, applied }),
        }
        if self.as_of.is_none_or(|d| d < date) {
            self.as_of = Some(date);
        }
    }

    fn dated(r: &Record) -> Dated {
        Dated {
            date: r.date,
            precision: r.date_precision,
        }
    }

    /// The date the state is taken at: the `as_of` of the replay, else the last record's date.
    pub fn as_of(&self) -> Option<NaiveDate> {
        self.as_of
    }

    /// The date of the last record applied.
    pub fn last_applied(&self) -> Option<NaiveDate> {
        self.days.last().map(|d| d.date)
    }

    /// How many records were applied.
    pub fn record_count(&self) -> usize {
        self.days.last().map_or(0, |d| d.applied)
    }

    /// The date of the first record applied (the earliest: records apply in date order).
    pub fn first_date(&self) -> Option<NaiveDate> {
        self.days.first().map(|d| d.date)
    }

    /// The distinct source documents of the records applied, in alphabetical order.
    pub fn source_documents(&self) -> impl ExactSizeIterator<Item = &str> {
        self.documents.keys().map(String::as_str)
    }
}
