//! Dataset files: TOML lists of records (see data/portfolio/README.md for the format).
//!
//! Reading keeps the line of every record and every key, so a malformed dataset is refused with
//! the file, the line and the field. A dataset is only ever stored whole, after the replay of
//! the store's log plus the new records succeeded (see [`crate::load_datasets`]).

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use imvo_domain::{Change, DatePrecision, Record, Source};
use serde::Deserialize;
use toml::Spanned;

/// A dataset shipped with imvo, embedded at build time so `imvo demo` works from any directory.
#[derive(Debug, Clone, Copy)]
pub struct Embedded {
    /// The file name under data/portfolio/, used in error messages.
    pub file: &'static str,
    /// The TOML text.
    pub text: &'static str,
}

/// The state described in the letter of 10 July 2015 (Kamerstuk 26 485 nr. 212).
pub const SEED: Embedded = Embedded {
    file: "data/portfolio/seed-2015-07-10.toml",
    text: include_str!("../../../data/portfolio/seed-2015-07-10.toml"),
};

/// The covenants signed 2014–2019 and what they imply.
pub const HISTORY: Embedded = Embedded {
    file: "data/portfolio/history-2014-2019.toml",
    text: include_str!("../../../data/portfolio/history-2014-2019.toml"),
};

/// Both shipped datasets, in load order.
pub const SHIPPED: [Embedded; 2] = [SEED, HISTORY];

/// A parsed dataset: its records, each with the line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// The file it was read from (as given to the parser).
    pub file: String,
    /// The dataset's id (`[dataset] id`), used as the actor of the records it loads.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The records, in file order.
    pub records: Vec<Record>,
    /// The 1-based line of each record's `[[record]]` header.
    pub lines: Vec<usize>,
}

/// A dataset that cannot be read or applied: file, line, field and what is wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}:{line}: field `{field}`: {message}; nothing was loaded")]
pub struct DatasetError {
    /// The file.
    pub file: String,
    /// The 1-based line.
    pub line: usize,
    /// The field (a dotted path such as `agreement.owner`, or `record` for the whole record).
    pub field: String,
    /// What is wrong, and what to do.
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    dataset: RawHeader,
    #[serde(default)]
    record: Vec<Spanned<BTreeMap<Spanned<String>, Spanned<toml::Value>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    id: String,
    title: String,
    #[serde(default)]
    source: SourceDefaults,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SourceDefaults {
    document: Option<String>,
    url: Option<String>,
}

/// Byte offset → 1-based line.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// TOML dates written without quotes become strings, so `date = 2015-07-10` and
/// `date = "2015-07-10"` read the same.
fn dates_to_strings(v: toml::Value) -> toml::Value {
    match v {
        toml::Value::Datetime(d) => toml::Value::String(d.to_string()),
        toml::Value::Array(a) => toml::Value::Array(a.into_iter().map(dates_to_strings).collect()),
        toml::Value::Table(t) => toml::Value::Table(
            t.into_iter()
                .map(|(k, v)| (k, dates_to_strings(v)))
                .collect(),
        ),
        other => other,
    }
}

/// The field named in a serde message such as "missing field `x`" or "unknown field `x`".
fn field_in_message(msg: &str) -> Option<&str> {
    let start = msg.find('`')? + 1;
    let len = msg[start..].find('`')?;
    Some(&msg[start..start + len])
}

/// Parses a dataset. `file` names it in errors. Checks the form of every record (types,
/// required and unknown fields, SMART agreements); the rules of the portfolio are checked by
/// replay when it is loaded.
pub fn parse(file: &str, text: &str) -> Result<Dataset, DatasetError> {
    let err = |line: usize, field: &str, message: String| DatasetError {
        file: file.to_owned(),
        line,
        field: field.to_owned(),
        message,
    };
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(text, s.start));
        let message = e.message().trim().replace('\n', " ");
        let about_a_field = [
            "missing field",
            "unknown field",
            "invalid type",
            "unknown variant",
        ]
        .iter()
        .any(|p| message.starts_with(p));
        let field = match field_in_message(&message) {
            Some(f) if about_a_field => f.to_owned(),
            _ => "(toml syntax)".to_owned(),
        };
        err(line, &field, message)
    })?;
    let defaults = raw.dataset.source;
    let mut records = Vec::with_capacity(raw.record.len());
    let mut lines = Vec::with_capacity(raw.record.len());
    for spanned in raw.record {
        let record_line = line_of(text, spanned.span().start);
        let mut table = spanned.into_inner();
        let mut take = |key: &str| table.remove(key).map(|v| v.into_inner());

        // Record-level fields.
        let date_value = take("date");
        let precision_value = take("date_precision");
        let source_value = take("source");
        let kind_value = take("kind");
        let lines_before: BTreeMap<String, usize> = table
            .keys()
            .map(|k| (k.get_ref().clone(), line_of(text, k.span().start)))
            .collect();
        let date = match date_value.map(dates_to_strings) {
            Some(toml::Value::String(s)) => s.parse::<NaiveDate>().map_err(|e| {
                err(
                    record_line,
                    "date",
                    format!("{s:?} is not a date ({e}); write YYYY-MM-DD"),
                )
            })?,
            Some(other) => {
                return Err(err(
                    record_line,
                    "date",
                    format!("expected a date YYYY-MM-DD, found {}", other.type_str()),
                ));
            }
            None => {
                return Err(err(
                    record_line,
                    "date",
                    "missing; every record needs a date".into(),
                ));
            }
        };
        let date_precision = match precision_value {
            None => DatePrecision::Day,
            Some(v) => DatePrecision::deserialize(v).map_err(|e| {
                err(
                    record_line,
                    "date_precision",
                    format!("{e}; use day, month, season, half_year or year"),
                )
            })?,
        };
        let source = match source_value {
            None => {
                return Err(err(
                    record_line,
                    "source",
                    "missing; every record names its source (document and locator)".into(),
                ));
            }
            Some(toml::Value::Table(mut t)) => {
                if !t.contains_key("document")
                    && let Some(d) = &defaults.document
                {
                    t.insert("document".into(), toml::Value::String(d.clone()));
                }
                if !t.contains_key("url")
                    && let Some(u) = &defaults.url
                {
                    // The default URL belongs to the default document only.
                    if t.get("document").and_then(|d| d.as_str()) == defaults.document.as_deref() {
                        t.insert("url".into(), toml::Value::String(u.clone()));
                    }
                }
                let mut track = serde_path_to_error::Track::new();
                let de = serde_path_to_error::Deserializer::new(toml::Value::Table(t), &mut track);
                Source::deserialize(de).map_err(|e| {
                    let path = track.path().to_string();
                    let msg = e.to_string();
                    let field = if path == "." || path.is_empty() {
                        format!("source.{}", field_in_message(&msg).unwrap_or(""))
                    } else {
                        format!("source.{path}")
                    };
                    err(record_line, field.trim_end_matches('.'), msg)
                })?
            }
            Some(other) => {
                return Err(err(
                    record_line,
                    "source",
                    format!(
                        "expected a table {{ document = \"…\", locator = \"…\" }}, found {}",
                        other.type_str()
                    ),
                ));
            }
        };
        let kind = match kind_value {
            Some(toml::Value::String(s)) => s,
            Some(other) => {
                return Err(err(
                    record_line,
                    "kind",
                    format!("expected a string, found {}", other.type_str()),
                ));
            }
            None => {
                return Err(err(
                    record_line,
                    "kind",
                    format!("missing; use one of {}", Change::KINDS.join(", ")),
                ));
            }
        };
        let payload: toml::Table = table
            .into_iter()
            .map(|(k, v)| (k.into_inner(), dates_to_strings(v.into_inner())))
            .collect();
        let mut track = serde_path_to_error::Track::new();
        let de = serde_path_to_error::Deserializer::new(toml::Value::Table(payload), &mut track);
        let change = Change::deserialize_kind(&kind, de).map_err(|e| {
            let msg = e.to_string();
            let path = track.path().to_string();
            let (field, line) = if path == "." || path.is_empty() {
                if msg.starts_with("unknown variant") {
                    ("kind".to_owned(), record_line)
                } else {
                    let f = field_in_message(&msg).unwrap_or("record").to_owned();
                    let line = lines_before.get(&f).copied().unwrap_or(record_line);
                    (f, line)
                }
            } else {
                let top = path.split(['.', '[']).next().unwrap_or("");
                (
                    path.clone(),
                    lines_before.get(top).copied().unwrap_or(record_line),
                )
            };
            err(line, &field, msg)
        })?;
        records.push(Record {
            date,
            date_precision,
            source,
            change,
        });
        lines.push(record_line);
    }
    Ok(Dataset {
        file: file.to_owned(),
        id: raw.dataset.id,
        title: raw.dataset.title,
        records,
        lines,
    })
}

/// Reads and parses a dataset file.
pub fn read(path: &Path) -> Result<Dataset, DatasetError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| DatasetError {
        file: file.clone(),
        line: 0,
        field: "file".into(),
        message: format!("cannot read it: {e}"),
    })?;
    parse(&file, &text)
}

/// Parses a shipped dataset.
pub fn embedded(e: Embedded) -> Result<Dataset, DatasetError> {
    parse(e.file, e.text)
}
