//! The read model: what the portfolio holds after a replay, and the questions front ends ask
//! of it (the trajectories by phase, the events of a trajectory, the agreements of a covenant …).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Portfolio;
use super::history::History;
use crate::agreement::{Progress, SmartAgreement};
use crate::model::{
    CovenantSpec, Dated, EventSpec, GovernmentActivity, Initiative, Organisation, Phase, Role,
    Sector, SraChapter, StakeholderActivity, TargetSpec, TrajectorySpec,
};
use crate::record::Source;
use crate::text::{Id, Text};

/// A period a trajectory spent in one phase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhaseSpell {
    /// The phase.
    pub phase: Phase,
    /// When the trajectory entered it.
    pub since: Dated,
    /// What the source says about the trajectory in this phase.
    pub note: Option<Text>,
    /// The source.
    #[serde(with = "super::sections::whole_source")]
    pub source: Source,
}

/// A role held by an organisation in a trajectory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    #[serde(with = "super::sections::whole_source")]
    pub source: Source,
}

/// An existing initiative a trajectory builds on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkEntry {
    /// The initiative.
    pub initiative: Id,
    /// How the trajectory uses it.
    pub note: Option<Text>,
    /// Since when (the record's date).
    pub since: Dated,
    /// The source.
    #[serde(with = "super::sections::whole_source")]
    pub source: Source,
}

/// A trajectory with its history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trajectory {
    /// Its id, name and sectors.
    pub spec: TrajectorySpec,
    /// When it was added.
    pub added: Dated,
    /// The source of its addition.
    #[serde(with = "super::sections::whole_source")]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The event as recorded.
    pub spec: EventSpec,
    /// When it happens(ed); `None` when the source gives no date.
    pub when: Option<Dated>,
    /// When it was recorded (the record's date).
    pub recorded: Dated,
    /// The source.
    #[serde(with = "super::sections::whole_source")]
    pub source: Source,
}

/// A government or stakeholder activity with its resolved date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity<T> {
    /// The activity as recorded.
    pub spec: T,
    /// When it happens(ed); `None` when the source gives no date.
    pub when: Option<Dated>,
    /// When it was recorded.
    pub recorded: Dated,
    /// The source.
    #[serde(with = "super::sections::whole_source")]
    pub source: Source,
}

/// A covenant with its signing and (possibly) end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Covenant {
    /// The covenant as signed.
    pub spec: CovenantSpec,
    /// When it was signed.
    pub signed: Dated,
    /// The source of the signing.
    #[serde(with = "super::sections::whole_source")]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasurementEntry {
    /// Progress and status.
    pub progress: Progress,
    /// A note.
    pub note: Option<Text>,
    /// The source.
    #[serde(with = "super::sections::whole_source")]
    pub source: Source,
}

/// An agreement of a covenant with its measurements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    /// The covenant it belongs to.
    pub covenant: Id,
    /// The agreement.
    pub agreement: SmartAgreement,
    /// When it was added.
    pub added: Dated,
    /// The source.
    #[serde(with = "super::sections::whole_source")]
    pub source: Source,
    /// Its measurements in date order, shared with the portfolios of other dates.
    pub measurements: History<MeasurementEntry>,
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// The target.
    pub spec: TargetSpec,
    /// When it was set.
    pub added: Dated,
    /// The source.
    #[serde(with = "super::sections::whole_source")]
    pub source: Source,
}

/// Trajectories that share a phase (see [`Portfolio::trajectories_by_phase`]).
#[derive(Debug, Clone, Serialize)]
pub struct PhaseGroup<'a> {
    /// The phase; `None` for trajectories without a reported phase.
    pub phase: Option<Phase>,
    /// The trajectories, in the order they were added.
    pub trajectories: Vec<&'a Trajectory>,
}

impl Portfolio {
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
    pub fn events(&self) -> impl DoubleEndedIterator<Item = &Event> + ExactSizeIterator + Clone {
        self.events.get().history.iter()
    }

    /// The events of a trajectory, in the order recorded.
    pub fn events_of(&self, trajectory: &Id) -> Vec<&Event> {
        self.events()
            .filter(|e| e.spec.trajectories.contains(trajectory))
            .collect()
    }

    /// The events that belong to no trajectory (the process as a whole).
    pub fn general_events(&self) -> Vec<&Event> {
        self.events()
            .filter(|e| e.spec.trajectories.is_empty())
            .collect()
    }

    /// The government activities, in the order recorded.
    pub fn government_activities(
        &self,
    ) -> impl DoubleEndedIterator<Item = &Activity<GovernmentActivity>> + ExactSizeIterator + Clone
    {
        self.government.get().history.iter()
    }

    /// The stakeholder activities, in the order recorded.
    pub fn stakeholder_activities(
        &self,
    ) -> impl DoubleEndedIterator<Item = &Activity<StakeholderActivity>> + ExactSizeIterator + Clone
    {
        self.stakeholders.get().history.iter()
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
        &self.agreements.get().items
    }

    /// One agreement.
    pub fn agreement(&self, id: &Id) -> Option<&Agreement> {
        self.agreements.get().get(id)
    }

    /// The agreements of a covenant.
    pub fn agreements_of(&self, covenant: &Id) -> Vec<&Agreement> {
        self.agreements()
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
