//! Readers of the "long" CSV files: one row per country, year and indicator code — the World
//! Bank's governance indicators (`country,iso3,year,indicator,estimate,…`) and Freedom House's
//! sub-scores (`year,country,iso3,sub_item,score`).
//!
//! A row names its country by name first and by code second: Freedom House rates territories
//! such as "Indian Kashmir" under their state's code, so the name decides (the crosswalk lists
//! those territories to skip), and a code rescues a spelling the crosswalk lacks.

use std::path::Path;

use super::crosswalk::Crosswalk;
use super::series::{Read, Resolver, Series, value};
use crate::error::Result;
use crate::inputs::Table;

/// The column names of a long file.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// Country name.
    pub name: &'static str,
    /// Country code.
    pub code: &'static str,
    /// Year.
    pub year: &'static str,
    /// Indicator code (the `field` of indicator_sources.csv).
    pub key: &'static str,
    /// Value.
    pub value: &'static str,
}

/// The World Bank's Worldwide Governance Indicators, as in the WGI CSV.
pub const WGI: Layout = Layout {
    name: "country",
    code: "iso3",
    year: "year",
    key: "indicator",
    value: "estimate",
};

/// Freedom House's Freedom in the World sub-scores, as the `freedomhouse` R package writes them.
pub const FREEDOM_HOUSE: Layout = Layout {
    name: "country",
    code: "iso3",
    year: "year",
    key: "sub_item",
    value: "score",
};

/// Reads the rows whose indicator code is one of `fields`.
pub fn read(
    path: &Path,
    text: &str,
    layout: Layout,
    fields: &[&str],
    cw: &Crosswalk,
) -> Result<Read> {
    let t = Table::parse_foreign(
        path,
        text,
        &[
            layout.name,
            layout.code,
            layout.year,
            layout.key,
            layout.value,
        ],
    )?;
    let mut resolver = Resolver::new(cw, path);
    let mut series: Vec<Series> = vec![Series::default(); fields.len()];
    for (line, rec) in &t.records {
        let line = *line;
        let key = t.get(rec, layout.key);
        let Some(f) = fields.iter().position(|f| *f == key) else {
            continue;
        };
        let v = value(t.get(rec, layout.value)).map_err(|m| t.err(line, layout.value, m))?;
        let Some(v) = v else { continue };
        let year = t.year_in(line, rec, layout.year)?;
        let names = [t.get(rec, layout.name), t.get(rec, layout.code)];
        if let Some(c) = resolver.country(&names, line) {
            series[f].push(c, year, v, line);
        }
    }
    let mut out = Read::default();
    for (f, s) in fields.iter().zip(series) {
        out.series
            .insert(f.to_string(), s.finish(path, layout.value, cw)?);
    }
    out.unmatched = resolver.into_unmatched();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CW: &str = "# SYNTHETIC test crosswalk
iso3,name,aliases,kind,wiod
IND,India,,country,IND
NLD,Netherlands,,country,NLD
,Indian Kashmir,,territory,
";

    #[test]
    fn freedom_house_territories_are_skipped_by_name_and_codes_rescue_spellings() {
        let cw = Crosswalk::parse(Path::new("countries.csv"), CW).unwrap();
        let text = "year,country,iso3,sub_item,score
2012,India,IND,E3,3
2012,Indian Kashmir,IND,E3,1
2012,Holland,NLD,E3,4
2012,Atlantis,,E3,2
2012,India,IND,G4,
";
        let r = read(Path::new("fh.csv"), text, FREEDOM_HOUSE, &["E3", "G4"], &cw).unwrap();
        let e3 = &r.series["E3"];
        assert_eq!(e3.nearest(0, 2011), Some((2012, 3.0)));
        assert_eq!(e3.nearest(1, 2030), Some((2012, 4.0)));
        assert_eq!(r.series["G4"].nearest(0, 2012), None);
        assert_eq!(r.unmatched.len(), 1);
        assert_eq!(
            (r.unmatched[0].name.as_str(), r.unmatched[0].line),
            ("Atlantis", 5)
        );
    }

    #[test]
    fn a_bad_number_names_file_line_and_field() {
        let cw = Crosswalk::parse(Path::new("countries.csv"), CW).unwrap();
        let text = "country,iso3,year,indicator,estimate,std_error,sources
India,IND,2011,RuleofLaw,-0.1,0.1,10
India,IND,2012,RuleofLaw,high,0.1,10
";
        let e = read(Path::new("wgi.csv"), text, WGI, &["RuleofLaw"], &cw).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("wgi.csv:3: field `estimate`: `high` is not a number"),
            "{e}"
        );
    }

    #[test]
    fn two_values_for_one_country_and_year_are_an_error() {
        let cw = Crosswalk::parse(Path::new("countries.csv"), CW).unwrap();
        let text = "country,iso3,year,indicator,estimate
India,IND,2011,RuleofLaw,-0.1
IND,IND,2011,RuleofLaw,-0.2
";
        let e = read(Path::new("wgi.csv"), text, WGI, &["RuleofLaw"], &cw).unwrap_err();
        assert!(e.to_string().starts_with("wgi.csv:3:"), "{e}");
    }
}
