//! The portfolio as of an earlier date, cut back from a later one instead of replayed.
//!
//! Every addition to the read model keeps the date of its record, and records apply in date
//! order, so each list in the read model is in date order and the state as of a date is a
//! prefix of each: the registries' items, a trajectory's phases, roles and initiatives, an
//! agreement's measurements, the histories of events and activities, the count of records per
//! date. The one change that is not an addition, a covenant's end, keeps its date too, and is
//! left out when it is later than the date cut back to.

use chrono::NaiveDate;

use super::Portfolio;
use super::history::{Journal, Recorded};
use super::part::Rewind;
use super::registry::{Keyed, Registry};
use super::view::{Agreement, Covenant, MeasurementEntry, Trajectory};

impl Portfolio {
    /// The portfolio as of `as_of`, cut back from this one: equal to the replay as of `as_of`
    /// of the records this one was replayed from (a property test holds it to that). The
    /// events, activities and measurements are shared with this portfolio, not copied; the rest
    /// is copied, which is small. A date after the last record only sets the date.
    pub fn rewind(&self, as_of: NaiveDate) -> Portfolio {
        let days = self.days.partition_point(|d| d.date <= as_of);
        Portfolio {
            as_of: Some(as_of),
            days: self.days[..days].to_vec(),
            documents: self
                .documents
                .iter()
                .filter(|(_, first)| **first <= as_of)
                .map(|(d, first)| (d.clone(), *first))
                .collect(),
            chapters: self.chapters.rewind_with(as_of, Clone::clone),
            sectors: self.sectors.rewind_with(as_of, Clone::clone),
            organisations: self.organisations.rewind_with(as_of, Clone::clone),
            trajectories: self.trajectories.rewind_with(as_of, |t| t.rewound(as_of)),
            initiatives: self.initiatives.rewind_with(as_of, Clone::clone),
            covenants: self.covenants.rewind_with(as_of, |c| c.rewound(as_of)),
            targets: self.targets.rewind_with(as_of, Clone::clone),
            events: self.events.rewind(as_of),
            government: self.government.rewind(as_of),
            stakeholders: self.stakeholders.rewind(as_of),
            agreements: self.agreements.rewind(as_of),
        }
    }
}

/// The prefix of `items` dated on or before `date`, by `date_of`.
fn until<T: Clone>(items: &[T], date: NaiveDate, date_of: impl Fn(&T) -> NaiveDate) -> Vec<T> {
    let keep = items.partition_point(|x| date_of(x) <= date);
    items[..keep].to_vec()
}

impl Trajectory {
    /// The trajectory as of `date`: the phases entered, roles taken and initiatives linked on
    /// or before it.
    fn rewound(&self, date: NaiveDate) -> Trajectory {
        Trajectory {
            spec: self.spec.clone(),
            added: self.added,
            source: self.source.clone(),
            phases: until(&self.phases, date, |s| s.since.date),
            roles: until(&self.roles, date, |r| r.since.date),
            initiatives: until(&self.initiatives, date, |l| l.since.date),
        }
    }
}

impl Covenant {
    /// The covenant as of `date`: not ended when it ended later.
    fn rewound(&self, date: NaiveDate) -> Covenant {
        Covenant {
            spec: self.spec.clone(),
            signed: self.signed,
            source: self.source.clone(),
            ended: self.ended.clone().filter(|(end, _)| end.date <= date),
        }
    }
}

impl Agreement {
    /// The agreement as of `date`: the measurements taken on or before it, shared.
    fn rewound(&self, date: NaiveDate) -> Agreement {
        Agreement {
            covenant: self.covenant.clone(),
            agreement: self.agreement.clone(),
            added: self.added,
            source: self.source.clone(),
            measurements: self
                .measurements
                .rewind(date, MeasurementEntry::recorded_on),
        }
    }
}

impl<T: Clone + Keyed + Recorded> Rewind for Journal<T> {
    fn rewind(&self, date: NaiveDate) -> Self {
        Journal::rewind(self, date)
    }
}

impl Rewind for Registry<Agreement> {
    fn rewind(&self, date: NaiveDate) -> Self {
        self.rewind_with(date, |a| a.rewound(date))
    }
}
