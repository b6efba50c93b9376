//! Uploads: a company's list of production locations as CSV or XLSX, in the columns of Open
//! Supply Hub's list format, with headers in English or Dutch.
//!
//! [`parse`] reads a file into accepted rows and refused rows with reasons; a caller that wants
//! all or nothing calls [`Parsed::all_or_nothing`]. Problems with the file as a whole
//! (empty, too large, not UTF-8, required columns missing) refuse it outright.

pub mod columns;
pub mod csv;
pub mod error;
pub mod row;
pub mod xlsx;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

pub use columns::Column;
pub use error::{Problem, RowError, UploadError};

use crate::matcher::Site;
use crate::normalise::Country;

/// Limits on what an upload may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_bytes: usize,
    /// Largest total an XLSX may unpack to, in bytes.
    pub max_unpacked_bytes: u64,
    /// Most filled cells read from an XLSX sheet.
    pub max_cells: usize,
    /// Longest value accepted in a cell, in characters.
    pub max_cell_chars: usize,
}

impl Default for Limits {
    /// 5 MB files (some 50,000 rows of CSV); XLSX unpacked up to 100 MB and one million cells;
    /// values up to 1,000 characters.
    fn default() -> Limits {
        Limits {
            max_bytes: 5 * 1024 * 1024,
            max_unpacked_bytes: 100 * 1024 * 1024,
            max_cells: 1_000_000,
            max_cell_chars: 1000,
        }
    }
}

/// The kind of file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Comma-, semicolon- or tab-separated text, UTF-8.
    Csv,
    /// An Excel workbook (Office Open XML).
    Xlsx,
}

impl Format {
    /// The format of a file from its first bytes: a ZIP archive is XLSX, anything else CSV.
    pub fn sniff(bytes: &[u8]) -> Format {
        if bytes.starts_with(b"PK\x03\x04") {
            Format::Xlsx
        } else {
            Format::Csv
        }
    }
}

/// A latitude and longitude (WGS 84, degrees), checked to be in range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Coordinates {
    /// Latitude, −90 to 90.
    pub lat: f64,
    /// Longitude, −180 to 180.
    pub lng: f64,
}

/// One accepted row of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadRow {
    /// The data row in the file (1 = the first row after the header).
    pub row: usize,
    /// The factory's name, as written (trimmed).
    pub name: String,
    /// Its address, as written (trimmed).
    pub address: String,
    /// Its country.
    pub country: Country,
    /// Sector(s), as written.
    pub sector: Option<String>,
    /// Product type(s), as written.
    pub product_type: Option<String>,
    /// Facility type, as written.
    pub facility_type: Option<String>,
    /// Processing type, as written.
    pub processing_type: Option<String>,
    /// Number of workers.
    pub number_of_workers: Option<u64>,
    /// The group the factory belongs to, as written.
    pub parent_company: Option<String>,
    /// Where it is, if given.
    pub coordinates: Option<Coordinates>,
}

impl UploadRow {
    /// What the matcher compares.
    pub fn site(&self) -> Site<'_> {
        Site {
            name: &self.name,
            address: &self.address,
            country: self.country,
            coordinates: self.coordinates,
        }
    }
}

/// A read list: the rows accepted and the problems of the rows refused.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// Accepted rows, in file order.
    pub rows: Vec<UploadRow>,
    /// Problems of refused rows, by row (a row may have several).
    pub refused: Vec<RowError>,
    /// Refused rows whose name, address and country are fine (only an optional value is
    /// wrong, e.g. a worker count written "1001-5000"), with the wrong values left out. A
    /// store must not accept them, but the batch matcher still places them: where a factory
    /// is does not depend on its worker count.
    pub salvaged: Vec<UploadRow>,
    /// Headers that name no column of the format, as written; their values are not read.
    pub ignored_columns: Vec<String>,
}

impl Parsed {
    /// The rows if none was refused; otherwise every problem.
    pub fn all_or_nothing(self) -> Result<Vec<UploadRow>, UploadError> {
        if self.refused.is_empty() {
            Ok(self.rows)
        } else {
            Err(UploadError::Refused(self.refused))
        }
    }

    /// The rows refused.
    pub fn refused_rows(&self) -> BTreeSet<usize> {
        self.refused.iter().map(|e| e.row).collect()
    }

    /// For a row refused as the same location as an earlier row: that row.
    pub fn duplicate_of(&self, row: usize) -> Option<usize> {
        let problems: Vec<&RowError> = self.refused.iter().filter(|e| e.row == row).collect();
        match problems[..] {
            [e] => match e.problem {
                Problem::Duplicate { of_row } | Problem::Contradicts { of_row } => Some(of_row),
                _ => None,
            },
            _ => None,
        }
    }
}

/// Reads a list in the given format.
pub fn parse(bytes: &[u8], format: Format, limits: &Limits) -> Result<Parsed, UploadError> {
    if bytes.len() > limits.max_bytes {
        return Err(UploadError::TooLarge {
            size: bytes.len(),
            limit: limits.max_bytes,
        });
    }
    if bytes.is_empty() {
        return Err(UploadError::Empty);
    }
    let table = match format {
        Format::Csv => csv::read(bytes)?,
        Format::Xlsx => xlsx::read(bytes, limits)?,
    };
    row::accept(table, limits)
}

/// Reads a list, telling CSV from XLSX by its first bytes.
pub fn parse_auto(bytes: &[u8], limits: &Limits) -> Result<Parsed, UploadError> {
    parse(bytes, Format::sniff(bytes), limits)
}

/// A sheet as read, before any checks: the header cells and the data rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTable {
    /// The header row's cells.
    pub headers: Vec<String>,
    /// The data rows that have any value.
    pub rows: Vec<RawRow>,
}

/// A data row as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow {
    /// 1 = the first row after the header.
    pub row: usize,
    /// The cells, from the first column.
    pub cells: Vec<String>,
    /// Cells holding a spreadsheet error: (position, error as shown).
    pub errors: Vec<(usize, String)>,
}
