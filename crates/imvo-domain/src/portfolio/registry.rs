//! The registry: things by id, in the order they were added.

use std::collections::HashMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::view::{Activity, Agreement, Covenant, Event, Target, Trajectory};
use crate::model::{
    GovernmentActivity, Initiative, Organisation, Sector, SraChapter, StakeholderActivity,
};
use crate::text::Id;

/// Something kept in a [`Registry`].
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

/// Things by id, in the order they were added (the letter's order, which reports keep).
/// Serialised as the list of items alone: the index is rebuilt when read back.
#[derive(Debug, Clone)]
pub(super) struct Registry<T> {
    pub(super) items: Vec<T>,
    index: HashMap<Id, usize>,
}

impl<T> Default for Registry<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
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
    pub(super) fn insert(&mut self, item: T) {
        self.index.insert(item.key().clone(), self.items.len());
        self.items.push(item);
    }
}

impl<T: Serialize> Serialize for Registry<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.items.serialize(s)
    }
}

impl<'de, T: Keyed + Deserialize<'de>> Deserialize<'de> for Registry<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let items = Vec::<T>::deserialize(d)?;
        let index = items
            .iter()
            .enumerate()
            .map(|(i, item)| (item.key().clone(), i))
            .collect();
        Ok(Registry { items, index })
    }
}
