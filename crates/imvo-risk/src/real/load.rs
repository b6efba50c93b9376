//! Reads the publishers' files in the indicators folder: each file once, for every indicator
//! `indicator_sources.csv` places in it.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use super::data::{Format, Kind, Reference};
use super::ilab;
use super::long::{self, FREEDOM_HOUSE, WGI};
use super::owid;
use super::series::{Read, Series, Unmatched};
use crate::error::{Result, RiskError};

/// The values read, by indicator.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Per source position: the series of a `country` or `weight` indicator.
    pub country: HashMap<usize, Series>,
    /// Per pressure source position and column: the series.
    pub pressure: HashMap<(usize, String), Series>,
    /// Per `country_group` source position: the goods listed per country and product group.
    pub listed: HashMap<usize, HashMap<(usize, String), BTreeSet<String>>>,
    /// Names the crosswalk does not know, per file.
    pub unmatched: Vec<Unmatched>,
    /// ILAB goods `ilab_goods.csv` does not map, with the first line they appear on.
    pub unmapped_goods: Vec<(String, u64)>,
}

/// Reads every file of `reference.sources` from `dir`.
pub fn load(reference: &Reference, dir: &Path) -> Result<Loaded> {
    let mut files: Vec<&str> = reference.sources.iter().map(|s| s.file.as_str()).collect();
    files.sort();
    files.dedup();
    let mut out = Loaded::default();
    for file in files {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            let url = reference
                .sources
                .iter()
                .find(|s| s.file == file)
                .map(|s| s.url.as_str())
                .unwrap_or("");
            RiskError::File {
                path: path.clone(),
                message: format!("{e}; get the file from {url} (see data/risk/README.md)"),
            }
        })?;
        let here: Vec<usize> = (0..reference.sources.len())
            .filter(|&i| reference.sources[i].file == file)
            .collect();
        read_file(reference, &path, &text, &here, &mut out)?;
    }
    Ok(out)
}

fn read_file(
    reference: &Reference,
    path: &Path,
    text: &str,
    here: &[usize],
    out: &mut Loaded,
) -> Result<()> {
    let cw = &reference.crosswalk;
    let sources = &reference.sources;
    let format = sources[here[0]].format;
    if let Some(&i) = here.iter().find(|&&i| {
        let f = sources[i].format;
        let owid = |f| matches!(f, Format::Owid | Format::OwidRatio | Format::OwidDecline);
        f != format && !(owid(f) && owid(format))
    }) {
        return Err(RiskError::File {
            path: reference.paths["indicator_sources.csv"].clone(),
            message: format!(
                "indicator `{}` reads {} in another format than the other indicators of that file",
                sources[i].id,
                path.display()
            ),
        });
    }
    match format {
        Format::Wgi | Format::FreedomHouse => {
            let layout = if format == Format::Wgi {
                WGI
            } else {
                FREEDOM_HOUSE
            };
            let fields: Vec<&str> = here.iter().map(|&i| sources[i].field.as_str()).collect();
            let mut read = long::read(path, text, layout, &fields, cw)?;
            for &i in here {
                let s = read.series.remove(&sources[i].field).unwrap_or_default();
                out.country.insert(i, s);
            }
            out.unmatched.append(&mut read.unmatched);
        }
        Format::IlabCountries => {
            let fields: Vec<&str> = here.iter().map(|&i| sources[i].field.as_str()).collect();
            let year = sources[here[0]].year.unwrap_or_default();
            let mut read = ilab::countries(path, text, &fields, year, cw)?;
            for &i in here {
                let s = read.series.remove(&sources[i].field).unwrap_or_default();
                out.country.insert(i, s);
            }
            out.unmatched.append(&mut read.unmatched);
        }
        Format::IlabGoods => {
            let (listings, mut unmatched) = ilab::goods(path, text, cw)?;
            out.unmatched.append(&mut unmatched);
            for &i in here {
                let forced = sources[i].field == "Forced_Labor";
                let mut by: HashMap<(usize, String), BTreeSet<String>> = HashMap::new();
                for l in &listings {
                    let flagged = if forced {
                        l.forced_labour
                    } else {
                        l.child_labour
                    };
                    if !flagged {
                        continue;
                    }
                    match reference.goods.get(&l.good) {
                        Some(Some(group)) => {
                            by.entry((l.country, group.clone()))
                                .or_default()
                                .insert(l.good.clone());
                        }
                        Some(None) => {}
                        None => {
                            if !out.unmapped_goods.iter().any(|(g, _)| *g == l.good) {
                                out.unmapped_goods.push((l.good.clone(), l.line));
                            }
                        }
                    }
                }
                out.listed.insert(i, by);
            }
        }
        Format::Owid | Format::OwidRatio | Format::OwidDecline => {
            read_owid(reference, path, text, here, out)?;
        }
    }
    Ok(())
}

fn read_owid(
    reference: &Reference,
    path: &Path,
    text: &str,
    here: &[usize],
    out: &mut Loaded,
) -> Result<()> {
    let sources = &reference.sources;
    let mut columns: Vec<String> = Vec::new();
    for &i in here {
        let s = &sources[i];
        if s.kind == Kind::Pressure {
            columns.extend(
                reference
                    .pressures
                    .iter()
                    .filter(|p| p.indicator == i)
                    .map(|p| p.column.clone()),
            );
        } else if s.format == Format::OwidRatio {
            columns.extend(s.field.split(" / ").map(|c| c.trim().to_string()));
        } else {
            columns.push(s.field.clone());
        }
    }
    columns.sort();
    columns.dedup();
    let cols: Vec<&str> = columns.iter().map(String::as_str).collect();
    let Read {
        series,
        mut unmatched,
    } = owid::read(path, text, &cols, &reference.crosswalk)?;
    out.unmatched.append(&mut unmatched);
    for &i in here {
        let s = &sources[i];
        let derive = |col: &str| match s.format {
            Format::OwidDecline => owid::decline(&series[col]),
            _ => series[col].clone(),
        };
        if s.kind == Kind::Pressure {
            for p in reference.pressures.iter().filter(|p| p.indicator == i) {
                out.pressure
                    .insert((i, p.column.clone()), derive(&p.column));
            }
        } else if s.format == Format::OwidRatio {
            let mut parts = s.field.split(" / ").map(str::trim);
            let (n, d) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            out.country.insert(i, owid::ratio(&series[n], &series[d]));
        } else {
            out.country.insert(i, derive(&s.field));
        }
    }
    Ok(())
}
