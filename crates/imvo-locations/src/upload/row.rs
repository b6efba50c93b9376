//! From a sheet as read to accepted rows: every value checked, every problem named by row and
//! column, and rows that repeat an earlier location of the same list refused.

use std::collections::HashMap;

use super::columns::{Column, Layout};
use super::error::{Problem, RowError, UploadError};
use super::{Coordinates, Limits, Parsed, RawRow, RawTable, UploadRow};
use crate::export::FORMULA_STARTS;
use crate::matcher::MatchKey;
use crate::normalise::Country;

/// Checks every row of a table.
pub fn accept(table: RawTable, limits: &Limits) -> Result<Parsed, UploadError> {
    let layout = Layout::from_headers(&table.headers)?;
    if table.rows.is_empty() {
        return Err(UploadError::NoRows);
    }
    let mut rows: Vec<UploadRow> = Vec::with_capacity(table.rows.len());
    let mut refused = Vec::new();
    let mut salvaged = Vec::new();
    for raw in &table.rows {
        match check(raw, &layout, table.headers.len(), limits) {
            Checked::Accepted(row) => rows.push(row),
            Checked::Refused {
                mut problems,
                salvage,
            } => {
                refused.append(&mut problems);
                salvaged.extend(salvage);
            }
        }
    }
    let (rows, mut repeats) = drop_repeats(rows, &layout);
    refused.append(&mut repeats);
    refused.sort_by_key(|e| (e.row, e.column));
    Ok(Parsed {
        rows,
        refused,
        salvaged,
        ignored_columns: layout.ignored.clone(),
    })
}

/// What became of one row.
enum Checked {
    /// Every value is fine.
    Accepted(UploadRow),
    /// Something is wrong.
    Refused {
        /// All its problems.
        problems: Vec<RowError>,
        /// The row without its wrong values, when only optional values are wrong.
        salvage: Option<UploadRow>,
    },
}

/// One row's values, or all its problems.
fn check(raw: &RawRow, layout: &Layout, width: usize, limits: &Limits) -> Checked {
    let mut problems = Vec::new();
    let mut problem = |column: Option<Column>, p: Problem| {
        problems.push(RowError {
            row: raw.row,
            column,
            header: column.and_then(|c| layout.header(c).map(str::to_owned)),
            problem: p,
        });
    };
    let filled = raw
        .cells
        .iter()
        .rposition(|c| !c.trim().is_empty())
        .map_or(0, |i| i + 1);
    if filled > width.max(layout.width()) {
        problem(
            None,
            Problem::ExtraValues {
                values: filled,
                columns: width,
            },
        );
    }
    let mut value = |column: Column| -> Option<String> {
        let at = layout.position(column)?;
        if let Some((_, e)) = raw.errors.iter().find(|(i, _)| *i == at) {
            problem(Some(column), Problem::CellError { value: e.clone() });
            return None;
        }
        let v = unescape(raw.cells.get(at).map_or("", |c| c.trim()));
        let chars = v.chars().count();
        if chars > limits.max_cell_chars {
            problem(
                Some(column),
                Problem::TooLong {
                    chars,
                    limit: limits.max_cell_chars,
                },
            );
            return None;
        }
        if v.is_empty() {
            if Column::REQUIRED.contains(&column) {
                problem(Some(column), Problem::Empty);
            }
            return None;
        }
        Some(v.to_owned())
    };
    let name = value(Column::Name);
    let address = value(Column::Address);
    let country_text = value(Column::Country);
    let sector = value(Column::Sector);
    let product_type = value(Column::ProductType);
    let facility_type = value(Column::FacilityType);
    let processing_type = value(Column::ProcessingType);
    let workers_text = value(Column::NumberOfWorkers);
    let parent_company = value(Column::ParentCompany);
    let lat_text = value(Column::Lat);
    let lng_text = value(Column::Lng);

    let country = country_text.and_then(|t| {
        let c = Country::parse(&t);
        if c.is_none() {
            problem(Some(Column::Country), Problem::UnknownCountry { value: t });
        }
        c
    });
    let number_of_workers = workers_text.and_then(|t| {
        let n = workers(&t);
        if n.is_none() {
            problem(Some(Column::NumberOfWorkers), Problem::Workers { value: t });
        }
        n
    });
    let mut coordinate = |column: Column, text: Option<String>, limit: f64| {
        let t = text?;
        match number(&t) {
            None => problem(Some(column), Problem::NotANumber { value: t }),
            Some(v) if v.abs() > limit => problem(Some(column), Problem::OutOfRange { value: v }),
            Some(v) => return Some(v),
        }
        None
    };
    let lat = coordinate(Column::Lat, lat_text.clone(), 90.0);
    let lng = coordinate(Column::Lng, lng_text.clone(), 180.0);
    let coordinates = match (lat, lng) {
        (Some(lat), Some(lng)) => Some(Coordinates { lat, lng }),
        _ => {
            if lat_text.is_some() != lng_text.is_some() {
                let missing = if lat_text.is_none() {
                    Column::Lat
                } else {
                    Column::Lng
                };
                problem(Some(missing), Problem::HalfCoordinates);
            }
            None
        }
    };
    let (Some(name), Some(address), Some(country)) = (name, address, country) else {
        return Checked::Refused {
            problems,
            salvage: None,
        };
    };
    let row = UploadRow {
        row: raw.row,
        name,
        address,
        country,
        sector,
        product_type,
        facility_type,
        processing_type,
        number_of_workers,
        parent_company,
        coordinates,
    };
    let site_ok = problems.iter().all(|p| {
        !matches!(
            p.column,
            None | Some(Column::Name | Column::Address | Column::Country)
        )
    });
    match (problems.is_empty(), site_ok) {
        (true, _) => Checked::Accepted(row),
        (false, salvageable) => Checked::Refused {
            problems,
            salvage: salvageable.then_some(row),
        },
    }
}

/// Undoes the formula escape of [`crate::export`]: a list exported by imvo and uploaded again
/// reads as it was.
fn unescape(value: &str) -> &str {
    match value.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => value,
    }
}

/// A number of workers: a whole number, 0 or more, digits only or grouped by thousands
/// ("1,200", "1.200", "1 200").
fn workers(text: &str) -> Option<u64> {
    let groups: Vec<&str> = text.split([',', '.', ' ', '\u{a0}']).collect();
    let grouped = groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3);
    if groups.len() > 1 && !grouped {
        return None;
    }
    let digits: String = groups.concat();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// A decimal number; a lone comma is read as the decimal separator ("52,37" from a Dutch
/// spreadsheet).
fn number(text: &str) -> Option<f64> {
    let t = if !text.contains('.') && text.matches(',').count() == 1 {
        text.replace(',', ".")
    } else {
        text.to_owned()
    };
    let ok = t
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
    t.parse::<f64>().ok().filter(|v| ok && v.is_finite())
}

/// Refuses rows that are the same location as an earlier row of the list (the same
/// normalised name, address and country): a plain repeat is a duplicate; a repeat whose other
/// values differ contradicts the earlier row.
fn drop_repeats(rows: Vec<UploadRow>, layout: &Layout) -> (Vec<UploadRow>, Vec<RowError>) {
    let mut first: HashMap<String, usize> = HashMap::new();
    let mut kept: Vec<UploadRow> = Vec::with_capacity(rows.len());
    let mut refused = Vec::new();
    for row in rows {
        let key = MatchKey::new(&row.site()).exact();
        match first.get(&key) {
            Some(&i) => {
                let earlier = &kept[i];
                let (column, problem) = match contradiction(earlier, &row) {
                    Some(c) => (
                        Some(c),
                        Problem::Contradicts {
                            of_row: earlier.row,
                        },
                    ),
                    None => (
                        None,
                        Problem::Duplicate {
                            of_row: earlier.row,
                        },
                    ),
                };
                refused.push(RowError {
                    row: row.row,
                    column,
                    header: column.and_then(|c| layout.header(c).map(str::to_owned)),
                    problem,
                });
            }
            None => {
                first.insert(key, kept.len());
                kept.push(row);
            }
        }
    }
    (kept, refused)
}

/// The first optional column in which two rows of one location say different things.
fn contradiction(a: &UploadRow, b: &UploadRow) -> Option<Column> {
    let differ = |x: &Option<String>, y: &Option<String>| match (x, y) {
        (Some(x), Some(y)) => x.to_lowercase() != y.to_lowercase(),
        _ => false,
    };
    let far = |x: Option<Coordinates>, y: Option<Coordinates>| match (x, y) {
        (Some(x), Some(y)) => (x.lat - y.lat).abs() > 1e-4 || (x.lng - y.lng).abs() > 1e-4,
        _ => false,
    };
    [
        (Column::Sector, differ(&a.sector, &b.sector)),
        (
            Column::ProductType,
            differ(&a.product_type, &b.product_type),
        ),
        (
            Column::FacilityType,
            differ(&a.facility_type, &b.facility_type),
        ),
        (
            Column::ProcessingType,
            differ(&a.processing_type, &b.processing_type),
        ),
        (
            Column::NumberOfWorkers,
            matches!((a.number_of_workers, b.number_of_workers), (Some(x), Some(y)) if x != y),
        ),
        (
            Column::ParentCompany,
            differ(&a.parent_company, &b.parent_company),
        ),
        (Column::Lat, far(a.coordinates, b.coordinates)),
    ]
    .into_iter()
    .find(|(_, d)| *d)
    .map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worker_counts() {
        assert_eq!(workers("250"), Some(250));
        assert_eq!(workers("1,200"), Some(1200));
        assert_eq!(workers("1.200.000"), Some(1_200_000));
        assert_eq!(workers("0"), Some(0));
        for bad in ["-5", "12.5", "100-500", "abc", "1,20", "", "+3", "1 2"] {
            assert_eq!(workers(bad), None, "{bad}");
        }
    }

    #[test]
    fn coordinates() {
        assert_eq!(number("52,37"), Some(52.37));
        assert_eq!(number("-6.2"), Some(-6.2));
        assert_eq!(number("NaN"), None);
        assert_eq!(number("inf"), None);
        assert_eq!(number("1,2,3"), None);
    }

    #[test]
    fn escaped_formulas_read_back() {
        assert_eq!(unescape("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(unescape("'t Hoen"), "'t Hoen");
    }
}
