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
//! - `registry`: things by id in the order added, the storage of every kind of thing.
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
//! changes, and of the records themselves only their number, the first date and the source
//! documents are kept (the letter's basis). Whoever needs the records themselves ("what changed
//! since") reads them from the log. A portfolio serialises (serde) to its read model and reads
//! back to an equal one, indexes rebuilt, so a replay can be saved and continued later: that is
//! how snapshots are made (see `imvo_app::snapshot`).

mod activities;
mod covenants;
mod error;
mod organisations;
mod registry;
mod rules;
mod targets;
mod trajectories;
mod view;

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::{
    Dated, GovernmentActivity, Initiative, Organisation, Sector, SraChapter, StakeholderActivity,
};
use crate::record::{Change, Record};

pub use error::{ApplyError, Entity, ReplayError};
use registry::Registry;
pub use view::{
    Activity, Agreement, Covenant, Event, LinkEntry, MeasurementEntry, PhaseGroup, PhaseSpell,
    RoleEntry, Target, Trajectory,
};

/// The state of the covenant policy after replaying records. Build it with
/// [`Portfolio::replay`]; read it with the accessors of the read model.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Portfolio {
    as_of: Option<NaiveDate>,
    last: Option<NaiveDate>,
    /// How many records were applied.
    applied: usize,
    /// The date of the first record applied.
    first: Option<NaiveDate>,
    /// The distinct source documents of the records applied.
    documents: BTreeSet<String>,
    chapters: Registry<SraChapter>,
    sectors: Registry<Sector>,
    organisations: Registry<Organisation>,
    trajectories: Registry<Trajectory>,
    initiatives: Registry<Initiative>,
    events: Registry<Event>,
    government: Registry<Activity<GovernmentActivity>>,
    stakeholders: Registry<Activity<StakeholderActivity>>,
    covenants: Registry<Covenant>,
    agreements: Registry<Agreement>,
    targets: Registry<Target>,
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
        p.as_of = as_of.or(p.last);
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
        self.as_of = match (as_of, self.last) {
            (Some(d), Some(last)) if d < last => Some(last),
            (Some(d), _) => Some(d),
            (None, last) => last,
        };
    }

    /// Every check of `apply`, without changing anything.
    fn check(&self, r: &Record) -> Result<(), ApplyError> {
        if let Some(last) = self.last
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
        if !self.documents.contains(&source.document) {
            self.documents.insert(source.document.clone());
        }
        match change {
            Change::AddSraChapter(c) => self.add_sra_chapter(c),
            Change::AddSector(s) => self.add_sector(s),
            Change::AddOrganisation(o) => self.add_organisation(o),
            Change::AddTrajectory(t) => self.add_trajectory(t, at, source),
            Change::SetPhase(c) => self.set_phase(c, at, source),
            Change::AssignRole(a) => self.assign_role(a, at, source),
            Change::RecordEvent(e) => {
                let w = when(e.event_date, e.event_precision, e.undated);
                self.record_event(e, w, at, source);
            }
            Change::AddInitiative(i) => self.add_initiative(i),
            Change::LinkInitiative(l) => self.link_initiative(l, source),
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
        self.last = Some(date);
        if self.as_of.is_none_or(|d| d < date) {
            self.as_of = Some(date);
        }
        self.applied += 1;
        self.first.get_or_insert(date);
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
        self.last
    }

    /// How many records were applied.
    pub fn record_count(&self) -> usize {
        self.applied
    }

    /// The date of the first record applied (the earliest: records apply in date order).
    pub fn first_date(&self) -> Option<NaiveDate> {
        self.first
    }

    /// The distinct source documents of the records applied, in alphabetical order.
    pub fn source_documents(&self) -> impl ExactSizeIterator<Item = &str> {
        self.documents.iter().map(String::as_str)
    }
}
