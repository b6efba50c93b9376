//! SRA chapters, sectors, trajectories and their phases, existing initiatives and the links of
//! trajectories to them: the check and the change of each, side by side.

use chrono::NaiveDate;

use super::Portfolio;
use super::error::{ApplyError, Entity};
use super::rules::{duplicate, opt_text, text, unknown};
use super::view::{LinkEntry, PhaseSpell, Trajectory};
use crate::model::{
    Dated, Initiative, InitiativeLink, PhaseChange, Sector, SraChapter, TrajectorySpec,
};
use crate::record::Source;

impl Portfolio {
    pub(super) fn check_sra_chapter(&self, c: &SraChapter) -> Result<(), ApplyError> {
        if self.chapters.contains(&c.id) {
            return Err(duplicate(Entity::SraChapter, &c.id, "id"));
        }
        text(&c.name, "name")
    }

    pub(super) fn add_sra_chapter(&mut self, c: SraChapter, date: NaiveDate) {
        self.chapters.insert(c, date);
    }

    pub(super) fn check_sector(&self, s: &Sector) -> Result<(), ApplyError> {
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

    pub(super) fn add_sector(&mut self, s: Sector, date: NaiveDate) {
        self.sectors.insert(s, date);
    }

    pub(super) fn check_trajectory(&self, t: &TrajectorySpec) -> Result<(), ApplyError> {
        if self.trajectories.contains(&t.id) {
            return Err(duplicate(Entity::Trajectory, &t.id, "id"));
        }
        text(&t.name, "name")?;
        if t.sectors.is_empty() {
            return Err(ApplyError::Empty { field: "sectors" });
        }
        for (i, s) in t.sectors.iter().enumerate() {
            self.known_sector(s, "sectors")?;
            if t.sectors[..i].contains(s) {
                return Err(duplicate(Entity::Sector, s, "sectors"));
            }
        }
        Ok(())
    }

    pub(super) fn add_trajectory(&mut self, t: TrajectorySpec, at: Dated, source: Source) {
        self.trajectories.insert(
            Trajectory {
                spec: t,
                added: at,
                source,
                phases: Vec::new(),
                roles: Vec::new(),
                initiatives: Vec::new(),
            },
            at.date,
        );
    }

    pub(super) fn check_phase(&self, c: &PhaseChange) -> Result<(), ApplyError> {
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
            Some(cur) if c.phase < cur && !c.allow_backward => Err(ApplyError::PhaseBackwards {
                trajectory: c.trajectory.clone(),
                from: cur,
                to: c.phase,
            }),
            _ => Ok(()),
        }
    }

    pub(super) fn set_phase(&mut self, c: PhaseChange, at: Dated, source: Source) {
        let t = self.trajectories.get_mut(&c.trajectory).expect("checked");
        t.phases.push(PhaseSpell {
            phase: c.phase,
            since: at,
            note: c.note,
            source,
        });
    }

    pub(super) fn check_initiative(&self, i: &Initiative) -> Result<(), ApplyError> {
        if self.initiatives.contains(&i.id) {
            return Err(duplicate(Entity::Initiative, &i.id, "id"));
        }
        text(&i.name, "name")?;
        opt_text(&i.description, "description")
    }

    pub(super) fn add_initiative(&mut self, i: Initiative, date: NaiveDate) {
        self.initiatives.insert(i, date);
    }

    pub(super) fn check_link(&self, l: &InitiativeLink) -> Result<(), ApplyError> {
        self.known_trajectory(&l.trajectory, "trajectory")?;
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

    pub(super) fn link_initiative(&mut self, l: InitiativeLink, at: Dated, source: Source) {
        let t = self.trajectories.get_mut(&l.trajectory).expect("checked");
        t.initiatives.push(LinkEntry {
            initiative: l.initiative,
            note: l.note,
            since: at,
            source,
        });
    }
}
