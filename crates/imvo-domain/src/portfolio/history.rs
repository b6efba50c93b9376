//! The large, append-only parts of the read model — events, government and stakeholder
//! activities, the measurements of each agreement — kept so that portfolios of different
//! dates share their items instead of copying them.
//!
//! A log of a million records holds some 600,000 events and activities and 400,000
//! measurements. A portfolio as of an earlier date holds a prefix of each (records apply in
//! date order), and a portfolio one record later holds one item more. With plain vectors, each
//! of those would be a copy of hundreds of megabytes; here a [`History`] is a persistent vector
//! (`imbl`'s RRB tree: cloning it copies one pointer, appending to a shared one copies one path
//! of the tree) seen up to a length. Cutting it back to a date is a binary search and a new
//! length — nothing is copied, nor dropped, until something is appended to the shorter one.

use std::marker::PhantomData;

use chrono::NaiveDate;
use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::registry::Keyed;
use super::view::{Activity, Event, MeasurementEntry};
use crate::text::Id;

/// Items in the order recorded, shared with the portfolios of other dates made from the same
/// replay (see the module documentation). Read it like a slice: [`History::iter`],
/// [`History::len`], [`History::last`].
#[derive(Clone)]
pub struct History<T: Clone> {
    items: imbl::Vector<T>,
    /// How many of `items` this portfolio sees: the rest were recorded after its date.
    len: usize,
}

impl<T: Clone> Default for History<T> {
    fn default() -> Self {
        Self {
            items: imbl::Vector::new(),
            len: 0,
        }
    }
}

impl<T: Clone> History<T> {
    /// The items, in the order recorded.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + ExactSizeIterator + Clone {
        self.items.iter().take(self.len)
    }

    /// How many items there are.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The first item recorded.
    pub fn first(&self) -> Option<&T> {
        self.get(0)
    }

    /// The last item recorded.
    pub fn last(&self) -> Option<&T> {
        self.len.checked_sub(1).and_then(|i| self.get(i))
    }

    /// The item at position `i`.
    pub fn get(&self, i: usize) -> Option<&T> {
        if i < self.len {
            self.items.get(i)
        } else {
            None
        }
    }

    /// Appends `item`. A history cut back to an earlier date drops the items it no longer sees
    /// first (its own copy of the tree's last path; the items stay with whoever shares them).
    pub(super) fn push(&mut self, item: T) {
        self.items.truncate(self.len);
        self.items.push_back(item);
        self.len += 1;
    }

    /// The items recorded on or before `date`, sharing them. `date_of` is the date an item was
    /// recorded; those dates never decrease along the history.
    pub(super) fn rewind(&self, date: NaiveDate, date_of: impl Fn(&T) -> NaiveDate) -> Self {
        let (mut lo, mut hi) = (0, self.len);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if date_of(&self.items[mid]) <= date {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        Self {
            items: self.items.clone(),
            len: lo,
        }
    }
}

impl<T: Clone + std::fmt::Debug> std::fmt::Debug for History<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: Clone + PartialEq> PartialEq for History<T> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl<'a, T: Clone> IntoIterator for &'a History<T> {
    type Item = &'a T;
    type IntoIter = std::iter::Take<imbl::vector::Iter<'a, T, imbl::shared_ptr::DefaultSharedPtr>>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter().take(self.len)
    }
}

/// Serialised as the list of the items it sees.
impl<T: Clone + Serialize> Serialize for History<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// Read back straight into the tree, item by item: no list of them all in between, which for
/// the events of a long log would be a hundred megabytes more at the peak.
impl<'de, T: Clone + Deserialize<'de>> Deserialize<'de> for History<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Items<T>(PhantomData<T>);

        impl<'de, T: Clone + Deserialize<'de>> Visitor<'de> for Items<T> {
            type Value = History<T>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<History<T>, A::Error> {
                let mut items = imbl::Vector::new();
                while let Some(item) = seq.next_element()? {
                    items.push_back(item);
                }
                Ok(History {
                    len: items.len(),
                    items,
                })
            }
        }

        d.deserialize_seq(Items(PhantomData))
    }
}

/// The date an item of a history was recorded: the date of the record that added it.
pub(super) trait Recorded {
    fn recorded_on(&self) -> NaiveDate;
}

impl Recorded for Event {
    fn recorded_on(&self) -> NaiveDate {
        self.recorded.date
    }
}

impl<T> Recorded for Activity<T> {
    fn recorded_on(&self) -> NaiveDate {
        self.recorded.date
    }
}

impl Recorded for MeasurementEntry {
    fn recorded_on(&self) -> NaiveDate {
        self.progress.date
    }
}

/// A history of things with ids (events, activities), with an index by id that is shared too.
///
/// The index maps an id to the position it was appended at, and is not cut back with the
/// history: an entry counts only if its position is within the history and holds the thing of
/// that id. That is exact, because an id is appended again only when it is not in the history
/// (ids are unique), which overwrites its entry. So a rewind costs nothing here either.
#[derive(Clone)]
pub(super) struct Journal<T: Clone> {
    pub(super) history: History<T>,
    index: imbl::HashMap<Id, usize>,
}

impl<T: Clone> Default for Journal<T> {
    fn default() -> Self {
        Self {
            history: History::default(),
            index: imbl::HashMap::new(),
        }
    }
}

impl<T: Clone + Keyed + Recorded> Journal<T> {
    pub(super) fn contains(&self, id: &Id) -> bool {
        self.index
            .get(id)
            .and_then(|&i| self.history.get(i))
            .is_some_and(|item| item.key() == id)
    }

    pub(super) fn insert(&mut self, item: T) {
        self.index.insert(item.key().clone(), self.history.len());
        self.history.push(item);
    }

    /// The journal as of `date`, sharing its items and index.
    pub(super) fn rewind(&self, date: NaiveDate) -> Self {
        Self {
            history: self.history.rewind(date, T::recorded_on),
            index: self.index.clone(),
        }
    }
}

impl<T: Clone + std::fmt::Debug> std::fmt::Debug for Journal<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.history.fmt(f)
    }
}

/// Serialised as its items: the index is rebuilt when read back.
impl<T: Clone + Serialize> Serialize for Journal<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.history.serialize(s)
    }
}

impl<'de, T: Clone + Keyed + Deserialize<'de>> Deserialize<'de> for Journal<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let history = History::<T>::deserialize(d)?;
        let index = history
            .iter()
            .enumerate()
            .map(|(i, item)| (item.key().clone(), i))
            .collect();
        Ok(Self { history, index })
    }
}
