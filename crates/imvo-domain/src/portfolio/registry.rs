//! The small registries: things by id, in the order they were added, each with the date of
//! the record that added it.
//!
//! Records apply in date order, so the dates of a registry never decrease, and the things of
//! a portfolio as of an earlier date are a prefix of its registries: that is what
//! [`Portfolio::rewind`](super::Portfolio::rewind) cuts them back to. These registries hold
//! thousands of things at most (chapters, sectors, organisations, trajectories, initiatives,
//! covenants, agreements, targets), so they are plain vectors — readers get slices — and a
//! rewind copies the prefix it keeps (a few milliseconds for the largest generated log). The
//! large, append-only registries share their items instead: see `history`.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::view::{Activity, Agreement, Covenant, Event, Target, Trajectory};
use crate::model::{
    GovernmentActivity, Initiative, Organisation, Sector, SraChapter, StakeholderActivity,
};
use crate::text::Id;

/// Something kept in a registry, by id.
pub(super) trait Keyed {
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

/// Things by id, in the order they were added (the letter's order, which reports keep), with
/// the date each was added. Serialised as the items and their dates: the index is rebuilt when
/// read back.
#[derive(Debug, Clone)]
pub(super) struct Registry<T> {
    pub(super) items: Vec<T>,
    /// The date of the record that added each item, in step with `items`; never decreasing.
    added: Vec<NaiveDate>,
    index: HashMap<Id, usize>,
}

impl<T> Default for Registry<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            added: Vec::new(),
            index: HashMap::new(),
        }
    }
}

impl<T: Keyed> Registry<T> {
    pub(super) fn get(&self, id: &Id) -> Option<&T> {
        self.index.get(id).map(|&i| &self.items[i])
    }

    pub(super) fn get_mut(&mut self, id: &Id) -> Option<&mut T> {
        self.index.get(id).map(|&i| &mut self.items[i])
    }

    pub(super) fn contains(&self, id: &Id) -> bool {
        self.index.contains_key(id)
    }

    /// Adds `item`, added by a record of `date` (not before the last one's).
    pub(super) fn insert(&mut self, item: T, date: NaiveDate) {
        self.index.insert(item.key().clone(), self.items.len());
        self.items.push(item);
        self.added.push(date);
    }

    /// The registry as of `date`: the items added on or before it, each as `cut` makes it as of
    /// that date (a copy, with what was added to it later left out).
    pub(super) fn rewind_with(&self, date: NaiveDate, cut: impl Fn(&T) -> T) -> Self {
        let keep = self.added.partition_point(|d| *d <= date);
        let items: Vec<T> = self.items[..keep].iter().map(cut).collect();
        Self::from_parts(items, self.added[..keep].to_vec())
    }

    fn from_parts(items: Vec<T>, added: Vec<NaiveDate>) -> Self {
        let index = items
            .iter()
            .enumerate()
            .map(|(i, item)| (item.key().clone(), i))
            .collect();
        Registry {
            items,
            added,
            index,
        }
    }
}

/// The serialised form of a registry.
#[derive(Serialize)]
struct Saved<'a, T> {
    added: &'a [NaiveDate],
    items: &'a [T],
}

/// The serialised form of a registry, read back.
#[derive(Deserialize)]
struct Read<T> {
    added: Vec<NaiveDate>,
    items: Vec<T>,
}

impl<T: Serialize> Serialize for Registry<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Saved {
            added: &self.added,
            items: &self.items,
        }
        .serialize(s)
    }
}

impl<'de, T: Keyed + Deserialize<'de>> Deserialize<'de> for Registry<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let Read { added, items } = Read::deserialize(d)?;
        if added.len() != items.len() {
            return Err(serde::de::Error::custom(format!(
                "a registry of {} items has {} dates",
                items.len(),
                added.len()
            )));
        }
        Ok(Registry::from_parts(items, added))
    }
}
