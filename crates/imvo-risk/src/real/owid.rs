//! Reader of Our World in Data's "wide" CSV files (`Entity,Year,<one column per variable>`):
//! greenhouse-gas emissions by sector (CAIT), forest area (FAO), human-rights protection
//! (Fariss et al.) and the gender inequality index (UNDP). Countries are named, not coded.
//!
//! Two derived forms are computed here because the files give them only implicitly: a ratio of
//! two columns (CAIT's total emissions over emissions per person is the population CAIT used)
//! and the yearly decline of a stock (net forest loss from the forest area of consecutive
//! years).

use std::collections::HashMap;
use std::path::Path;

use super::crosswalk::Crosswalk;
use super::series::{Read, Resolver, Series, value};
use crate::error::Result;
use crate::inputs::Table;

/// Reads `columns` of an OWID file, one series per column.
pub fn read(path: &Path, text: &str, columns: &[&str], cw: &Crosswalk) -> Result<Read> {
    let mut required = vec!["Entity", "Year"];
    required.extend_from_slice(columns);
    let t = Table::parse_foreign(path, text, &required)?;
    let mut resolver = Resolver::new(cw, path);
    let mut series: Vec<Series> = vec![Series::default(); columns.len()];
    for (line, rec) in &t.records {
        let line = *line;
        let mut values = Vec::with_capacity(columns.len());
        for col in columns {
            values.push(value(t.get(rec, col)).map_err(|m| t.err(line, col, m))?);
        }
        if values.iter().all(Option::is_none) {
            continue;
        }
        let year = t.year_in(line, rec, "Year")?;
        let Some(c) = resolver.country(&[t.get(rec, "Entity")], line) else {
            continue;
        };
        for (s, v) in series.iter_mut().zip(values) {
            if let Some(v) = v {
                s.push(c, year, v, line);
            }
        }
    }
    let mut out = Read::default();
    for (col, s) in columns.iter().zip(series) {
        out.series.insert(col.to_string(), s.finish(path, col, cw)?);
    }
    out.unmatched = resolver.into_unmatched();
    Ok(out)
}

/// `numerator / denominator` per country and year where both are given and the denominator is
/// positive.
pub fn ratio(numerator: &Series, denominator: &Series) -> Series {
    let mut out: HashMap<usize, Vec<(i32, f64)>> = HashMap::new();
    for c in numerator.countries() {
        let den: HashMap<i32, f64> = denominator.years(c).collect();
        for (y, n) in numerator.years(c) {
            if let Some(&d) = den.get(&y).filter(|d| **d > 0.0) {
                out.entry(c).or_default().push((y, n / d));
            }
        }
    }
    Series::from_years(out)
}

/// The yearly decline of a stock: for each year with a later observation, `(v(y) − v(y')) /
/// (y' − y)` for the next year y' observed, and 0 where the stock grows (a net loss, not a
/// gross one: gains elsewhere in the country offset losses).
pub fn decline(stock: &Series) -> Series {
    let mut out: HashMap<usize, Vec<(i32, f64)>> = HashMap::new();
    for c in stock.countries() {
        let v: Vec<(i32, f64)> = stock.years(c).collect();
        let d: Vec<(i32, f64)> = v
            .windows(2)
            .map(|w| {
                (
                    w[0].0,
                    ((w[0].1 - w[1].1) / f64::from(w[1].0 - w[0].0)).max(0.0),
                )
            })
            .collect();
        if !d.is_empty() {
            out.insert(c, d);
        }
    }
    Series::from_years(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CW: &str = "# SYNTHETIC test crosswalk
iso3,name,aliases,kind,wiod
BRA,Brazil,,country,BRA
NLD,Netherlands,,country,NLD
,World,,aggregate,
";

    #[test]
    fn columns_ratio_and_decline() {
        let cw = Crosswalk::parse(Path::new("countries.csv"), CW).unwrap();
        let text = "Entity,Year,Forest area,Total,Per capita
Brazil,2010,100,10,2
Brazil,2011,96,,
Brazil,2013,90,12,3
Netherlands,2010,5,1,0
World,2010,4000,50,1
";
        let r = read(
            Path::new("owid.csv"),
            text,
            &["Forest area", "Total", "Per capita"],
            &cw,
        )
        .unwrap();
        assert!(r.unmatched.is_empty());
        let loss = decline(&r.series["Forest area"]);
        assert_eq!(loss.nearest(0, 2010), Some((2010, 4.0)));
        assert_eq!(loss.nearest(0, 2012), Some((2011, 3.0)));
        assert_eq!(loss.nearest(1, 2010), None);
        let pop = ratio(&r.series["Total"], &r.series["Per capita"]);
        assert_eq!(pop.nearest(0, 2013), Some((2013, 4.0)));
        assert_eq!(
            pop.nearest(1, 2010),
            None,
            "a zero denominator gives no value"
        );
    }

    #[test]
    fn a_missing_column_is_named() {
        let cw = Crosswalk::parse(Path::new("countries.csv"), CW).unwrap();
        let e = read(
            Path::new("owid.csv"),
            "Entity,Year\n",
            &["Forest area"],
            &cw,
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .contains("the header has no column `Forest area`"),
            "{e}"
        );
    }
}
