//! The score of a row against a known variant of a location: how alike the names are, how
//! alike the addresses are, and whether the numbers of the addresses can belong to one place.
//!
//! - **Words** are weighted by rarity (inverse document frequency within the country): two
//!   names sharing "Garments" say little, two names sharing "Ananta" say much.
//! - A word **matches** another when it is the same, one edit away (a typo; words of four
//!   letters or more) or two edits away (eight letters or more), or when two or three
//!   neighbouring words written together are the other word ("Guang Zhou" and "Guangzhou").
//! - **Numbers** must agree: if both addresses have numbers and neither set contains the
//!   other, or one label carries different numbers ("Plot 12" and "Plot 14"), the two cannot
//!   be one place. Sister factories of one group differ exactly there. The same holds for
//!   numbers in names ("Unit 1", "Unit 2").
//! - The **name similarity** is the weighted share of matched words over both names (soft
//!   Dice).
//! - The **address similarity** is two parts *containment* (the weighted share of the shorter
//!   address found in the longer: a partial address is contained in the full one) and one
//!   part *shared* (the weighted share of both addresses matched).
//! - The **score** is 40 % name and 60 % address, but never more than the weaker of name
//!   similarity and containment plus 0.3: a name alone, or an address alone, never matches.
//!
//! The weights were chosen on generated lists with the noise real lists carry
//! (`scripts/bench_locations.py`): of the formulas tried, this one kept the most true
//! candidates above the thresholds for the fewest false ones, and it is simple to explain.

use serde::{Deserialize, Serialize};

use crate::normalise::text;

/// A word of one side, with its weight; `id` is the interned word when known.
#[derive(Debug, Clone, Copy)]
pub struct Word<'a> {
    /// The cleaned word.
    pub text: &'a str,
    /// The index's id of the word, if the index has seen it.
    pub id: Option<u32>,
    /// Its weight (rarity).
    pub weight: f64,
    /// The letters and digits it contains, one bit each: two words whose sets differ in more
    /// letters than a typo changes need no closer look.
    pub mask: u64,
}

impl<'a> Word<'a> {
    /// A word with its weight.
    pub fn new(text: &'a str, id: Option<u32>, weight: f64) -> Word<'a> {
        Word {
            text,
            id,
            weight,
            mask: mask(text),
        }
    }
}

/// One bit per letter and digit present.
pub fn mask(text: &str) -> u64 {
    text.bytes().fold(0, |m, c| match c {
        b'a'..=b'z' => m | 1 << (c - b'a'),
        b'0'..=b'9' => m | 1 << (26 + c - b'0'),
        _ => m | 1 << 63,
    })
}

/// How the numbers of two addresses (or names) relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Numbers {
    /// Both have numbers, the same ones.
    Same,
    /// One side's numbers are among the other's (a partial address).
    Contained,
    /// At least one side has none.
    Missing,
    /// The numbers cannot belong to one place.
    Conflict,
}

/// The parts of a score, kept so a reviewer sees why.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Similarity {
    /// Name similarity, 0–1.
    pub name: f64,
    /// Address similarity, 0–1: two parts containment, one part shared.
    pub address: f64,
    /// The weighted share of the shorter address found in the longer, 0–1.
    pub address_contained: f64,
    /// The weighted share of both addresses matched (soft Dice), 0–1.
    pub address_shared: f64,
    /// How the address numbers relate.
    pub numbers: Numbers,
    /// Whether the name numbers conflict ("Unit 1" and "Unit 2").
    pub name_numbers_conflict: bool,
    /// Whether both have coordinates more than [`MAX_DISTANCE_KM`] apart.
    pub far_apart: bool,
    /// The combined score, 0–1.
    pub score: f64,
}

/// Two sites whose coordinates are further apart than this are not one location.
pub const MAX_DISTANCE_KM: f64 = 5.0;
/// The highest score of two sites that cannot be one location (numbers conflict, too far
/// apart): below every review threshold in use, so they become separate locations.
pub const VETO_CAP: f64 = 0.3;
/// How far the combined score may rise above the weaker of the name similarity and the
/// address containment.
pub const WEAKER_PLUS: f64 = 0.3;
/// The name's share of the score; the address has the rest.
pub const NAME_SHARE: f64 = 0.4;
/// Weight of one address number, beside the words' rarity weights.
pub const NUMBER_WEIGHT: f64 = 2.0;

/// How much of `a`'s weight and of `b`'s weight finds a match on the other side.
pub fn overlap(a: &[Word<'_>], b: &[Word<'_>]) -> (f64, f64) {
    let mut credit_a = vec![0.0f64; a.len()];
    let mut credit_b = vec![0.0f64; b.len()];
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            if same(x, y) {
                credit_a[i] = 1.0;
                credit_b[j] = 1.0;
            }
        }
    }
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            if credit_a[i] < 1.0 || credit_b[j] < 1.0 {
                let s = fuzzy(x.text, x.mask, y.text, y.mask);
                credit_a[i] = credit_a[i].max(s);
                credit_b[j] = credit_b[j].max(s);
            }
        }
    }
    compounds(a, b, &mut credit_a, &mut credit_b);
    compounds(b, a, &mut credit_b, &mut credit_a);
    let sum = |w: &[Word<'_>], c: &[f64]| w.iter().zip(c).map(|(w, c)| w.weight * c).sum::<f64>();
    (sum(a, &credit_a), sum(b, &credit_b))
}

fn same(a: &Word<'_>, b: &Word<'_>) -> bool {
    match (a.id, b.id) {
        (Some(x), Some(y)) => x == y,
        _ => a.text == b.text,
    }
}

/// Two or three neighbouring unmatched words of `a` that, written together, are an unmatched
/// word of `b` ("Zhang Jia Gang" and "Zhangjiagang").
fn compounds(a: &[Word<'_>], b: &[Word<'_>], credit_a: &mut [f64], credit_b: &mut [f64]) {
    for len in [3, 2] {
        let mut i = 0;
        while i + len <= a.len() {
            if credit_a[i..i + len].iter().any(|&c| c > 0.0) {
                i += 1;
                continue;
            }
            let parts = &a[i..i + len];
            let joined_len: usize = parts.iter().map(|w| w.text.len()).sum();
            let joined_mask = parts.iter().fold(0, |m, w| m | w.mask);
            let hit = b
                .iter()
                .enumerate()
                .filter(|(j, y)| {
                    credit_b[*j] == 0.0
                        && y.text.len().abs_diff(joined_len) <= 2
                        && (y.mask ^ joined_mask).count_ones() <= 4
                })
                .map(|(j, y)| {
                    let joined: String = parts.iter().map(|w| w.text).collect();
                    (j, fuzzy(&joined, joined_mask, y.text, y.mask))
                })
                .find(|&(_, s)| s > 0.0);
            match hit {
                Some((j, s)) => {
                    credit_a[i..i + len].iter_mut().for_each(|c| *c = s);
                    credit_b[j] = s;
                    i += len;
                }
                None => i += 1,
            }
        }
    }
}

/// 1 for the same word, 0.9 for one edit (words of 4+ letters), 0.8 for two edits (8+
/// letters), else 0. Numbers only match themselves: 1340 and 1341 are two places.
pub fn word_similarity(a: &Word<'_>, b: &Word<'_>) -> f64 {
    if same(a, b) {
        return 1.0;
    }
    fuzzy(a.text, a.mask, b.text, b.mask)
}

/// [`word_similarity`] on the text and letter masks of two words.
fn fuzzy(a: &str, a_mask: u64, b: &str, b_mask: u64) -> f64 {
    let shorter = a.len().min(b.len());
    let limit = if shorter >= TWO_EDITS_FROM { 2 } else { 1 };
    // One edit changes at most two letters of the set (a substitution), two edits four.
    if shorter < 4
        || a.len().abs_diff(b.len()) > limit
        || (a_mask ^ b_mask).count_ones() > 2 * limit as u32
    {
        return if a == b { 1.0 } else { 0.0 };
    }
    if a == b {
        return 1.0;
    }
    if text::is_number(a) || text::is_number(b) {
        return 0.0;
    }
    match edits_within(a.as_bytes(), b.as_bytes(), limit) {
        Some(1) => 0.9,
        Some(2) => 0.75,
        _ => 0.0,
    }
}

/// Words at least this long may differ in two edits (two typos, or a typo in one copy and
/// another in the other).
const TWO_EDITS_FROM: usize = 5;

/// The optimal-string-alignment distance (insertions, deletions, substitutions, swaps of
/// neighbours) if it is at most `limit`. Cheap tests first: most word pairs differ in more
/// letters than `limit` allows, which a letter count shows without the table.
fn edits_within(a: &[u8], b: &[u8], limit: usize) -> Option<usize> {
    let mut counts = [0i32; 256];
    for &c in a {
        counts[c as usize] += 1;
    }
    for &c in b {
        counts[c as usize] -= 1;
    }
    let surplus: i32 = counts.iter().filter(|&&c| c > 0).sum();
    let deficit: i32 = -counts.iter().filter(|&&c| c < 0).sum::<i32>();
    if surplus.max(deficit) as usize > limit {
        return None;
    }
    let d = strsim::osa_distance(std::str::from_utf8(a).ok()?, std::str::from_utf8(b).ok()?);
    (d <= limit).then_some(d)
}

/// Soft Dice: the matched weight of both sides over their total weight.
pub fn dice(a: &[Word<'_>], b: &[Word<'_>], matched: (f64, f64)) -> f64 {
    let total: f64 = a.iter().chain(b).map(|w| w.weight).sum();
    if total <= 0.0 {
        return 0.0;
    }
    ((matched.0 + matched.1) / total).min(1.0)
}

/// How much two addresses share: containment (the larger share of one address found in the
/// other: a partial address is contained in the full one) and soft Dice (the share of both).
/// Words count by rarity, each number by [`NUMBER_WEIGHT`]; numbers only match themselves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AddressMatch {
    /// Containment, 0–1.
    pub contained: f64,
    /// Soft Dice, 0–1.
    pub shared: f64,
}

impl AddressMatch {
    /// Nothing shared (or not computed).
    pub const NONE: AddressMatch = AddressMatch {
        contained: 0.0,
        shared: 0.0,
    };
}

/// The [`AddressMatch`] of two addresses.
pub fn address(
    a: &[Word<'_>],
    a_numbers: &[u64],
    b: &[Word<'_>],
    b_numbers: &[u64],
) -> AddressMatch {
    let (wa, wb) = overlap(a, b);
    let shared = |x: &[u64], y: &[u64]| x.iter().filter(|n| y.contains(n)).count() as f64;
    let matched_a = wa + NUMBER_WEIGHT * shared(a_numbers, b_numbers);
    let matched_b = wb + NUMBER_WEIGHT * shared(b_numbers, a_numbers);
    let total = |w: &[Word<'_>], n: &[u64]| {
        w.iter().map(|w| w.weight).sum::<f64>() + NUMBER_WEIGHT * n.len() as f64
    };
    let (total_a, total_b) = (total(a, a_numbers), total(b, b_numbers));
    if total_a <= 0.0 || total_b <= 0.0 {
        return AddressMatch {
            contained: 0.0,
            shared: 0.0,
        };
    }
    AddressMatch {
        contained: (matched_a / total_a).max(matched_b / total_b).min(1.0),
        shared: ((matched_a + matched_b) / (total_a + total_b)).min(1.0),
    }
}

/// How two sets of numbers relate; `labels` pair each number with the word before it, if any
/// ("plot" for "Plot 12"), so "Plot 12, Road 5" and "Plot 5, Road 12" conflict.
pub fn numbers<N: PartialEq, L: PartialEq>(
    a: &[N],
    a_labels: &[Option<L>],
    b: &[N],
    b_labels: &[Option<L>],
) -> Numbers {
    if a.is_empty() || b.is_empty() {
        return Numbers::Missing;
    }
    let a_in_b = a.iter().all(|n| b.contains(n));
    let b_in_a = b.iter().all(|n| a.contains(n));
    if !a_in_b && !b_in_a {
        return Numbers::Conflict;
    }
    // Within one label, neither side's numbers may stray from the other's.
    fn under<'a, N, L: PartialEq>(
        labels: &'a [Option<L>],
        numbers: &'a [N],
        label: &'a L,
    ) -> impl Iterator<Item = &'a N> + 'a {
        labels
            .iter()
            .zip(numbers)
            .filter(move |(l, _)| l.as_ref() == Some(label))
            .map(|(_, n)| n)
    }
    for label in a_labels.iter().flatten() {
        let mut theirs = under(b_labels, b, label).peekable();
        if theirs.peek().is_none() {
            continue;
        }
        let ours_in_theirs =
            under(a_labels, a, label).all(|n| under(b_labels, b, label).any(|m| m == n));
        let theirs_in_ours = theirs.all(|m| under(a_labels, a, label).any(|n| n == m));
        if !ours_in_theirs && !theirs_in_ours {
            return Numbers::Conflict;
        }
    }
    if a_in_b && b_in_a {
        Numbers::Same
    } else {
        Numbers::Contained
    }
}

/// Whether the numbers of two names conflict: both have some and neither set holds the other.
pub fn name_numbers_conflict<N: PartialEq>(a: &[N], b: &[N]) -> bool {
    !a.is_empty()
        && !b.is_empty()
        && !a.iter().all(|n| b.contains(n))
        && !b.iter().all(|n| a.contains(n))
}

/// A number token as an integer (a hash for the rare number too long for 63 bits), so that
/// comparing numbers costs no string comparison.
pub fn number_value(token: &str) -> u64 {
    match token.parse::<u64>() {
        Ok(n) if n < 1 << 63 => n,
        _ => crate::hash::fnv(&[token.as_bytes()]) | 1 << 63,
    }
}

/// The great-circle distance in kilometres.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

/// Combines name and address similarity into the score, applying the vetoes.
pub fn combine(
    name: f64,
    parts: AddressMatch,
    numbers: Numbers,
    name_numbers_conflict: bool,
    far_apart: bool,
) -> Similarity {
    let address = (2.0 * parts.contained + parts.shared) / 3.0;
    let weighted = NAME_SHARE * name + (1.0 - NAME_SHARE) * address;
    let mut score = weighted.min(name.min(parts.contained) + WEAKER_PLUS);
    if numbers == Numbers::Conflict || name_numbers_conflict || far_apart {
        score = score.min(VETO_CAP);
    }
    Similarity {
        name,
        address,
        address_contained: parts.contained,
        address_shared: parts.shared,
        numbers,
        name_numbers_conflict,
        far_apart,
        score,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words<'a>(v: &[&'a str]) -> Vec<Word<'a>> {
        v.iter().map(|t| Word::new(t, None, 1.0)).collect()
    }

    #[test]
    fn typos_and_compounds_match() {
        let a = words(&["sunrsie", "garment"]);
        let b = words(&["sunrise", "garment"]);
        let m = overlap(&a, &b);
        assert!((dice(&a, &b, m) - 0.95).abs() < 1e-9);
        let a = words(&["guang", "zhou", "textile"]);
        let b = words(&["guangzhou", "textile"]);
        let m = overlap(&a, &b);
        assert_eq!(m, (3.0, 2.0));
        let a = words(&["zhang", "jia", "gang", "road"]);
        let b = words(&["road", "zhangjiagang"]);
        assert_eq!(overlap(&a, &b), (4.0, 2.0));
        assert_eq!(
            word_similarity(&words(&["knit"])[0], &words(&["knitwear"])[0]),
            0.0
        );
    }

    #[test]
    fn numbers_decide() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let l = |v: &[Option<&str>]| v.iter().map(|x| x.map(str::to_owned)).collect::<Vec<_>>();
        assert_eq!(
            numbers(
                &s(&["12", "5"]),
                &l(&[Some("plot"), Some("road")]),
                &s(&["5", "12"]),
                &l(&[Some("road"), Some("plot")])
            ),
            Numbers::Same
        );
        assert_eq!(
            numbers(
                &s(&["12", "5"]),
                &l(&[Some("plot"), Some("road")]),
                &s(&["5"]),
                &l(&[Some("road")])
            ),
            Numbers::Contained
        );
        assert_eq!(
            numbers(
                &s(&["12", "5"]),
                &l(&[Some("plot"), Some("road")]),
                &s(&["14", "5"]),
                &l(&[Some("plot"), Some("road")])
            ),
            Numbers::Conflict
        );
        assert_eq!(
            numbers(
                &s(&["12", "5"]),
                &l(&[Some("plot"), Some("road")]),
                &s(&["5", "12"]),
                &l(&[Some("plot"), Some("road")])
            ),
            Numbers::Conflict
        );
        assert_eq!(
            numbers(&s(&[]), &l(&[]), &s(&["5"]), &l(&[None])),
            Numbers::Missing
        );
    }

    #[test]
    fn a_name_alone_never_matches() {
        let part = |x| AddressMatch {
            contained: x,
            shared: x,
        };
        let s = combine(1.0, part(0.1), Numbers::Missing, false, false);
        assert!(s.score < 0.5);
        let s = combine(0.1, part(1.0), Numbers::Same, false, false);
        assert!(s.score < 0.5);
        let s = combine(1.0, part(1.0), Numbers::Conflict, false, false);
        assert_eq!(s.score, VETO_CAP);
    }

    #[test]
    fn distances() {
        let d = distance_km((23.8103, 90.4125), (23.7104, 90.4074));
        assert!((d - 11.1).abs() < 0.2, "{d}");
    }
}
