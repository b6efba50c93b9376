//! The disclosure rule: which aggregates over companies may be made public.
//!
//! A company's assessment, scores, feedback and turnover are confidential; the public sees
//! aggregates only. An aggregate is published when it rests on at least *k* companies
//! ([`Threshold::k`], default 5), and no published figure — nor any difference of published
//! figures of the same table — rests on between 1 and *k* − 1 companies:
//!
//! - **Counts** are published as a table whose cells partition a population with a known total
//!   (a covenant's members are public, so its total always is). A cell with 1 to *k* − 1
//!   companies is suppressed (primary suppression). Since the total minus the published cells
//!   gives the sum of the suppressed ones, more cells are suppressed, smallest first, until at
//!   least two are and their sum is at least *k* (complementary suppression); when that cannot
//!   be reached, or the total itself is below *k*, the whole table is suppressed. Empty cells
//!   (0) are published: they rest on no company.
//! - **Shares** ("63 % fully meet the framework") are the table {meets, does not meet}.
//! - **Means** of scores are published over at least *k* companies.
//! - **Sums of magnitudes** (turnover) are published over at least *k* companies when no
//!   single company holds more than [`Threshold::dominance`] of the sum (default 0.5): a
//!   dominant company's figure could otherwise be estimated closely by anyone who knows the
//!   sum, and the others could learn theirs back.
//!
//! What this does not promise: it protects against identifying a company from a figure, not
//! against learning what is true of every company in a group (if all of at least *k* companies
//! fully meet the framework, the table says so). Figures from different tables of different
//! populations are not checked against each other; the report that publishes them uses one
//! population per table (a covenant's members in one year).

use serde::{Deserialize, Serialize};

/// The disclosure threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Threshold {
    /// The least number of companies a published figure rests on.
    pub k: usize,
    /// The largest share of a published sum one company may hold.
    pub dominance: f64,
}

impl Default for Threshold {
    fn default() -> Self {
        Threshold {
            k: 5,
            dominance: 0.5,
        }
    }
}

/// A figure that is either published or suppressed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "status", content = "value")]
pub enum Figure<T> {
    /// Published.
    Published(T),
    /// Suppressed: shown as "suppressed (fewer than k companies)".
    Suppressed,
}

impl<T: Copy> Figure<T> {
    /// The value when published.
    pub fn value(&self) -> Option<T> {
        match self {
            Figure::Published(v) => Some(*v),
            Figure::Suppressed => None,
        }
    }

    /// Whether it is suppressed.
    pub fn is_suppressed(&self) -> bool {
        matches!(self, Figure::Suppressed)
    }
}

/// A count table as published: the total and each cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountTable {
    /// The total.
    pub total: Figure<usize>,
    /// The cells, in the order given.
    pub cells: Vec<Figure<usize>>,
}

impl Threshold {
    /// A threshold of `k` companies with the default dominance rule.
    pub fn with_k(k: usize) -> Threshold {
        Threshold {
            k,
            ..Threshold::default()
        }
    }

    /// Publishes a count table whose cells partition a population (see the module
    /// documentation).
    pub fn counts(&self, cells: &[usize]) -> CountTable {
        let total: usize = cells.iter().sum();
        let k = self.k.max(1);
        if total < k {
            return CountTable {
                total: Figure::Suppressed,
                cells: vec![Figure::Suppressed; cells.len()],
            };
        }
        let mut suppressed: Vec<bool> = cells.iter().map(|&n| n > 0 && n < k).collect();
        loop {
            let hidden: usize = cells
                .iter()
                .zip(&suppressed)
                .filter(|(_, s)| **s)
                .map(|(n, _)| n)
                .sum();
            let count = suppressed.iter().filter(|s| **s).count();
            if count == 0 || (count >= 2 && hidden >= k) {
                break;
            }
            // The smallest published non-empty cell; the first of equals, so the result is
            // deterministic.
            let next = cells
                .iter()
                .enumerate()
                .filter(|&(i, &n)| !suppressed[i] && n > 0)
                .min_by_key(|&(i, &n)| (n, i))
                .map(|(i, _)| i);
            match next {
                Some(i) => suppressed[i] = true,
                None => {
                    return CountTable {
                        total: Figure::Suppressed,
                        cells: vec![Figure::Suppressed; cells.len()],
                    };
                }
            }
        }
        CountTable {
            total: Figure::Published(total),
            cells: cells
                .iter()
                .zip(suppressed)
                .map(|(&n, s)| {
                    if s {
                        Figure::Suppressed
                    } else {
                        Figure::Published(n)
                    }
                })
                .collect(),
        }
    }

    /// The share of `part` in `whole` (both counts of companies), published when the table
    /// {part, whole − part} publishes both cells.
    pub fn share(&self, part: usize, whole: usize) -> Figure<f64> {
        let rest = whole.saturating_sub(part);
        let table = self.counts(&[part.min(whole), rest]);
        match (table.cells[0], table.cells[1]) {
            (Figure::Published(p), Figure::Published(_)) if whole > 0 => {
                Figure::Published(p as f64 / whole as f64)
            }
            _ => Figure::Suppressed,
        }
    }

    /// The mean of per-company values, published over at least k companies.
    pub fn mean(&self, values: &[f64]) -> Figure<f64> {
        if values.len() < self.k.max(1) {
            return Figure::Suppressed;
        }
        Figure::Published(values.iter().sum::<f64>() / values.len() as f64)
    }

    /// The sum of per-company magnitudes (turnover), published over at least k companies when
    /// none holds more than the dominance share of it.
    pub fn sum(&self, values: &[f64]) -> Figure<f64> {
        if values.len() < self.k.max(1) || values.iter().any(|v| !v.is_finite() || *v < 0.0) {
            return Figure::Suppressed;
        }
        let total: f64 = values.iter().sum();
        let largest = values.iter().copied().fold(0.0, f64::max);
        if total > 0.0 && largest / total > self.dominance {
            return Figure::Suppressed;
        }
        Figure::Published(total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What anyone can derive from a published table: each published cell, the total, and the
    /// sum of the suppressed cells. None may be a group of 1 to k − 1 companies.
    fn leaks(t: &Threshold, cells: &[usize], table: &CountTable) -> bool {
        let k = t.k;
        let small = |n: usize| n > 0 && n < k;
        if let Figure::Published(total) = table.total {
            let hidden: usize = cells
                .iter()
                .zip(&table.cells)
                .filter(|(_, f)| f.is_suppressed())
                .map(|(n, _)| n)
                .sum();
            let count = table.cells.iter().filter(|f| f.is_suppressed()).count();
            small(total)
                || small(hidden)
                || (count == 1 && hidden > 0)
                || table.cells.iter().any(|f| f.value().is_some_and(small))
        } else {
            table.cells.iter().any(|f| !f.is_suppressed())
        }
    }

    #[test]
    fn no_table_leaks_a_small_group() {
        let t = Threshold::with_k(5);
        // Every table of up to 4 cells with counts up to 12.
        let mut n = 0;
        for a in 0..=12 {
            for b in 0..=12 {
                for c in 0..=12 {
                    for d in 0..=12 {
                        let cells = [a, b, c, d];
                        let table = t.counts(&cells);
                        assert!(!leaks(&t, &cells, &table), "{cells:?} → {table:?}");
                        n += 1;
                    }
                }
            }
        }
        assert_eq!(n, 13usize.pow(4));
    }

    #[test]
    fn suppresses_the_complement_of_a_small_cell() {
        let t = Threshold::with_k(5);
        let table = t.counts(&[3, 20, 10]);
        assert_eq!(table.total, Figure::Published(33));
        assert_eq!(
            table.cells,
            vec![
                Figure::Suppressed,
                Figure::Published(20),
                Figure::Suppressed
            ]
        );
        // Nothing to hide: everything published, zeros too.
        let table = t.counts(&[0, 7, 5]);
        assert!(table.cells.iter().all(|f| !f.is_suppressed()));
    }

    #[test]
    fn shares_means_and_sums() {
        let t = Threshold::with_k(5);
        assert_eq!(t.share(44, 55), Figure::Published(0.8));
        assert_eq!(
            t.share(54, 55),
            Figure::Suppressed,
            "one company does not meet"
        );
        assert_eq!(t.share(4, 4), Figure::Suppressed);
        assert_eq!(t.mean(&[1.0; 4]), Figure::Suppressed);
        assert_eq!(t.mean(&[1.0, 2.0, 3.0, 4.0, 5.0]), Figure::Published(3.0));
        assert_eq!(
            t.sum(&[1.0, 1.0, 1.0, 1.0, 10.0]),
            Figure::Suppressed,
            "dominant"
        );
        assert_eq!(t.sum(&[2.0, 2.0, 2.0, 2.0, 2.0]), Figure::Published(10.0));
    }
}
