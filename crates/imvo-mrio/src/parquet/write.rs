//! Writing a table as pandas' `to_parquet` does, so that `pd.read_parquet` (and with it
//! pymrio's `load_all`) gives back the same `DataFrame`: one `DOUBLE` column per matrix column,
//! then one text column per index level, and the `pandas` metadata naming them.
//!
//! Column chunks are encoded (PLAIN, snappy) on all cores into memory, a bounded batch at a
//! time, and appended to the file in order.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use bytes::Bytes;
use parquet::basic::{Compression, LogicalType, Repetition, Type as Physical};
use parquet::column::writer::{ColumnCloseResult, ColumnWriter, get_column_writer};
use parquet::data_type::ByteArray;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{EnabledStatistics, WriterProperties, WriterPropertiesPtr};
use parquet::file::writer::{SerializedFileWriter, SerializedPageWriter, TrackedWrite};
use parquet::schema::types::{ColumnDescPtr, SchemaDescriptor, Type};
use rayon::prelude::*;
use serde_json::{Value, json};

use super::pandas::python_tuple;
use crate::error::MrioError;
use crate::progress::Progress;
use crate::system::{Index, Labelled, TextColumn};

/// Columns encoded in memory at once: bounds the buffer to a few dozen MB for EXIOBASE's L.
const BATCH: usize = 256;

fn werr(path: &Path, e: impl std::fmt::Display) -> MrioError {
    MrioError::Parquet {
        path: path.to_path_buf(),
        message: format!("writing failed: {e}"),
    }
}

/// The field name pandas gives a column: its label, or `str(tuple)` for several levels.
fn column_field(cols: &Index, j: usize) -> String {
    let key = cols.key(j);
    if key.len() == 1 {
        key[0].to_string()
    } else {
        python_tuple(&key)
    }
}

/// Field names and pandas names of the index levels (`__index_level_<i>__` when unnamed).
fn index_fields(rows: &Index) -> Vec<(String, Value)> {
    rows.names()
        .iter()
        .enumerate()
        .map(|(i, n)| {
            if n.is_empty() {
                (format!("__index_level_{i}__"), Value::Null)
            } else {
                (n.clone(), Value::String(n.clone()))
            }
        })
        .collect()
}

fn name_or_null(n: &str) -> Value {
    if n.is_empty() {
        Value::Null
    } else {
        Value::String(n.to_string())
    }
}

/// The `pandas` metadata for value columns `fields` of `value_type` and the row index.
fn pandas_metadata(rows: &Index, cols: &Index, fields: &[String], value_type: &str) -> String {
    let index = index_fields(rows);
    let mut columns: Vec<Value> = fields
        .iter()
        .map(|f| {
            json!({"name": f, "field_name": f, "pandas_type": value_type,
                   "numpy_type": if value_type == "float64" { "float64" } else { "object" },
                   "metadata": null})
        })
        .collect();
    for (field, name) in &index {
        columns.push(
            json!({"name": name, "field_name": field, "pandas_type": "unicode",
                            "numpy_type": "object", "metadata": null}),
        );
    }
    let column_indexes: Vec<Value> = cols
        .names()
        .iter()
        .map(|n| {
            json!({"name": name_or_null(n), "field_name": name_or_null(n),
                   "pandas_type": "unicode", "numpy_type": "object",
                   "metadata": {"encoding": "UTF-8"}})
        })
        .collect();
    json!({
        "index_columns": index.iter().map(|(f, _)| f.clone()).collect::<Vec<_>>(),
        "column_indexes": column_indexes,
        "columns": columns,
        "creator": {"library": "imvo", "version": env!("CARGO_PKG_VERSION")},
    })
    .to_string()
}

fn schema(
    value_fields: &[String],
    value_type: Physical,
    rows: &Index,
    path: &Path,
) -> Result<Type, MrioError> {
    let mut fields = Vec::with_capacity(value_fields.len() + rows.nlevels());
    let text = |name: &str| {
        Type::primitive_type_builder(name, Physical::BYTE_ARRAY)
            .with_repetition(Repetition::REQUIRED)
            .with_logical_type(Some(LogicalType::String))
            .build()
    };
    for f in value_fields {
        let t = if value_type == Physical::DOUBLE {
            Type::primitive_type_builder(f, Physical::DOUBLE)
                .with_repetition(Repetition::REQUIRED)
                .build()
        } else {
            text(f)
        };
        fields.push(Arc::new(t.map_err(|e| werr(path, e))?));
    }
    for (field, _) in index_fields(rows) {
        fields.push(Arc::new(text(&field).map_err(|e| werr(path, e))?));
    }
    Type::group_type_builder("schema")
        .with_fields(fields)
        .build()
        .map_err(|e| werr(path, e))
}

fn properties(metadata: String) -> WriterPropertiesPtr {
    Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_dictionary_enabled(false)
            .set_statistics_enabled(EnabledStatistics::None)
            .set_created_by(format!("imvo {}", env!("CARGO_PKG_VERSION")))
            .set_key_value_metadata(Some(vec![KeyValue::new("pandas".into(), metadata)]))
            .build(),
    )
}

/// The values of one stored column.
enum Values<'a> {
    Numbers(Vec<f64>),
    Text(&'a [String]),
}

/// Encodes one column chunk into memory.
fn encode(
    descr: ColumnDescPtr,
    props: WriterPropertiesPtr,
    values: Values<'_>,
) -> parquet::errors::Result<(Bytes, ColumnCloseResult)> {
    let mut sink = TrackedWrite::new(Vec::new());
    let close = {
        let pages = Box::new(SerializedPageWriter::new(&mut sink));
        match (get_column_writer(descr, props, pages), values) {
            (ColumnWriter::DoubleColumnWriter(mut w), Values::Numbers(v)) => {
                w.write_batch(&v, None, None)?;
                w.close()?
            }
            (ColumnWriter::ByteArrayColumnWriter(mut w), Values::Text(v)) => {
                let v: Vec<ByteArray> = v.iter().map(|s| ByteArray::from(s.as_str())).collect();
                w.write_batch(&v, None, None)?;
                w.close()?
            }
            _ => {
                return Err(parquet::errors::ParquetError::General(
                    "column type and values disagree".into(),
                ));
            }
        }
    };
    Ok((Bytes::from(sink.into_inner()?), close))
}

/// What a file holds: its schema and properties, the row index, the number of value columns.
struct Plan<'a> {
    schema: Type,
    props: WriterPropertiesPtr,
    rows: &'a Index,
    nvalues: usize,
}

/// Writes the file: `plan.nvalues` value columns produced by `value(j)`, then the index levels.
fn write_file<'a>(
    w: &mut (impl Write + Send),
    plan: Plan<'a>,
    value: impl Fn(usize) -> Values<'a> + Sync,
    path: &Path,
    progress: &dyn Progress,
) -> Result<(), MrioError> {
    let Plan {
        schema,
        props,
        rows,
        nvalues,
    } = plan;
    let schema = Arc::new(schema);
    let descr = SchemaDescriptor::new(schema.clone());
    let mut writer =
        SerializedFileWriter::new(w, schema, props.clone()).map_err(|e| werr(path, e))?;
    let mut group = writer.next_row_group().map_err(|e| werr(path, e))?;
    let total = nvalues + rows.nlevels();
    let mut start = 0;
    while start < total {
        let end = (start + BATCH).min(total);
        let chunks: Vec<_> = (start..end)
            .into_par_iter()
            .map(|c| {
                let v = if c < nvalues {
                    value(c)
                } else {
                    Values::Text(rows.level(c - nvalues))
                };
                encode(descr.column(c), props.clone(), v)
            })
            .collect();
        for chunk in chunks {
            let (bytes, close) = chunk.map_err(|e| werr(path, e))?;
            group
                .append_column(&bytes, close)
                .map_err(|e| werr(path, e))?;
        }
        progress.advance((end - start) as u64);
        start = end;
    }
    group.close().map_err(|e| werr(path, e))?;
    writer.close().map_err(|e| werr(path, e))?;
    Ok(())
}

/// Writes `m` as pandas' `to_parquet` would; returns `(nr_index_col, nr_header)` for
/// `file_parameters.json`, as pymrio records them. `path` names the file in errors.
pub fn write_table(
    m: &Labelled,
    w: &mut (impl Write + Send),
    path: &Path,
    progress: &dyn Progress,
) -> Result<(usize, usize), MrioError> {
    let fields: Vec<String> = (0..m.ncols()).map(|j| column_field(m.cols(), j)).collect();
    let props = properties(pandas_metadata(m.rows(), m.cols(), &fields, "float64"));
    let schema = schema(&fields, Physical::DOUBLE, m.rows(), path)?;
    let data = m.data();
    progress.start(
        &path.display().to_string(),
        (fields.len() + m.rows().nlevels()) as u64,
    );
    let plan = Plan {
        schema,
        props,
        rows: m.rows(),
        nvalues: fields.len(),
    };
    write_file(
        w,
        plan,
        |j| {
            let col = data.col(j);
            Values::Numbers((0..data.nrows()).map(|i| col[i]).collect())
        },
        path,
        progress,
    )?;
    progress.finish();
    Ok((m.rows().nlevels(), m.cols().nlevels()))
}

/// Writes a text column (pymrio's `unit`) as pandas' `to_parquet` would; returns
/// `(nr_index_col, nr_header)`.
pub fn write_text_column(
    t: &TextColumn,
    w: &mut (impl Write + Send),
    path: &Path,
) -> Result<(usize, usize), MrioError> {
    let cols = Index::single("", vec![t.name.clone()]);
    let fields = vec![t.name.clone()];
    let props = properties(pandas_metadata(&t.rows, &cols, &fields, "unicode"));
    let schema = schema(&fields, Physical::BYTE_ARRAY, &t.rows, path)?;
    let plan = Plan {
        schema,
        props,
        rows: &t.rows,
        nvalues: 1,
    };
    write_file(
        w,
        plan,
        |_| Values::Text(&t.values),
        path,
        &crate::progress::NoProgress,
    )?;
    Ok((t.rows.nlevels(), 1))
}
