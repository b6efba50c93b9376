//! What a reader of a publisher's file returns: per indicator field, the values per country and
//! year, and the names it met that the crosswalk does not know.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::crosswalk::{Crosswalk, Lookup};
use crate::error::{Result, RiskError};

/// Values of one indicator: per country (position in the crosswalk), `(year, value)` sorted by
/// year.
#[derive(Debug, Clone, Default)]
pub struct Series {
    by_country: HashMap<usize, Vec<(i32, f64, u64)>>,
}

impl Series {
    /// Adds a value read on `line`.
    pub fn push(&mut self, country: usize, year: i32, value: f64, line: u64) {
        self.by_country
            .entry(country)
            .or_default()
            .push((year, value, line));
    }

    /// Sorts by year; two values for one country and year are an error (a spelling in the
    /// crosswalk that joins two of the file's countries, or a duplicated row).
    pub fn finish(mut self, path: &Path, field: &str, cw: &Crosswalk) -> Result<Self> {
        for (c, v) in &mut self.by_country {
            v.sort_by_key(|(y, _, line)| (*y, *line));
            if let Some(w) = v.windows(2).find(|w| w[0].0 == w[1].0) {
                return Err(RiskError::Input {
                    path: path.to_path_buf(),
                    line: w[1].2,
                    field: field.to_string(),
                    message: format!(
                        "a second value for {} ({}) in {} (the first is on line {}); two of the file's names map to one country in the crosswalk, or the row is duplicated",
                        cw.countries[*c].name, cw.countries[*c].iso3, w[1].0, w[0].2
                    ),
                });
            }
        }
        Ok(self)
    }

    /// The value of the year nearest to `year` (the earlier of two equally near), with its year.
    pub fn nearest(&self, country: usize, year: i32) -> Option<(i32, f64)> {
        self.by_country
            .get(&country)?
            .iter()
            .min_by_key(|(y, _, _)| ((y - year).abs(), *y))
            .map(|&(y, v, _)| (y, v))
    }

    /// Every `(year, value)` of a country, by year.
    pub fn years(&self, country: usize) -> impl Iterator<Item = (i32, f64)> + '_ {
        self.by_country
            .get(&country)
            .into_iter()
            .flatten()
            .map(|&(y, v, _)| (y, v))
    }

    /// The countries with at least one value.
    pub fn countries(&self) -> impl Iterator<Item = usize> + '_ {
        self.by_country.keys().copied()
    }

    /// A series built from per-country `(year, value)` lists (derived indicators).
    pub fn from_years(values: HashMap<usize, Vec<(i32, f64)>>) -> Self {
        Self {
            by_country: values
                .into_iter()
                .map(|(c, v)| (c, v.into_iter().map(|(y, x)| (y, x, 0)).collect()))
                .collect(),
        }
    }
}

/// A name in a publisher's file that the crosswalk does not know.
#[derive(Debug, Clone)]
pub struct Unmatched {
    /// The file.
    pub path: PathBuf,
    /// First line it appears on.
    pub line: u64,
    /// The name as written.
    pub name: String,
}

/// Resolves names to countries for one file, remembering each unknown name once.
pub struct Resolver<'a> {
    cw: &'a Crosswalk,
    path: PathBuf,
    unmatched: Vec<Unmatched>,
    seen: std::collections::HashSet<String>,
}

impl<'a> Resolver<'a> {
    /// A resolver for names read from `path`.
    pub fn new(cw: &'a Crosswalk, path: &Path) -> Self {
        Self {
            cw,
            path: path.to_path_buf(),
            unmatched: Vec::new(),
            seen: Default::default(),
        }
    }

    /// The country of a row, trying each of `names` (name first, then a code) in turn: `None`
    /// for a name that is not a country on purpose, and for an unknown name (remembered).
    pub fn country(&mut self, names: &[&str], line: u64) -> Option<usize> {
        let mut unknown = None;
        for n in names.iter().filter(|n| !n.is_empty()) {
            match self.cw.lookup(n) {
                Lookup::Country(c) => return Some(c),
                Lookup::Skip => return None,
                Lookup::Unknown => unknown = unknown.or(Some(*n)),
            }
        }
        if let Some(n) = unknown
            && self.seen.insert(n.to_string())
        {
            self.unmatched.push(Unmatched {
                path: self.path.clone(),
                line,
                name: n.to_string(),
            });
        }
        None
    }

    /// The unknown names met.
    pub fn into_unmatched(self) -> Vec<Unmatched> {
        self.unmatched
    }
}

/// Parses a publisher's number: empty and the usual "no data" marks are no value; anything else
/// must be a finite number.
pub fn value(s: &str) -> std::result::Result<Option<f64>, String> {
    let s = s.trim();
    if s.is_empty()
        || ["na", "n/a", "#n/a", "..", "unavailable", "nan"].contains(&s.to_lowercase().as_str())
    {
        return Ok(None);
    }
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(format!("`{s}` is not a number")),
    }
}

/// What a reader returns: a series per requested field and the unknown names.
#[derive(Debug, Default)]
pub struct Read {
    /// Per field.
    pub series: HashMap<String, Series>,
    /// Names the crosswalk does not know.
    pub unmatched: Vec<Unmatched>,
}
