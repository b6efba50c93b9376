//! pymrio's Parquet tables (`save_all(path, table_format="parquet")`): read what pandas'
//! `to_parquet` writes through pyarrow, and write what `pd.read_parquet` reads back equal.
//!
//! A table is one `DataFrame` in wide form: one Parquet column per `DataFrame` column (named
//! by its label, or `str(tuple)` of its labels when the columns have several levels), then one
//! column per index level, and the JSON under the file's `pandas` key that tells which stored
//! columns are the index and what the column levels are called ([`pandas`]). pyarrow writes
//! nullable columns, snappy-compressed, dictionary-encoded; all of that is read here. imvo
//! writes non-nullable `DOUBLE` columns with PLAIN encoding and snappy, the codec pyarrow uses
//! by default, so the `parquet` crate is built with that codec alone.
//!
//! Bad input is an error naming the file and, for a bad cell, its row and column: a file that
//! is not Parquet, one without the `pandas` metadata (not written by pandas, so its labels are
//! unknown), a multi-level column label that is not a tuple of texts, a null or non-finite
//! number, a label that is not text or an integer.

pub mod pandas;
mod read;
mod write;

pub use read::{parse_table, parse_text_column};
pub use write::{write_table, write_text_column};
