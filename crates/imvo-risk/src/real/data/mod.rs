//! imvo's own data files of the real-data analysis (`data/risk/`): which indicator sits in which
//! publisher's file, which indicator measures which theme and how it is scaled, where
//! pressures are located, the sector groups per classification, the ILAB goods' groups and the
//! trade channels. Every fact lives in these files, with its reason; the code only reads them
//! and checks them against each other, naming file, line and field on every error.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::crosswalk::Crosswalk;
use crate::error::{Result, RiskError};
use crate::inputs::Table;

mod indicators;

pub use indicators::{Format, Kind, Role, Source, ThemeRow};
use indicators::{check_groups, indicator_of, parse_sources, parse_themes, split_groups};

/// One row of `pressure_sectors.csv`.
#[derive(Debug, Clone)]
pub struct PressureRow {
    /// Indicator position in [`Reference::sources`].
    pub indicator: usize,
    /// Column of the publisher's file.
    pub column: String,
    /// Groups the pressure is located in (empty: not located).
    pub groups: Vec<String>,
}

/// One row of `trade_channels.csv`.
#[derive(Debug, Clone)]
pub struct Channel {
    /// Final-demand category label.
    pub final_demand: String,
    /// Product group.
    pub products: String,
    /// Channel group.
    pub channel: String,
    /// Share through the channel.
    pub share: f64,
    /// Why.
    pub reason: String,
    /// Source of the assumption.
    pub source: String,
}

/// The data files, read and checked.
#[derive(Debug, Clone)]
pub struct Reference {
    /// The crosswalk.
    pub crosswalk: Crosswalk,
    /// Indicators and their files.
    pub sources: Vec<Source>,
    /// Theme mapping.
    pub themes: Vec<ThemeRow>,
    /// Pressure location.
    pub pressures: Vec<PressureRow>,
    /// Groups per classification and MRIO sector label.
    pub groups: HashMap<String, HashMap<String, BTreeSet<String>>>,
    /// ILAB good → product group (`None`: produced by no industry).
    pub goods: HashMap<String, Option<String>>,
    /// Trade channels.
    pub channels: Vec<Channel>,
    /// Where each file came from, for messages (`countries.csv` → path or built-in label).
    pub paths: HashMap<&'static str, PathBuf>,
}

/// The shipped data files, compiled in so that the command runs from any directory.
const BUILTIN: [(&str, &str); 7] = [
    (
        "countries.csv",
        include_str!("../../../../../data/risk/countries.csv"),
    ),
    (
        "indicator_sources.csv",
        include_str!("../../../../../data/risk/indicator_sources.csv"),
    ),
    (
        "indicator_themes.csv",
        include_str!("../../../../../data/risk/indicator_themes.csv"),
    ),
    (
        "pressure_sectors.csv",
        include_str!("../../../../../data/risk/pressure_sectors.csv"),
    ),
    (
        "sector_groups.csv",
        include_str!("../../../../../data/risk/sector_groups.csv"),
    ),
    (
        "ilab_goods.csv",
        include_str!("../../../../../data/risk/ilab_goods.csv"),
    ),
    (
        "trade_channels.csv",
        include_str!("../../../../../data/risk/trade_channels.csv"),
    ),
];

impl Reference {
    /// Reads the data files from `dir` (same file names as `data/risk/`), or the shipped ones
    /// when `dir` is `None`.
    pub fn load(dir: Option<&Path>) -> Result<Self> {
        let mut texts = HashMap::new();
        let mut paths = HashMap::new();
        for (name, builtin) in BUILTIN {
            let (p, t) = match dir {
                Some(d) => {
                    let p = d.join(name);
                    let t = std::fs::read_to_string(&p).map_err(|e| RiskError::io(&p, e))?;
                    (p, t)
                }
                None => (
                    PathBuf::from(format!("data/risk/{name}")),
                    builtin.to_string(),
                ),
            };
            texts.insert(name, t);
            paths.insert(name, p);
        }
        let crosswalk = Crosswalk::parse(&paths["countries.csv"], &texts["countries.csv"])?;
        let sources = parse_sources(
            &paths["indicator_sources.csv"],
            &texts["indicator_sources.csv"],
        )?;
        let groups = parse_groups(&paths["sector_groups.csv"], &texts["sector_groups.csv"])?;
        let vocabulary: HashSet<&str> = groups
            .values()
            .flat_map(|m| m.values().flatten())
            .map(String::as_str)
            .collect();
        let themes = parse_themes(
            &paths["indicator_themes.csv"],
            &texts["indicator_themes.csv"],
            &sources,
            &vocabulary,
        )?;
        let pressures = parse_pressures(
            &paths["pressure_sectors.csv"],
            &texts["pressure_sectors.csv"],
            &sources,
            &vocabulary,
        )?;
        let goods = parse_goods(
            &paths["ilab_goods.csv"],
            &texts["ilab_goods.csv"],
            &vocabulary,
        )?;
        let channels = parse_channels(
            &paths["trade_channels.csv"],
            &texts["trade_channels.csv"],
            &vocabulary,
        )?;
        Ok(Self {
            crosswalk,
            sources,
            themes,
            pressures,
            groups,
            goods,
            channels,
            paths,
        })
    }

    /// The classification whose sector list is exactly the system's, and each system sector's
    /// groups, in the system's sector order.
    pub fn classify(&self, sectors: &[String]) -> Result<(String, Vec<BTreeSet<String>>)> {
        let mut names: Vec<&String> = self.groups.keys().collect();
        names.sort();
        for class in names {
            let m = &self.groups[class];
            if m.len() == sectors.len() && sectors.iter().all(|s| m.contains_key(s)) {
                return Ok((
                    class.clone(),
                    sectors.iter().map(|s| m[s].clone()).collect(),
                ));
            }
        }
        Err(RiskError::File {
            path: self.paths["sector_groups.csv"].clone(),
            message: format!(
                "no classification lists exactly the system's {} sectors (first: `{}`); add rows for this classification",
                sectors.len(),
                sectors.first().map(String::as_str).unwrap_or("")
            ),
        })
    }

    /// The position of the weight indicator.
    pub fn weight(&self) -> usize {
        self.sources
            .iter()
            .position(|s| s.kind == Kind::Weight)
            .expect("parse_sources checked one weight row")
    }
}

fn parse_pressures(
    path: &Path,
    text: &str,
    sources: &[Source],
    vocabulary: &HashSet<&str>,
) -> Result<Vec<PressureRow>> {
    let t = Table::parse(path, text, &["indicator", "column", "groups", "reason"])?;
    let mut out = Vec::new();
    for (line, rec) in &t.records {
        let line = *line;
        let indicator = indicator_of(&t, line, rec, sources)?;
        if sources[indicator].kind != Kind::Pressure {
            return Err(t.err(
                line,
                "indicator",
                "only indicators of kind `pressure` are located in industries",
            ));
        }
        let groups = split_groups(t.get(rec, "groups"));
        check_groups(&t, line, "groups", &groups, vocabulary)?;
        t.required(line, rec, "reason")?;
        out.push(PressureRow {
            indicator,
            column: t.required(line, rec, "column")?.to_string(),
            groups,
        });
    }
    for (i, s) in sources.iter().enumerate() {
        if s.kind == Kind::Pressure && !out.iter().any(|p| p.indicator == i) {
            return Err(RiskError::File {
                path: path.to_path_buf(),
                message: format!(
                    "pressure indicator `{}` has no row; say where it is located",
                    s.id
                ),
            });
        }
    }
    Ok(out)
}

fn parse_groups(
    path: &Path,
    text: &str,
) -> Result<HashMap<String, HashMap<String, BTreeSet<String>>>> {
    let t = Table::parse(
        path,
        text,
        &["classification", "mrio_sector", "groups", "reason"],
    )?;
    let mut out: HashMap<String, HashMap<String, BTreeSet<String>>> = HashMap::new();
    for (line, rec) in &t.records {
        let line = *line;
        let class = t.required(line, rec, "classification")?;
        let sector = t.required(line, rec, "mrio_sector")?;
        t.required(line, rec, "reason")?;
        let groups = split_groups(t.get(rec, "groups")).into_iter().collect();
        if out
            .entry(class.to_string())
            .or_default()
            .insert(sector.to_string(), groups)
            .is_some()
        {
            return Err(t.err(
                line,
                "mrio_sector",
                format!("`{sector}` is listed twice for `{class}`"),
            ));
        }
    }
    Ok(out)
}

fn parse_goods(
    path: &Path,
    text: &str,
    vocabulary: &HashSet<&str>,
) -> Result<HashMap<String, Option<String>>> {
    let t = Table::parse(path, text, &["good", "ilab_sector", "group", "reason"])?;
    let mut out = HashMap::new();
    for (line, rec) in &t.records {
        let line = *line;
        let good = t.required(line, rec, "good")?;
        let group = t.get(rec, "group");
        if !group.is_empty() {
            check_groups(&t, line, "group", &[group.to_string()], vocabulary)?;
        }
        t.required(line, rec, "reason")?;
        if out
            .insert(
                good.to_string(),
                (!group.is_empty()).then(|| group.to_string()),
            )
            .is_some()
        {
            return Err(t.err(line, "good", format!("`{good}` is listed twice")));
        }
    }
    Ok(out)
}

fn parse_channels(path: &Path, text: &str, vocabulary: &HashSet<&str>) -> Result<Vec<Channel>> {
    let t = Table::parse(
        path,
        text,
        &[
            "final_demand",
            "products",
            "channel",
            "share",
            "reason",
            "source",
        ],
    )?;
    let mut out = Vec::new();
    for (line, rec) in &t.records {
        let line = *line;
        let products = t.required(line, rec, "products")?.to_string();
        let channel = t.required(line, rec, "channel")?.to_string();
        check_groups(
            &t,
            line,
            "products",
            std::slice::from_ref(&products),
            vocabulary,
        )?;
        check_groups(
            &t,
            line,
            "channel",
            std::slice::from_ref(&channel),
            vocabulary,
        )?;
        out.push(Channel {
            final_demand: t.required(line, rec, "final_demand")?.to_string(),
            products,
            channel,
            share: t.unit_interval(line, rec, "share")?,
            reason: t.required(line, rec, "reason")?.to_string(),
            source: t.required(line, rec, "source")?.to_string(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_files_agree_with_each_other() {
        let r = Reference::load(None).unwrap();
        assert_eq!(r.groups["wiod"].len(), 35);
        assert_eq!(r.groups["exio3"].len(), 163);
        assert!(r.themes.iter().all(|t| t.lo < t.hi));
        assert_eq!(r.sources[r.weight()].id, "population");
    }

    #[test]
    fn scaling_clips_and_follows_the_direction() {
        let row = |higher_worse| ThemeRow {
            theme: "t".into(),
            indicator: 0,
            role: Role::Main,
            sectors: None,
            weight: 1.0,
            higher_worse,
            lo: -2.5,
            hi: 2.5,
            line: 1,
        };
        assert_eq!(row(false).scale(2.5), 0.0);
        assert_eq!(row(false).scale(-3.0), 1.0);
        assert_eq!(row(true).scale(0.0), 0.5);
    }
}
