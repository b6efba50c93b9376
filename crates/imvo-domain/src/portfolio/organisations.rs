//! Organisations and the roles they take in trajectories: the check and the change of each,
//! side by side.

use chrono::NaiveDate;

use super::Portfolio;
use super::error::{ApplyError, Entity};
use super::rules::{duplicate, opt_text};
use super::view::RoleEntry;
use crate::model::{Dated, Organisation, RoleAssignment};
use crate::record::Source;

impl Portfolio {
    pub(super) fn check_organisation(&self, o: &Organisation) -> Result<(), ApplyError> {
        if self.organisations.contains(&o.id) {
            return Err(duplicate(Entity::Organisation, &o.id, "id"));
        }
        if o.name.trim().is_empty() {
            return Err(ApplyError::Blank { field: "name" });
        }
        opt_text(&o.description, "description")
    }

    pub(super) fn add_organisation(&mut self, o: Organisation, date: NaiveDate) {
        self.organisations.insert(o, date);
    }

    pub(super) fn check_role(&self, a: &RoleAssignment) -> Result<(), ApplyError> {
        self.known_organisation(&a.organisation, "organisation")?;
        self.known_trajectory(&a.trajectory, "trajectory")?;
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

    pub(super) fn assign_role(&mut self, a: RoleAssignment, at: Dated, source: Source) {
        let t = self.trajectories.get_mut(&a.trajectory).expect("checked");
        t.roles.push(RoleEntry {
            organisation: a.organisation,
            role: a.role,
            note: a.note,
            since: at,
            source,
        });
    }
}
