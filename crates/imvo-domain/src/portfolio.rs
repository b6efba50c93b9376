//! The portfolio: the state of the covenant policy after replaying records, and the rules a
//! record must satisfy to be applied.
//!
//! Event sourcing keeps the history: the state at any date is the replay of the records
//! effective on or before it, in (date, sequence) order. `apply` checks one record against
//! the state before it and refuses, with a typed error naming the field, anything that would
//! make the history inconsistent: unknown or duplicate ids, a phase that moves backwards
//! without leave, a measurement before its baseline, a date not canonical for its precision.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::agreement::{Progress, SmartAgreement};
use crate::model::{
    CovenantSpec, Dated, EventSpec, GovernmentActivity, Initiative, Organisation, Phase, Role,
    Sector, SraChapter, StakeholderActivity, TargetSpec, TrajectorySpec,
};
use crate::record::{Change, Record, Source};
use crate::text::{DatePrecision, Id, Text};

/// The kinds of things that have ids, for error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    /// An SRA chapter.
    SraChapter,
    /// A sector.
    Sector,
    /// An organisation.
    Organisation,
    /// A trajectory.
    Trajectory,
    /// An existing initiative.
    Initiative,
    /// An event.
    Event,
    /// A government activity.
    GovernmentActivity,
    /// A stakeholder activity.
    StakeholderActivity,
    /// A covenant.
    Covenant,
    /// An agreement.
    Agreement,
    /// A policy target.
    Target,
}

impl std::fmt::Display for Entity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Entity::SraChapter => "SRA chapter",
            Entity::Sector => "sector",
            Entity::Organisation => "organisation",
            Entity::Trajectory => "trajectory",
            Entity::Initiative => "initiative",
            Entity::Event => "event",
            Entity::GovernmentActivity => "government activity",
            Entity::StakeholderActivity => "stakeholder activity",
            Entity::Covenant => "covenant",
            Entity::Agreement => "agreement",
            Entity::Target => "target",
        })
    }
}

/// Why a record cannot be applied to the portfolio.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApplyError {
    /// A reference to something that does not exist (yet) on the record's date.
    #[error(
        "`{field}`: unknown {entity} {id:?} on this date; add it first (or check the spelling)"
    )]
    Unknown {
        /// What kind of thing.
        entity: Entity,
        /// The id.
        id: Id,
        /// The field holding the reference.
        field: &'static str,
    },
    /// An id that is already taken.
    #[error("`{field}`: {entity} {id:?} already exists; choose another id")]
    Duplicate {
        /// What kind of thing.
        entity: Entity,
        /// The id.
        id: Id,
        /// The field holding the id.
        field: &'static str,
    },
    /// A phase change to an earlier phase without `allow_backward`.
    #[error(
        "`phase`: trajectory {trajectory:?} would move back from {from} to {to}; set allow_backward if that is what happened"
    )]
    PhaseBackwards {
        /// The trajectory.
        trajectory: Id,
        /// Its current phase.
        from: Phase,
        /// The requested phase.
        to: Phase,
    },
    /// A phase change to the phase the trajectory is already in.
    #[error("`phase`: trajectory {trajectory:?} is already in phase {phase}")]
    PhaseUnchanged {
        /// The trajectory.
        trajectory: Id,
        /// The phase.
        phase: Phase,
    },
    /// A list that must not be empty is empty.
    #[error("`{field}`: must not be empty")]
    Empty {
        /// The field.
        field: &'static str,
    },
    /// A text that is blank in Dutch or English.
    #[error("`{field}`: text is blank; give it in Dutch (nl) and English (en)")]
    Blank {
        /// The field.
        field: &'static str,
    },
    /// A date that is not the first day of its period for its precision.
    #[error(
        "`{field}`: {date} is not canonical for precision {precision:?}: use the first day of the period (month: the 1st; season: 1 March/June/September/December; half year: 1 January/July; year: 1 January)"
    )]
    NotCanonical {
        /// The field.
        field: &'static str,
        /// The date.
        date: NaiveDate,
        /// The precision.
        precision: DatePrecision,
    },
    /// Inconsistent date fields of an event or activity.
    #[error("`{field}`: {reason}")]
    InvalidDate {
        /// The field.
        field: &'static str,
        /// What is wrong.
        reason: &'static str,
    },
    /// A role the organisation already holds in the trajectory.
    #[error(
        "`role`: organisation {organisation:?} already has role {role:?} in trajectory {trajectory:?}"
    )]
    DuplicateRole {
        /// The organisation.
        organisation: Id,
        /// The trajectory.
        trajectory: Id,
        /// The role.
        role: Role,
    },
    /// A link that already exists.
    #[error("`initiative`: trajectory {trajectory:?} already builds on initiative {initiative:?}")]
    DuplicateLink {
        /// The trajectory.
        trajectory: Id,
        /// The initiative.
        initiative: Id,
    },
    /// A covenant that already ended.
    #[error(
        "`covenant`: covenant {covenant:?} ended on {ended}; nothing can be added to or end it after that"
    )]
    CovenantEnded {
        /// The covenant.
        covenant: Id,
        /// When it ended.
        ended: NaiveDate,
    },
    /// A measurement dated before its agreement's baseline.
    #[error(
        "`date`: measurement of {agreement:?} on {date} is before its baseline date {baseline}"
    )]
    MeasurementBeforeBaseline {
        /// The agreement.
        agreement: Id,
        /// The measurement date.
        date: NaiveDate,
        /// The baseline date.
        baseline: NaiveDate,
    },
    /// A number that is out of range.
    #[error("`{field}`: {reason}")]
    InvalidValue {
        /// The field.
        field: &'static str,
        /// What is wrong.
        reason: &'static str,
    },
    /// A record dated before the last applied one (replay sorts; direct callers must too).
    #[error("`date`: {date} is before {last}, the date of the last applied record")]
    OutOfOrder {
        /// The record's date.
        date: NaiveDate,
        /// The last applied date.
        last: NaiveDate,
    },
}

impl ApplyError {
    /// The field of the record the error is about (`date`, `trajectory`, `agreement.owner` …),
    /// so dataset readers can point at its line.
    pub fn field(&self) -> &'static str {
        match self {
            ApplyError::Unknown { field, .. }
            | ApplyError::Duplicate { field, .. }
            | ApplyError::Empty { field }
            | ApplyError::Blank { field }
            | ApplyError::NotCanonical { field, .. }
            | ApplyError::InvalidDate { field, .. }
            | ApplyError::InvalidValue { field, .. } => field,
            ApplyError::PhaseBackwards { .. } | ApplyError::PhaseUnchanged { .. } => "phase",
            ApplyError::DuplicateRole { .. } => "role",
            ApplyError::DuplicateLink { .. } => "initiative",
            ApplyError::CovenantEnded { .. } => "covenant",
            ApplyError::MeasurementBeforeBaseline { .. } | ApplyError::OutOfOrder { .. } => "date",
        }
    }
}

/// A record that failed during replay: which one (its position in the input), and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("record {} ({kind}, {date}): {error}", .index + 1)]
pub struct ReplayError {
    /// Position of the record in the input (0-based).
    pub index: usize,
    /// The record's date.
    pub date: NaiveDate,
    /// The record's kind.
    pub kind: &'static str,
    /// Why it was refused.
    pub error: ApplyError,
}

/// A period a trajectory spent in one phase.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhaseSpell {
    /// The phase.
    pub phase: Phase,
    /// When the trajectory entered it.
    pub since: Dated,
    /// What the source says about the trajectory in this phase.
    pub note: Option<Text>,
    /// The source.
    pub source: Source,
}

/// A role held by an organisation in a trajectory.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleEntry {
    /// The organisation.
    pub organisation: Id,
    /// The role.
    pub role: Role,
    /// What the source says about it.
    pub note: Option<Text>,
    /// Since when (the record's date).
    pub since: Dated,
    /// The source.
    pub source: Source,
}

/// An existing initiative a trajectory builds on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkEntry {
    /// The initiative.
    pub initiative: Id,
    /// How the trajectory uses it.
    pub note: Option<Text>,
    /// The source.
    pub source: Source,
}

/// A trajectory with its history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trajectory {
    /// Its id, name and sectors.
    pub spec: TrajectorySpec,
    /// When it was added.
    pub added: Dated,
    /// The source of its addition.
    pub source: Source,
    /// Its phases in order; the last is the current one. Empty: no phase reported yet.
    pub phases: Vec<PhaseSpell>,
    /// The organisations' roles, in the order recorded.
    pub roles: Vec<RoleEntry>,
    /// The initiatives it builds on.
    pub initiatives: Vec<LinkEntry>,
}

impl Trajectory {
    /// Its id.
    pub fn id(&self) -> &Id {
        &self.spec.id
    }

    /// The current phase, if one was reported.
    pub fn phase(&self) -> Option<Phase> {
        self.phases.last().map(|s| s.phase)
    }

    /// The current phase spell.
    pub fn current_spell(&self) -> Option<&PhaseSpell> {
        self.phases.last()
    }

    /// The completed spells: (phase, entered, left) for each phase the trajectory left by
    /// moving forward. The forecast draws phase durations from these.
    pub fn completed_spells(&self) -> Vec<(Phase, NaiveDate, NaiveDate)> {
        self.phases
            .windows(2)
            .filter(|w| w[1].phase > w[0].phase)
            .map(|w| (w[0].phase, w[0].since.date, w[1].since.date))
            .collect()
    }
}

/// An event with its resolved date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// The event as recorded.
    pub spec: EventSpec,
    /// When it happens(ed); `None` when the source gives no date.
    pub when: Option<Dated>,
    /// When it was recorded (the record's date).
    pub recorded: Dated,
    /// The source.
    pub source: Source,
}

/// A government or stakeholder activity with its resolved date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Activity<T> {
    /// The activity as recorded.
    pub spec: T,
    /// When it happens(ed); `None` when the source gives no date.
    pub when: Option<Dated>,
    /// When it was recorded.
    pub recorded: Dated,
    /// The source.
    pub source: Source,
}

/// A covenant with its signing and (possibly) end.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Covenant {
    /// The covenant as signed.
    pub spec: CovenantSpec,
    /// When it was signed.
    pub signed: Dated,
    /// The source of the signing.
    pub source: Source,
    /// When it ended, and why, if it did.
    pub ended: Option<(Dated, Option<Text>)>,
}

impl Covenant {
    /// Its id.
    pub fn id(&self) -> &Id {
        &self.spec.id
    }
}

/// A measurement with its progress.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasurementEntry {
    /// Progress and status.
    pub progress: Progress,
    /// A note.
    pub note: Option<Text>,
    /// The source.
    pub source: Source,
}

/// An agreement of a covenant with its measurements.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// The covenant it belongs to.
    pub covenant: Id,
    /// The agreement.
    pub agreement: SmartAgreement,
    /// When it was added.
    pub added: Dated,
    /// The source.
    pub source: Source,
    /// Its measurements in date order.
    pub measurements: Vec<MeasurementEntry>,
}

impl Agreement {
    /// The agreement's id.
    pub fn id(&self) -> &Id {
        self.agreement.id()
    }

    /// The specific result aimed for.
    pub fn result(&self) -> &Text {
        self.agreement.result()
    }

    /// The risks (themes) the agreement addresses.
    pub fn risks(&self) -> &[String] {
        self.agreement.risks()
    }

    /// The latest measurement's progress, if any.
    pub fn latest(&self) -> Option<&Progress> {
        self.measurements.last().map(|m| &m.progress)
    }
}

/// A policy target with its source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    /// The target.
    pub spec: TargetSpec,
    /// When it was set.
    pub added: Dated,
    /// The source.
    pub source: Source,
}

/// Something kept in a [`Registry`].
trait Keyed {
    fn key(&self) -> &Id;
}

macro_rules! keyed {
    ($t:ty, $($f:tt)+) => {
        impl Keyed for $t {
            fn key(&self) -> &Id {
                &self.$($f)+
            }
        }
    };
}
keyed!(SraChapter, id);
keyed!(Sector, id);
keyed!(Organisation, id);
keyed!(Trajectory, spec.id);
keyed!(Initiative, id);
keyed!(Event, spec.id);
keyed!(Activity<GovernmentActivity>, spec.id);
keyed!(Activity<StakeholderActivity>, spec.id);
keyed!(Covenant, spec.id);
keyed!(Agreement, agreement.id());
keyed!(Target, spec.id);

/// Things by id, in the order they were added (the letter's order, which reports keep).
#[derive(Debug, Clone)]
struct Registry<T> {
    items: Vec<T>,
    index: HashMap<Id, usize>,
}

impl<T> Default for Registry<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            index: HashMap::new(),
        }
    }
}

impl<T: Keyed> Registry<T> {
    fn get(&self, id: &Id) -> Option<&T> {
        self.index.get(id).map(|&i| &self.items[i])
    }
    fn get_mut(&mut self, id: &Id) -> Option<&mut T> {
        self.index.get(id).map(|&i| &mut self.items[i])
    }
    fn contains(&self, id: &Id) -> bool {
        self.index.contains_key(id)
    }
    fn insert(&mut self, item: T) {
        self.index.insert(item.key().clone(), self.items.len());
        self.items.push(item);
    }
}

/// Trajectories that share a phase (see [`Portfolio::trajectories_by_phase`]).
#[derive(Debug, Clone, Serialize)]
pub struct PhaseGroup<'a> {
    /// The phase; `None` for trajectories without a reported phase.
    pub phase: Option<Phase>,
    /// The trajectories, in the order they were added.
    pub trajectories: Vec<&'a Trajectory>,
}

/// The state of the covenant policy after replaying records. Build it with
/// [`Portfolio::replay`]; read it with the accessors below.
#[derive(Debug, Clone, Default)]
pub struct Portfolio {
    as_of: Option<NaiveDate>,
    last: Option<NaiveDate>,
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
    records: Vec<Record>,
}

fn unknown(entity: Entity, id: &Id, field: &'static str) -> ApplyError {
    ApplyError::Unknown {
        entity,
        id: id.clone(),
        field,
    }
}

fn duplicate(entity: Entity, id: &Id, field: &'static str) -> ApplyError {
    ApplyError::Duplicate {
        entity,
        id: id.clone(),
        field,
    }
}

fn text(t: &Text, field: &'static str) -> Result<(), ApplyError> {
    if t.is_blank() {
        Err(ApplyError::Blank { field })
    } else {
        Ok(())
    }
}

fn opt_text(t: &Option<Text>, field: &'static str) -> Result<(), ApplyError> {
    t.as_ref().map_or(Ok(()), |t| text(t, field))
}

/// Resolves the date fields shared by events and activities.
fn resolve_when(
    record: &Dated,
    event_date: Option<NaiveDate>,
    event_precision: Option<DatePrecision>,
    undated: bool,
) -> Result<Option<Dated>, ApplyError> {
    match (undated, event_date, event_precision) {
        (true, Some(_), _) | (true, _, Some(_)) => Err(ApplyError::InvalidDate {
            field: "undated",
            reason: "an undated event cannot have event_date or event_precision; remove one",
        }),
        (true, None, None) => Ok(None),
        (false, None, Some(_)) => Err(ApplyError::InvalidDate {
            field: "event_precision",
            reason: "event_precision needs event_date; add event_date or remove event_precision",
        }),
        (false, None, None) => Ok(Some(*record)),
        (false, Some(date), p) => {
            let precision = p.unwrap_or_default();
            if !precision.is_canonical(date) {
                return Err(ApplyError::NotCanonical {
                    field: "event_date",
                    date,
                    precision,
                });
            }
            Ok(Some(Dated { date, precision }))
        }
    }
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
        let at = Dated {
            date: r.date,
            precision: r.date_precision,
        };
        let src = r.source.clone();
        self.check(r, &at)?;
        // Checks passed: mutate.
        match &r.change {
            Change::AddSraChapter(c) => self.chapters.insert(c.clone()),
            Change::AddSector(s) => self.sectors.insert(s.clone()),
            Change::AddOrganisation(o) => self.organisations.insert(o.clone()),
            Change::AddTrajectory(t) => self.trajectories.insert(Trajectory {
                spec: t.clone(),
                added: at,
                source: src,
                phases: Vec::new(),
                roles: Vec::new(),
                initiatives: Vec::new(),
            }),
            Change::SetPhase(c) => {
                let t = self.trajectories.get_mut(&c.trajectory).expect("checked");
                t.phases.push(PhaseSpell {
                    phase: c.phase,
                    since: at,
                    note: c.note.clone(),
                    source: src,
                });
            }
            Change::AssignRole(a) => {
                let t = self.trajectories.get_mut(&a.trajectory).expect("checked");
                t.roles.push(RoleEntry {
                    organisation: a.organisation.clone(),
                    role: a.role,
                    note: a.note.clone(),
                    since: at,
                    source: src,
                });
            }
            Change::RecordEvent(e) => {
                let when = resolve_when(&at, e.event_date, e.event_precision, e.undated)?;
                self.events.insert(Event {
                    spec: e.clone(),
                    when,
                    recorded: at,
                    source: src,
                });
            }
            Change::AddInitiative(i) => self.initiatives.insert(i.clone()),
            Change::LinkInitiative(l) => {
                let t = self.trajectories.get_mut(&l.trajectory).expect("checked");
                t.initiatives.push(LinkEntry {
                    initiative: l.initiative.clone(),
                    note: l.note.clone(),
                    source: src,
                });
            }
            Change::GovernmentActivity(a) => {
                let when = resolve_when(&at, a.event_date, a.event_precision, a.undated)?;
                self.government.insert(Activity {
                    spec: a.clone(),
                    when,
                    recorded: at,
                    source: src,
                });
            }
            Change::StakeholderActivity(a) => {
                let when = resolve_when(&at, a.event_date, a.event_precision, a.undated)?;
                self.stakeholders.insert(Activity {
                    spec: a.clone(),
                    when,
                    recorded: at,
                    source: src,
                });
            }
            Change::SignCovenant(c) => self.covenants.insert(Covenant {
                spec: c.clone(),
                signed: at,
                source: src,
                ended: None,
            }),
            Change::EndCovenant(e) => {
                let c = self.covenants.get_mut(&e.covenant).expect("checked");
                c.ended = Some((at, e.reason.clone()));
            }
            Change::AddAgreement(a) => self.agreements.insert(Agreement {
                covenant: a.covenant.clone(),
                agreement: a.agreement.clone(),
                added: at,
                source: src,
                measurements: Vec::new(),
            }),
            Change::RecordMeasurement(m) => {
                let a = self.agreements.get_mut(&m.agreement).expect("checked");
                let progress = a.agreement.assess(m.value, r.date);
                a.measurements.push(MeasurementEntry {
                    progress,
                    note: m.note.clone(),
                    source: src,
                });
            }
            Change::AddTarget(t) => self.targets.insert(Target {
                spec: t.clone(),
                added: at,
                source: src,
            }),
        }
        self.last = Some(r.date);
        if self.as_of.is_some_and(|d| d < r.date) || self.as_of.is_none() {
            self.as_of = Some(r.date);
        }
        self.records.push(r.clone());
        Ok(())
    }

    /// Every check of `apply`, without changing anything.
    fn check(&self, r: &Record, at: &Dated) -> Result<(), ApplyError> {
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
        let org = |id: &Id, field| {
            if self.organisations.contains(id) {
                Ok(())
            } else {
                Err(unknown(Entity::Organisation, id, field))
            }
        };
        let traj = |id: &Id, field| {
            if self.trajectories.contains(id) {
                Ok(())
            } else {
                Err(unknown(Entity::Trajectory, id, field))
            }
        };
        let sector = |id: &Id, field| {
            if self.sectors.contains(id) {
                Ok(())
            } else {
                Err(unknown(Entity::Sector, id, field))
            }
        };
        match &r.change {
            Change::AddSraChapter(c) => {
                if self.chapters.contains(&c.id) {
                    return Err(duplicate(Entity::SraChapter, &c.id, "id"));
                }
                text(&c.name, "name")
            }
            Change::AddSector(s) => {
                if self.sectors.contains(&s.id) {
                    return Err(duplicate(Entity::Sector, &s.id, "id"));
                }
                text(&s.name, "name")?;
                if let Some(ch) = &s.sra_chapter
                    && !self.chapters.contains(ch)
                {
                    return Err(unknown(Entity::SraChapter, ch, "sra_chapter"));
                }
                Ok(())
            }
            Change::AddOrganisation(o) => {
                if self.organisations.contains(&o.id) {
                    return Err(duplicate(Entity::Organisation, &o.id, "id"));
                }
                if o.name.trim().is_empty() {
                    return Err(ApplyError::Blank { field: "name" });
                }
                opt_text(&o.description, "description")
            }
            Change::AddTrajectory(t) => {
                if self.trajectories.contains(&t.id) {
                    return Err(duplicate(Entity::Trajectory, &t.id, "id"));
                }
                text(&t.name, "name")?;
                if t.sectors.is_empty() {
                    return Err(ApplyError::Empty { field: "sectors" });
                }
                for (i, s) in t.sectors.iter().enumerate() {
                    sector(s, "sectors")?;
                    if t.sectors[..i].contains(s) {
                        return Err(duplicate(Entity::Sector, s, "sectors"));
                    }
                }
                Ok(())
            }
            Change::SetPhase(c) => {
                let t = self
                    .trajectories
                    .get(&c.trajectory)
                    .ok_or_else(|| unknown(Entity::Trajectory, &c.trajectory, "trajectory"))?;
                opt_text(&c.note, "note")?;
                match t.phase() {
                    Some(cur) if cur == c.phase => Err(ApplyError::PhaseUnchanged {
                        trajectory: c.trajectory.clone(),
                        phase: cur,
                    }),
                    Some(cur) if c.phase < cur && !c.allow_backward => {
                        Err(ApplyError::PhaseBackwards {
                            trajectory: c.trajectory.clone(),
                            from: cur,
                            to: c.phase,
                        })
                    }
                    _ => Ok(()),
                }
            }
            Change::AssignRole(a) => {
                org(&a.organisation, "organisation")?;
                traj(&a.trajectory, "trajectory")?;
                opt_text(&a.note, "note")?;
                let t = self.trajectories.get(&a.trajectory).expect("checked");
                if t.roles
                    .iter()
                    .any(|e| e.organisation == a.organisation && e.role == a.role)
                {
                    return Err(ApplyError::DuplicateRole {
                        organisation: a.organisation.clone(),
                        trajectory: a.trajectory.clone(),
                        role: a.role,
                    });
                }
                Ok(())
            }
            Change::RecordEvent(e) => {
                if self.events.contains(&e.id) {
                    return Err(duplicate(Entity::Event, &e.id, "id"));
                }
                text(&e.description, "description")?;
                e.trajectories
                    .iter()
                    .try_for_each(|t| traj(t, "trajectories"))?;
                e.organisations
                    .iter()
                    .try_for_each(|o| org(o, "organisations"))?;
                resolve_when(at, e.event_date, e.event_precision, e.undated).map(|_| ())
            }
            Change::AddInitiative(i) => {
                if self.initiatives.contains(&i.id) {
                    return Err(duplicate(Entity::Initiative, &i.id, "id"));
                }
                text(&i.name, "name")?;
                opt_text(&i.description, "description")
            }
            Change::LinkInitiative(l) => {
                traj(&l.trajectory, "trajectory")?;
                if !self.initiatives.contains(&l.initiative) {
                    return Err(unknown(Entity::Initiative, &l.initiative, "initiative"));
                }
                opt_text(&l.note, "note")?;
                let t = self.trajectories.get(&l.trajectory).expect("checked");
                if t.initiatives.iter().any(|x| x.initiative == l.initiative) {
                    return Err(ApplyError::DuplicateLink {
                        trajectory: l.trajectory.clone(),
                        initiative: l.initiative.clone(),
                    });
                }
                Ok(())
            }
            Change::GovernmentActivity(a) => {
                if self.government.contains(&a.id) {
                    return Err(duplicate(Entity::GovernmentActivity, &a.id, "id"));
                }
                text(&a.description, "description")?;
                a.organisations
                    .iter()
                    .try_for_each(|o| org(o, "organisations"))?;
                a.sectors.iter().try_for_each(|s| sector(s, "sectors"))?;
                a.trajectories
                    .iter()
                    .try_for_each(|t| traj(t, "trajectories"))?;
                resolve_when(at, a.event_date, a.event_precision, a.undated).map(|_| ())
            }
            Change::StakeholderActivity(a) => {
                if self.stakeholders.contains(&a.id) {
                    return Err(duplicate(Entity::StakeholderActivity, &a.id, "id"));
                }
                text(&a.description, "description")?;
                a.organisations
                    .iter()
                    .try_for_each(|o| org(o, "organisations"))?;
                a.trajectories
                    .iter()
                    .try_for_each(|t| traj(t, "trajectories"))?;
                resolve_when(at, a.event_date, a.event_precision, a.undated).map(|_| ())
            }
            Change::SignCovenant(c) => {
                if self.covenants.contains(&c.id) {
                    return Err(duplicate(Entity::Covenant, &c.id, "id"));
                }
                text(&c.name, "name")?;
                traj(&c.trajectory, "trajectory")?;
                c.parties
                    .iter()
                    .try_for_each(|p| org(&p.organisation, "parties"))?;
                if let Some(g) = &c.governance {
                    if let Some(ch) = &g.chair {
                        org(ch, "governance.chair")?;
                    }
                    if let Some(s) = &g.secretariat {
                        org(s, "governance.secretariat")?;
                    }
                    opt_text(&g.note, "governance.note")?;
                }
                if c.duration_years == Some(0) {
                    return Err(ApplyError::InvalidValue {
                        field: "duration_years",
                        reason: "a covenant lasts at least one year; omit the field when unknown",
                    });
                }
                opt_text(&c.parties_description, "parties_description")?;
                opt_text(&c.complaints_mechanism, "complaints_mechanism")?;
                opt_text(&c.description, "description")
            }
            Change::EndCovenant(e) => {
                let c = self
                    .covenants
                    .get(&e.covenant)
                    .ok_or_else(|| unknown(Entity::Covenant, &e.covenant, "covenant"))?;
                if let Some((ended, _)) = &c.ended {
                    return Err(ApplyError::CovenantEnded {
                        covenant: e.covenant.clone(),
                        ended: ended.date,
                    });
                }
                opt_text(&e.reason, "reason")
            }
            Change::AddAgreement(a) => {
                let c = self
                    .covenants
                    .get(&a.covenant)
                    .ok_or_else(|| unknown(Entity::Covenant, &a.covenant, "covenant"))?;
                if let Some((ended, _)) = &c.ended {
                    return Err(ApplyError::CovenantEnded {
                        covenant: a.covenant.clone(),
                        ended: ended.date,
                    });
                }
                let id = a.agreement.id();
                if self.agreements.contains(id) {
                    return Err(duplicate(Entity::Agreement, id, "agreement.id"));
                }
                org(a.agreement.owner(), "agreement.owner")
            }
            Change::RecordMeasurement(m) => {
                let a = self
                    .agreements
                    .get(&m.agreement)
                    .ok_or_else(|| unknown(Entity::Agreement, &m.agreement, "agreement"))?;
                if !m.value.is_finite() {
                    return Err(ApplyError::InvalidValue {
                        field: "value",
                        reason: "the measured value must be a finite number",
                    });
                }
                let baseline = a.agreement.baseline().date;
                if r.date < baseline {
                    return Err(ApplyError::MeasurementBeforeBaseline {
                        agreement: m.agreement.clone(),
                        date: r.date,
                        baseline,
                    });
                }
                opt_text(&m.note, "note")
            }
            Change::AddTarget(t) => {
                if self.targets.contains(&t.id) {
                    return Err(duplicate(Entity::Target, &t.id, "id"));
                }
                text(&t.description, "description")?;
                if t.count == 0 {
                    return Err(ApplyError::InvalidValue {
                        field: "count",
                        reason: "a target counts at least one covenant",
                    });
                }
                if t.rule.kinds.is_empty() {
                    return Err(ApplyError::Empty {
                        field: "rule.kinds",
                    });
                }
                Ok(())
            }
        }
    }

    /// The date the state is taken at: the `as_of` of the replay, else the last record's date.
    pub fn as_of(&self) -> Option<NaiveDate> {
        self.as_of
    }

    /// The records applied, in replay order.
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    /// The records effective after `from` and on or before `to`: "what changed since the
    /// previous letter".
    pub fn changes_between(&self, from: NaiveDate, to: NaiveDate) -> Vec<&Record> {
        self.records
            .iter()
            .filter(|r| r.date > from && r.date <= to)
            .collect()
    }

    /// The SRA chapters, in the order added.
    pub fn sra_chapters(&self) -> &[SraChapter] {
        &self.chapters.items
    }

    /// One SRA chapter.
    pub fn sra_chapter(&self, id: &Id) -> Option<&SraChapter> {
        self.chapters.get(id)
    }

    /// The sectors, in the order added.
    pub fn sectors(&self) -> &[Sector] {
        &self.sectors.items
    }

    /// One sector.
    pub fn sector(&self, id: &Id) -> Option<&Sector> {
        self.sectors.get(id)
    }

    /// The sectors of an SRA chapter.
    pub fn sectors_in_chapter(&self, chapter: &Id) -> Vec<&Sector> {
        self.sectors
            .items
            .iter()
            .filter(|s| s.sra_chapter.as_ref() == Some(chapter))
            .collect()
    }

    /// The organisations, in the order added.
    pub fn organisations(&self) -> &[Organisation] {
        &self.organisations.items
    }

    /// One organisation.
    pub fn organisation(&self, id: &Id) -> Option<&Organisation> {
        self.organisations.get(id)
    }

    /// The trajectories, in the order added.
    pub fn trajectories(&self) -> &[Trajectory] {
        &self.trajectories.items
    }

    /// One trajectory.
    pub fn trajectory(&self, id: &Id) -> Option<&Trajectory> {
        self.trajectories.get(id)
    }

    /// Whether a trajectory touches at least one sector the SRA found at elevated risk. The
    /// letter lists the others separately ("other sectors joining").
    pub fn is_sra_trajectory(&self, t: &Trajectory) -> bool {
        t.spec
            .sectors
            .iter()
            .any(|s| self.sector(s).is_some_and(|s| s.elevated_risk))
    }

    /// The trajectories grouped by current phase, most advanced phase first (ended,
    /// implementing, signed, negotiating, dialogue, exploring, no initiative, then those with
    /// no reported phase). Empty groups are left out; within a group, the order added.
    pub fn trajectories_by_phase(&self) -> Vec<PhaseGroup<'_>> {
        let mut keys: Vec<Option<Phase>> = Phase::ALL.iter().rev().map(|p| Some(*p)).collect();
        keys.push(None);
        keys.into_iter()
            .map(|phase| PhaseGroup {
                phase,
                trajectories: self
                    .trajectories
                    .items
                    .iter()
                    .filter(|t| t.phase() == phase)
                    .collect(),
            })
            .filter(|g| !g.trajectories.is_empty())
            .collect()
    }

    /// The organisations taking part in a trajectory with their roles, in the order first
    /// recorded.
    pub fn organisations_in(&self, trajectory: &Id) -> Vec<(&Organisation, Vec<Role>)> {
        let mut out: Vec<(&Organisation, Vec<Role>)> = Vec::new();
        let Some(t) = self.trajectory(trajectory) else {
            return out;
        };
        for e in &t.roles {
            let Some(o) = self.organisation(&e.organisation) else {
                continue;
            };
            match out.iter_mut().find(|(x, _)| x.id == o.id) {
                Some((_, roles)) => roles.push(e.role),
                None => out.push((o, vec![e.role])),
            }
        }
        out
    }

    /// The existing initiatives a trajectory builds on.
    pub fn initiatives_of(&self, trajectory: &Id) -> Vec<(&Initiative, &LinkEntry)> {
        self.trajectory(trajectory)
            .map(|t| {
                t.initiatives
                    .iter()
                    .filter_map(|l| self.initiatives.get(&l.initiative).map(|i| (i, l)))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every existing initiative, in the order added.
    pub fn initiatives(&self) -> &[Initiative] {
        &self.initiatives.items
    }

    /// Every event, in the order recorded.
    pub fn events(&self) -> &[Event] {
        &self.events.items
    }

    /// The events of a trajectory, in the order recorded.
    pub fn events_of(&self, trajectory: &Id) -> Vec<&Event> {
        self.events
            .items
            .iter()
            .filter(|e| e.spec.trajectories.contains(trajectory))
            .collect()
    }

    /// The events that belong to no trajectory (the process as a whole).
    pub fn general_events(&self) -> Vec<&Event> {
        self.events
            .items
            .iter()
            .filter(|e| e.spec.trajectories.is_empty())
            .collect()
    }

    /// The government activities, in the order recorded.
    pub fn government_activities(&self) -> &[Activity<GovernmentActivity>] {
        &self.government.items
    }

    /// The stakeholder activities, in the order recorded.
    pub fn stakeholder_activities(&self) -> &[Activity<StakeholderActivity>] {
        &self.stakeholders.items
    }

    /// The covenants, in signing order.
    pub fn covenants(&self) -> &[Covenant] {
        &self.covenants.items
    }

    /// One covenant.
    pub fn covenant(&self, id: &Id) -> Option<&Covenant> {
        self.covenants.get(id)
    }

    /// The covenants signed in a trajectory.
    pub fn covenants_in(&self, trajectory: &Id) -> Vec<&Covenant> {
        self.covenants
            .items
            .iter()
            .filter(|c| &c.spec.trajectory == trajectory)
            .collect()
    }

    /// Every agreement, in the order added.
    pub fn agreements(&self) -> &[Agreement] {
        &self.agreements.items
    }

    /// One agreement.
    pub fn agreement(&self, id: &Id) -> Option<&Agreement> {
        self.agreements.get(id)
    }

    /// The agreements of a covenant.
    pub fn agreements_of(&self, covenant: &Id) -> Vec<&Agreement> {
        self.agreements
            .items
            .iter()
            .filter(|a| &a.covenant == covenant)
            .collect()
    }

    /// The policy targets, in the order added.
    pub fn targets(&self) -> &[Target] {
        &self.targets.items
    }

    /// One policy target.
    pub fn target(&self, id: &Id) -> Option<&Target> {
        self.targets.get(id)
    }
}
