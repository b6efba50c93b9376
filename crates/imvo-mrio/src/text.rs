//! pymrio's tab-separated table format: parse and write one `DataFrame` as pandas' `to_csv`
//! writes it with `sep="\t"`.
//!
//! Layout (`ic` index columns, `hr` header rows, as given in `file_parameters.json`):
//! - `hr == 1`: one header line, `ic` index names then the column labels;
//! - `hr > 1`: `hr` header lines, each the column level's name, `ic − 1` empty cells, then that
//!   level's labels; then, when any index level is named, a line with the `ic` index names and
//!   empty cells (pandas writes it only then, and reads a line as names only when all its value
//!   cells are empty: EXIOBASE's `F.txt` has none);
//! - data lines: `ic` labels, then one number per column.
//!
//! The numeric part is parsed on all cores: line starts are found once (memchr), the matrix is
//! allocated once, and row blocks are parsed in parallel straight into their rows of the
//! column-major matrix, eight lines at a time through a small row buffer so each column write
//! fills a cache line. No allocation per value; labels are the only strings allocated.

use std::io::Write;
use std::path::Path;

use faer::reborrow::ReborrowMut;
use faer::{Mat, MatMut};
use rayon::prelude::*;

use crate::error::MrioError;
use crate::progress::Progress;
use crate::system::{Index, Labelled, TextColumn};

/// Lines parsed per row buffer flush: eight f64 = one 64-byte cache line per column.
const GROUP: usize = 8;
/// Rows per parallel task.
const BLOCK: usize = 64;

fn perr(path: &Path, line: usize, column: usize, message: impl Into<String>) -> MrioError {
    MrioError::Parse {
        path: path.to_path_buf(),
        line,
        column,
        message: message.into(),
    }
}

/// Splits a line (without its newline) into tab-separated fields, dropping a trailing `\r`.
fn fields(line: &[u8]) -> impl Iterator<Item = &[u8]> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    line.split(|&b| b == b'\t')
}

/// A label as text: pandas quotes fields holding a tab, quote or newline.
fn label(path: &Path, line: usize, column: usize, raw: &[u8]) -> Result<String, MrioError> {
    let s = std::str::from_utf8(raw).map_err(|_| {
        perr(
            path,
            line,
            column,
            "label is not valid UTF-8; save the file as UTF-8",
        )
    })?;
    if s.len() >= 2 && s.starts_with('"') && s.ends_with('"') {
        Ok(s[1..s.len() - 1].replace("\"\"", "\""))
    } else {
        Ok(s.to_string())
    }
}

/// The header of a table: row index names, column index, and where the data lines start.
struct Header {
    index_names: Vec<String>,
    cols: Index,
    /// Byte offset of the first data line.
    data_start: usize,
    /// 1-based line number of the first data line.
    first_line: usize,
}

/// Returns the next line from `pos` and the position after its newline.
fn next_line(bytes: &[u8], pos: usize) -> Option<(&[u8], usize)> {
    if pos >= bytes.len() {
        return None;
    }
    match memchr::memchr(b'\n', &bytes[pos..]) {
        Some(k) => Some((&bytes[pos..pos + k], pos + k + 1)),
        None => Some((&bytes[pos..], bytes.len())),
    }
}

fn parse_header(bytes: &[u8], ic: usize, hr: usize, path: &Path) -> Result<Header, MrioError> {
    if ic == 0 || hr == 0 {
        return Err(perr(
            path,
            1,
            1,
            format!(
                "file_parameters.json gives {ic} index columns and {hr} header rows; both must be ≥ 1"
            ),
        ));
    }
    let mut pos = 0;
    let mut line_no = 0;
    let mut level_names = Vec::with_capacity(hr);
    let mut levels: Vec<Vec<String>> = Vec::with_capacity(hr);
    let mut index_names = vec![String::new(); ic];
    for h in 0..hr {
        let Some((line, next)) = next_line(bytes, pos) else {
            return Err(perr(
                path,
                line_no + 1,
                1,
                format!("the file ends inside its header: expected {hr} header lines"),
            ));
        };
        pos = next;
        line_no += 1;
        let f: Vec<&[u8]> = fields(line).collect();
        if f.len() <= ic && !(f.len() == ic && hr == 1) {
            return Err(perr(
                path,
                line_no,
                f.len().max(1),
                format!(
                    "header line has {} fields; expected {ic} index cells and at least one column label",
                    f.len()
                ),
            ));
        }
        let mut labels = Vec::with_capacity(f.len() - ic);
        for (k, raw) in f[ic..].iter().enumerate() {
            labels.push(label(path, line_no, ic + k + 1, raw)?);
        }
        if hr == 1 {
            for (k, raw) in f[..ic].iter().enumerate() {
                index_names[k] = label(path, line_no, k + 1, raw)?;
            }
            level_names.push(String::new());
        } else {
            let mut name = String::new();
            for (k, raw) in f[..ic].iter().enumerate() {
                if !raw.is_empty() && name.is_empty() {
                    name = label(path, line_no, k + 1, raw)?;
                }
            }
            level_names.push(name);
        }
        if h > 0 && labels.len() != levels[0].len() {
            return Err(perr(
                path,
                line_no,
                1,
                format!(
                    "header line has {} column labels, the first header line {}; the column header is ragged",
                    labels.len(),
                    levels[0].len()
                ),
            ));
        }
        levels.push(labels);
    }
    if hr > 1
        && let Some((line, next)) = next_line(bytes, pos)
    {
        let f: Vec<&[u8]> = fields(line).collect();
        if f.len() >= ic && f[ic..].iter().all(|c| c.is_empty()) {
            for (k, raw) in f[..ic].iter().enumerate() {
                index_names[k] = label(path, line_no + 1, k + 1, raw)?;
            }
            pos = next;
            line_no += 1;
        }
    }
    let cols = Index::new(level_names, levels)?;
    Ok(Header {
        index_names,
        cols,
        data_start: pos,
        first_line: line_no + 1,
    })
}

/// Byte ranges and 1-based line numbers of the non-empty data lines.
fn data_lines(bytes: &[u8], start: usize, first_line: usize) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut pos = start;
    let mut line = first_line;
    while pos < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |k| pos + k);
        let content_end = if end > pos && bytes[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        if content_end > pos {
            out.push((pos, content_end, line));
        }
        pos = end + 1;
        line += 1;
    }
    out
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Parses a number cell; rejects empty, unparsable and non-finite values with their place.
#[inline]
fn number(path: &Path, line: usize, column: usize, raw: &[u8]) -> Result<f64, MrioError> {
    match fast_float2::parse::<f64, _>(raw) {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(v) => Err(perr(
            path,
            line,
            column,
            format!("value {v} is not a finite number; fix or remove it at the source"),
        )),
        Err(_) if raw.is_empty() => Err(perr(
            path,
            line,
            column,
            "empty cell where a number is expected (pandas would read NaN); fill it in",
        )),
        Err(_) => Err(perr(
            path,
            line,
            column,
            format!(
                "cannot read {:?} as a number",
                String::from_utf8_lossy(&raw[..raw.len().min(40)])
            ),
        )),
    }
}

/// Parses one block of data lines into `dst` (its rows) and returns the row labels per level.
#[allow(clippy::too_many_arguments)]
fn parse_block(
    bytes: &[u8],
    lines: &[(usize, usize, usize)],
    ic: usize,
    ncols: usize,
    mut dst: MatMut<'_, f64>,
    path: &Path,
    progress: &dyn Progress,
) -> Result<Vec<Vec<String>>, MrioError> {
    let mut labels: Vec<Vec<String>> = (0..ic).map(|_| Vec::with_capacity(lines.len())).collect();
    let mut buf = vec![0.0f64; GROUP * ncols];
    let mut done_bytes = 0u64;
    for (g, group) in lines.chunks(GROUP).enumerate() {
        for (r, &(start, end, line_no)) in group.iter().enumerate() {
            let line = &bytes[start..end];
            let row = &mut buf[r * ncols..(r + 1) * ncols];
            let mut it = line.split(|&b| b == b'\t');
            for (k, lev) in labels.iter_mut().enumerate() {
                let Some(raw) = it.next() else {
                    return Err(perr(
                        path,
                        line_no,
                        k + 1,
                        format!(
                            "line ends after {k} fields; expected {ic} labels and {ncols} numbers"
                        ),
                    ));
                };
                lev.push(label(path, line_no, k + 1, raw)?);
            }
            let mut j = 0;
            for raw in it {
                if j == ncols {
                    return Err(perr(
                        path,
                        line_no,
                        ic + j + 1,
                        format!(
                            "line has more than {} fields; the header names {ncols} columns",
                            ic + ncols
                        ),
                    ));
                }
                row[j] = number(path, line_no, ic + j + 1, raw)?;
                j += 1;
            }
            if j != ncols {
                return Err(perr(
                    path,
                    line_no,
                    ic + j + 1,
                    format!("line has {} numbers; the header names {ncols} columns", j),
                ));
            }
            done_bytes += (end - start + 1) as u64;
        }
        let base = g * GROUP;
        let rows = group.len();
        for j in 0..ncols {
            let mut col = dst.rb_mut().col_mut(j);
            for r in 0..rows {
                col[base + r] = buf[r * ncols + j];
            }
        }
        if done_bytes > (1 << 20) {
            progress.advance(done_bytes);
            done_bytes = 0;
        }
    }
    progress.advance(done_bytes);
    Ok(labels)
}

/// Parses a numeric table (a pymrio `DataFrame` of floats) from the bytes of its text file.
///
/// `path` only names the file in errors. `ic` and `hr` come from `file_parameters.json`.
/// Every cell must be a finite number; the first bad cell fails the parse with its line and
/// column. Uses the rayon thread pool.
pub fn parse_table(
    bytes: &[u8],
    ic: usize,
    hr: usize,
    path: &Path,
    progress: &dyn Progress,
) -> Result<Labelled, MrioError> {
    let bytes = strip_bom(bytes);
    let header = parse_header(bytes, ic, hr, path)?;
    let ncols = header.cols.len();
    let lines = data_lines(bytes, header.data_start, header.first_line);
    let nrows = lines.len();
    progress.start(&path.display().to_string(), bytes.len() as u64);
    let mut mat = Mat::<f64>::zeros(nrows, ncols);
    // Disjoint row blocks of the matrix, one per task.
    let mut blocks = Vec::with_capacity(nrows.div_ceil(BLOCK));
    let mut rest = mat.as_mut();
    let mut start = 0;
    while start < nrows {
        let take = BLOCK.min(nrows - start);
        let (head, tail) = rest.split_at_row_mut(take);
        blocks.push((start, head));
        rest = tail;
        start += take;
    }
    let results: Vec<Result<Vec<Vec<String>>, MrioError>> = blocks
        .into_par_iter()
        .map(|(s, dst)| {
            let e = (s + BLOCK).min(nrows);
            parse_block(bytes, &lines[s..e], ic, ncols, dst, path, progress)
        })
        .collect();
    let mut levels: Vec<Vec<String>> = (0..ic).map(|_| Vec::with_capacity(nrows)).collect();
    for r in results {
        for (lev, part) in levels.iter_mut().zip(r?) {
            lev.extend(part);
        }
    }
    progress.finish();
    let rows = Index::new(header.index_names, levels)?;
    Labelled::new(rows, header.cols, mat)
}

/// Parses a text table with one value column, such as pymrio's `unit.txt`.
///
/// When the file has no value column beyond its `ic` index columns (EXIOBASE's
/// `satellite/unit.txt` is declared with two index columns but has only `stressor` and
/// `unit`), the last index column is taken as the values, so that the units are not lost.
pub fn parse_text_column(
    bytes: &[u8],
    ic: usize,
    hr: usize,
    path: &Path,
) -> Result<TextColumn, MrioError> {
    let bytes = strip_bom(bytes);
    let first = next_line(bytes, 0)
        .map(|(l, _)| fields(l).count())
        .unwrap_or(0);
    let (ic, hr) = if first == ic && ic >= 2 && hr == 1 {
        (ic - 1, hr)
    } else {
        (ic, hr)
    };
    let header = parse_header(bytes, ic, hr, path)?;
    if header.cols.len() != 1 {
        return Err(perr(
            path,
            1,
            ic + 1,
            format!(
                "expected one value column after {ic} index columns, found {}",
                header.cols.len()
            ),
        ));
    }
    let name = header.cols.level(header.cols.nlevels() - 1)[0].clone();
    let lines = data_lines(bytes, header.data_start, header.first_line);
    let mut levels: Vec<Vec<String>> = (0..ic).map(|_| Vec::with_capacity(lines.len())).collect();
    let mut values = Vec::with_capacity(lines.len());
    for (start, end, line_no) in lines {
        let f: Vec<&[u8]> = bytes[start..end].split(|&b| b == b'\t').collect();
        if f.len() != ic + 1 {
            return Err(perr(
                path,
                line_no,
                f.len().min(ic + 1),
                format!("line has {} fields; expected {}", f.len(), ic + 1),
            ));
        }
        for (k, lev) in levels.iter_mut().enumerate() {
            lev.push(label(path, line_no, k + 1, f[k])?);
        }
        values.push(label(path, line_no, ic + 1, f[ic])?);
    }
    Ok(TextColumn {
        rows: Index::new(header.index_names, levels)?,
        name,
        values,
    })
}

/// Quotes a label the way pandas does when it holds a tab, quote or line break.
fn write_label(out: &mut Vec<u8>, s: &str) {
    if s.contains(['\t', '"', '\n', '\r']) {
        out.push(b'"');
        out.extend_from_slice(s.replace('"', "\"\"").as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

/// Appends `v` in the shortest text that reads back to the same `f64` (`0` for zero).
#[inline]
fn write_number(out: &mut Vec<u8>, v: f64, fmt: &mut ryu::Buffer) {
    if v == 0.0 {
        out.push(b'0');
        return;
    }
    let s = fmt.format(v);
    let s = s.strip_suffix(".0").unwrap_or(s);
    out.extend_from_slice(s.as_bytes());
}

/// Header rows of a table in pandas' layout (see the module docs).
fn header_bytes(rows: &Index, cols: &Index) -> Vec<u8> {
    let mut out = Vec::new();
    let ic = rows.nlevels();
    if cols.nlevels() == 1 {
        for (k, n) in rows.names().iter().enumerate() {
            if k > 0 {
                out.push(b'\t');
            }
            write_label(&mut out, n);
        }
        for l in cols.level(0) {
            out.push(b'\t');
            write_label(&mut out, l);
        }
        out.push(b'\n');
    } else {
        for (lv, name) in cols.names().iter().enumerate() {
            write_label(&mut out, name);
            out.extend(std::iter::repeat_n(b'\t', ic.saturating_sub(1)));
            for l in cols.level(lv) {
                out.push(b'\t');
                write_label(&mut out, l);
            }
            out.push(b'\n');
        }
        if rows.names().iter().any(|n| !n.is_empty()) {
            for (k, n) in rows.names().iter().enumerate() {
                if k > 0 {
                    out.push(b'\t');
                }
                write_label(&mut out, n);
            }
            out.extend(std::iter::repeat_n(b'\t', cols.len()));
            out.push(b'\n');
        }
    }
    out
}

/// Writes `m` in pymrio's text layout; returns `(nr_index_col, nr_header)` for
/// `file_parameters.json`. Rows are formatted in parallel blocks and written in order.
pub fn write_table(
    m: &Labelled,
    w: &mut dyn Write,
    progress: &dyn Progress,
) -> std::io::Result<(usize, usize)> {
    w.write_all(&header_bytes(m.rows(), m.cols()))?;
    let nrows = m.nrows();
    let data = m.data();
    let rows = m.rows();
    progress.start("write", nrows as u64);
    // Blocks of rows formatted in parallel, a bounded batch at a time to cap memory.
    let per_batch = BLOCK * rayon::current_num_threads().max(1) * 4;
    let mut start = 0;
    while start < nrows {
        let end = (start + per_batch).min(nrows);
        let chunks: Vec<Vec<u8>> = (start..end)
            .step_by(BLOCK)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|s| {
                let e = (s + BLOCK).min(end);
                let mut out = Vec::with_capacity((e - s) * (data.ncols() * 8 + 32));
                let mut fmt = ryu::Buffer::new();
                // The block transposed to row-major, read column by column (contiguous).
                let nc = data.ncols();
                let mut block = vec![0.0f64; (e - s) * nc];
                for j in 0..nc {
                    let col = data.col(j);
                    for i in s..e {
                        block[(i - s) * nc + j] = col[i];
                    }
                }
                for i in s..e {
                    for (k, l) in (0..rows.nlevels()).map(|l| &rows.level(l)[i]).enumerate() {
                        if k > 0 {
                            out.push(b'\t');
                        }
                        if l.is_empty() && rows.nlevels() == 1 && nc == 0 {
                            // The line would be empty, and empty lines are skipped on reading.
                            out.extend_from_slice(b"\"\"");
                        }
                        write_label(&mut out, l);
                    }
                    for &v in &block[(i - s) * nc..(i - s + 1) * nc] {
                        out.push(b'\t');
                        write_number(&mut out, v, &mut fmt);
                    }
                    out.push(b'\n');
                }
                out
            })
            .collect();
        for c in chunks {
            w.write_all(&c)?;
        }
        progress.advance((end - start) as u64);
        start = end;
    }
    progress.finish();
    Ok((m.rows().nlevels(), m.cols().nlevels()))
}

/// Writes a text column (e.g. `unit`) in pymrio's layout; returns `(nr_index_col, nr_header)`.
pub fn write_text_column(t: &TextColumn, w: &mut dyn Write) -> std::io::Result<(usize, usize)> {
    let mut out = Vec::new();
    for n in t.rows.names() {
        write_label(&mut out, n);
        out.push(b'\t');
    }
    write_label(&mut out, &t.name);
    out.push(b'\n');
    for (i, v) in t.values.iter().enumerate() {
        for l in 0..t.rows.nlevels() {
            write_label(&mut out, &t.rows.level(l)[i]);
            out.push(b'\t');
        }
        write_label(&mut out, v);
        out.push(b'\n');
    }
    w.write_all(&out)?;
    Ok((t.rows.nlevels(), 1))
}
