//! The due-diligence tables in an export file (format version 3): the covenants' logs, with
//! each entry's number, time and actor (audit history survives a move, as the change log's
//! does), and the framework versions with their text. Files of versions 1 and 2 have neither.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::diligence::{DiligenceEntry, FrameworkRow};
use crate::error::Result;
use crate::{Store, time};

/// One entry of a covenant's due-diligence log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportedDiligenceEntry {
    /// Its number in the log of all covenants.
    pub seq: i64,
    /// The covenant.
    pub covenant: String,
    /// The day it happened.
    pub effective: NaiveDate,
    /// When it was stored.
    pub recorded_at: DateTime<Utc>,
    /// Who did it.
    pub actor: String,
    /// The action's name.
    pub action: String,
    /// The company it is about, if one.
    pub company: Option<String>,
    /// The year it is about, if one.
    pub year: Option<i32>,
    /// The entry.
    pub payload: serde_json::Value,
}

/// A framework version with its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportedFramework {
    /// The framework's id.
    pub framework_id: String,
    /// Its version.
    pub version: i64,
    /// The SHA-256 of its text, hex.
    pub sha256: String,
    /// The framework file's text.
    pub text: String,
    /// When it was loaded.
    pub loaded_at: DateTime<Utc>,
    /// Who loaded it.
    pub loaded_by: String,
}

impl ExportedDiligenceEntry {
    pub(super) fn from_stored(e: DiligenceEntry) -> Result<Self, serde_json::Error> {
        Ok(ExportedDiligenceEntry {
            seq: e.seq,
            covenant: e.entry.covenant,
            effective: e.entry.effective,
            recorded_at: e.recorded_at,
            actor: e.entry.actor,
            action: e.entry.action,
            company: e.entry.company,
            year: e.entry.year,
            payload: serde_json::from_str(&e.entry.payload)?,
        })
    }
}

impl Store {
    pub(super) fn decode_framework_row(&self, r: FrameworkRow) -> Result<ExportedFramework> {
        let loaded_at = time::int_to_time(r.loaded_at).ok_or_else(|| {
            self.corrupt(
                format!("framework {} version {}", r.framework_id, r.version),
                "its load time is out of range",
            )
        })?;
        Ok(ExportedFramework {
            framework_id: r.framework_id,
            version: r.version,
            sha256: r.sha256,
            text: r.text,
            loaded_at,
            loaded_by: r.loaded_by,
        })
    }
}

/// The checks import relies on: numbers 1, 2, 3 … without gaps, no blank field, each framework
/// version once. Returns the field path and problem.
pub(super) fn check(
    log: &[ExportedDiligenceEntry],
    frameworks: &[ExportedFramework],
) -> std::result::Result<(), (String, String)> {
    for (i, e) in log.iter().enumerate() {
        let at = |f: &str| format!("diligence_log[{i}].{f}");
        if e.seq != i as i64 + 1 {
            return Err((
                at("seq"),
                format!(
                    "expected {} (entries are numbered 1, 2, 3 … without gaps)",
                    i + 1
                ),
            ));
        }
        for (field, value) in [
            ("covenant", &e.covenant),
            ("actor", &e.actor),
            ("action", &e.action),
        ] {
            if value.trim().is_empty() {
                return Err((at(field), "must not be empty".into()));
            }
        }
        if time::date_to_int(e.effective).is_none() {
            return Err((at("effective"), "is outside the years 1–9999".into()));
        }
    }
    let mut seen = std::collections::HashSet::new();
    for (i, f) in frameworks.iter().enumerate() {
        let at = |field: &str| format!("frameworks[{i}].{field}");
        if !seen.insert((f.framework_id.as_str(), f.version)) {
            return Err((at("version"), "this framework version appears twice".into()));
        }
        for (field, value) in [
            ("framework_id", &f.framework_id),
            ("sha256", &f.sha256),
            ("text", &f.text),
            ("loaded_by", &f.loaded_by),
        ] {
            if value.trim().is_empty() {
                return Err((at(field), "must not be empty".into()));
            }
        }
    }
    Ok(())
}
