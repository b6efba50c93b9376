//! The missing-value report: every value the indicator build needed and did not find, and what
//! it did instead — so that nothing is silently zero. Written as `missing.csv` beside the
//! indicator CSV and summed up in a warning.

use super::build::Context;
use super::series::Unmatched;

/// What is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MissingKind {
    /// A name in a publisher's file the crosswalk does not know: its rows were not used.
    UnknownName,
    /// An ILAB good `ilab_goods.csv` does not map: its listings count nowhere.
    UnmappedGood,
    /// A country has no value of an indicator in any year.
    NoValue,
    /// A country has no value for a theme (no main nor fallback indicator): it is left out of
    /// its region's mean.
    NoThemeValue,
    /// A member of an aggregated region has no weight: it is left out of the region's mean.
    NoWeight,
    /// No member of a region has a value for a theme: the region's likelihood is imputed.
    Imputed,
    /// A pressure could not be located in the region's industries.
    NotLocated,
}

impl MissingKind {
    /// The id in `missing.csv`.
    pub fn id(self) -> &'static str {
        match self {
            Self::UnknownName => "unknown_name",
            Self::UnmappedGood => "unmapped_good",
            Self::NoValue => "no_value",
            Self::NoThemeValue => "no_theme_value",
            Self::NoWeight => "no_weight",
            Self::Imputed => "imputed",
            Self::NotLocated => "not_located",
        }
    }
}

/// One missing value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Missing {
    /// What.
    pub kind: MissingKind,
    /// MRIO region (empty for a file-level item).
    pub region: String,
    /// Country (ISO3), or the name as written.
    pub country: String,
    /// Indicator id (with the column for pressures) or file.
    pub indicator: String,
    /// Theme id, where one.
    pub theme: String,
    /// What was done.
    pub detail: String,
}

impl Missing {
    /// An item about country `c` of region `r`.
    pub fn country(
        kind: MissingKind,
        cx: &Context<'_>,
        r: usize,
        c: usize,
        indicator: &str,
        theme: &str,
        detail: &str,
    ) -> Self {
        Self {
            kind,
            region: cx.regions[r].clone(),
            country: cx.reference.crosswalk.countries[c].iso3.clone(),
            indicator: indicator.to_string(),
            theme: theme.to_string(),
            detail: detail.to_string(),
        }
    }

    /// An item about region `r` as a whole.
    pub fn region(
        kind: MissingKind,
        cx: &Context<'_>,
        r: usize,
        indicator: &str,
        theme: &str,
        detail: &str,
    ) -> Self {
        Self {
            kind,
            region: cx.regions[r].clone(),
            country: String::new(),
            indicator: indicator.to_string(),
            theme: theme.to_string(),
            detail: detail.to_string(),
        }
    }

    /// An unknown name in a file.
    pub fn unknown(u: &Unmatched) -> Self {
        Self {
            kind: MissingKind::UnknownName,
            region: String::new(),
            country: u.name.clone(),
            indicator: format!("{}:{}", u.path.display(), u.line),
            theme: String::new(),
            detail: "not in countries.csv: the rows of this name were not used; add it (or an alias) to the crosswalk".into(),
        }
    }
}

/// `missing.csv`: one row per item, sorted, duplicates removed.
pub fn csv(items: &[Missing]) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = w.write_record(["kind", "region", "country", "indicator", "theme", "detail"]);
    for m in items {
        let _ = w.write_record([
            m.kind.id(),
            &m.region,
            &m.country,
            &m.indicator,
            &m.theme,
            &m.detail,
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Counts per kind, for the warning and the command's summary.
pub fn summary(items: &[Missing]) -> String {
    let mut counts: std::collections::BTreeMap<MissingKind, usize> = Default::default();
    for m in items {
        *counts.entry(m.kind).or_default() += 1;
    }
    counts
        .iter()
        .map(|(k, n)| format!("{n} {}", k.id()))
        .collect::<Vec<_>>()
        .join(", ")
}
