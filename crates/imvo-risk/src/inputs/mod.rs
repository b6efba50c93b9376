//! Readers of the CSV inputs: themes, national sectors, the SRA's cross-sector risks, the
//! concordance from MRIO sectors to national sectors, and risk indicators.
//!
//! Every file is UTF-8 CSV with a header row; lines starting with `#` are comments (used for
//! the file's own documentation and, in synthetic files, the word SYNTHETIC). Fields are
//! trimmed. Each reader checks what it can check on its own (ranges, duplicates, references
//! between the input files); checks against a system (regions, sectors, stressor rows) happen
//! in [`crate::setup`]. Every error names the file, the 1-based line and the column.
//!
//! This module holds the input types and [`RiskInputs::load`]; [`parse`] holds the readers.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::error::{Result, RiskError};

mod parse;

pub(crate) use parse::Table;
pub use parse::{
    parse_concordance, parse_indicators, parse_sectors, parse_sra_risks, parse_themes,
};

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
        include_str!("../../../../data/risk/themes.csv"),
    );
    /// `data/risk/sectors.csv`.
    pub const SECTORS: (&str, &str) = (
        "data/risk/sectors.csv",
        include_str!("../../../../data/risk/sectors.csv"),
    );
    /// `data/risk/sra_risks.csv`.
    pub const SRA_RISKS: (&str, &str) = (
        "data/risk/sra_risks.csv",
        include_str!("../../../../data/risk/sra_risks.csv"),
    );
    /// `data/risk/concordance_exio3_sra.csv`.
    pub const CONCORDANCE: (&str, &str) = (
        "data/risk/concordance_exio3_sra.csv",
        include_str!("../../../../data/risk/concordance_exio3_sra.csv"),
    );
    /// `data/risk/indicators_synthetic.csv` (SYNTHETIC).
    pub const INDICATORS: (&str, &str) = (
        "data/risk/indicators_synthetic.csv",
        include_str!("../../../../data/risk/indicators_synthetic.csv"),
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

/// The text of `path`, or of the shipped file `builtin` (label, text) when `path` is `None`.
pub fn read_or_builtin(path: &Option<PathBuf>, builtin: (&str, &str)) -> Result<(PathBuf, String)> {
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
