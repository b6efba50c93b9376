//! Matching many companies' lists at once, without a person to ask: what the matcher would
//! put to a person, the batch decides itself (see `own_decision`: the best candidate if it
//! reaches the automatic threshold, or clearly leads and scores at least
//! [`BatchConfig::own_threshold`]; else a new location).
//!
//! Runs are reproducible: countries are matched independently (and in parallel), rows in a
//! fixed order (most detailed address first, so partial addresses meet a full one), and a new
//! location's id is derived from the fingerprint of its first row and the date given.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::export::{self, ExportError};
use crate::id::{IdDate, IdGenerator, LocationId};
use crate::matcher::{Candidate, Decisions, Fingerprint, Index, MatchKey, MatcherConfig, Outcome};
use crate::normalise::Country;
use crate::upload::{self, Limits, Parsed, RowError, UploadError, UploadRow};

/// One company's accepted rows.
#[derive(Debug, Clone, PartialEq)]
pub struct CompanyList {
    /// The company.
    pub company: String,
    /// Its rows.
    pub rows: Vec<UploadRow>,
}

/// The location of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// The company.
    pub company: String,
    /// The row (1 = first data row).
    pub row: usize,
    /// The location.
    pub location_id: LocationId,
}

/// How the batch decides.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BatchConfig {
    /// The matcher's configuration.
    pub matcher: MatcherConfig,
    /// The date in new ids.
    pub date: IdDate,
    /// In the review band, the least score at which the batch takes the best candidate.
    pub own_threshold: f64,
}

impl BatchConfig {
    /// The default matcher and decision threshold, with new ids dated `date`.
    pub fn on(date: IdDate) -> BatchConfig {
        BatchConfig {
            matcher: MatcherConfig::default(),
            date,
            own_threshold: 0.65,
        }
    }
}

/// Matches all lists with the default configuration, new ids dated today.
pub fn match_lists(lists: &[CompanyList]) -> Vec<Assignment> {
    match_lists_with(lists, &BatchConfig::on(IdDate::today()))
}

/// Matches all lists: one assignment per row, in the order of the lists and their rows.
pub fn match_lists_with(lists: &[CompanyList], config: &BatchConfig) -> Vec<Assignment> {
    let mut by_country: BTreeMap<Country, Vec<(usize, usize)>> = BTreeMap::new();
    for (l, list) in lists.iter().enumerate() {
        for (r, row) in list.rows.iter().enumerate() {
            by_country.entry(row.country).or_default().push((l, r));
        }
    }
    let mut work: Vec<Vec<(usize, usize)>> = by_country.into_values().collect();
    work.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let queue = Mutex::new(work.into_iter());
    let results = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
                    let Some(items) = next else { break };
                    let done = match_country(lists, items, config);
                    results
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .extend(done);
                }
            });
        }
    });
    let mut assigned = results.into_inner().unwrap_or_else(|e| e.into_inner());
    assigned.sort_by_key(|&((l, r), _)| (l, r));
    assigned
        .into_iter()
        .map(|((l, r), location_id)| Assignment {
            company: lists[l].company.clone(),
            row: lists[l].rows[r].row,
            location_id,
        })
        .collect()
}

/// Matches the rows of one country.
fn match_country(
    lists: &[CompanyList],
    items: Vec<(usize, usize)>,
    config: &BatchConfig,
) -> Vec<((usize, usize), LocationId)> {
    let mut items: Vec<((usize, usize), MatchKey)> = items
        .into_iter()
        .map(|(l, r)| ((l, r), MatchKey::new(&lists[l].rows[r].site())))
        .collect();
    let detail = |key: &MatchKey| key.address.words.len() + 2 * key.address.numbers.len();
    items.sort_by(|(a, ka), (b, kb)| detail(kb).cmp(&detail(ka)).then(a.cmp(b)));
    let mut index = Index::new(config.matcher);
    let none = Decisions::new();
    let mut issued: HashSet<LocationId> = HashSet::new();
    let mut out = Vec::with_capacity(items.len());
    for ((l, r), key) in items {
        let row = &lists[l].rows[r];
        let site = row.site();
        let decision = index.match_key(&site, &key, &none);
        let chosen = match decision.outcome {
            Outcome::Match { location, .. } => Some(location),
            Outcome::Review => own_decision(&decision.candidates, config),
            Outcome::New => None,
        };
        let location = chosen.unwrap_or_else(|| {
            new_id(
                row.country,
                config.date,
                Fingerprint::of(&site),
                &mut issued,
            )
        });
        // The site's country is the id's country by construction.
        let _ = index.insert_key(location, &site, key);
        out.push(((l, r), location));
    }
    out
}

/// What the batch does where a person would be asked. Two candidates that both reach the
/// automatic threshold are, in a batch, one factory the batch itself split earlier (sister
/// factories differ in their numbers and never both score that high): take the best. In the
/// review band, take the best only if it scores at least `own_threshold` and clearly leads.
fn own_decision(candidates: &[Candidate], config: &BatchConfig) -> Option<LocationId> {
    let best = candidates.first()?;
    let second = candidates.get(1).map_or(0.0, |c| c.similarity.score);
    let score = best.similarity.score;
    let take = score >= config.matcher.thresholds.auto
        || (score >= config.own_threshold && score - second >= config.matcher.ambiguity_margin);
    take.then_some(best.location)
}

/// A new id from the fingerprint of the location's first row; a clash with an id already
/// issued draws again from a generator seeded with the fingerprint.
fn new_id(
    country: Country,
    date: IdDate,
    first_row: Fingerprint,
    issued: &mut HashSet<LocationId>,
) -> LocationId {
    let mut generator = IdGenerator::seeded(first_row.0);
    loop {
        let id = generator.next_id(country, date);
        if issued.insert(id) {
            return id;
        }
    }
}

/// One company's file as read.
#[derive(Debug, Clone, PartialEq)]
pub struct Upload {
    /// The company: the file name without extension.
    pub company: String,
    /// The file.
    pub path: PathBuf,
    /// What was read.
    pub parsed: Parsed,
}

/// A folder of lists cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The folder cannot be listed.
    #[error("cannot read the folder {}: {source}", path.display())]
    Folder {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file cannot be read from disk.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file is refused as a whole.
    #[error("{}: {source}", path.display())]
    Upload {
        /// The file.
        path: PathBuf,
        /// Why.
        source: UploadError,
    },
    /// Two files name one company (`a.csv` and `a.xlsx`).
    #[error("two files are company {0:?}; keep one")]
    SameCompany(String),
    /// No list in the folder.
    #[error("no .csv or .xlsx file in {}", .0.display())]
    NoLists(PathBuf),
}

/// Reads every `.csv` and `.xlsx` file of a folder, one company per file, by file name.
pub fn read_dir(dir: &Path, limits: &Limits) -> Result<Vec<Upload>, BatchError> {
    let folder = |source| BatchError::Folder {
        path: dir.to_owned(),
        source,
    };
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(folder)? {
        let path = entry.map_err(folder)?.path();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        if path.is_file() && matches!(ext.as_deref(), Some("csv" | "xlsx")) {
            paths.push(path);
        }
    }
    paths.sort();
    if paths.is_empty() {
        return Err(BatchError::NoLists(dir.to_owned()));
    }
    let mut companies = HashSet::new();
    for path in &paths {
        let company = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !companies.insert(company.clone()) {
            return Err(BatchError::SameCompany(company));
        }
    }
    // The files are read and checked on every core; the first error in file order wins, so
    // the outcome does not depend on which thread was quicker.
    let next = AtomicUsize::new(0);
    let read: Vec<Mutex<Option<Result<Parsed, BatchError>>>> =
        paths.iter().map(|_| Mutex::new(None)).collect();
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    std::thread::scope(|s| {
        for _ in 0..threads.min(paths.len()) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = paths.get(i) else { break };
                    let result = read_list(path, limits);
                    *read[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
                }
            });
        }
    });
    let mut uploads: Vec<Upload> = Vec::with_capacity(paths.len());
    for (path, slot) in paths.into_iter().zip(read) {
        let parsed = slot
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .unwrap_or_else(|| unreachable!("every file was read"))?;
        let company = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        uploads.push(Upload {
            company,
            path,
            parsed,
        });
    }
    Ok(uploads)
}

/// Reads and checks one list.
fn read_list(path: &Path, limits: &Limits) -> Result<Parsed, BatchError> {
    let bytes = std::fs::read(path).map_err(|source| BatchError::Read {
        path: path.to_owned(),
        source,
    })?;
    upload::parse_auto(&bytes, limits).map_err(|source| BatchError::Upload {
        path: path.to_owned(),
        source,
    })
}

/// One line of the batch command's output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The company.
    pub company: String,
    /// The row (1 = first data row).
    pub row: usize,
    /// The location; `None` for a row refused for a reason other than repeating another row.
    pub location_id: Option<LocationId>,
}

/// Every row of every upload with its location: accepted and salvaged rows matched, rows
/// refused as repeats of an earlier row given that row's location, other refused rows without
/// one. Sorted by company and row.
pub fn assign(uploads: &[Upload], config: &BatchConfig) -> (Vec<Line>, Vec<(String, RowError)>) {
    let lists: Vec<CompanyList> = uploads
        .iter()
        .map(|u| CompanyList {
            company: u.company.clone(),
            rows: u
                .parsed
                .rows
                .iter()
                .chain(&u.parsed.salvaged)
                .cloned()
                .collect(),
        })
        .collect();
    let assignments = match_lists_with(&lists, config);
    let mut located: BTreeMap<(&str, usize), LocationId> = assignments
        .iter()
        .map(|a| ((a.company.as_str(), a.row), a.location_id))
        .collect();
    let mut refused = Vec::new();
    for u in uploads {
        for row in u.parsed.refused_rows() {
            let earlier = u
                .parsed
                .duplicate_of(row)
                .and_then(|of| located.get(&(u.company.as_str(), of)).copied());
            if let Some(location) = earlier {
                located.insert((u.company.as_str(), row), location);
            }
        }
        for e in &u.parsed.refused {
            if u.parsed.duplicate_of(e.row).is_none() {
                refused.push((u.company.clone(), e.clone()));
            }
        }
    }
    let mut all: BTreeMap<(&str, usize), Option<LocationId>> =
        located.into_iter().map(|(k, v)| (k, Some(v))).collect();
    for u in uploads {
        for row in u.parsed.refused_rows() {
            all.entry((u.company.as_str(), row)).or_insert(None);
        }
    }
    let lines = all
        .into_iter()
        .map(|((company, row), location_id)| Line {
            company: company.to_owned(),
            row,
            location_id,
        })
        .collect();
    (lines, refused)
}

/// Writes the lines as CSV with the header `company,row,location_id`.
pub fn write_lines<W: Write>(lines: &[Line], out: W) -> Result<(), ExportError> {
    export::write_csv(
        ["company", "row", "location_id"],
        lines.iter().map(|l| {
            [
                l.company.clone(),
                l.row.to_string(),
                l.location_id.map(|id| id.to_string()).unwrap_or_default(),
            ]
        }),
        out,
    )
}
