//! `metadata.json` as pymrio 0.7 writes it (`MRIOMetaData.save`), in all its variants.
//!
//! pymrio keeps five keys — `description`, `name`, `system`, `version`, `history` — and adds
//! more when asked (`year`, `price` through `IOSystem(meta=…)`, anything through
//! `change_meta`). A system built in memory and saved has `null` for `system` and `version`
//! (they default to `None`); `version` is documented as "str, int, float" and is written as a
//! JSON number when given as one; `name` can be any JSON value `MRIOMetaData` was given. All
//! of these are accepted here: `null` is "not given", a number or boolean is kept as its JSON
//! text. Only a file that is not a JSON object, or a `history` that is not a list, is refused.

use serde::{Deserialize, Deserializer, Serialize};

/// The contents of `metadata.json`: what the system is and what was done to it.
///
/// Unknown keys are kept in `extra` so that a read–write round trip loses nothing. `system`
/// and `version` are `None` where pymrio wrote `null`, and are written back as `null`; a
/// numeric `version` (pymrio accepts `3.5`) is read as its text and written back as a string.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    /// Free text; generated systems say "synthetic" here. Empty when the file has `null`.
    #[serde(default, deserialize_with = "text")]
    pub description: String,
    /// Short name of the system (pymrio's `name`). Empty when the file has `null`.
    #[serde(default, deserialize_with = "text")]
    pub name: String,
    /// `ixi`, `pxp` or another classification tag; `None` when not given (`null`).
    #[serde(default, deserialize_with = "optional_text")]
    pub system: Option<String>,
    /// Version of the data; `None` when not given (`null`).
    #[serde(default, deserialize_with = "optional_text")]
    pub version: Option<String>,
    /// Log lines, newest first, as pymrio keeps them.
    #[serde(default, deserialize_with = "history")]
    pub history: Vec<String>,
    /// Any other keys of the file.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A JSON value as text: a string as it is, `null` as `None`, anything else as its JSON text
/// (pymrio writes what Python gave it: `7`, `3.5`, `true`).
pub(crate) fn value_text(v: serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s),
        other => Some(other.to_string()),
    }
}

fn optional_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(value_text(serde_json::Value::deserialize(d)?))
}

fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(optional_text(d)?.unwrap_or_default())
}

fn history<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::Null => Ok(Vec::new()),
        serde_json::Value::Array(items) => Ok(items.into_iter().filter_map(value_text).collect()),
        other => Err(serde::de::Error::custom(format!(
            "\"history\" must be a list of log lines, found {other}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_pymrio_writes_for_a_system_built_in_memory() {
        let m: Metadata = serde_json::from_str(
            r#"{"description": "Metadata for pymrio", "name": "IO", "system": null,
                "version": null, "history": ["20261201 17:07:14 - FILEIO -  Saved IO to x"]}"#,
        )
        .unwrap();
        assert_eq!((m.system.as_deref(), m.version.as_deref()), (None, None));
        assert_eq!(m.history.len(), 1);
        let back = serde_json::to_value(&m).unwrap();
        assert_eq!(back["system"], serde_json::Value::Null);
        assert_eq!(back["version"], serde_json::Value::Null);
    }

    #[test]
    fn numbers_nulls_and_missing_keys_are_accepted() {
        let m: Metadata =
            serde_json::from_str(r#"{"name": null, "version": 3.5, "year": 2011}"#).unwrap();
        assert_eq!(m.name, "");
        assert_eq!(m.version.as_deref(), Some("3.5"));
        assert_eq!(m.extra["year"], 2011);
        assert!(m.history.is_empty() && m.description.is_empty());
        let m: Metadata = serde_json::from_str(r#"{"name": 7, "history": null}"#).unwrap();
        assert_eq!(m.name, "7");
        assert!(serde_json::from_str::<Metadata>(r#"{"history": "no list"}"#).is_err());
        assert!(serde_json::from_str::<Metadata>("[1, 2]").is_err());
    }
}
