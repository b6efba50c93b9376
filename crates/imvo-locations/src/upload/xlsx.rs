//! XLSX uploads: the first worksheet; its first non-empty row is the header.
//!
//! The sheet is read cell by cell, never as one dense range: a workbook with a stray value in
//! cell XFD1048576 would otherwise ask for seventeen billion cells. Before anything is
//! unpacked, the sizes the archive declares are checked (the unpacker holds every part to its
//! declared size), so a small file cannot unpack into gigabytes.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{DataRef, Reader, SheetType, Xlsx};

use super::error::UploadError;
use super::{Limits, RawRow, RawTable};

/// Columns beyond this one are not read: the upload format has eleven, and a sheet with
/// hundreds of columns is not a location list.
const MAX_COLUMNS: u32 = 256;

/// Reads the header and the data rows of the first worksheet of an XLSX workbook.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<RawTable, UploadError> {
    check_unpacked_size(bytes, limits)?;
    let mut workbook =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| UploadError::Xlsx(e.to_string()))?;
    let sheet = workbook
        .sheets_metadata()
        .iter()
        .find(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .ok_or_else(|| UploadError::Xlsx("it has no worksheet".to_owned()))?;
    let mut cells = workbook
        .worksheet_cells_reader(&sheet)
        .map_err(|e| UploadError::Xlsx(e.to_string()))?;
    let mut grid: BTreeMap<u32, BTreeMap<u32, Result<String, String>>> = BTreeMap::new();
    let mut count = 0usize;
    while let Some(cell) = cells
        .next_cell()
        .map_err(|e| UploadError::Xlsx(e.to_string()))?
    {
        let (row, col) = cell.get_position();
        if col >= MAX_COLUMNS {
            continue;
        }
        let value = text(cell.get_value());
        if matches!(&value, Ok(v) if v.trim().is_empty()) {
            continue;
        }
        count += 1;
        if count > limits.max_cells {
            return Err(UploadError::TooManyCells {
                limit: limits.max_cells,
            });
        }
        grid.entry(row).or_default().insert(col, value);
    }
    let Some((&header_row, header_cells)) = grid.iter().next() else {
        return Err(UploadError::Empty);
    };
    let headers = dense(header_cells)
        .into_iter()
        .map(|c| c.unwrap_or_default())
        .collect();
    let rows = grid
        .iter()
        .skip(1)
        .map(|(&r, cells)| {
            let values = dense(cells);
            let errors = values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.as_ref().err().map(|e| (i, e.clone())))
                .collect();
            RawRow {
                row: (r - header_row) as usize,
                cells: values.into_iter().map(Result::unwrap_or_default).collect(),
                errors,
            }
        })
        .collect();
    Ok(RawTable { headers, rows })
}

/// The sum of the sizes the archive declares for its parts, against the limit.
fn check_unpacked_size(bytes: &[u8], limits: &Limits) -> Result<(), UploadError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| UploadError::Xlsx(e.to_string()))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| UploadError::Xlsx(e.to_string()))?;
        total = total.saturating_add(entry.size());
    }
    if total > limits.max_unpacked_bytes {
        return Err(UploadError::Unpacked {
            size: total,
            limit: limits.max_unpacked_bytes,
        });
    }
    Ok(())
}

/// A row's cells from column A to its last filled cell; `Err` holds a spreadsheet error.
fn dense(cells: &BTreeMap<u32, Result<String, String>>) -> Vec<Result<String, String>> {
    let width = cells.keys().next_back().map_or(0, |&c| c as usize + 1);
    let mut out = vec![Ok(String::new()); width];
    for (&c, v) in cells {
        out[c as usize] = v.clone();
    }
    out
}

/// A cell as the text a CSV export would hold: whole numbers without ".0" (a worker count of
/// 250 is stored as the float 250), errors apart.
fn text(value: &DataRef<'_>) -> Result<String, String> {
    Ok(match value {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        DataRef::DateTime(d) => d.to_string(),
        DataRef::Error(e) => return Err(e.to_string()),
        DataRef::Empty => String::new(),
    })
}
