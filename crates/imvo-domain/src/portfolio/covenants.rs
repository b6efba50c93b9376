//! Covenants, their SMART agreements and the measurements of those: the check and the change
//! of each, side by side.

use chrono::NaiveDate;

use super::Portfolio;
use super::error::{ApplyError, Entity};
use super::history::History;
use super::rules::{duplicate, opt_text, text, unknown};
use super::view::{Agreement, Covenant, MeasurementEntry};
use crate::model::{CovenantEnd, CovenantSpec, Dated, MeasurementSpec};
use crate::record::{AgreementSpec, Source};
use crate::text::Id;

impl Portfolio {
    pub(super) fn check_covenant(&self, c: &CovenantSpec) -> Result<(), ApplyError> {
        if self.covenants.contains(&c.id) {
            return Err(duplicate(Entity::Covenant, &c.id, "id"));
        }
        text(&c.name, "name")?;
        self.known_trajectory(&c.trajectory, "trajectory")?;
        c.parties
            .iter()
            .try_for_each(|p| self.known_organisation(&p.organisation, "parties"))?;
        if let Some(g) = &c.governance {
            if let Some(ch) = &g.chair {
                self.known_organisation(ch, "governance.chair")?;
            }
            if let Some(s) = &g.secretariat {
                self.known_organisation(s, "governance.secretariat")?;
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

    pub(super) fn sign_covenant(&mut self, c: CovenantSpec, at: Dated, source: Source) {
        self.covenants.insert(
            Covenant {
                spec: c,
                signed: at,
                source,
                ended: None,
            },
            at.date,
        );
    }

    /// The covenant `id` must exist and not have ended.
    fn open_covenant(&self, id: &Id) -> Result<&Covenant, ApplyError> {
        let c = self
            .covenants
            .get(id)
            .ok_or_else(|| unknown(Entity::Covenant, id, "covenant"))?;
        match &c.ended {
            Some((ended, _)) => Err(ApplyError::CovenantEnded {
                covenant: id.clone(),
                ended: ended.date,
            }),
            None => Ok(c),
        }
    }

    pub(super) fn check_covenant_end(&self, e: &CovenantEnd) -> Result<(), ApplyError> {
        self.open_covenant(&e.covenant)?;
        opt_text(&e.reason, "reason")
    }

    pub(super) fn end_covenant(&mut self, e: CovenantEnd, at: Dated) {
        let c = self.covenants.get_mut(&e.covenant).expect("checked");
        c.ended = Some((at, e.reason));
    }

    pub(super) fn check_agreement(&self, a: &AgreementSpec) -> Result<(), ApplyError> {
        self.open_covenant(&a.covenant)?;
        let id = a.agreement.id();
        if self.agreements.get().contains(id) {
            return Err(duplicate(Entity::Agreement, id, "agreement.id"));
        }
        self.known_organisation(a.agreement.owner(), "agreement.owner")
    }

    pub(super) fn add_agreement(&mut self, a: AgreementSpec, at: Dated, source: Source) {
        self.agreements.get_mut().insert(
            Agreement {
                covenant: a.covenant,
                agreement: a.agreement,
                added: at,
                source,
                measurements: History::default(),
            },
            at.date,
        );
    }

    pub(super) fn check_measurement(
        &self,
        m: &MeasurementSpec,
        date: NaiveDate,
    ) -> Result<(), ApplyError> {
        let a = self
            .agreements
            .get()
            .get(&m.agreement)
            .ok_or_else(|| unknown(Entity::Agreement, &m.agreement, "agreement"))?;
        if !m.value.is_finite() {
            return Err(ApplyError::InvalidValue {
                field: "value",
                reason: "the measured value must be a finite number",
            });
        }
        let baseline = a.agreement.baseline().date;
        if date < baseline {
            return Err(ApplyError::MeasurementBeforeBaseline {
                agreement: m.agreement.clone(),
                date,
                baseline,
            });
        }
        opt_text(&m.note, "note")
    }

    pub(super) fn record_measurement(
        &mut self,
        m: MeasurementSpec,
        date: NaiveDate,
        source: Source,
    ) {
        let a = self
            .agreements
            .get_mut()
            .get_mut(&m.agreement)
            .expect("checked");
        let progress = a.agreement.assess(m.value, date);
        a.measurements.push(MeasurementEntry {
            progress,
            note: m.note,
            source,
        });
    }
}
