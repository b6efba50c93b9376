//! Writing lists back out in Open Supply Hub's upload format, safe to open in a spreadsheet.
//!
//! A value a company uploaded may start with `=`, `+`, `-` or `@` (or a tab or carriage
//! return, which some spreadsheet programs skip before looking): opened in Excel or
//! LibreOffice, such a cell is run as a formula (CSV injection). Every text cell that starts
//! so is written with a leading apostrophe, which spreadsheets show as text; the upload
//! reader takes that apostrophe off again, so an exported list uploads unchanged. Numbers
//! (worker counts, coordinates) are written by us from parsed values and are not escaped: a
//! negative longitude stays a number.

use std::borrow::Cow;
use std::io::Write;

use crate::upload::{Column, UploadRow};

/// The first characters that make a spreadsheet read a cell as a formula.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A list could not be written.
#[derive(Debug, thiserror::Error)]
#[error("writing the list failed: {0}")]
pub struct ExportError(#[from] csv::Error);

/// A text cell made safe to open in a spreadsheet.
pub fn escape(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Writes rows as a CSV in the upload format (header `name,address,country,…`), every text
/// cell escaped.
pub fn write_osh_csv<W: Write>(rows: &[UploadRow], out: W) -> Result<(), ExportError> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(Column::ALL.map(Column::header))?;
    for r in rows {
        let text = |v: &Option<String>| v.as_deref().map(escape).unwrap_or_default().into_owned();
        let (lat, lng) = r.coordinates.map_or((String::new(), String::new()), |c| {
            (c.lat.to_string(), c.lng.to_string())
        });
        w.write_record([
            escape(&r.name).into_owned(),
            escape(&r.address).into_owned(),
            r.country.alpha2().to_owned(),
            text(&r.sector),
            text(&r.product_type),
            text(&r.facility_type),
            text(&r.processing_type),
            r.number_of_workers
                .map(|n| n.to_string())
                .unwrap_or_default(),
            text(&r.parent_company),
            lat,
            lng,
        ])?;
    }
    w.flush().map_err(csv::Error::from)?;
    Ok(())
}

/// Writes any table of text cells as CSV, every cell escaped (the batch command's output).
pub fn write_csv<W: Write, const N: usize>(
    header: [&str; N],
    rows: impl IntoIterator<Item = [String; N]>,
    out: W,
) -> Result<(), ExportError> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(header)?;
    for r in rows {
        w.write_record(r.iter().map(|c| escape(c).into_owned()))?;
    }
    w.flush().map_err(csv::Error::from)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::upload::{Coordinates, Limits, parse_auto};

    fn row(name: &str, parent: Option<&str>) -> UploadRow {
        UploadRow {
            row: 1,
            name: name.to_owned(),
            address: "@Road 1".to_owned(),
            country: crate::normalise::Country::parse("BD").unwrap(),
            sector: Some("Apparel".to_owned()),
            product_type: None,
            facility_type: None,
            processing_type: None,
            number_of_workers: Some(250),
            parent_company: parent.map(str::to_owned),
            coordinates: Some(Coordinates {
                lat: 23.8,
                lng: -0.5,
            }),
        }
    }

    #[test]
    fn formulas_are_escaped_and_read_back() {
        for start in FORMULA_STARTS {
            assert!(escape(&format!("{start}1+1")).starts_with('\''));
        }
        assert_eq!(escape("Sunrise"), "Sunrise");
        let rows = vec![
            row("=HYPERLINK(\"http://x\",\"click\")", Some("+31 Group")),
            row("-Minus Knit", Some("\tTabbed")),
        ];
        let mut out = Vec::new();
        write_osh_csv(&rows, &mut out).unwrap();
        let text = String::from_utf8(out.clone()).unwrap();
        for line in text.lines().skip(1) {
            for cell in line.split(',') {
                let cell = cell.trim_start_matches('"');
                let number = cell.parse::<f64>().is_ok();
                assert!(
                    number || !cell.starts_with(FORMULA_STARTS),
                    "unescaped cell {cell:?} in {line}"
                );
            }
        }
        assert!(text.contains(",-0.5"), "numbers are not escaped: {text}");
        let back = parse_auto(&out, &Limits::default())
            .unwrap()
            .all_or_nothing()
            .unwrap();
        assert_eq!(back[0].name, rows[0].name);
        assert_eq!(back[0].address, "@Road 1");
        assert_eq!(back[1].parent_company.as_deref(), Some("\tTabbed"));
    }
}
