//! The `pandas` key of a Parquet file's metadata, which pandas (through pyarrow) writes and
//! reads to restore a `DataFrame`'s index and column labels, and the Python tuple literals it
//! uses as the field names of multi-level columns.
//!
//! pyarrow stores a `DataFrame` as one Parquet column per `DataFrame` column, then one per
//! index level. A column label that is a tuple (a `MultiIndex` column) becomes the field name
//! `str(tuple)`, e.g. `('reg1', 'food')`, and `pd.read_parquet` turns it back with
//! `ast.literal_eval` when `column_indexes` has more than one level. Index levels without a
//! name are stored as `__index_level_<i>__`; a `RangeIndex` is not stored at all but
//! described (`{"kind": "range", …}`).

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The JSON under the `pandas` key (the parts a reader needs; the rest is ignored).
#[derive(Debug, Clone, Deserialize)]
pub struct PandasMeta {
    /// Field names of the index columns, or descriptions of a `RangeIndex`.
    #[serde(default)]
    pub index_columns: Vec<Value>,
    /// One entry per level of the column index.
    #[serde(default)]
    pub column_indexes: Vec<ColumnIndex>,
    /// One entry per stored column (values and index levels).
    #[serde(default)]
    pub columns: Vec<ColumnMeta>,
}

/// A level of the column index.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ColumnIndex {
    /// The level's name (`region`), `null` when unnamed.
    #[serde(default)]
    pub name: Value,
}

/// A stored column.
#[derive(Debug, Clone, Deserialize)]
pub struct ColumnMeta {
    /// The pandas label: the column label (as text for tuples) or the index level's name.
    #[serde(default)]
    pub name: Value,
    /// The Parquet field name, when it differs from `name` (unnamed index levels).
    #[serde(default)]
    pub field_name: Option<String>,
}

/// A `RangeIndex` stored as a description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RangeIndex {
    /// First value.
    pub start: i64,
    /// Step between values.
    pub step: i64,
}

/// What an entry of `index_columns` stands for.
#[derive(Debug, Clone, PartialEq)]
pub enum IndexColumn {
    /// A stored column with this field name.
    Field(String),
    /// A range, with the level's name.
    Range(RangeIndex, Option<String>),
}

impl PandasMeta {
    /// Interprets `index_columns`; `None` for an entry that is neither a field name nor a range.
    pub fn index_columns(&self) -> Option<Vec<IndexColumn>> {
        self.index_columns
            .iter()
            .map(|v| match v {
                Value::String(s) => Some(IndexColumn::Field(s.clone())),
                Value::Object(o) if o.get("kind").and_then(Value::as_str) == Some("range") => {
                    let int = |k: &str, d: i64| o.get(k).map_or(Some(d), Value::as_i64);
                    Some(IndexColumn::Range(
                        RangeIndex {
                            start: int("start", 0)?,
                            step: int("step", 1)?,
                        },
                        o.get("name").and_then(Value::as_str).map(str::to_string),
                    ))
                }
                _ => None,
            })
            .collect()
    }

    /// The pandas label of the stored column `field` (its `name`), if described.
    pub fn label_of(&self, field: &str) -> Option<&Value> {
        self.columns
            .iter()
            .find(|c| {
                c.field_name
                    .as_deref()
                    .unwrap_or_else(|| c.name.as_str().unwrap_or(""))
                    == field
            })
            .map(|c| &c.name)
    }
}

/// Parses a Python tuple literal of string literals (`('reg1', 'food')`, `("it's", 'x')`), as
/// `ast.literal_eval` does for what `str(tuple_of_str)` prints. `None` when the text is not
/// such a tuple.
pub fn parse_tuple(text: &str) -> Option<Vec<String>> {
    let s = text.trim();
    let inner = s.strip_prefix('(')?.strip_suffix(')')?;
    let mut chars = inner.chars().peekable();
    let mut out = Vec::new();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(quote) = chars.next() else {
            break;
        };
        if quote != '\'' && quote != '"' {
            return None;
        }
        let mut item = String::new();
        loop {
            match chars.next()? {
                c if c == quote => break,
                '\\' => item.push(unescape(&mut chars)?),
                c => item.push(c),
            }
        }
        out.push(item);
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        match chars.next() {
            Some(',') => {}
            None => break,
            Some(_) => return None,
        }
    }
    // `('a')` is a parenthesised string in Python, not a tuple.
    let single_without_comma = out.len() == 1 && !inner.trim_end().ends_with(',');
    (!out.is_empty() && !single_without_comma).then_some(out)
}

fn unescape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<char> {
    let hex = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>, n: usize| {
        let digits: String = (0..n).map(|_| chars.next()).collect::<Option<_>>()?;
        char::from_u32(u32::from_str_radix(&digits, 16).ok()?)
    };
    Some(match chars.next()? {
        'n' => '\n',
        't' => '\t',
        'r' => '\r',
        '0' => '\0',
        'a' => '\u{7}',
        'b' => '\u{8}',
        'f' => '\u{c}',
        'v' => '\u{b}',
        'x' => hex(chars, 2)?,
        'u' => hex(chars, 4)?,
        'U' => hex(chars, 8)?,
        c @ ('\\' | '\'' | '"') => c,
        _ => return None,
    })
}

/// `repr(s)` as Python writes it: single quotes unless the text holds a single quote and no
/// double quote; backslash, the quote and control characters escaped.
pub fn python_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || (0x7f..0xa0).contains(&(c as u32)) => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// `str(tuple(labels))` as Python prints it (`('reg1', 'food')`; one label: `('a',)`).
pub fn python_tuple(labels: &[&str]) -> String {
    let items: Vec<String> = labels.iter().map(|l| python_repr(l)).collect();
    if items.len() == 1 {
        format!("({},)", items[0])
    } else {
        format!("({})", items.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tuples_round_trip_through_python_syntax() {
        for labels in [
            vec!["reg1", "food"],
            vec!["it's", "say \"hi\""],
            vec!["back\\slash", "tab\there", "new\nline", "é ü 中"],
            vec!["both ' and \"", ""],
            vec!["one"],
        ] {
            let text = python_tuple(&labels);
            assert_eq!(parse_tuple(&text).unwrap(), labels, "{text}");
        }
        assert_eq!(python_tuple(&["it's", "x"]), "(\"it's\", 'x')");
        assert_eq!(
            parse_tuple("('a', \"b\", '\\x41\\u00e9')").unwrap(),
            ["a", "b", "Aé"]
        );
        for bad in [
            "",
            "('a'",
            "('a')",
            "(1, 2)",
            "('a' 'b')",
            "('a\\q',)",
            "plain",
        ] {
            assert!(parse_tuple(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn index_columns_are_fields_or_ranges() {
        let m: PandasMeta = serde_json::from_str(
            r#"{"index_columns": ["region", {"kind": "range", "name": null, "start": 0,
                 "stop": 3, "step": 1}], "column_indexes": [], "columns": []}"#,
        )
        .unwrap();
        assert_eq!(
            m.index_columns().unwrap(),
            [
                IndexColumn::Field("region".into()),
                IndexColumn::Range(RangeIndex { start: 0, step: 1 }, None)
            ]
        );
    }
}
