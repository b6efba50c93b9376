//! The country crosswalk (`data/risk/countries.csv`): every name and code the publishers' files
//! use, mapped to one country, and every country mapped to the region that holds it in each
//! input-output classification (WIOD's `ROM` and `RoW`, EXIOBASE's `WA` … `WM`).
//!
//! Publishers spell countries differently ("Korea, Rep.", "South Korea", "Congo (Kinshasa)"),
//! so matching is on a normalised spelling and the file lists the spellings as aliases; nothing
//! is guessed. Names that are not a country on purpose (territories rated separately, former
//! states, aggregates such as "World") are listed with their kind, so a reader can skip them
//! knowingly and report every name it does not know.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Result, RiskError};
use crate::inputs::Table;

/// One country of the crosswalk.
#[derive(Debug, Clone)]
pub struct Country {
    /// ISO 3166-1 alpha-3 code.
    pub iso3: String,
    /// English short name.
    pub name: String,
    /// Region code per classification column (`wiod`, `exio3`), as the systems spell them.
    pub regions: Vec<(String, String)>,
}

/// What a name or code found in a publisher's file stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// A country: its position in [`Crosswalk::countries`].
    Country(usize),
    /// A name the crosswalk knows is not a country (territory, former state, aggregate).
    Skip,
    /// A name the crosswalk does not know: to be reported.
    Unknown,
}

/// The crosswalk: countries and the index of all their spellings.
#[derive(Debug, Clone)]
pub struct Crosswalk {
    /// The countries, in file order.
    pub countries: Vec<Country>,
    /// The classification columns (`wiod`, `exio3`).
    pub columns: Vec<String>,
    index: HashMap<String, Lookup>,
}

/// The normal form names are matched in: lower case, single spaces, straight apostrophes.
pub fn normalise(s: &str) -> String {
    s.replace(['\u{2019}', '\u{2018}'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

const KINDS: [&str; 4] = ["country", "territory", "former", "aggregate"];

impl Crosswalk {
    /// Parses `countries.csv` (columns iso3, name, aliases, kind, then one column per
    /// classification). A spelling used twice is an error: it would make matching ambiguous.
    pub fn parse(path: &Path, text: &str) -> Result<Self> {
        let t = Table::parse(path, text, &["iso3", "name", "aliases", "kind"])?;
        let columns: Vec<String> = ["wiod", "exio3"]
            .into_iter()
            .filter(|c| t.has(c))
            .map(str::to_string)
            .collect();
        let mut countries = Vec::new();
        let mut index = HashMap::new();
        let mut first_line: HashMap<String, u64> = HashMap::new();
        for (line, rec) in &t.records {
            let line = *line;
            let kind = t.required(line, rec, "kind")?;
            if !KINDS.contains(&kind) {
                return Err(t.err(
                    line,
                    "kind",
                    format!("unknown kind `{kind}`; use one of {}", KINDS.join(", ")),
                ));
            }
            let name = t.required(line, rec, "name")?;
            let iso3 = t.get(rec, "iso3");
            let lookup = if kind == "country" {
                if iso3.len() != 3 || !iso3.chars().all(|c| c.is_ascii_uppercase()) {
                    return Err(t.err(
                        line,
                        "iso3",
                        format!("`{iso3}` is not an ISO 3166-1 alpha-3 code; a country needs one"),
                    ));
                }
                let mut regions = Vec::new();
                for c in &columns {
                    let r = t.required(line, rec, c)?;
                    regions.push((c.clone(), r.to_string()));
                }
                countries.push(Country {
                    iso3: iso3.to_string(),
                    name: name.to_string(),
                    regions,
                });
                Lookup::Country(countries.len() - 1)
            } else {
                Lookup::Skip
            };
            let aliases = t.get(rec, "aliases");
            let spellings = std::iter::once(name)
                .chain(aliases.split(';').map(str::trim).filter(|a| !a.is_empty()))
                .chain((!iso3.is_empty()).then_some(iso3));
            for s in spellings {
                let key = normalise(s);
                if let Some(prev) = first_line.get(&key) {
                    return Err(t.err(
                        line,
                        "aliases",
                        format!(
                            "`{s}` is already a spelling on line {prev}; a spelling must name one country"
                        ),
                    ));
                }
                first_line.insert(key.clone(), line);
                index.insert(key, lookup);
            }
        }
        if countries.is_empty() {
            return Err(RiskError::File {
                path: path.to_path_buf(),
                message: "lists no country; add rows with kind `country`".into(),
            });
        }
        Ok(Self {
            countries,
            columns,
            index,
        })
    }

    /// What `name` (a name, alias or code, in any case) stands for.
    pub fn lookup(&self, name: &str) -> Lookup {
        self.index
            .get(&normalise(name))
            .copied()
            .unwrap_or(Lookup::Unknown)
    }

    /// The classification column whose region codes include every region of a system, and the
    /// member countries of each of those regions. A region with one member is that country; a
    /// region with several is an aggregate (WIOD's `RoW`, EXIOBASE's `WA` …).
    pub fn members(&self, path: &Path, regions: &[String]) -> Result<(String, Vec<Vec<usize>>)> {
        let mut best: Option<(usize, &String)> = None;
        for (k, col) in self.columns.iter().enumerate() {
            let codes: std::collections::HashSet<&str> = self
                .countries
                .iter()
                .map(|c| c.regions[k].1.as_str())
                .collect();
            let known = regions
                .iter()
                .filter(|r| codes.contains(r.as_str()))
                .count();
            if known == regions.len() {
                let members = regions
                    .iter()
                    .map(|r| {
                        (0..self.countries.len())
                            .filter(|&c| self.countries[c].regions[k].1 == *r)
                            .collect()
                    })
                    .collect();
                return Ok((col.clone(), members));
            }
            if best.is_none_or(|(b, _)| known > b) {
                best = Some((known, col));
            }
        }
        let (col, unknown) = match best {
            Some((_, col)) => {
                let k = self.columns.iter().position(|c| c == col).unwrap_or(0);
                let unknown: Vec<&str> = regions
                    .iter()
                    .filter(|r| !self.countries.iter().any(|c| c.regions[k].1 == **r))
                    .map(String::as_str)
                    .collect();
                (col.as_str(), unknown)
            }
            None => ("(none)", regions.iter().map(String::as_str).collect()),
        };
        Err(RiskError::File {
            path: path.to_path_buf(),
            message: format!(
                "no classification column holds every region of the system; the closest, `{col}`, lacks {}; add a column for this system's regions",
                unknown.join(", ")
            ),
        })
    }

    /// The region code that holds `name` in `column`. `name` is a country's name, alias or
    /// code, or a region code of another classification that stands for one country only
    /// (EXIOBASE's `NL` when the system is WIOD's).
    pub fn region_of(&self, name: &str, column: &str) -> Option<&str> {
        let k = self.columns.iter().position(|c| c == column)?;
        let c = match self.lookup(name) {
            Lookup::Country(c) => c,
            _ => {
                let single = |j: usize| {
                    let mut it = (0..self.countries.len())
                        .filter(|&c| self.countries[c].regions[j].1 == name);
                    match (it.next(), it.next()) {
                        (Some(c), None) => Some(c),
                        _ => None,
                    }
                };
                (0..self.columns.len()).find_map(single)?
            }
        };
        Some(self.countries[c].regions[k].1.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CW: &str = "# test crosswalk (SYNTHETIC)
iso3,name,aliases,kind,wiod,exio3
NLD,Netherlands,,country,NLD,NL
ROU,Romania,ROM,country,ROM,RO
KOR,South Korea,\"Korea, Rep.\",country,KOR,KR
BGD,Bangladesh,,country,RoW,WA
VNM,Vietnam,Viet Nam,country,RoW,WA
,World,,aggregate,,
";

    fn cw() -> Crosswalk {
        Crosswalk::parse(Path::new("countries.csv"), CW).unwrap()
    }

    #[test]
    fn names_aliases_and_codes_find_the_country() {
        let cw = cw();
        assert_eq!(cw.lookup("korea, rep."), Lookup::Country(2));
        assert_eq!(cw.lookup("KOR"), Lookup::Country(2));
        assert_eq!(cw.lookup("  South   Korea "), Lookup::Country(2));
        assert_eq!(cw.lookup("ROM"), Lookup::Country(1));
        assert_eq!(cw.lookup("World"), Lookup::Skip);
        assert_eq!(cw.lookup("Atlantis"), Lookup::Unknown);
    }

    #[test]
    fn members_pick_the_column_that_holds_every_region() {
        let cw = cw();
        let regions: Vec<String> = ["NLD", "ROM", "KOR", "RoW"].map(String::from).to_vec();
        let (col, m) = cw.members(Path::new("countries.csv"), &regions).unwrap();
        assert_eq!(col, "wiod");
        assert_eq!(m, vec![vec![0], vec![1], vec![2], vec![3, 4]]);
        let regions: Vec<String> = ["NL", "WA"].map(String::from).to_vec();
        assert_eq!(cw.members(Path::new("c"), &regions).unwrap().0, "exio3");
        assert_eq!(cw.region_of("Netherlands", "wiod"), Some("NLD"));
        assert_eq!(cw.region_of("NL", "wiod"), Some("NLD"));
        assert_eq!(
            cw.region_of("WA", "wiod"),
            None,
            "an aggregate is no country"
        );
    }

    #[test]
    fn an_unknown_region_is_named() {
        let regions: Vec<String> = ["NLD", "XX"].map(String::from).to_vec();
        let e = cw()
            .members(Path::new("countries.csv"), &regions)
            .unwrap_err();
        assert!(e.to_string().contains("lacks XX"), "{e}");
    }

    #[test]
    fn a_spelling_used_twice_is_an_error() {
        let bad = format!("{CW}PRK,North Korea,\"Korea, Rep.\",country,RoW,WA\n");
        let e = Crosswalk::parse(Path::new("countries.csv"), &bad).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("countries.csv:9: field `aliases`"),
            "{e}"
        );
    }
}
