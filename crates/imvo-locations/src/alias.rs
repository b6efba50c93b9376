//! Merges of locations and their undoing. When two ids turn out to mean one factory, one
//! survives and the other becomes its alias: every earlier reference (a buyer's list, a
//! complaint, a published list) still finds the factory. A merge that was wrong is undone by
//! splitting the alias off again.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::id::LocationId;

/// One merge: `merged` now redirects to `survivor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merge {
    /// The id that stays.
    pub survivor: LocationId,
    /// The id that became an alias of `survivor`.
    pub merged: LocationId,
}

/// Why a merge or split cannot be done.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AliasError {
    /// Both ids already mean the same location.
    #[error("{0} and {1} are already one location")]
    Same(LocationId, LocationId),
    /// The ids are in different countries.
    #[error("{0} and {1} are in different countries and cannot be one location")]
    Countries(LocationId, LocationId),
    /// The id to split off is not an alias.
    #[error("{0} is not an alias of another location")]
    NotAnAlias(LocationId),
}

/// The redirects from merged ids to the ids they were merged into.
///
/// Merges always point at a surviving id (never at another alias), so a chain is at most as
/// long as the history of merges of the location; [`Aliases::resolve`] follows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Aliases {
    redirects: HashMap<LocationId, LocationId>,
}

impl Aliases {
    /// No merges.
    pub fn new() -> Aliases {
        Aliases::default()
    }

    /// The redirects as stored (merged → survivor), e.g. loaded from the store.
    pub fn from_merges(merges: impl IntoIterator<Item = Merge>) -> Aliases {
        Aliases {
            redirects: merges.into_iter().map(|m| (m.merged, m.survivor)).collect(),
        }
    }

    /// The id a location is known by now: `id` itself, or the survivor of the merges it went
    /// into. A cycle (only possible in hand-edited data) ends at the id where it closes.
    pub fn resolve(&self, id: LocationId) -> LocationId {
        let mut current = id;
        for _ in 0..=self.redirects.len() {
            match self.redirects.get(&current) {
                Some(&next) if next != id => current = next,
                _ => return current,
            }
        }
        current
    }

    /// Whether `id` has been merged into another location.
    pub fn is_alias(&self, id: LocationId) -> bool {
        self.redirects.contains_key(&id)
    }

    /// Merges two locations. The older id (by the date in it, then alphabetically) survives,
    /// so references to the longer-known id stay direct.
    pub fn merge(&mut self, a: LocationId, b: LocationId) -> Result<Merge, AliasError> {
        let (a, b) = (self.resolve(a), self.resolve(b));
        let older_first = (a.date(), a) <= (b.date(), b);
        let (survivor, merged) = if older_first { (a, b) } else { (b, a) };
        self.merge_into(survivor, merged)
    }

    /// Merges `merged` into `survivor` (both resolved first).
    pub fn merge_into(
        &mut self,
        survivor: LocationId,
        merged: LocationId,
    ) -> Result<Merge, AliasError> {
        let (survivor, merged) = (self.resolve(survivor), self.resolve(merged));
        if survivor == merged {
            return Err(AliasError::Same(survivor, merged));
        }
        if survivor.country() != merged.country() {
            return Err(AliasError::Countries(survivor, merged));
        }
        self.redirects.insert(merged, survivor);
        Ok(Merge { survivor, merged })
    }

    /// Undoes a merge: `alias` is its own location again, with every id that was merged into
    /// it.
    pub fn split(&mut self, alias: LocationId) -> Result<Merge, AliasError> {
        match self.redirects.remove(&alias) {
            Some(survivor) => Ok(Merge {
                survivor,
                merged: alias,
            }),
            None => Err(AliasError::NotAnAlias(alias)),
        }
    }

    /// Every id that resolves to `id`'s location, `id`'s survivor first, the rest sorted.
    pub fn members(&self, id: LocationId) -> Vec<LocationId> {
        let root = self.resolve(id);
        let mut out: Vec<LocationId> = self
            .redirects
            .keys()
            .copied()
            .filter(|&k| self.resolve(k) == root)
            .collect();
        out.sort();
        out.insert(0, root);
        out
    }

    /// The merges as stored: merged → survivor, sorted by merged id.
    pub fn merges(&self) -> Vec<Merge> {
        let mut out: Vec<Merge> = self
            .redirects
            .iter()
            .map(|(&merged, &survivor)| Merge { survivor, merged })
            .collect();
        out.sort_by_key(|m| m.merged);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::{IdDate, IdGenerator};
    use crate::normalise::Country;

    fn ids(n: usize) -> Vec<LocationId> {
        let mut g = IdGenerator::seeded(3);
        let bd = Country::from_alpha2("BD").unwrap();
        (0..n)
            .map(|i| g.next_id(bd, IdDate::new(2020 + i as i64, 1).unwrap()))
            .collect()
    }

    #[test]
    fn the_older_id_survives_and_chains_resolve() {
        let v = ids(3);
        let mut a = Aliases::new();
        let m = a.merge(v[1], v[0]).unwrap();
        assert_eq!((m.survivor, m.merged), (v[0], v[1]));
        a.merge(v[2], v[1]).unwrap();
        assert_eq!(a.resolve(v[2]), v[0]);
        assert_eq!(a.resolve(v[1]), v[0]);
        assert_eq!(a.members(v[2]), vec![v[0], v[1], v[2]]);
        assert!(matches!(a.merge(v[1], v[2]), Err(AliasError::Same(..))));
    }

    #[test]
    fn a_split_undoes_a_merge() {
        let v = ids(3);
        let mut a = Aliases::new();
        a.merge_into(v[1], v[2]).unwrap();
        a.merge_into(v[0], v[1]).unwrap();
        assert_eq!(a.resolve(v[2]), v[0]);
        a.split(v[1]).unwrap();
        assert_eq!(a.resolve(v[1]), v[1]);
        assert_eq!(
            a.resolve(v[2]),
            v[1],
            "what was merged into the alias stays with it"
        );
        assert!(matches!(a.split(v[0]), Err(AliasError::NotAnAlias(_))));
        assert_eq!(Aliases::from_merges(a.merges()), a);
    }

    #[test]
    fn different_countries_never_merge() {
        let v = ids(1);
        let other = IdGenerator::seeded(1).next_id(
            Country::from_alpha2("IN").unwrap(),
            IdDate::new(2020, 1).unwrap(),
        );
        assert!(matches!(
            Aliases::new().merge(v[0], other),
            Err(AliasError::Countries(..))
        ));
    }
}
