//! What can be wrong with an upload. A file-level problem ([`UploadError`]) refuses the whole
//! file; a row-level problem ([`RowError`]) refuses one row and names it (row 1 is the first
//! data row) and its column (as the file writes the header), so the company can fix its list.

use std::fmt;

use serde::Serialize;

use super::columns::Column;

/// A problem with the file as a whole.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum UploadError {
    /// No bytes, or nothing but a byte-order mark and blank lines.
    #[error("the file is empty")]
    Empty,
    /// Larger than the limit.
    #[error("the file has {size} bytes; the limit is {limit} bytes")]
    TooLarge {
        /// Bytes in the file.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// A CSV file that is not UTF-8.
    #[error(
        "the file is not UTF-8 text: byte {offset} (line {line}) is not valid UTF-8; save the CSV as UTF-8"
    )]
    NotUtf8 {
        /// Offset of the first invalid byte (0-based).
        offset: usize,
        /// Line of that byte (1-based, the header is line 1).
        line: usize,
    },
    /// The CSV reader gave up.
    #[error("row {row}: the CSV cannot be read: {message}")]
    Csv {
        /// The data row (1 = first data row; 0 = the header).
        row: usize,
        /// What the reader said.
        message: String,
    },
    /// Not a readable XLSX workbook.
    #[error("the file is not a readable XLSX workbook: {0}")]
    Xlsx(String),
    /// An XLSX workbook whose parts unpack to more than the limit.
    #[error("the workbook unpacks to {size} bytes; the limit is {limit} bytes")]
    Unpacked {
        /// Declared unpacked size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// An XLSX sheet with more cells than the limit.
    #[error("the first worksheet has more than {limit} cells")]
    TooManyCells {
        /// The limit.
        limit: usize,
    },
    /// Required columns missing from the header row.
    #[error(
        "the header row lacks the column(s) {}; accepted headers are e.g. {}",
        list(missing),
        examples(missing)
    )]
    MissingColumns {
        /// The missing columns.
        missing: Vec<Column>,
    },
    /// Two headers name one column.
    #[error("column {column}: both {first:?} and {second:?} name it; keep one")]
    DuplicateColumn {
        /// The column.
        column: Column,
        /// The first header naming it.
        first: String,
        /// The second.
        second: String,
    },
    /// A header row and nothing else.
    #[error("the file has a header row but no data rows")]
    NoRows,
    /// All or nothing was asked and some rows were refused.
    #[error("{} row(s) refused; first: {}", .0.len(), .0.first().map(ToString::to_string).unwrap_or_default())]
    Refused(Vec<RowError>),
}

fn list(columns: &[Column]) -> String {
    columns
        .iter()
        .map(|c| c.header())
        .collect::<Vec<_>>()
        .join(", ")
}

fn examples(columns: &[Column]) -> String {
    columns
        .iter()
        .map(|c| {
            c.aliases()
                .iter()
                .take(2)
                .copied()
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A refused row: which row, which column, what is wrong.
#[derive(Debug, Clone, PartialEq, Serialize, thiserror::Error)]
pub struct RowError {
    /// The data row (1 = the first row after the header).
    pub row: usize,
    /// The column at fault, if one is.
    pub column: Option<Column>,
    /// The header of that column as the file writes it.
    pub header: Option<String>,
    /// What is wrong.
    pub problem: Problem,
}

/// What is wrong with a row.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    /// A required value is empty.
    Empty,
    /// The country is none we know.
    UnknownCountry {
        /// As written.
        value: String,
    },
    /// The number of workers is not a whole number ≥ 0.
    Workers {
        /// As written.
        value: String,
    },
    /// A coordinate is not a number.
    NotANumber {
        /// As written.
        value: String,
    },
    /// A coordinate outside −90…90 (lat) or −180…180 (lng).
    OutOfRange {
        /// The value.
        value: f64,
    },
    /// Latitude without longitude or the other way round.
    HalfCoordinates,
    /// A spreadsheet error value (#N/A, #REF! …) in a cell.
    CellError {
        /// The error as the spreadsheet shows it.
        value: String,
    },
    /// A value longer than the limit.
    TooLong {
        /// Characters in the value.
        chars: usize,
        /// The limit.
        limit: usize,
    },
    /// More values than the header has columns.
    ExtraValues {
        /// Values in the row.
        values: usize,
        /// Columns in the header.
        columns: usize,
    },
    /// The same location as an earlier row of the list, with nothing new.
    Duplicate {
        /// The earlier row.
        of_row: usize,
    },
    /// The same location as an earlier row, but this column says something else.
    Contradicts {
        /// The earlier row.
        of_row: usize,
    },
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}", self.row)?;
        match (&self.column, &self.header) {
            (Some(c), Some(h)) if h != c.header() => write!(f, ", column {h:?} ({c})")?,
            (Some(c), _) => write!(f, ", column {:?}", c.header())?,
            _ => {}
        }
        f.write_str(": ")?;
        match &self.problem {
            Problem::Empty => f.write_str("empty; this column is required"),
            Problem::UnknownCountry { value } => {
                write!(
                    f,
                    "{value:?} is not a country we know; write its name or ISO code (e.g. BD, VNM)"
                )
            }
            Problem::Workers { value } => {
                write!(
                    f,
                    "{value:?} is not a number of workers (a whole number, 0 or more)"
                )
            }
            Problem::NotANumber { value } => write!(f, "{value:?} is not a number"),
            Problem::OutOfRange { value } => {
                write!(
                    f,
                    "{value} is out of range (latitude −90…90, longitude −180…180)"
                )
            }
            Problem::HalfCoordinates => {
                f.write_str("latitude and longitude go together; give both or neither")
            }
            Problem::CellError { value } => {
                write!(f, "the cell holds the spreadsheet error {value}")
            }
            Problem::TooLong { chars, limit } => {
                write!(f, "{chars} characters; the limit is {limit}")
            }
            Problem::ExtraValues { values, columns } => write!(
                f,
                "{values} values, but the header has {columns} columns (a separator inside an unquoted value?)"
            ),
            Problem::Duplicate { of_row } => {
                write!(
                    f,
                    "the same location as row {of_row}; listed once is enough"
                )
            }
            Problem::Contradicts { of_row } => write!(
                f,
                "the same location as row {of_row}, but this value differs from that row's"
            ),
        }
    }
}
