//! A large part of the read model that may still be in its saved form.
//!
//! A portfolio read back from a snapshot (see `sections`) need not decode its events,
//! activities and agreements until something asks for them: listing the trajectories or
//! forecasting a target never does, and decoding a million records' worth of them is most of
//! the cost of reading a snapshot. So such a part holds the way to decode it, and decodes it the
//! first time it is read. A portfolio cut back to an earlier date before that keeps the date,
//! and cuts the part back when it is decoded.

use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A part that can be cut back to the state as of a date (see `Portfolio::rewind`).
pub(super) trait Rewind {
    fn rewind(&self, date: NaiveDate) -> Self;
}

/// Decodes a part from its saved form. It must not fail: whoever hands one to a portfolio
/// has checked that the part can be read (see `sections`).
pub(super) type Decode<T> = Arc<dyn Fn() -> T + Send + Sync>;

/// A part of the read model, decoded or still saved (see the module documentation).
pub(super) struct Part<T> {
    value: OnceLock<T>,
    /// How to decode the part and the date to cut it back to, while it is not decoded.
    saved: Option<Saved<T>>,
}

struct Saved<T> {
    decode: Decode<T>,
    cut: Option<NaiveDate>,
}

impl<T> Clone for Saved<T> {
    fn clone(&self) -> Self {
        Self {
            decode: self.decode.clone(),
            cut: self.cut,
        }
    }
}

impl<T: Rewind> Part<T> {
    pub(super) fn ready(value: T) -> Self {
        Self {
            value: OnceLock::from(value),
            saved: None,
        }
    }

    pub(super) fn saved(decode: Decode<T>) -> Self {
        Self {
            value: OnceLock::new(),
            saved: Some(Saved { decode, cut: None }),
        }
    }

    /// The part, decoded (and cut back) the first time it is asked for.
    pub(super) fn get(&self) -> &T {
        self.value.get_or_init(|| {
            let saved = self.saved.as_ref().expect("a part is decoded or saved");
            let value = (saved.decode)();
            match saved.cut {
                Some(date) => value.rewind(date),
                None => value,
            }
        })
    }

    /// The part, to change: decoded first, and no longer kept in its saved form.
    pub(super) fn get_mut(&mut self) -> &mut T {
        self.settle();
        self.value.get_mut().expect("decoded")
    }

    /// Decodes the part if it is not yet, and lets go of its saved form (which may hold the
    /// bytes of a whole snapshot).
    pub(super) fn settle(&mut self) {
        self.get();
        self.saved = None;
    }

    /// Whether the part is decoded (or never was saved).
    pub(super) fn is_decoded(&self) -> bool {
        self.value.get().is_some()
    }

    /// The part as of `date`: cut back now when decoded, else when it is.
    pub(super) fn rewind(&self, date: NaiveDate) -> Self {
        match (self.value.get(), &self.saved) {
            (Some(value), _) => Self::ready(value.rewind(date)),
            (None, Some(saved)) => Self {
                value: OnceLock::new(),
                saved: Some(Saved {
                    decode: saved.decode.clone(),
                    cut: Some(saved.cut.map_or(date, |c| c.min(date))),
                }),
            },
            (None, None) => unreachable!("a part is decoded or saved"),
        }
    }
}

impl<T: Clone> Clone for Part<T> {
    fn clone(&self) -> Self {
        Self {
            value: self.value.clone(),
            saved: self.saved.clone(),
        }
    }
}

impl<T: Default + Rewind> Default for Part<T> {
    fn default() -> Self {
        Self::ready(T::default())
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Part<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.value.get(), &self.saved) {
            (Some(value), _) => value.fmt(f),
            (None, saved) => write!(
                f,
                "<saved, to cut back to {:?}>",
                saved.as_ref().and_then(|s| s.cut)
            ),
        }
    }
}

/// Serialised as the part itself, decoded if need be.
impl<T: Rewind + Serialize> Serialize for Part<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.get().serialize(s)
    }
}

impl<'de, T: Rewind + Deserialize<'de>> Deserialize<'de> for Part<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize(d).map(Self::ready)
    }
}
