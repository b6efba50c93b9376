//! The readers of the CSV inputs, one function per file, over one [`Table`] helper that knows
//! the header positions, the 1-based line of each record and how to name a field in an error.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::{ConcordanceRow, Domain, Exposure, Indicator, NationalSector, Sourced, SraRisk, Theme};
use crate::error::{Result, RiskError};

/// A CSV table being read: header positions and the current record's line. Shared by the
/// readers of the publishers' files ([`crate::real`]), which need the same error messages.
pub(crate) struct Table {
    pub(crate) path: PathBuf,
    columns: HashMap<String, usize>,
    pub(crate) records: Vec<(u64, csv::StringRecord)>,
    synthetic: bool,
}

impl Table {
    /// The rows read from this table, with its path and whether it says SYNTHETIC.
    pub(crate) fn sourced<T>(self, rows: Vec<T>) -> Sourced<T> {
        Sourced {
            path: self.path,
            rows,
            synthetic: self.synthetic,
        }
    }

    /// Reads one of imvo's own CSV files: `#` starts a comment line.
    pub(crate) fn parse(path: &Path, text: &str, required: &[&str]) -> Result<Self> {
        Self::parse_with(path, text, required, true)
    }

    /// Reads a publisher's CSV file as it is: no comment lines (a `#` is data there).
    pub(crate) fn parse_foreign(path: &Path, text: &str, required: &[&str]) -> Result<Self> {
        Self::parse_with(path, text, required, false)
    }

    fn parse_with(path: &Path, text: &str, required: &[&str], comments: bool) -> Result<Self> {
        let synthetic = comments
            && text
                .lines()
                .any(|l| l.trim_start().starts_with('#') && l.contains("SYNTHETIC"));
        let mut rdr = csv::ReaderBuilder::new()
            .comment(comments.then_some(b'#'))
            .trim(csv::Trim::All)
            .flexible(false)
            .from_reader(text.as_bytes());
        let headers = rdr.headers().map_err(|e| csv_error(path, &e))?.clone();
        let columns: HashMap<String, usize> = headers
            .iter()
            .enumerate()
            .map(|(i, h)| (h.to_string(), i))
            .collect();
        for r in required {
            if !columns.contains_key(*r) {
                return Err(RiskError::File {
                    path: path.to_path_buf(),
                    message: format!(
                        "the header has no column `{r}`; expected columns: {}",
                        required.join(", ")
                    ),
                });
            }
        }
        let mut records = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| csv_error(path, &e))?;
            let line = rec.position().map(|p| p.line()).unwrap_or(0);
            records.push((line, rec));
        }
        Ok(Self {
            path: path.to_path_buf(),
            columns,
            records,
            synthetic,
        })
    }

    /// True when the header has `field`.
    pub(crate) fn has(&self, field: &str) -> bool {
        self.columns.contains_key(field)
    }

    pub(crate) fn get<'r>(&self, rec: &'r csv::StringRecord, field: &str) -> &'r str {
        self.columns
            .get(field)
            .and_then(|&i| rec.get(i))
            .unwrap_or("")
    }

    pub(crate) fn err(&self, line: u64, field: &str, message: impl Into<String>) -> RiskError {
        RiskError::Input {
            path: self.path.clone(),
            line,
            field: field.to_string(),
            message: message.into(),
        }
    }

    pub(crate) fn required<'r>(
        &self,
        line: u64,
        rec: &'r csv::StringRecord,
        field: &str,
    ) -> Result<&'r str> {
        let v = self.get(rec, field);
        if v.is_empty() {
            return Err(self.err(line, field, "is empty; fill it in"));
        }
        Ok(v)
    }

    pub(crate) fn unit_interval(
        &self,
        line: u64,
        rec: &csv::StringRecord,
        field: &str,
    ) -> Result<f64> {
        let v = self.required(line, rec, field)?;
        let x: f64 = v
            .parse()
            .map_err(|_| self.err(line, field, format!("`{v}` is not a number")))?;
        if !x.is_finite() || !(0.0..=1.0).contains(&x) {
            return Err(self.err(
                line,
                field,
                format!("{v} is out of range; it must lie in [0, 1]"),
            ));
        }
        Ok(x)
    }

    pub(crate) fn year(&self, line: u64, rec: &csv::StringRecord) -> Result<i32> {
        self.year_in(line, rec, "year")
    }

    /// A year in column `field` (publishers name it `Year`).
    pub(crate) fn year_in(&self, line: u64, rec: &csv::StringRecord, field: &str) -> Result<i32> {
        let v = self.required(line, rec, field)?;
        v.parse::<i32>()
            .ok()
            .filter(|y| (1900..=2100).contains(y))
            .ok_or_else(|| {
                self.err(
                    line,
                    field,
                    format!("`{v}` is not a year (1900–2100); give the year of the source"),
                )
            })
    }
}

fn csv_error(path: &Path, e: &csv::Error) -> RiskError {
    let line = e.position().map(|p| p.line()).unwrap_or(0);
    RiskError::Input {
        path: path.to_path_buf(),
        line,
        field: "(row)".into(),
        message: format!("not valid CSV: {e}"),
    }
}

/// Parses a themes file (columns: id, name_nl, name_en, domain, severity, exposure, source, year).
pub fn parse_themes(path: &Path, text: &str) -> Result<Sourced<Theme>> {
    let t = Table::parse(
        path,
        text,
        &[
            "id", "name_nl", "name_en", "domain", "severity", "exposure", "source", "year",
        ],
    )?;
    let mut rows = Vec::new();
    let mut seen = HashSet::new();
    for (line, rec) in &t.records {
        let line = *line;
        let id = t.required(line, rec, "id")?.to_string();
        if !seen.insert(id.clone()) {
            return Err(t.err(line, "id", format!("theme `{id}` is defined twice")));
        }
        let domain_s = t.required(line, rec, "domain")?;
        let domain = Domain::parse(domain_s).ok_or_else(|| {
            t.err(
                line,
                "domain",
                format!(
                    "unknown domain `{domain_s}`; use fair_business, human_rights, labour or environment"
                ),
            )
        })?;
        let exposure_s = t.required(line, rec, "exposure")?;
        let exposure = if exposure_s == "output" {
            Exposure::Output
        } else if let Some(row) = exposure_s.strip_prefix("stressor:") {
            if row.trim().is_empty() {
                return Err(t.err(line, "exposure", "`stressor:` needs a row label after it"));
            }
            Exposure::Stressor(row.trim().to_string())
        } else {
            return Err(t.err(
                line,
                "exposure",
                format!("unknown exposure `{exposure_s}`; use `output` or `stressor:<row label>`"),
            ));
        };
        rows.push(Theme {
            id,
            name_nl: t.required(line, rec, "name_nl")?.to_string(),
            name_en: t.required(line, rec, "name_en")?.to_string(),
            domain,
            severity: t.unit_interval(line, rec, "severity")?,
            exposure,
            source: t.required(line, rec, "source")?.to_string(),
            year: t.year(line, rec)?,
            line,
        });
    }
    if rows.is_empty() {
        return Err(RiskError::File {
            path: path.to_path_buf(),
            message: "defines no theme; add at least one row".into(),
        });
    }
    Ok(t.sourced(rows))
}

/// Parses a national sector list (columns: id, name_nl, name_en, chapter, source, year; optional
/// portfolio_id).
pub fn parse_sectors(path: &Path, text: &str) -> Result<Sourced<NationalSector>> {
    let t = Table::parse(
        path,
        text,
        &["id", "name_nl", "name_en", "chapter", "source", "year"],
    )?;
    let mut rows = Vec::new();
    let mut seen = HashSet::new();
    for (line, rec) in &t.records {
        let line = *line;
        let id = t.required(line, rec, "id")?.to_string();
        if !seen.insert(id.clone()) {
            return Err(t.err(line, "id", format!("sector `{id}` is defined twice")));
        }
        rows.push(NationalSector {
            id,
            name_nl: t.required(line, rec, "name_nl")?.to_string(),
            name_en: t.required(line, rec, "name_en")?.to_string(),
            chapter: t.required(line, rec, "chapter")?.to_string(),
            portfolio_id: Some(t.get(rec, "portfolio_id"))
                .filter(|v| !v.is_empty())
                .map(str::to_string),
            source: t.required(line, rec, "source")?.to_string(),
            year: t.year(line, rec)?,
        });
    }
    if rows.is_empty() {
        return Err(RiskError::File {
            path: path.to_path_buf(),
            message: "defines no sector; add at least one row".into(),
        });
    }
    Ok(t.sourced(rows))
}

/// Parses the SRA risk mapping (columns: id, name_nl, name_en, sra_domain, theme,
/// example_sectors, source, year); theme and sector ids must exist.
pub fn parse_sra_risks(
    path: &Path,
    text: &str,
    themes: &Sourced<Theme>,
    sectors: &Sourced<NationalSector>,
) -> Result<Sourced<SraRisk>> {
    let t = Table::parse(
        path,
        text,
        &[
            "id",
            "name_nl",
            "name_en",
            "sra_domain",
            "theme",
            "example_sectors",
            "source",
            "year",
        ],
    )?;
    let theme_ids: HashSet<&str> = themes.rows.iter().map(|t| t.id.as_str()).collect();
    let sector_ids: HashSet<&str> = sectors.rows.iter().map(|s| s.id.as_str()).collect();
    let mut rows = Vec::new();
    for (line, rec) in &t.records {
        let line = *line;
        let theme = t.required(line, rec, "theme")?;
        if !theme_ids.contains(theme) {
            return Err(t.err(
                line,
                "theme",
                format!(
                    "unknown theme `{theme}`; use an id from {}",
                    themes.path.display()
                ),
            ));
        }
        let ex = t.get(rec, "example_sectors");
        let example_sectors: Vec<String> = ex
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        for s in &example_sectors {
            if s != "all" && !sector_ids.contains(s.as_str()) {
                return Err(t.err(
                    line,
                    "example_sectors",
                    format!(
                        "unknown sector `{s}`; use ids from {}",
                        sectors.path.display()
                    ),
                ));
            }
        }
        t.year(line, rec)?;
        rows.push(SraRisk {
            id: t.required(line, rec, "id")?.to_string(),
            name_nl: t.required(line, rec, "name_nl")?.to_string(),
            name_en: t.required(line, rec, "name_en")?.to_string(),
            sra_domain: t.required(line, rec, "sra_domain")?.to_string(),
            theme: theme.to_string(),
            example_sectors,
            source: t.required(line, rec, "source")?.to_string(),
        });
    }
    Ok(t.sourced(rows))
}

/// Parses a concordance (columns: mrio_sector, sra_sector, reason; others are informative).
/// A sector mapped twice is an error here; a sector of the system left unmapped is found when
/// the concordance meets the system ([`crate::setup`]).
pub fn parse_concordance(
    path: &Path,
    text: &str,
    sectors: &Sourced<NationalSector>,
) -> Result<Sourced<ConcordanceRow>> {
    let t = Table::parse(path, text, &["mrio_sector", "sra_sector", "reason"])?;
    let sector_ids: HashSet<&str> = sectors.rows.iter().map(|s| s.id.as_str()).collect();
    let mut first: HashMap<String, u64> = HashMap::new();
    let mut rows = Vec::new();
    for (line, rec) in &t.records {
        let line = *line;
        let mrio = t.required(line, rec, "mrio_sector")?.to_string();
        if let Some(prev) = first.get(&mrio) {
            return Err(t.err(
                line,
                "mrio_sector",
                format!(
                    "`{mrio}` is mapped twice (first on line {prev}); keep one row per MRIO sector"
                ),
            ));
        }
        first.insert(mrio.clone(), line);
        let nat = t.required(line, rec, "sra_sector")?;
        if !sector_ids.contains(nat) {
            return Err(t.err(
                line,
                "sra_sector",
                format!(
                    "unknown national sector `{nat}`; use an id from {}",
                    sectors.path.display()
                ),
            ));
        }
        rows.push(ConcordanceRow {
            mrio_sector: mrio,
            national_sector: nat.to_string(),
            reason: t.required(line, rec, "reason")?.to_string(),
            line,
        });
    }
    Ok(t.sourced(rows))
}

/// Parses indicators (columns: region, sector, theme, likelihood, source, year). The theme must
/// exist; region and sector are checked against the system later. A (region, sector, theme)
/// given twice is an error.
pub fn parse_indicators(
    path: &Path,
    text: &str,
    themes: &Sourced<Theme>,
) -> Result<Sourced<Indicator>> {
    let t = Table::parse(
        path,
        text,
        &["region", "sector", "theme", "likelihood", "source", "year"],
    )?;
    let theme_ids: HashSet<&str> = themes.rows.iter().map(|t| t.id.as_str()).collect();
    let mut seen: HashMap<(String, String, String), u64> = HashMap::new();
    let mut rows = Vec::new();
    for (line, rec) in &t.records {
        let line = *line;
        let region = t.required(line, rec, "region")?.to_string();
        let sector = t.get(rec, "sector");
        let theme = t.required(line, rec, "theme")?;
        if !theme_ids.contains(theme) {
            return Err(t.err(
                line,
                "theme",
                format!(
                    "unknown theme `{theme}`; use an id from {}",
                    themes.path.display()
                ),
            ));
        }
        let key = (region.clone(), sector.to_string(), theme.to_string());
        if let Some(prev) = seen.get(&key) {
            return Err(t.err(
                line,
                "theme",
                format!("this region, sector and theme already have a value on line {prev}"),
            ));
        }
        seen.insert(key, line);
        rows.push(Indicator {
            region,
            sector: (!sector.is_empty()).then(|| sector.to_string()),
            theme: theme.to_string(),
            likelihood: t.unit_interval(line, rec, "likelihood")?,
            source: t.required(line, rec, "source")?.to_string(),
            year: t.year(line, rec)?,
            line,
        });
    }
    Ok(t.sourced(rows))
}
