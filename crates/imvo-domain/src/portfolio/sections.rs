//! A portfolio saved in sections, so that a reader decodes its large parts only when it needs
//! them.
//!
//! A snapshot (`imvo_app::snapshot`) saves a portfolio as the five [`Section`]s: the core — the
//! date, the record counts and source documents, the chapters, sectors, organisations,
//! trajectories, initiatives, covenants and targets, all small — and the four large parts:
//! events, government activities, stakeholder activities, and the agreements with their
//! measurements. Each section serialises with serde ([`Portfolio::section`]); the encoding is
//! the saver's. [`Portfolio::from_sections`] reads the core at once and each large part the
//! first time something asks for it, through the saver's [`SectionReader`]: listing the
//! trajectories or forecasting a target reads none of them.
//!
//! The encoding may be one without field names (a snapshot's is): so the read model's sources
//! are serialised with every field, see [`whole_source`] — the record format leaves out a
//! source's empty fields, which only a self-describing encoding can read back.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize, Serializer};

use super::part::{Decode, Part};
use super::registry::Registry;
use super::view::{Covenant, Target, Trajectory};
use super::{DayCount, Portfolio};
use crate::model::{Initiative, Organisation, Sector, SraChapter};

/// The shape of a saved portfolio: a fingerprint of this crate's source, which defines every
/// type the sections hold (see `build.rs`). A saver tags what it saves with it, and a reader
/// reads back only what bears its own: the sections may be encoded without field names, and
/// bytes of another shape could then read back as something else, or fail only when a large
/// part is decoded, long after the reader trusted them.
pub const SHAPE: &str = env!("IMVO_DOMAIN_SHAPE");

/// A section of a saved portfolio (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// Everything but the four large parts; read at once.
    Core,
    /// The events.
    Events,
    /// The government activities.
    GovernmentActivities,
    /// The stakeholder activities.
    StakeholderActivities,
    /// The agreements with their measurements.
    Agreements,
}

impl Section {
    /// Every section, in the order a snapshot saves them.
    pub const ALL: [Section; 5] = [
        Section::Core,
        Section::Events,
        Section::GovernmentActivities,
        Section::StakeholderActivities,
        Section::Agreements,
    ];

    /// The large sections: every one but the core.
    pub const LARGE: [Section; 4] = [
        Section::Events,
        Section::GovernmentActivities,
        Section::StakeholderActivities,
        Section::Agreements,
    ];

    /// The section's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Section::Core => "core",
            Section::Events => "events",
            Section::GovernmentActivities => "government activities",
            Section::StakeholderActivities => "stakeholder activities",
            Section::Agreements => "agreements",
        }
    }
}

/// Reads the sections of a saved portfolio: a snapshot's decoder.
pub trait SectionReader: Send + Sync + 'static {
    /// Why a section does not read back.
    type Error: std::fmt::Display;

    /// Deserialises `section` as saved by [`Portfolio::section`].
    ///
    /// The core is read by [`Portfolio::from_sections`], which returns the error. A large
    /// section is read later, by an accessor that cannot fail: an error there means the saved
    /// bytes were damaged after they were written, and panics with this error.
    fn read<T: DeserializeOwned>(&self, section: Section) -> Result<T, Self::Error>;
}

/// The core section, as saved.
#[derive(Serialize)]
struct CoreRef<'a> {
    as_of: Option<NaiveDate>,
    days: &'a [DayCount],
    documents: &'a BTreeMap<String, NaiveDate>,
    chapters: &'a Registry<SraChapter>,
    sectors: &'a Registry<Sector>,
    organisations: &'a Registry<Organisation>,
    trajectories: &'a Registry<Trajectory>,
    initiatives: &'a Registry<Initiative>,
    covenants: &'a Registry<Covenant>,
    targets: &'a Registry<Target>,
}

/// The core section, read back: the fields of [`CoreRef`], in its order.
#[derive(Deserialize)]
struct Core {
    as_of: Option<NaiveDate>,
    days: Vec<DayCount>,
    documents: BTreeMap<String, NaiveDate>,
    chapters: Registry<SraChapter>,
    sectors: Registry<Sector>,
    organisations: Registry<Organisation>,
    trajectories: Registry<Trajectory>,
    initiatives: Registry<Initiative>,
    covenants: Registry<Covenant>,
    targets: Registry<Target>,
}

/// One section of a portfolio, to serialise.
struct SectionRef<'a> {
    portfolio: &'a Portfolio,
    section: Section,
}

impl Serialize for SectionRef<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.portfolio;
        match self.section {
            Section::Core => CoreRef {
                as_of: p.as_of,
                days: &p.days,
                documents: &p.documents,
                chapters: &p.chapters,
                sectors: &p.sectors,
                organisations: &p.organisations,
                trajectories: &p.trajectories,
                initiatives: &p.initiatives,
                covenants: &p.covenants,
                targets: &p.targets,
            }
            .serialize(s),
            Section::Events => p.events.get().serialize(s),
            Section::GovernmentActivities => p.government.get().serialize(s),
            Section::StakeholderActivities => p.stakeholders.get().serialize(s),
            Section::Agreements => p.agreements.get().serialize(s),
        }
    }
}

impl Portfolio {
    /// One section of the portfolio, to serialise with any serde encoding (a large part not
    /// decoded yet is decoded first).
    pub fn section(&self, section: Section) -> impl Serialize + '_ {
        SectionRef {
            portfolio: self,
            section,
        }
    }

    /// A portfolio from its saved sections: the core read now, each large part when first asked
    /// for (see [`SectionReader::read`] for what a failure then does).
    pub fn from_sections<R: SectionReader>(reader: R) -> Result<Portfolio, R::Error> {
        let core: Core = reader.read(Section::Core)?;
        let reader = Arc::new(reader);
        Ok(Portfolio {
            as_of: core.as_of,
            days: core.days,
            documents: core.documents,
            chapters: core.chapters,
            sectors: core.sectors,
            organisations: core.organisations,
            trajectories: core.trajectories,
            initiatives: core.initiatives,
            covenants: core.covenants,
            targets: core.targets,
            events: Part::saved(later(&reader, Section::Events)),
            government: Part::saved(later(&reader, Section::GovernmentActivities)),
            stakeholders: Part::saved(later(&reader, Section::StakeholderActivities)),
            agreements: Part::saved(later(&reader, Section::Agreements)),
        })
    }

    /// Decodes `section` now if it is a large part still saved, so that a later read does not
    /// wait for it. The large sections may be decoded side by side, from several threads.
    pub fn decode_section(&self, section: Section) {
        match section {
            Section::Core => {}
            Section::Events => {
                self.events.get();
            }
            Section::GovernmentActivities => {
                self.government.get();
            }
            Section::StakeholderActivities => {
                self.stakeholders.get();
            }
            Section::Agreements => {
                self.agreements.get();
            }
        }
    }

    /// Whether `section` is decoded: the core always, a large part once something asked for it.
    pub fn is_decoded(&self, section: Section) -> bool {
        match section {
            Section::Core => true,
            Section::Events => self.events.is_decoded(),
            Section::GovernmentActivities => self.government.is_decoded(),
            Section::StakeholderActivities => self.stakeholders.is_decoded(),
            Section::Agreements => self.agreements.is_decoded(),
        }
    }

    /// Decodes every large part still saved and lets go of the saved form, which may hold the
    /// bytes of a whole snapshot: for a portfolio kept for long.
    pub fn settle(&mut self) {
        self.events.settle();
        self.government.settle();
        self.stakeholders.settle();
        self.agreements.settle();
    }
}

/// The decoding of a large section by `reader`, for later.
fn later<R: SectionReader, T: DeserializeOwned>(reader: &Arc<R>, section: Section) -> Decode<T> {
    let reader = reader.clone();
    Arc::new(move || {
        reader.read(section).unwrap_or_else(|e| {
            panic!(
                "the saved {} of a portfolio do not read back: {e}",
                section.name()
            )
        })
    })
}

/// The serde of a [`Source`](crate::Source) in the read model: every field, also the empty
/// ones. A record's source leaves out its empty fields, which an encoding without field names
/// cannot read back (it would read the next field in their place).
pub(super) mod whole_source {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::record::Source;

    #[derive(Serialize)]
    struct Ref<'a> {
        document: &'a str,
        locator: &'a str,
        url: &'a Option<String>,
        inferred: bool,
        note: &'a Option<String>,
    }

    #[derive(Deserialize)]
    struct Owned {
        document: String,
        locator: String,
        url: Option<String>,
        inferred: bool,
        note: Option<String>,
    }

    pub(crate) fn serialize<S: Serializer>(source: &Source, s: S) -> Result<S::Ok, S::Error> {
        let Source {
            document,
            locator,
            url,
            inferred,
            note,
        } = source;
        Ref {
            document,
            locator,
            url,
            inferred: *inferred,
            note,
        }
        .serialize(s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Source, D::Error> {
        let Owned {
            document,
            locator,
            url,
            inferred,
            note,
        } = Owned::deserialize(d)?;
        Ok(Source {
            document,
            locator,
            url,
            inferred,
            note,
        })
    }
}
