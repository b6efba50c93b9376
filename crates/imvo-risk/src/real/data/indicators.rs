//! `indicator_sources.csv` (which indicator sits in which publisher's file, whom to cite) and
//! `indicator_themes.csv` (which indicator measures which theme, and how its value becomes a
//! likelihood).

use std::collections::HashSet;
use std::path::Path;

use crate::error::{Result, RiskError};
use crate::inputs::Table;

/// How a publisher's file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The WGI long CSV.
    Wgi,
    /// Freedom House's long CSV.
    FreedomHouse,
    /// ILAB's country findings XML.
    IlabCountries,
    /// ILAB's list of goods XML.
    IlabGoods,
    /// An OWID wide CSV column.
    Owid,
    /// The ratio of two OWID columns (`field` = "numerator / denominator").
    OwidRatio,
    /// The yearly decline of an OWID stock column.
    OwidDecline,
}

/// What an indicator's value is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One value per country.
    Country,
    /// One value per country and product group (ILAB's goods).
    CountryGroup,
    /// A quantity located in industries by `pressure_sectors.csv`, per unit of output.
    Pressure,
    /// The weight of a member country in an aggregated region.
    Weight,
}

/// One row of `indicator_sources.csv`.
#[derive(Debug, Clone)]
pub struct Source {
    /// Id (`wgi.RuleofLaw`).
    pub id: String,
    /// Short name for reports.
    pub label: String,
    /// File name in the indicators folder.
    pub file: String,
    /// How to read it.
    pub format: Format,
    /// Indicator code, element or column.
    pub field: String,
    /// What the value is attached to.
    pub kind: Kind,
    /// Unit of the value as scaled.
    pub unit: String,
    /// Multiplies a pressure per unit of output into `unit`.
    pub factor: f64,
    /// Edition year, for files that date no value.
    pub year: Option<i32>,
    /// Whom to cite.
    pub citation: String,
    /// Licence.
    pub licence: String,
    /// Where to get the file.
    pub url: String,
}

impl Source {
    /// How a row of the indicator CSV names this indicator: label, year, citation, licence.
    pub fn cite(&self, year: i32) -> String {
        format!(
            "{} {year} ({}; {})",
            self.label, self.citation, self.licence
        )
    }
}

/// How a theme row takes part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// In the weighted mean.
    Main,
    /// In the mean only where no main row has a value.
    Fallback,
    /// A lower bound.
    Floor,
}

/// One row of `indicator_themes.csv`.
#[derive(Debug, Clone)]
pub struct ThemeRow {
    /// Theme id.
    pub theme: String,
    /// Indicator position in [`super::Reference::sources`].
    pub indicator: usize,
    /// Role.
    pub role: Role,
    /// Groups it applies to; `None` = every industry.
    pub sectors: Option<Vec<String>>,
    /// Weight (mean) or top of the floor.
    pub weight: f64,
    /// True when a higher value means more risk.
    pub higher_worse: bool,
    /// Scaling bounds.
    pub lo: f64,
    /// Scaling bounds.
    pub hi: f64,
    /// Line in the file.
    pub line: u64,
}

impl ThemeRow {
    /// The value scaled to [0, 1] (more risk is higher).
    pub fn scale(&self, v: f64) -> f64 {
        let s = if self.higher_worse {
            (v - self.lo) / (self.hi - self.lo)
        } else {
            (self.hi - v) / (self.hi - self.lo)
        };
        s.clamp(0.0, 1.0)
    }
}

fn parse_number(t: &Table, line: u64, rec: &csv::StringRecord, field: &str) -> Result<f64> {
    let v = t.required(line, rec, field)?;
    v.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| t.err(line, field, format!("`{v}` is not a number")))
}

pub(super) fn split_groups(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|g| !g.is_empty())
        .map(str::to_string)
        .collect()
}

pub(super) fn parse_sources(path: &Path, text: &str) -> Result<Vec<Source>> {
    let t = Table::parse(
        path,
        text,
        &[
            "indicator",
            "label",
            "file",
            "format",
            "field",
            "kind",
            "unit",
            "factor",
            "citation",
            "licence",
            "url",
        ],
    )?;
    let mut out: Vec<Source> = Vec::new();
    for (line, rec) in &t.records {
        let line = *line;
        let id = t.required(line, rec, "indicator")?.to_string();
        if out.iter().any(|s| s.id == id) {
            return Err(t.err(line, "indicator", format!("`{id}` is defined twice")));
        }
        let f = t.required(line, rec, "format")?;
        let format = match f {
            "wgi" => Format::Wgi,
            "freedom_house" => Format::FreedomHouse,
            "ilab_countries" => Format::IlabCountries,
            "ilab_goods" => Format::IlabGoods,
            "owid" => Format::Owid,
            "owid_ratio" => Format::OwidRatio,
            "owid_decline" => Format::OwidDecline,
            _ => {
                return Err(t.err(
                    line,
                    "format",
                    format!(
                        "unknown format `{f}`; use wgi, freedom_house, ilab_countries, ilab_goods, owid, owid_ratio or owid_decline"
                    ),
                ));
            }
        };
        let k = t.required(line, rec, "kind")?;
        let kind = match k {
            "country" => Kind::Country,
            "country_group" => Kind::CountryGroup,
            "pressure" => Kind::Pressure,
            "weight" => Kind::Weight,
            _ => {
                return Err(t.err(
                    line,
                    "kind",
                    format!("unknown kind `{k}`; use country, country_group, pressure or weight"),
                ));
            }
        };
        if (kind == Kind::CountryGroup) != (format == Format::IlabGoods) {
            return Err(t.err(
                line,
                "kind",
                "the ilab_goods format, and only it, gives country_group values",
            ));
        }
        let field = t.required(line, rec, "field")?.to_string();
        if format == Format::OwidRatio && !field.contains(" / ") {
            return Err(t.err(
                line,
                "field",
                "an owid_ratio field is `numerator column / denominator column`",
            ));
        }
        let year = match t.get(rec, "year") {
            "" => None,
            _ => Some(t.year(line, rec)?),
        };
        if matches!(format, Format::IlabCountries | Format::IlabGoods) && year.is_none() {
            return Err(t.err(
                line,
                "year",
                "ILAB's files date no value: give the edition year",
            ));
        }
        out.push(Source {
            id,
            label: t.required(line, rec, "label")?.to_string(),
            file: t.required(line, rec, "file")?.to_string(),
            format,
            field,
            kind,
            unit: t.required(line, rec, "unit")?.to_string(),
            factor: parse_number(&t, line, rec, "factor")?,
            year,
            citation: t.required(line, rec, "citation")?.to_string(),
            licence: t.required(line, rec, "licence")?.to_string(),
            url: t.required(line, rec, "url")?.to_string(),
        });
    }
    if out.iter().filter(|s| s.kind == Kind::Weight).count() != 1 {
        return Err(RiskError::File {
            path: path.to_path_buf(),
            message: "needs exactly one indicator of kind `weight` (the weight of member countries in aggregated regions)".into(),
        });
    }
    Ok(out)
}

pub(super) fn indicator_of(
    t: &Table,
    line: u64,
    rec: &csv::StringRecord,
    sources: &[Source],
) -> Result<usize> {
    let id = t.required(line, rec, "indicator")?;
    sources.iter().position(|s| s.id == id).ok_or_else(|| {
        t.err(
            line,
            "indicator",
            format!("unknown indicator `{id}`; define it in indicator_sources.csv"),
        )
    })
}

pub(super) fn check_groups(
    t: &Table,
    line: u64,
    field: &str,
    groups: &[String],
    vocabulary: &HashSet<&str>,
) -> Result<()> {
    match groups.iter().find(|g| !vocabulary.contains(g.as_str())) {
        Some(g) => Err(t.err(
            line,
            field,
            format!("unknown group `{g}`; use a group of sector_groups.csv"),
        )),
        None => Ok(()),
    }
}

pub(super) fn parse_themes(
    path: &Path,
    text: &str,
    sources: &[Source],
    vocabulary: &HashSet<&str>,
) -> Result<Vec<ThemeRow>> {
    let t = Table::parse(
        path,
        text,
        &[
            "theme",
            "indicator",
            "role",
            "sectors",
            "weight",
            "direction",
            "lo",
            "hi",
            "reason",
        ],
    )?;
    let mut out = Vec::new();
    for (line, rec) in &t.records {
        let line = *line;
        let indicator = indicator_of(&t, line, rec, sources)?;
        if sources[indicator].kind == Kind::Weight {
            return Err(t.err(
                line,
                "indicator",
                "a weight indicator weighs countries; it measures no theme",
            ));
        }
        let r = t.required(line, rec, "role")?;
        let role = match r {
            "main" => Role::Main,
            "fallback" => Role::Fallback,
            "floor" => Role::Floor,
            _ => {
                return Err(t.err(
                    line,
                    "role",
                    format!("unknown role `{r}`; use main, fallback or floor"),
                ));
            }
        };
        let s = t.required(line, rec, "sectors")?;
        let sectors = (s != "*").then(|| split_groups(s));
        if let Some(g) = &sectors {
            check_groups(&t, line, "sectors", g, vocabulary)?;
        }
        let d = t.required(line, rec, "direction")?;
        let higher_worse = match d {
            "higher_worse" => true,
            "higher_better" => false,
            _ => {
                return Err(t.err(
                    line,
                    "direction",
                    format!("unknown direction `{d}`; use higher_worse or higher_better"),
                ));
            }
        };
        let weight = parse_number(&t, line, rec, "weight")?;
        if weight <= 0.0 || (role == Role::Floor && weight > 1.0) {
            return Err(t.err(
                line,
                "weight",
                "must be > 0 (and at most 1 for a floor, which is a likelihood)",
            ));
        }
        let lo = parse_number(&t, line, rec, "lo")?;
        let hi = parse_number(&t, line, rec, "hi")?;
        if lo >= hi {
            return Err(t.err(line, "hi", format!("{hi} is not above lo ({lo})")));
        }
        t.required(line, rec, "reason")?;
        out.push(ThemeRow {
            theme: t.required(line, rec, "theme")?.to_string(),
            indicator,
            role,
            sectors,
            weight,
            higher_worse,
            lo,
            hi,
            line,
        });
    }
    Ok(out)
}
