//! Events and the activities of government and stakeholders: the check and the change of each,
//! side by side. Their dates are resolved once by the check and kept by the change.

use super::Portfolio;
use super::error::{ApplyError, Entity};
use super::rules::{duplicate, resolve_when, text};
use super::view::{Activity, Event};
use crate::model::{Dated, EventSpec, GovernmentActivity, StakeholderActivity};
use crate::record::Source;

impl Portfolio {
    /// Checks an event; returns its resolved date.
    pub(super) fn check_event(
        &self,
        e: &EventSpec,
        at: &Dated,
    ) -> Result<Option<Dated>, ApplyError> {
        if self.events.get().contains(&e.id) {
            return Err(duplicate(Entity::Event, &e.id, "id"));
        }
        text(&e.description, "description")?;
        e.trajectories
            .iter()
            .try_for_each(|t| self.known_trajectory(t, "trajectories"))?;
        e.organisations
            .iter()
            .try_for_each(|o| self.known_organisation(o, "organisations"))?;
        resolve_when(at, e.event_date, e.event_precision, e.undated)
    }

    pub(super) fn record_event(
        &mut self,
        e: EventSpec,
        when: Option<Dated>,
        at: Dated,
        source: Source,
    ) {
        self.events.get_mut().insert(Event {
            spec: e,
            when,
            recorded: at,
            source,
        });
    }

    /// Checks a government activity; returns its resolved date.
    pub(super) fn check_government(
        &self,
        a: &GovernmentActivity,
        at: &Dated,
    ) -> Result<Option<Dated>, ApplyError> {
        if self.government.get().contains(&a.id) {
            return Err(duplicate(Entity::GovernmentActivity, &a.id, "id"));
        }
        text(&a.description, "description")?;
        a.organisations
            .iter()
            .try_for_each(|o| self.known_organisation(o, "organisations"))?;
        a.sectors
            .iter()
            .try_for_each(|s| self.known_sector(s, "sectors"))?;
        a.trajectories
            .iter()
            .try_for_each(|t| self.known_trajectory(t, "trajectories"))?;
        resolve_when(at, a.event_date, a.event_precision, a.undated)
    }

    pub(super) fn add_government(
        &mut self,
        a: GovernmentActivity,
        when: Option<Dated>,
        at: Dated,
        source: Source,
    ) {
        self.government.get_mut().insert(Activity {
            spec: a,
            when,
            recorded: at,
            source,
        });
    }

    /// Checks a stakeholder activity; returns its resolved date.
    pub(super) fn check_stakeholder(
        &self,
        a: &StakeholderActivity,
        at: &Dated,
    ) -> Result<Option<Dated>, ApplyError> {
        if self.stakeholders.get().contains(&a.id) {
            return Err(duplicate(Entity::StakeholderActivity, &a.id, "id"));
        }
        text(&a.description, "description")?;
        a.organisations
            .iter()
            .try_for_each(|o| self.known_organisation(o, "organisations"))?;
        a.trajectories
            .iter()
            .try_for_each(|t| self.known_trajectory(t, "trajectories"))?;
        resolve_when(at, a.event_date, a.event_precision, a.undated)
    }

    pub(super) fn add_stakeholder(
        &mut self,
        a: StakeholderActivity,
        when: Option<Dated>,
        at: Dated,
        source: Source,
    ) {
        self.stakeholders.get_mut().insert(Activity {
            spec: a,
            when,
            recorded: at,
            source,
        });
    }
}
