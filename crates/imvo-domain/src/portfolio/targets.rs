//! Policy targets: the check and the change side by side. Where a target stands is computed
//! from the covenants (see `crate::target`).

use super::Portfolio;
use super::error::{ApplyError, Entity};
use super::rules::{duplicate, text};
use super::view::Target;
use crate::model::{Dated, TargetSpec};
use crate::record::Source;

impl Portfolio {
    pub(super) fn check_target(&self, t: &TargetSpec) -> Result<(), ApplyError> {
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

    pub(super) fn add_target(&mut self, t: TargetSpec, at: Dated, source: Source) {
        self.targets.insert(
            Target {
                spec: t,
                added: at,
                source,
            },
            at.date,
        );
    }
}
