//! Blocking: which known variants a row is worth scoring against. Scoring a row against
//! 100,000 variants would take seconds per row; blocking finds the few dozen that share
//! something distinctive with it, in its country:
//!
//! - **word pairs**: every pair of its signature words (its name words and its longest address
//!   words). Pairs are rare even where single words are common (many names in Dhaka have
//!   "Garments", few have "Garments" and "Ashulia"), and a typo in one word leaves the pairs of
//!   the others;
//! - **name pieces**: every five letters in a row of the name written without spaces, so that
//!   "Guang Dong Hao Lian Shoes", "Guangdong Haolian Shoes" and "Haolian Shoe" meet although
//!   they share no word.
//!
//! Keys are looked at rarest first; keys shared by more than `posting_cap` variants are
//! skipped, and once `budget` variants have been visited the rest are too. The variants
//! sharing the most keys are scored in full.
//!
//! The variants of one key are numbered in the order they were filed, so the ranking (and the
//! batch command's output) is the same on every run.

use crate::hash::{FxMap, fnv};

use super::key::MatchKey;

/// Words in a signature.
const SIGNATURE: usize = 8;
/// Letters in a name piece.
const PIECE: usize = 5;
/// Marks a posting value as an index into the lists rather than a variant.
const LIST: u32 = 1 << 31;

/// Key → the variants that have it. Most keys belong to one variant, whose number is stored
/// in the map itself; the others point into `lists`, each a contiguous run that is read
/// front to back.
#[derive(Debug, Clone, Default)]
pub struct Blocking {
    postings: FxMap<u64, u32>,
    lists: Vec<Vec<u32>>,
}

/// How far a lookup goes.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Keys with more variants than this are skipped.
    pub posting_cap: usize,
    /// Variants visited at most.
    pub budget: usize,
    /// Variants returned at most.
    pub max_candidates: usize,
}

impl Blocking {
    /// Files a variant under its keys.
    pub fn insert(&mut self, variant: u32, key: &MatchKey) {
        for k in keys(key) {
            match self.postings.get_mut(&k) {
                None => {
                    self.postings.insert(k, variant);
                }
                Some(v) if *v & LIST != 0 => self.lists[(*v & !LIST) as usize].push(variant),
                Some(v) => {
                    self.lists.push(vec![*v, variant]);
                    *v = (self.lists.len() - 1) as u32 | LIST;
                }
            }
        }
    }

    /// The variants filed under a key.
    fn posting(&self, k: u64) -> &[u32] {
        match self.postings.get(&k) {
            None => &[],
            Some(v) if *v & LIST != 0 => &self.lists[(*v & !LIST) as usize],
            Some(v) => std::slice::from_ref(v),
        }
    }

    /// The variants sharing the most keys with a row, most first (ties: oldest first).
    pub fn candidates(&self, key: &MatchKey, limits: Limits) -> Vec<u32> {
        let mut found: Vec<&[u32]> = keys(key)
            .into_iter()
            .map(|k| self.posting(k))
            .filter(|p| !p.is_empty() && p.len() <= limits.posting_cap)
            .collect();
        found.sort_unstable_by_key(|p| p.len());
        let mut shared: FxMap<u32, u32> =
            FxMap::with_capacity_and_hasher(limits.budget.min(4096), Default::default());
        let mut visited = 0;
        for p in found {
            if visited >= limits.budget {
                break;
            }
            visited += p.len();
            for &variant in p {
                *shared.entry(variant).or_default() += 1;
            }
        }
        let mut ranked: Vec<(u32, u32)> = shared.into_iter().collect();
        let order = |a: &(u32, u32), b: &(u32, u32)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
        if ranked.len() > limits.max_candidates {
            ranked.select_nth_unstable_by(limits.max_candidates, order);
            ranked.truncate(limits.max_candidates);
        }
        ranked.sort_unstable_by(order);
        ranked.into_iter().map(|(v, _)| v).collect()
    }
}

/// The blocking keys of a row, each once.
fn keys(key: &MatchKey) -> Vec<u64> {
    let country = key.country.alpha2().as_bytes();
    let mut out = Vec::new();
    let signature = signature(key);
    for (i, a) in signature.iter().enumerate() {
        for b in &signature[i + 1..] {
            out.push(fnv(&[country, b"p", a.as_bytes(), b.as_bytes()]));
        }
    }
    if signature.len() == 1 {
        out.push(fnv(&[country, b"s", signature[0].as_bytes()]));
    }
    let joined = key.name.words.concat();
    let bytes = joined.as_bytes();
    if bytes.len() <= PIECE {
        if !bytes.is_empty() {
            out.push(fnv(&[country, b"n", bytes]));
        }
    } else {
        for piece in bytes.windows(PIECE) {
            out.push(fnv(&[country, b"n", piece]));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Up to [`SIGNATURE`] words: the name's (longest first, at most half) and then the
/// address's longest; sorted, so both sides of a pair form the same keys.
fn signature(key: &MatchKey) -> Vec<&str> {
    let by_length = |a: &&str, b: &&str| b.len().cmp(&a.len()).then(a.cmp(b));
    let mut names: Vec<&str> = key
        .name
        .words
        .iter()
        .map(String::as_str)
        .filter(|w| w.len() > 1)
        .collect();
    names.sort_unstable_by(by_length);
    names.dedup();
    names.truncate(SIGNATURE / 2);
    let mut addresses: Vec<&str> = key
        .address
        .words
        .iter()
        .map(String::as_str)
        .filter(|w| w.len() > 1 && !names.contains(w))
        .collect();
    addresses.sort_unstable_by(by_length);
    addresses.dedup();
    let mut signature = names;
    let room = SIGNATURE - signature.len();
    signature.extend(addresses.into_iter().take(room));
    signature.sort_unstable();
    signature
}
