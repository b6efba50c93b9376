//! Readers of the CSV inputs: themes, national sectors, the SRA's cross-sector risks, the
//! concordance from MRIO sectors to national sectors, and risk indicators.
//!
//! Every file is UTF-8 CSV with a header row; lines starting with `#` are comments (used for
//! the file's own documentation and, in synthetic files, the word SYNTHETIC). Fields are
//! trimmed. Each reader checks what it can check on its own (ranges, duplicates, references
//! between the input files); checks against a system (regions, sectors, stressor rows) happen
//! in [`crate::setup`]. Every error names the file, the 1-based line and the column.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Result, RiskError};

/// The four clusters of the MVO Risico Checker's themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Domain {
    /// Fair business (tax, corruption, competition).
    FairBusiness,
    /// Human rights and ethics.
    HumanRights,
    /// Labour rights.
    Labour,
    /// Environment.
    Environment,
}

impl Domain {
    fn parse(s: &str) -> Option<Self> {
        [
            Self::FairBusiness,
            Self::HumanRights,
            Self::Labour,
            Self::Environment,
        ]
        .into_iter()
        .find(|d| d.id() == s)
    }

    /// The id the input files and the JSON use (`fair_business`, `human_rights`, …).
    pub fn id(self) -> &'static str {
        match self {
            Self::FairBusiness => "fair_business",
            Self::HumanRights => "human_rights",
            Self::Labour => "labour",
            Self::Environment => "environment",
        }
    }

    /// The domain's name in Dutch (`nl`) or English.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::FairBusiness, Lang::Nl) => "Eerlijk zakendoen",
            (Self::FairBusiness, Lang::En) => "Fair business",
            (Self::HumanRights, Lang::Nl) => "Mensenrechten en ethiek",
            (Self::HumanRights, Lang::En) => "Human rights and ethics",
            (Self::Labour, Lang::Nl) => "Arbeidsrechten",
            (Self::Labour, Lang::En) => "Labour rights",
            (Self::Environment, Lang::Nl) => "Milieu",
            (Self::Environment, Lang::En) => "Environment",
        }
    }
}

/// The language of user-facing text: the domain's, shared by every crate.
pub use imvo_domain::Lang;

/// What a theme's risk is proportional to in the origin industry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Exposure {
    /// Monetary output: risk per unit of output is likelihood × severity.
    Output,
    /// A stressor row of an MRIO extension (e.g. hours worked): risk per unit of output is the
    /// row's intensity `F/x` × likelihood × severity. The string is the row label as the system
    /// names it (levels joined with ` | ` when the stressor index has several levels).
    Stressor(String),
}

/// A theme of the analysis with its SER heat-map severity.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Theme {
    /// Stable id (`child_labour`).
    pub id: String,
    /// Dutch name.
    pub name_nl: String,
    /// English name.
    pub name_en: String,
    /// Cluster.
    pub domain: Domain,
    /// Severity weight in [0, 1] (the SER heat map's severity axis).
    pub severity: f64,
    /// Exposure basis.
    pub exposure: Exposure,
    /// Source of the theme definition.
    pub source: String,
    /// Year of the source.
    pub year: i32,
    /// 1-based line in the themes file (for error messages about the exposure row).
    #[serde(skip)]
    pub line: u64,
}

impl Theme {
    /// The theme's name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.name_nl,
            Lang::En => &self.name_en,
        }
    }
}

/// A sector of the national sector list (the SRA's 13 plus "other").
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NationalSector {
    /// Stable id (`textiel_kleding`).
    pub id: String,
    /// Dutch name.
    pub name_nl: String,
    /// English name.
    pub name_en: String,
    /// Report chapter (metal and electronics share one in the SRA).
    pub chapter: String,
    /// Id of the same sector in the portfolio datasets and the store (optional column
    /// `portfolio_id`), to find its trajectories, initiatives and agreements.
    pub portfolio_id: Option<String>,
    /// Source.
    pub source: String,
    /// Year of the source.
    pub year: i32,
}

impl NationalSector {
    /// The sector's name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.name_nl,
            Lang::En => &self.name_en,
        }
    }
}

/// One of the SRA's cross-sector risks, mapped onto a theme.
#[derive(Debug, Clone, Serialize)]
pub struct SraRisk {
    /// Id of the SRA risk (several rows may share it, one per theme).
    pub id: String,
    /// Dutch name.
    pub name_nl: String,
    /// English name.
    pub name_en: String,
    /// The SRA's own grouping.
    pub sra_domain: String,
    /// Theme id it maps to.
    pub theme: String,
    /// Sector ids the SRA names as examples (empty, or `all`).
    pub example_sectors: Vec<String>,
    /// Source.
    pub source: String,
}

/// One row of the concordance from MRIO sectors to national sectors.
#[derive(Debug, Clone, Serialize)]
pub struct ConcordanceRow {
    /// MRIO sector label, exactly as the system spells it.
    pub mrio_sector: String,
    /// National sector id.
    pub national_sector: String,
    /// Why.
    pub reason: String,
    /// 1-based line in the file.
    pub line: u64,
}

/// One indicator row: a likelihood for a theme in a region (optionally one sector of it).
#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    /// Region code as the system spells it, or `*` for every region.
    pub region: String,
    /// MRIO sector label, or `None` for every sector of the region.
    pub sector: Option<String>,
    /// Theme id.
    pub theme: String,
    /// Likelihood in [0, 1] (the SER heat map's likelihood axis).
    pub likelihood: f64,
    /// Source.
    pub source: String,
    /// Year.
    pub year: i32,
    /// 1-based line in the file.
    pub line: u64,
}

/// A parsed input file: its rows and where they came from (for error messages).
#[derive(Debug, Clone)]
pub struct Sourced<T> {
    /// File path or a label such as `data/risk/themes.csv (built in)`.
    pub path: PathBuf,
    /// The rows.
    pub rows: Vec<T>,
    /// True when a comment line of the file contains the word SYNTHETIC.
    pub synthetic: bool,
}

/// All inputs of an analysis, checked against each other.
#[derive(Debug, Clone)]
pub struct RiskInputs {
    /// Themes.
    pub themes: Sourced<Theme>,
    /// National sectors.
    pub sectors: Sourced<NationalSector>,
    /// The SRA's cross-sector risks (may be empty).
    pub sra_risks: Sourced<SraRisk>,
    /// Concordance MRIO sector → national sector.
    pub concordance: Sourced<ConcordanceRow>,
    /// Indicators.
    pub indicators: Sourced<Indicator>,
}

/// The shipped inputs in `data/risk/`, compiled into the program so that the demo runs from
/// any directory. Their paths in the repository label the error messages.
pub mod builtin {
    /// `data/risk/themes.csv`.
    pub const THEMES: (&str, &str) = (
        "data/risk/themes.csv",
        include_str!("../../../data/risk/themes.csv"),
    );
    /// `data/risk/sectors.csv`.
    pub const SECTORS: (&str, &str) = (
        "data/risk/sectors.csv",
        include_str!("../../../data/risk/sectors.csv"),
    );
    /// `data/risk/sra_risks.csv`.
    pub const SRA_RISKS: (&str, &str) = (
        "data/risk/sra_risks.csv",
        include_str!("../../../data/risk/sra_risks.csv"),
    );
    /// `data/risk/concordance_exio3_sra.csv`.
    pub const CONCORDANCE: (&str, &str) = (
        "data/risk/concordance_exio3_sra.csv",
        include_str!("../../../data/risk/concordance_exio3_sra.csv"),
    );
    /// `data/risk/indicators_synthetic.csv` (SYNTHETIC).
    pub const INDICATORS: (&str, &str) = (
        "data/risk/indicators_synthetic.csv",
        include_str!("../../../data/risk/indicators_synthetic.csv"),
    );
}

/// Paths of input files; `None` takes the shipped file.
#[derive(Debug, Clone, Default)]
pub struct InputPaths {
    /// Themes CSV.
    pub themes: Option<PathBuf>,
    /// National sectors CSV.
    pub sectors: Option<PathBuf>,
    /// SRA risks CSV.
    pub sra_risks: Option<PathBuf>,
    /// Concordance CSV.
    pub concordance: Option<PathBuf>,
    /// Indicators CSV.
    pub indicators: Option<PathBuf>,
}

fn read_or_builtin(path: &Option<PathBuf>, builtin: (&str, &str)) -> Result<(PathBuf, String)> {
    match path {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| RiskError::io(p, e))?;
            Ok((p.clone(), text))
        }
        None => Ok((PathBuf::from(builtin.0), builtin.1.to_string())),
    }
}

impl RiskInputs {
    /// Reads the inputs named in `paths` (shipped files where `None`) and checks them against
    /// each other.
    pub fn load(paths: &InputPaths) -> Result<Self> {
        let (p, t) = read_or_builtin(&paths.themes, builtin::THEMES)?;
        let themes = parse_themes(&p, &t)?;
        let (p, t) = read_or_builtin(&paths.sectors, builtin::SECTORS)?;
        let sectors = parse_sectors(&p, &t)?;
        let (p, t) = read_or_builtin(&paths.sra_risks, builtin::SRA_RISKS)?;
        let sra_risks = parse_sra_risks(&p, &t, &themes, &sectors)?;
        let (p, t) = read_or_builtin(&paths.concordance, builtin::CONCORDANCE)?;
        let concordance = parse_concordance(&p, &t, &sectors)?;
        let (p, t) = read_or_builtin(&paths.indicators, builtin::INDICATORS)?;
        let indicators = parse_indicators(&p, &t, &themes)?;
        Ok(Self {
            themes,
            sectors,
            sra_risks,
            concordance,
            indicators,
        })
    }

    /// True when any input says SYNTHETIC in its comments.
    pub fn synthetic(&self) -> bool {
        self.themes.synthetic
            || self.sectors.synthetic
            || self.concordance.synthetic
            || self.indicators.synthetic
    }
}

/// A CSV table being read: header positions and the current record's line.
struct Table {
    path: PathBuf,
    columns: HashMap<String, usize>,
    records: Vec<(u64, csv::StringRecord)>,
    synthetic: bool,
}

impl Table {
    fn parse(path: &Path, text: &str, required: &[&str]) -> Result<Self> {
        let synthetic = text
            .lines()
            .any(|l| l.trim_start().starts_with('#') && l.contains("SYNTHETIC"));
        let mut rdr = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
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

    fn get<'r>(&self, rec: &'r csv::StringRecord, field: &str) -> &'r str {
        self.columns
            .get(field)
            .and_then(|&i| rec.get(i))
            .unwrap_or("")
    }

    fn err(&self, line: u64, field: &str, message: impl Into<String>) -> RiskError {
        RiskError::Input {
            path: self.path.clone(),
            line,
            field: field.to_string(),
            message: message.into(),
        }
    }

    fn required<'r>(&self, line: u64, rec: &'r csv::StringRecord, field: &str) -> Result<&'r str> {
        let v = self.get(rec, field);
        if v.is_empty() {
            return Err(self.err(line, field, "is empty; fill it in"));
        }
        Ok(v)
    }

    fn unit_interval(&self, line: u64, rec: &csv::StringRecord, field: &str) -> Result<f64> {
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

    fn year(&self, line: u64, rec: &csv::StringRecord) -> Result<i32> {
        let v = self.required(line, rec, "year")?;
        v.parse::<i32>()
            .ok()
            .filter(|y| (1900..=2100).contains(y))
            .ok_or_else(|| {
                self.err(
                    line,
                    "year",
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
    Ok(Sourced {
        path: path.to_path_buf(),
        rows,
        synthetic: t.synthetic,
    })
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
    Ok(Sourced {
        path: path.to_path_buf(),
        rows,
        synthetic: t.synthetic,
    })
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
    Ok(Sourced {
        path: path.to_path_buf(),
        rows,
        synthetic: t.synthetic,
    })
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
    Ok(Sourced {
        path: path.to_path_buf(),
        rows,
        synthetic: t.synthetic,
    })
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
    Ok(Sourced {
        path: path.to_path_buf(),
        rows,
        synthetic: t.synthetic,
    })
}
