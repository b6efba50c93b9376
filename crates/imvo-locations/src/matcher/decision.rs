//! Decision memory: what people already answered. Open Supply Hub's users complain that every
//! re-upload asks the same confirmations again and that rejected merges come back; here an
//! answer is remembered by the row's [`Fingerprint`] and applied silently next time:
//!
//! - a *confirmed* row matches its location without a score;
//! - a *rejected* pair (this row is not that location) never matches, whatever the score;
//! - locations *kept apart* are never merged.
//!
//! The store fills a [`Decisions`] from its tables and hands it to the matcher; ids are
//! compared after following merges ([`Aliases`]), so an answer about a location that was
//! merged since still holds for the location it went into.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::key::Fingerprint;
use crate::alias::Aliases;
use crate::id::LocationId;

/// A person's answer to a review question about one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "answer", content = "location", rename_all = "snake_case")]
pub enum Answer {
    /// The row is this location (one of the candidates or another one).
    Same(LocationId),
    /// The row is none of the candidates; it became this new location.
    New(LocationId),
}

/// What people answered, as the store keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decisions {
    confirmed: BTreeMap<Fingerprint, LocationId>,
    rejected: BTreeMap<Fingerprint, BTreeSet<LocationId>>,
    apart: BTreeSet<(LocationId, LocationId)>,
}

impl Decisions {
    /// No answers yet.
    pub fn new() -> Decisions {
        Decisions::default()
    }

    /// The row with this fingerprint is this location.
    pub fn confirm(&mut self, row: Fingerprint, location: LocationId) {
        if let Some(set) = self.rejected.get_mut(&row) {
            set.remove(&location);
        }
        self.confirmed.insert(row, location);
    }

    /// The row with this fingerprint is not this location.
    pub fn reject(&mut self, row: Fingerprint, location: LocationId) {
        if self.confirmed.get(&row) == Some(&location) {
            self.confirmed.remove(&row);
        }
        self.rejected.entry(row).or_default().insert(location);
    }

    /// These two locations are different factories: never merge them.
    pub fn keep_apart(&mut self, a: LocationId, b: LocationId) {
        self.apart.insert(if a <= b { (a, b) } else { (b, a) });
    }

    /// Records a person's answer to a review question whose candidates were `candidates`:
    /// the chosen location is confirmed and every other candidate rejected, so the next upload
    /// of the row asks nothing.
    pub fn record(&mut self, row: Fingerprint, answer: Answer, candidates: &[LocationId]) {
        let chosen = match answer {
            Answer::Same(l) | Answer::New(l) => l,
        };
        for &c in candidates {
            if c != chosen {
                self.reject(row, c);
            }
        }
        self.confirm(row, chosen);
    }

    /// The location a person confirmed for the row, after merges.
    pub fn confirmed(&self, row: Fingerprint, aliases: &Aliases) -> Option<LocationId> {
        self.confirmed.get(&row).map(|&l| aliases.resolve(l))
    }

    /// Whether a person said the row is not `location` (after merges).
    pub fn is_rejected(&self, row: Fingerprint, location: LocationId, aliases: &Aliases) -> bool {
        let location = aliases.resolve(location);
        self.rejected
            .get(&row)
            .is_some_and(|set| set.iter().any(|&r| aliases.resolve(r) == location))
    }

    /// Whether merging the locations of `a` and `b` would join two locations a person kept
    /// apart.
    pub fn are_apart(&self, a: LocationId, b: LocationId, aliases: &Aliases) -> bool {
        let (a, b) = (aliases.resolve(a), aliases.resolve(b));
        self.apart.iter().any(|&(p, q)| {
            let (p, q) = (aliases.resolve(p), aliases.resolve(q));
            (p == a && q == b) || (p == b && q == a)
        })
    }

    /// The confirmations, for the store: (row, location).
    pub fn confirmations(&self) -> impl Iterator<Item = (Fingerprint, LocationId)> + '_ {
        self.confirmed.iter().map(|(&f, &l)| (f, l))
    }

    /// The rejections, for the store: (row, location).
    pub fn rejections(&self) -> impl Iterator<Item = (Fingerprint, LocationId)> + '_ {
        self.rejected
            .iter()
            .flat_map(|(&f, set)| set.iter().map(move |&l| (f, l)))
    }

    /// The pairs kept apart, for the store.
    pub fn kept_apart(&self) -> impl Iterator<Item = (LocationId, LocationId)> + '_ {
        self.apart.iter().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::{IdDate, IdGenerator};
    use crate::normalise::Country;

    #[test]
    fn an_answer_confirms_one_and_rejects_the_rest() {
        let mut g = IdGenerator::seeded(5);
        let bd = Country::from_alpha2("BD").unwrap();
        let day = IdDate::new(2024, 1).unwrap();
        let (a, b, c) = (g.next_id(bd, day), g.next_id(bd, day), g.next_id(bd, day));
        let row = Fingerprint(42);
        let mut d = Decisions::new();
        d.record(row, Answer::Same(b), &[a, b]);
        let none = Aliases::new();
        assert_eq!(d.confirmed(row, &none), Some(b));
        assert!(d.is_rejected(row, a, &none));
        assert!(!d.is_rejected(row, b, &none));
        let mut merged = Aliases::new();
        merged.merge_into(c, a).unwrap();
        assert!(
            d.is_rejected(row, c, &merged),
            "a rejection follows the merge"
        );
        d.keep_apart(a, b);
        assert!(d.are_apart(b, c, &merged));
    }
}
