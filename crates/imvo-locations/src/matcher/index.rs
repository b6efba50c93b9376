//! The incremental index of known locations: every variant (a name and address under which a
//! location was uploaded), the exact keys, the blocking keys (module `blocking`) and word
//! frequencies per country for the weights. Rows are matched against it one at a time, and
//! a decided row goes in at once, so a 5,000-row upload needs no rebuild of a 100,000-location
//! index.

use std::collections::{HashMap, HashSet};

use super::blocking::{self, Blocking};
use super::decision::Decisions;
use super::key::{Fingerprint, MatchKey};
use super::score::{self, MAX_DISTANCE_KM, Similarity, Word};
use super::{Basis, Candidate, Decision, MATCHER_VERSION, MatcherConfig, Outcome, Site};
use crate::alias::{AliasError, Aliases, Merge};
use crate::hash::{FxBuild, FxMap};
use crate::id::LocationId;
use crate::normalise::Country;
use crate::upload::Coordinates;

/// Candidates kept in a decision.
const SHOWN: usize = 5;

/// Why two locations cannot be merged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    /// A person said they are different factories.
    #[error("{0} and {1} were kept apart by a person's decision")]
    KeptApart(LocationId, LocationId),
    /// The merge itself is impossible.
    #[error(transparent)]
    Alias(#[from] AliasError),
}

/// A site that cannot go into the index.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the site is in {site} but location {location} is in {}", location.country())]
pub struct CountryMismatch {
    /// The site's country.
    pub site: Country,
    /// The location.
    pub location: LocationId,
}

/// One known variant of a location.
#[derive(Debug, Clone)]
struct Variant {
    location: LocationId,
    country: Country,
    name: Vec<u32>,
    name_numbers: Vec<u64>,
    joined_name: String,
    address: Vec<u32>,
    numbers: Vec<u64>,
    labels: Vec<Option<u32>>,
    coordinates: Option<Coordinates>,
}

/// Word frequencies within one country, counted once per location.
#[derive(Debug, Clone, Default)]
struct Frequencies {
    locations: u32,
    name: FxMap<u32, u32>,
    address: FxMap<u32, u32>,
}

/// The known locations, ready for matching.
#[derive(Debug, Clone, Default)]
pub struct Index {
    config: MatcherConfig,
    words: FxMap<String, u32>,
    texts: Vec<String>,
    masks: Vec<u64>,
    variants: Vec<Variant>,
    exact: FxMap<String, Vec<u32>>,
    blocking: Blocking,
    frequencies: HashMap<Country, Frequencies>,
    location_words: FxMap<LocationId, HashSet<(bool, u32), FxBuild>>,
    aliases: Aliases,
}

/// A row's or variant's words, ready to score.
struct Prepared<'a> {
    name: Vec<Word<'a>>,
    address: Vec<Word<'a>>,
}

/// A row ready to score: its words with the index's ids and weights, and its numbers.
struct Query<'a> {
    words: Prepared<'a>,
    joined_name: String,
    name_numbers: Vec<u64>,
    numbers: Vec<u64>,
    labels: Vec<Option<u32>>,
}

impl Index {
    /// An empty index.
    pub fn new(config: MatcherConfig) -> Index {
        Index {
            config,
            ..Index::default()
        }
    }

    /// An empty index that knows the merges made so far.
    pub fn with_aliases(config: MatcherConfig, aliases: Aliases) -> Index {
        Index {
            config,
            aliases,
            ..Index::default()
        }
    }

    /// The configuration.
    pub fn config(&self) -> &MatcherConfig {
        &self.config
    }

    /// The merges the index follows.
    pub fn aliases(&self) -> &Aliases {
        &self.aliases
    }

    /// Variants known.
    pub fn len(&self) -> usize {
        self.variants.len()
    }

    /// Whether no variant is known.
    pub fn is_empty(&self) -> bool {
        self.variants.is_empty()
    }

    /// Adds a variant of a location: a name and address under which it is known. A variant
    /// with the exact key of one the location already has adds nothing.
    pub fn insert(&mut self, location: LocationId, site: &Site<'_>) -> Result<(), CountryMismatch> {
        self.insert_key(location, site, MatchKey::new(site))
    }

    /// [`Index::insert`] with the site's match key made already (by [`MatchKey::new`]).
    pub fn insert_key(
        &mut self,
        location: LocationId,
        site: &Site<'_>,
        key: MatchKey,
    ) -> Result<(), CountryMismatch> {
        if location.country() != site.country {
            return Err(CountryMismatch {
                site: site.country,
                location,
            });
        }
        let exact = key.exact();
        let resolved = self.aliases.resolve(location);
        if let Some(list) = self.exact.get(&exact)
            && list
                .iter()
                .any(|&v| self.aliases.resolve(self.variants[v as usize].location) == resolved)
        {
            return Ok(());
        }
        let id = self.variants.len() as u32;
        let name: Vec<u32> = key.name.words.iter().map(|w| self.intern(w)).collect();
        let address: Vec<u32> = key.address.words.iter().map(|w| self.intern(w)).collect();
        let labels: Vec<Option<u32>> = key
            .address
            .labels
            .iter()
            .map(|l| l.as_deref().map(|w| self.intern(w)))
            .collect();
        let seen = self.location_words.entry(resolved).or_default();
        let new_location = seen.is_empty();
        let stats = self.frequencies.entry(site.country).or_default();
        if new_location {
            stats.locations += 1;
        }
        for (is_name, words) in [(true, &name), (false, &address)] {
            for &w in words {
                if seen.insert((is_name, w)) {
                    let df = if is_name {
                        &mut stats.name
                    } else {
                        &mut stats.address
                    };
                    *df.entry(w).or_default() += 1;
                }
            }
        }
        self.blocking.insert(id, &key);
        self.exact.entry(exact).or_default().push(id);
        self.variants.push(Variant {
            location,
            country: site.country,
            joined_name: key.name.words.concat(),
            name,
            name_numbers: key
                .name
                .numbers
                .iter()
                .map(|n| score::number_value(n))
                .collect(),
            address,
            numbers: key
                .address
                .numbers
                .iter()
                .map(|n| score::number_value(n))
                .collect(),
            labels,
            coordinates: site.coordinates,
        });
        Ok(())
    }

    fn intern(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.words.get(word) {
            return id;
        }
        let id = self.texts.len() as u32;
        self.texts.push(word.to_owned());
        self.masks.push(score::mask(word));
        self.words.insert(word.to_owned(), id);
        id
    }

    /// Merges two locations (the older id survives); refused when a person kept them apart.
    pub fn merge(
        &mut self,
        a: LocationId,
        b: LocationId,
        decisions: &Decisions,
    ) -> Result<Merge, MergeError> {
        if decisions.are_apart(a, b, &self.aliases) {
            return Err(MergeError::KeptApart(a, b));
        }
        Ok(self.aliases.merge(a, b)?)
    }

    /// Undoes a merge: `alias` and its variants are their own location again.
    pub fn split(&mut self, alias: LocationId) -> Result<Merge, AliasError> {
        self.aliases.split(alias)
    }

    /// Decides about one row: a remembered answer, an exact match, or the scores of its
    /// candidates against the thresholds.
    pub fn match_row(&self, site: &Site<'_>, decisions: &Decisions) -> Decision {
        self.match_key(site, &MatchKey::new(site), decisions)
    }

    /// [`Index::match_row`] with the site's match key made already (by [`MatchKey::new`]).
    pub fn match_key(&self, site: &Site<'_>, key: &MatchKey, decisions: &Decisions) -> Decision {
        let fingerprint = Fingerprint::of(site);
        let decided = |outcome, score, candidates| Decision {
            fingerprint,
            outcome,
            score,
            candidates,
            thresholds: self.config.thresholds,
            matcher_version: MATCHER_VERSION.to_owned(),
        };
        if let Some(location) = decisions.confirmed(fingerprint, &self.aliases) {
            let outcome = Outcome::Match {
                location,
                basis: Basis::Confirmed,
            };
            return decided(outcome, 1.0, Vec::new());
        }
        let allowed = |l: LocationId| !decisions.is_rejected(fingerprint, l, &self.aliases);
        let mut exact: Vec<LocationId> = self
            .exact
            .get(&key.exact())
            .into_iter()
            .flatten()
            .map(|&v| self.aliases.resolve(self.variants[v as usize].location))
            .filter(|&l| allowed(l))
            .collect();
        exact.sort();
        exact.dedup();
        if let [location] = exact[..] {
            let outcome = Outcome::Match {
                location,
                basis: Basis::Exact,
            };
            return decided(outcome, 1.0, vec![exact_candidate(location)]);
        }
        if exact.len() > 1 {
            let shown = exact.iter().map(|&l| exact_candidate(l)).collect();
            return decided(Outcome::Review, 1.0, shown);
        }
        let query = self.prepare_query(key);
        let mut candidates = self.score_candidates(key, &query, site.coordinates, &allowed);
        candidates.truncate(SHOWN);
        let t = self.config.thresholds;
        let best = candidates.first().map_or(0.0, |c| c.similarity.score);
        let second = candidates.get(1).map_or(0.0, |c| c.similarity.score);
        let outcome = if best >= t.auto && best - second >= self.config.ambiguity_margin {
            Outcome::Match {
                location: candidates[0].location,
                basis: Basis::Score,
            }
        } else if best >= t.review {
            Outcome::Review
        } else {
            Outcome::New
        };
        let shown = match outcome {
            Outcome::Review => candidates
                .into_iter()
                .filter(|c| c.similarity.score >= t.review)
                .collect(),
            _ => candidates,
        };
        decided(outcome, best, shown)
    }

    /// Decides about many rows against the index as it stands, on every core.
    pub fn match_rows(&self, sites: &[Site<'_>], decisions: &Decisions) -> Vec<Decision> {
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        let chunk = sites.len().div_ceil(threads).max(1);
        std::thread::scope(|s| {
            let handles: Vec<_> = sites
                .chunks(chunk)
                .map(|part| {
                    s.spawn(move || {
                        part.iter()
                            .map(|site| self.match_row(site, decisions))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    }

    /// The row's words with the index's ids and weights, and its numbers.
    fn prepare_query<'k>(&self, key: &'k MatchKey) -> Query<'k> {
        let stats = self.frequencies.get(&key.country);
        let word = |w: &'k String, is_name: bool| {
            let id = self.words.get(w).copied();
            Word::new(w, id, weight(stats, id, is_name))
        };
        let values = |n: &[String]| n.iter().map(|n| score::number_value(n)).collect();
        Query {
            words: Prepared {
                name: key.name.words.iter().map(|w| word(w, true)).collect(),
                address: key.address.words.iter().map(|w| word(w, false)).collect(),
            },
            joined_name: key.name.words.concat(),
            name_numbers: values(&key.name.numbers),
            numbers: values(&key.address.numbers),
            // A label the index has never seen matches no variant's label.
            labels: key
                .address
                .labels
                .iter()
                .map(|l| {
                    l.as_ref()
                        .map(|w| self.words.get(w).copied().unwrap_or(u32::MAX))
                })
                .collect(),
        }
    }

    /// A variant's words with their weights.
    fn prepare_variant<'v>(&'v self, v: &'v Variant) -> Prepared<'v> {
        let stats = self.frequencies.get(&v.country);
        let word = |id: u32, is_name: bool| Word {
            text: &self.texts[id as usize],
            id: Some(id),
            weight: weight(stats, Some(id), is_name),
            mask: self.masks[id as usize],
        };
        Prepared {
            name: v.name.iter().map(|&w| word(w, true)).collect(),
            address: v.address.iter().map(|&w| word(w, false)).collect(),
        }
    }

    /// The variants sharing the most blocking keys with the row, scored, best per location,
    /// best first.
    fn score_candidates(
        &self,
        key: &MatchKey,
        query: &Query<'_>,
        coordinates: Option<Coordinates>,
        allowed: &dyn Fn(LocationId) -> bool,
    ) -> Vec<Candidate> {
        let limits = blocking::Limits {
            posting_cap: self.config.posting_cap,
            budget: self.config.budget,
            max_candidates: self.config.max_candidates,
        };
        let mut best: FxMap<LocationId, Similarity> = FxMap::default();
        for v in self.blocking.candidates(key, limits) {
            let variant = &self.variants[v as usize];
            let location = self.aliases.resolve(variant.location);
            if !allowed(location) {
                continue;
            }
            let s = self.similarity(query, coordinates, variant);
            let entry = best.entry(location).or_insert(s);
            if s.score > entry.score {
                *entry = s;
            }
        }
        let mut out: Vec<Candidate> = best
            .into_iter()
            .map(|(location, similarity)| Candidate {
                location,
                similarity,
            })
            .collect();
        out.sort_by(|a, b| {
            b.similarity
                .score
                .total_cmp(&a.similarity.score)
                .then(a.location.cmp(&b.location))
        });
        out
    }

    /// The score of a row against one variant. What rules the pair out is checked first and
    /// the rest not computed: numbers that conflict, coordinates too far apart, then names too
    /// unlike for any address to make up (name and address then read 0 if not computed).
    fn similarity(
        &self,
        query: &Query<'_>,
        coordinates: Option<Coordinates>,
        v: &Variant,
    ) -> Similarity {
        let numbers = score::numbers(&query.numbers, &query.labels, &v.numbers, &v.labels);
        let name_conflict = score::name_numbers_conflict(&query.name_numbers, &v.name_numbers);
        let far = match (coordinates, v.coordinates) {
            (Some(a), Some(b)) => {
                score::distance_km((a.lat, a.lng), (b.lat, b.lng)) > MAX_DISTANCE_KM
            }
            _ => false,
        };
        if numbers == score::Numbers::Conflict || name_conflict || far {
            return score::combine(0.0, score::AddressMatch::NONE, numbers, name_conflict, far);
        }
        let other = self.prepare_variant(v);
        let q = &query.words;
        let name = if !v.joined_name.is_empty() && query.joined_name == v.joined_name {
            1.0
        } else {
            score::dice(&q.name, &other.name, score::overlap(&q.name, &other.name))
        };
        if name + score::WEAKER_PLUS < self.config.thresholds.review {
            return score::combine(name, score::AddressMatch::NONE, numbers, false, false);
        }
        let address = score::address(&q.address, &query.numbers, &other.address, &v.numbers);
        score::combine(name, address, numbers, false, false)
    }
}

/// A candidate found by its exact key.
fn exact_candidate(location: LocationId) -> Candidate {
    Candidate {
        location,
        similarity: Similarity {
            name: 1.0,
            address: 1.0,
            address_contained: 1.0,
            address_shared: 1.0,
            numbers: score::Numbers::Same,
            name_numbers_conflict: false,
            far_apart: false,
            score: 1.0,
        },
    }
}

/// A word's weight: its rarity among the country's locations, ln(1 + N / (df + 1)).
fn weight(stats: Option<&Frequencies>, id: Option<u32>, is_name: bool) -> f64 {
    let Some(stats) = stats else { return 1.0 };
    let df = id
        .and_then(|id| {
            if is_name {
                stats.name.get(&id)
            } else {
                stats.address.get(&id)
            }
        })
        .copied()
        .unwrap_or(0);
    (1.0 + f64::from(stats.locations) / (f64::from(df) + 1.0)).ln()
}
