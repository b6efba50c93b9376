//! The checks several kinds of change share: references that must exist, ids that must be
//! new, texts that must not be blank, the date fields of events and activities.

use chrono::NaiveDate;

use super::Portfolio;
use super::error::{ApplyError, Entity};
use crate::model::Dated;
use crate::text::{DatePrecision, Id, Text};

pub(super) fn unknown(entity: Entity, id: &Id, field: &'static str) -> ApplyError {
    ApplyError::Unknown {
        entity,
        id: id.clone(),
        field,
    }
}

pub(super) fn duplicate(entity: Entity, id: &Id, field: &'static str) -> ApplyError {
    ApplyError::Duplicate {
        entity,
        id: id.clone(),
        field,
    }
}

pub(super) fn text(t: &Text, field: &'static str) -> Result<(), ApplyError> {
    if t.is_blank() {
        Err(ApplyError::Blank { field })
    } else {
        Ok(())
    }
}

pub(super) fn opt_text(t: &Option<Text>, field: &'static str) -> Result<(), ApplyError> {
    t.as_ref().map_or(Ok(()), |t| text(t, field))
}

/// Resolves the date fields shared by events and activities.
pub(super) fn resolve_when(
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
    /// `id` must name an organisation added before.
    pub(super) fn known_organisation(
        &self,
        id: &Id,
        field: &'static str,
    ) -> Result<(), ApplyError> {
        if self.organisations.contains(id) {
            Ok(())
        } else {
            Err(unknown(Entity::Organisation, id, field))
        }
    }

    /// `id` must name a trajectory added before.
    pub(super) fn known_trajectory(&self, id: &Id, field: &'static str) -> Result<(), ApplyError> {
        if self.trajectories.contains(id) {
            Ok(())
        } else {
            Err(unknown(Entity::Trajectory, id, field))
        }
    }

    /// `id` must name a sector added before.
    pub(super) fn known_sector(&self, id: &Id, field: &'static str) -> Result<(), ApplyError> {
        if self.sectors.contains(id) {
            Ok(())
        } else {
            Err(unknown(Entity::Sector, id, field))
        }
    }
}
