//! Reading a `DataFrame` that pandas wrote with `to_parquet` (pymrio's
//! `save_all(table_format="parquet")`): index levels and column labels from the `pandas`
//! metadata, numbers column by column on all cores.

use std::path::Path;

use bytes::Bytes;
use faer::reborrow::ReborrowMut;
use faer::{Mat, MatMut};
use parquet::column::reader::{ColumnReader, ColumnReaderImpl};
use parquet::data_type::{ByteArray, DataType};
use parquet::file::reader::{FileReader, RowGroupReader};
use parquet::file::serialized_reader::SerializedFileReader;
use rayon::prelude::*;
use serde_json::Value;

use super::pandas::{IndexColumn, PandasMeta, parse_tuple};
use crate::error::MrioError;
use crate::progress::Progress;
use crate::system::{Index, Labelled, TextColumn};

/// Value columns decoded per parallel task.
const BLOCK: usize = 32;

fn perr(path: &Path, message: impl Into<String>) -> MrioError {
    MrioError::Parquet {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// An opened file: its reader, the stored index levels and the value columns.
struct Table {
    reader: SerializedFileReader<Bytes>,
    /// Row labels, one level per index column.
    rows: Index,
    /// Leaf positions of the value columns, in order.
    values: Vec<usize>,
    /// The pandas labels of the value columns (text, or a tuple's text for several levels).
    value_names: Vec<String>,
    /// Level names of the column index.
    column_level_names: Vec<String>,
}

fn label_text(v: &Value) -> String {
    crate::metadata::value_text(v.clone()).unwrap_or_default()
}

impl Table {
    fn open(bytes: Vec<u8>, path: &Path) -> Result<Self, MrioError> {
        let len = bytes.len() as u64;
        let reader = SerializedFileReader::new(Bytes::from(bytes))
            .map_err(|e| perr(path, format!("not a readable Parquet file ({e})")))?;
        check_layout(&reader, len, path)?;
        let schema = reader.metadata().file_metadata().schema_descr_ptr();
        let meta: PandasMeta = reader
            .metadata()
            .file_metadata()
            .key_value_metadata()
            .and_then(|kv| kv.iter().find(|k| k.key == "pandas"))
            .and_then(|k| k.value.as_deref())
            .ok_or_else(|| {
                perr(
                    path,
                    "no pandas metadata: the file was not written by pandas, so its index and \
                     column labels are unknown; save it with pymrio's save_all(table_format=\"parquet\")",
                )
            })
            .and_then(|text| {
                serde_json::from_str(text)
                    .map_err(|e| perr(path, format!("the pandas metadata is not valid: {e}")))
            })?;
        let leaves = schema.columns();
        for (i, c) in leaves.iter().enumerate() {
            if c.max_rep_level() > 0 || c.path().parts().len() != 1 {
                return Err(perr(
                    path,
                    format!(
                        "column {} ({}) is nested; a pymrio table has flat columns only",
                        i + 1,
                        c.path()
                    ),
                ));
            }
        }
        let nrows = usize::try_from(reader.metadata().file_metadata().num_rows())
            .map_err(|_| perr(path, "negative row count"))?;
        let descriptors = meta.index_columns().ok_or_else(|| {
            perr(
                path,
                "the pandas metadata lists an index column it cannot describe",
            )
        })?;
        let mut index_names = Vec::with_capacity(descriptors.len());
        let mut index_levels = Vec::with_capacity(descriptors.len());
        let mut index_leaves = Vec::new();
        for d in &descriptors {
            match d {
                IndexColumn::Field(field) => {
                    let leaf = leaves.iter().position(|c| c.name() == field).ok_or_else(|| {
                        perr(path, format!("the index column {field:?} named in the metadata is not in the file"))
                    })?;
                    index_leaves.push(leaf);
                    index_names.push(meta.label_of(field).map(label_text).unwrap_or_default());
                    index_levels.push(read_labels(&reader, leaf, nrows, path)?);
                }
                IndexColumn::Range(r, name) => {
                    index_names.push(name.clone().unwrap_or_default());
                    index_levels.push(
                        (0..nrows as i64)
                            .map(|i| (r.start + i * r.step).to_string())
                            .collect(),
                    );
                }
            }
        }
        if index_levels.is_empty() {
            // pandas always describes the index; an empty list means a file pandas did not write.
            return Err(perr(path, "the pandas metadata names no index"));
        }
        let rows = Index::new(index_names, index_levels)?;
        let values: Vec<usize> = (0..leaves.len())
            .filter(|i| !index_leaves.contains(i))
            .collect();
        let value_names = values
            .iter()
            .map(|&i| {
                let field = leaves[i].name();
                meta.label_of(field)
                    .map_or_else(|| field.to_string(), label_text)
            })
            .collect();
        let column_level_names = meta
            .column_indexes
            .iter()
            .map(|c| label_text(&c.name))
            .collect();
        Ok(Self {
            reader,
            rows,
            values,
            value_names,
            column_level_names,
        })
    }

    /// The column index: one level per `column_indexes` entry, tuples split into levels.
    fn columns(&self, path: &Path) -> Result<Index, MrioError> {
        let nl = self.column_level_names.len().max(1);
        let mut levels: Vec<Vec<String>> = vec![Vec::with_capacity(self.values.len()); nl];
        for (k, name) in self.value_names.iter().enumerate() {
            if nl == 1 {
                levels[0].push(name.clone());
                continue;
            }
            let parts = parse_tuple(name).filter(|p| p.len() == nl).ok_or_else(|| {
                perr(
                    path,
                    format!(
                        "column {} is labelled {name:?}; with {nl} column levels pandas expects a \
                         tuple of {nl} texts such as ('reg1', 'food')",
                        k + 1
                    ),
                )
            })?;
            for (l, p) in levels.iter_mut().zip(parts) {
                l.push(p);
            }
        }
        let names = if self.column_level_names.is_empty() {
            vec![String::new()]
        } else {
            self.column_level_names.clone()
        };
        Index::new(names, levels)
    }
}

/// Checks what the `parquet` crate takes on trust (it panics on negative offsets): every
/// column chunk lies inside the file, and the row groups add up to the file's rows.
fn check_layout(
    reader: &SerializedFileReader<Bytes>,
    len: u64,
    path: &Path,
) -> Result<(), MrioError> {
    let damaged = |what: String| perr(path, format!("damaged file: {what}; write it again"));
    let md = reader.metadata();
    let mut rows = 0i64;
    for (g, group) in md.row_groups().iter().enumerate() {
        if group.num_rows() < 0 {
            return Err(damaged(format!("row group {g} has a negative row count")));
        }
        rows += group.num_rows();
        for c in group.columns() {
            let start = c.dictionary_page_offset().unwrap_or(c.data_page_offset());
            let size = c.compressed_size();
            let inside = start >= 0
                && size >= 0
                && c.data_page_offset() >= 0
                && (start as u64)
                    .checked_add(size as u64)
                    .is_some_and(|end| end <= len);
            if !inside {
                return Err(damaged(format!(
                    "column {} of row group {g} lies outside the file",
                    c.column_path()
                )));
            }
        }
    }
    if rows != md.file_metadata().num_rows() {
        return Err(damaged(format!(
            "the row groups hold {rows} rows, the footer says {}",
            md.file_metadata().num_rows()
        )));
    }
    Ok(())
}

/// Reads all rows of a column into `vals`; `def` receives the definition levels.
fn read_column<T: DataType>(
    mut r: ColumnReaderImpl<T>,
    n: usize,
    def: &mut Vec<i16>,
    vals: &mut Vec<T::T>,
) -> parquet::errors::Result<usize> {
    def.clear();
    vals.clear();
    let mut levels = 0;
    while levels < n {
        let (records, _, got) = r.read_records(n - levels, Some(def), None, vals)?;
        if records == 0 {
            break;
        }
        levels += got.max(records);
    }
    Ok(levels)
}

/// The first row holding a null, when the column has fewer values than rows.
fn first_null(def: &[i16], max_def: i16) -> usize {
    def.iter().position(|&d| d < max_def).unwrap_or(0)
}

/// Reads an index column as text: strings as they are, integers in decimal.
fn read_labels(
    reader: &SerializedFileReader<Bytes>,
    leaf: usize,
    nrows: usize,
    path: &Path,
) -> Result<Vec<String>, MrioError> {
    let descr = reader
        .metadata()
        .file_metadata()
        .schema_descr()
        .column(leaf);
    let name = descr.name().to_string();
    let mut out = Vec::with_capacity(nrows);
    let mut def = Vec::new();
    for rg in 0..reader.num_row_groups() {
        let group = reader
            .get_row_group(rg)
            .map_err(|e| perr(path, e.to_string()))?;
        let n = group.metadata().num_rows() as usize;
        let col = group
            .get_column_reader(leaf)
            .map_err(|e| perr(path, format!("index column {name:?}: {e}")))?;
        let bad =
            |e: parquet::errors::ParquetError| perr(path, format!("index column {name:?}: {e}"));
        let before = out.len();
        match col {
            ColumnReader::ByteArrayColumnReader(r) => {
                let mut v: Vec<ByteArray> = Vec::new();
                read_column(r, n, &mut def, &mut v).map_err(bad)?;
                for (i, b) in v.iter().enumerate() {
                    let s = std::str::from_utf8(b.data()).map_err(|_| MrioError::Parse {
                        path: path.to_path_buf(),
                        line: before + i + 1,
                        column: leaf + 1,
                        message: format!("label in index column {name:?} is not valid UTF-8"),
                    })?;
                    out.push(s.to_string());
                }
            }
            ColumnReader::Int64ColumnReader(r) => {
                let mut v = Vec::new();
                read_column(r, n, &mut def, &mut v).map_err(bad)?;
                out.extend(v.iter().map(i64::to_string));
            }
            ColumnReader::Int32ColumnReader(r) => {
                let mut v = Vec::new();
                read_column(r, n, &mut def, &mut v).map_err(bad)?;
                out.extend(v.iter().map(i32::to_string));
            }
            _ => {
                return Err(perr(
                    path,
                    format!(
                        "index column {name:?} holds {:?} values; labels must be text or integers",
                        descr.physical_type()
                    ),
                ));
            }
        }
        if out.len() - before != n {
            return Err(MrioError::Parse {
                path: path.to_path_buf(),
                line: before + first_null(&def, descr.max_def_level()) + 1,
                column: leaf + 1,
                message: format!("index column {name:?} has an empty label (null)"),
            });
        }
    }
    Ok(out)
}

/// Why a value column could not be read: (row, message), or a message about the column.
type CellError = (Option<usize>, String);

/// Converts any numeric column to `f64` into `dst` (one row group, `n` rows).
fn read_numbers(
    group: &dyn RowGroupReader,
    leaf: usize,
    n: usize,
    dst: &mut [f64],
) -> Result<(), CellError> {
    let col = group
        .get_column_reader(leaf)
        .map_err(|e| (None, e.to_string()))?;
    let max_def = group.metadata().column(leaf).column_descr().max_def_level();
    let mut def = Vec::new();
    let e = |e: parquet::errors::ParquetError| (None, e.to_string());
    macro_rules! copy {
        ($r:expr, $conv:expr) => {{
            let mut v = Vec::with_capacity(n);
            read_column($r, n, &mut def, &mut v).map_err(e)?;
            if v.len() != n {
                return Err((
                    Some(first_null(&def, max_def)),
                    "empty cell (null) where a number is expected (pandas would read NaN); fill it in".into(),
                ));
            }
            for (d, s) in dst.iter_mut().zip(&v) {
                *d = $conv(*s);
            }
        }};
    }
    match col {
        ColumnReader::DoubleColumnReader(r) => copy!(r, |x: f64| x),
        ColumnReader::FloatColumnReader(r) => copy!(r, f64::from),
        ColumnReader::Int64ColumnReader(r) => copy!(r, |x: i64| x as f64),
        ColumnReader::Int32ColumnReader(r) => copy!(r, f64::from),
        ColumnReader::BoolColumnReader(r) => copy!(r, |x: bool| f64::from(u8::from(x))),
        _ => {
            return Err((
                None,
                format!(
                    "holds {:?} values where numbers are expected",
                    group.metadata().column(leaf).column_type()
                ),
            ));
        }
    }
    if let Some(i) = dst.iter().position(|v| !v.is_finite()) {
        return Err((
            Some(i),
            format!(
                "value {} is not a finite number; fix or remove it at the source",
                dst[i]
            ),
        ));
    }
    Ok(())
}

/// Parses a numeric `DataFrame` stored by pandas as Parquet. `path` names the file in errors;
/// the index and header counts of `file_parameters.json` are not needed (the `pandas`
/// metadata says them). Every cell must be a finite number: a null or NaN fails the read with
/// its row and column.
pub fn parse_table(
    bytes: Vec<u8>,
    path: &Path,
    progress: &dyn Progress,
) -> Result<Labelled, MrioError> {
    let size = bytes.len() as u64;
    let t = Table::open(bytes, path)?;
    let cols = t.columns(path)?;
    let nrows = t.rows.len();
    let ncols = t.values.len();
    progress.start(&path.display().to_string(), size);
    let mut mat = Mat::<f64>::zeros(nrows, ncols);
    let mut blocks: Vec<(usize, MatMut<'_, f64>)> = Vec::new();
    let mut rest = mat.as_mut();
    let mut start = 0;
    while start < ncols {
        let take = BLOCK.min(ncols - start);
        let (head, tail) = rest.split_at_col_mut(take);
        blocks.push((start, head));
        rest = tail;
        start += take;
    }
    let groups = t.reader.num_row_groups();
    let per_col = size / ncols.max(1) as u64;
    let failures: Vec<(usize, CellError)> = blocks
        .into_par_iter()
        .filter_map(|(s, mut blk)| {
            let mut buf = Vec::new();
            for k in 0..blk.ncols() {
                let mut row0 = 0;
                for rg in 0..groups {
                    let group = match t.reader.get_row_group(rg) {
                        Ok(g) => g,
                        Err(e) => return Some((s + k, (None, e.to_string()))),
                    };
                    let n = group.metadata().num_rows() as usize;
                    buf.clear();
                    buf.resize(n, 0.0);
                    if let Err((row, msg)) =
                        read_numbers(group.as_ref(), t.values[s + k], n, &mut buf)
                    {
                        return Some((s + k, (row.map(|r| r + row0), msg)));
                    }
                    let mut col = blk.rb_mut().col_mut(k);
                    for (i, v) in buf.iter().enumerate() {
                        col[row0 + i] = *v;
                    }
                    row0 += n;
                }
                progress.advance(per_col);
            }
            None
        })
        .collect();
    progress.finish();
    if let Some((j, (row, msg))) = failures.into_iter().min_by_key(|f| f.0) {
        let label = &t.value_names[j];
        return Err(match row {
            Some(i) => MrioError::Parse {
                path: path.to_path_buf(),
                line: i + 1,
                column: t.values[j] + 1,
                message: format!(
                    "row {} ({}), column {label}: {msg}",
                    i + 1,
                    t.rows.key(i).join(", ")
                ),
            },
            None => perr(path, format!("column {label}: {msg}")),
        });
    }
    Labelled::new(t.rows, cols, mat)
}

/// Parses a `DataFrame` with one text column, such as pymrio's `unit`.
pub fn parse_text_column(bytes: Vec<u8>, path: &Path) -> Result<TextColumn, MrioError> {
    let t = Table::open(bytes, path)?;
    if t.values.len() != 1 {
        return Err(perr(
            path,
            format!(
                "expected one value column beside the index, found {}",
                t.values.len()
            ),
        ));
    }
    let values = read_labels(&t.reader, t.values[0], t.rows.len(), path)?;
    Ok(TextColumn {
        rows: t.rows,
        name: t.value_names[0].clone(),
        values,
    })
}
