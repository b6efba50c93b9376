//! CSV uploads: UTF-8 (with or without byte-order mark), separated by commas, or by semicolons
//! or tabs as Dutch spreadsheet programs write them (the header line decides).

use super::error::UploadError;
use super::{RawRow, RawTable};

/// The UTF-8 byte-order mark spreadsheet programs put in front.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads the header and the data rows of a CSV file.
pub fn read(bytes: &[u8]) -> Result<RawTable, UploadError> {
    let body = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let text = std::str::from_utf8(body).map_err(|e| {
        let offset = e.valid_up_to() + (bytes.len() - body.len());
        let line = 1 + body[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        UploadError::NotUtf8 { offset, line }
    })?;
    if text.trim().is_empty() {
        return Err(UploadError::Empty);
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let headers = match records.next() {
        Some(Ok(r)) => r.iter().map(str::to_owned).collect(),
        Some(Err(e)) => {
            return Err(UploadError::Csv {
                row: 0,
                message: e.to_string(),
            });
        }
        None => return Err(UploadError::Empty),
    };
    let mut rows = Vec::new();
    for (i, record) in records.enumerate() {
        let record = record.map_err(|e| UploadError::Csv {
            row: i + 1,
            message: e.to_string(),
        })?;
        let cells: Vec<String> = record.iter().map(str::to_owned).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows.push(RawRow {
            row: i + 1,
            cells,
            errors: Vec::new(),
        });
    }
    Ok(RawTable { headers, rows })
}

/// The separator the header line uses most: `,`, `;` or tab.
fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let count = |c: char| header.chars().filter(|&x| x == c).count();
    [(b',', count(',')), (b';', count(';')), (b'\t', count('\t'))]
        .into_iter()
        .max_by_key(|&(d, n)| (n, d == b','))
        .map_or(b',', |(d, _)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_commas_semicolons_and_a_bom() {
        let t = read(b"\xEF\xBB\xBFname;address;country\nA;Road 1, Dhaka;BD\n").unwrap();
        assert_eq!(t.headers, ["name", "address", "country"]);
        assert_eq!(t.rows[0].cells, ["A", "Road 1, Dhaka", "BD"]);
        let t = read(b"name,address,country\r\n\"A, B\",\"x\"\"y\",BD\r\n\r\n,,\r\nC,D,E").unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells[0], "A, B");
        assert_eq!(
            t.rows[1].row, 3,
            "blank records are skipped, not renumbered"
        );
    }

    #[test]
    fn names_the_first_bad_byte() {
        let e = read(b"name,address,country\nA,B,C\nM\xFCller,x,DE\n").unwrap_err();
        assert_eq!(
            e,
            UploadError::NotUtf8 {
                offset: 28,
                line: 3
            }
        );
        assert!(e.to_string().contains("line 3"));
    }

    #[test]
    fn empty_files() {
        assert_eq!(read(b""), Err(UploadError::Empty));
        assert_eq!(read(b"\xEF\xBB\xBF \n\n"), Err(UploadError::Empty));
    }
}
