//! Export the whole store to one JSON file, and import such a file into an empty store.
//!
//! # The file
//!
//! ```json
//! {
//!   "format": "imvo-store-export",
//!   "format_version": 2,
//!   "schema_version": 4,
//!   "entries": [ { "seq": 1, "effective": "2015-07-10",
//!                  "recorded_at": "2026-11-25T10:00:00.123456Z", "kind": "…",
//!                  "source": "…", "actor": "…", "payload": { … } } ],
//!   "accounts": [ { "id": 1, "username": "…", "display_name": "…", "role": "admin",
//!                   "organisation_id": null, "password_hash": "$argon2id$…",
//!                   "active": true, "created_at": "…" } ],
//!   "api_tokens": [ { "id": 1, "account_id": 1, "name": "…", "token_hash": "…",
//!                     "created_at": "…", "last_used_at": null } ],
//!   "account_log": [ { "seq": 1, "at": "…", "actor": "cli:root", "action": "created",
//!                      "account_id": 1, "detail": "admin" } ],
//!   "diligence_log": [ { "seq": 1, "covenant": "textile", "effective": "2016-07-04",
//!                        "recorded_at": "…", "actor": "…", "action": "join",
//!                        "company": "…", "year": null, "payload": { … } } ],
//!   "frameworks": [ { "framework_id": "textile-covenant", "version": 1, "sha256": "…",
//!                     "text": "…", "loaded_at": "…", "loaded_by": "…" } ]
//! }
//! ```
//!
//! What is in it, and why: the change log with each record's `seq` and `recorded_at` (the
//! audit trail must survive a move, so import keeps them rather than renumbering); accounts
//! *with* their argon2 password hashes and API tokens *with* their hashes, because an export is
//! how a deployment moves from SQLite to PostgreSQL and without them every user and machine
//! client would be locked out; and the account log (who created or changed which account), which
//! is audit trail like the change log; the covenants' due-diligence logs and the framework
//! versions they are scored under (see [`diligence`]). Version 1 files (before the account log)
//! are read with an empty one, versions 1 and 2 without due-diligence logs. Hashes are not secrets in themselves, but treat the file like the
//! database: keep it private. Not in it: sessions (short-lived; everyone logs in again) and
//! failed-login records (a rate-limit window, not history).
//!
//! The output is deterministic (records by `seq`, accounts and tokens by id, fields in a fixed
//! order, no export timestamp), so export → import → export gives the same bytes, on either
//! backend. `format_version` changes only when the file's shape does; `schema_version` is the
//! exporting store's and is informational.

mod diligence;
mod transfer;

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::accounts::{self, Account, AccountEvent, ApiToken};
use crate::error::{Result, StoreError};
use crate::log::{self, Entry, NewEntry};

pub use diligence::{ExportedDiligenceEntry, ExportedFramework};

/// The `format` value of every export file.
pub const FORMAT: &str = "imvo-store-export";
/// The file shape this build writes and reads.
pub const FORMAT_VERSION: u32 = 3;

/// A whole store as one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Export {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`FORMAT_VERSION`] when written by this build.
    pub format_version: u32,
    /// The schema version of the exporting store (informational).
    pub schema_version: i64,
    /// The change log, by `seq`.
    pub entries: Vec<Entry>,
    /// The accounts, by id.
    pub accounts: Vec<Account>,
    /// The API tokens (hashes only), by id.
    pub api_tokens: Vec<ApiToken>,
    /// The account log, by `seq` (absent in version 1 files).
    #[serde(default)]
    pub account_log: Vec<AccountEvent>,
    /// The covenants' due-diligence logs, by `seq` (absent before version 3).
    #[serde(default)]
    pub diligence_log: Vec<ExportedDiligenceEntry>,
    /// The framework versions, by id and version (absent before version 3).
    #[serde(default)]
    pub frameworks: Vec<ExportedFramework>,
}

/// What an import stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportSummary {
    /// Change records.
    pub entries: usize,
    /// Accounts.
    pub accounts: usize,
    /// API tokens.
    pub api_tokens: usize,
    /// Account-log entries.
    pub account_log: usize,
    /// Due-diligence log entries.
    pub diligence_log: usize,
    /// Framework versions.
    pub frameworks: usize,
}

/// Just the header, read first so that a wrong or newer file gets a message about that rather
/// than about the first field it does not know.
#[derive(Deserialize)]
struct Header {
    format: Option<serde_json::Value>,
    format_version: Option<serde_json::Value>,
}

impl Export {
    /// The document as pretty-printed JSON with a final newline.
    pub fn to_json(&self) -> String {
        // Serialising these types cannot fail: every map key is a string.
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Parses and checks an export document. `file` names it in errors. Every error says where:
    /// the line and column for malformed JSON, the path (e.g. `entries[3].effective`) for a
    /// wrong or missing field, and what is wrong.
    pub fn from_json(text: &str, file: &str) -> Result<Export> {
        let bad = |at: String, message: String| StoreError::BadExport {
            file: file.to_owned(),
            at,
            message,
        };
        let header: Header = serde_json::from_str(text).map_err(|e| {
            bad(
                format!(" at line {} column {}", e.line(), e.column()),
                if e.is_data() {
                    format!(
                        "this is not an imvo export (not a JSON object): {}",
                        strip_position(&e)
                    )
                } else {
                    format!("this is not valid JSON: {}", strip_position(&e))
                },
            )
        })?;
        match header.format.as_ref().and_then(|v| v.as_str()) {
            Some(FORMAT) => {}
            _ => {
                return Err(bad(
                    " at field format".into(),
                    format!("this is not an imvo export (expected \"format\": \"{FORMAT}\")"),
                ));
            }
        }
        match header.format_version.as_ref().and_then(|v| v.as_u64()) {
            Some(v) if (1..=u64::from(FORMAT_VERSION)).contains(&v) => {}
            Some(v) if v > u64::from(FORMAT_VERSION) => {
                return Err(bad(
                    " at field format_version".into(),
                    format!(
                        "format version {v} was written by a newer imvo (this one reads versions \
                         1 to {FORMAT_VERSION}); import it with that version"
                    ),
                ));
            }
            _ => {
                return Err(bad(
                    " at field format_version".into(),
                    format!("expected format_version 1 to {FORMAT_VERSION}"),
                ));
            }
        }
        let mut de = serde_json::Deserializer::from_str(text);
        let export: Export = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            bad(
                format!(
                    " at line {} column {}, field {path}",
                    inner.line(),
                    inner.column()
                ),
                strip_position(&inner),
            )
        })?;
        de.end().map_err(|e| {
            bad(
                format!(" at line {} column {}", e.line(), e.column()),
                "unexpected text after the JSON document".into(),
            )
        })?;
        export
            .check()
            .map_err(|(path, message)| bad(format!(" at field {path}"), message))?;
        Ok(export)
    }

    /// Reads and checks the export file at `path`.
    pub fn read_file(path: &Path) -> Result<Export> {
        let text = std::fs::read_to_string(path).map_err(|source| StoreError::Io {
            action: "read",
            file: path.display().to_string(),
            source,
        })?;
        Export::from_json(&text, &path.display().to_string())
    }

    /// Writes the document to `path` atomically: into a temporary file beside it, flushed to
    /// disk, then renamed over `path`. A crash leaves either the old file or the new one.
    pub fn write_file(&self, path: &Path) -> Result<()> {
        write_atomically(path, self.to_json().as_bytes())
    }

    /// The checks beyond the shape: what import relies on. Returns the field path and problem.
    fn check(&self) -> std::result::Result<(), (String, String)> {
        for (i, e) in self.entries.iter().enumerate() {
            let at = |f: &str| format!("entries[{i}].{f}");
            if e.seq != i as i64 + 1 {
                return Err((
                    at("seq"),
                    format!(
                        "expected {} (records are numbered 1, 2, 3 … without gaps)",
                        i + 1
                    ),
                ));
            }
            let new = NewEntry {
                effective: e.effective,
                kind: e.kind.clone(),
                payload: serde_json::Value::Null,
                source: e.source.clone(),
                actor: e.actor.clone(),
            };
            if let Err(StoreError::InvalidEntry { field, message, .. }) = log::validate(i, &new) {
                return Err((at(field), message));
            }
        }
        let mut ids = HashSet::new();
        let mut names = HashSet::new();
        for (i, a) in self.accounts.iter().enumerate() {
            let at = |f: &str| format!("accounts[{i}].{f}");
            if a.id < 1 || !ids.insert(a.id) {
                return Err((at("id"), format!("{} is not a new positive id", a.id)));
            }
            if let Err(StoreError::InvalidField { message, .. }) =
                accounts::check_username(&a.username)
            {
                return Err((at("username"), message));
            }
            if !names.insert(a.username.as_str()) {
                return Err((at("username"), format!("{:?} appears twice", a.username)));
            }
            for (field, value) in [
                ("display_name", &a.display_name),
                ("role", &a.role),
                ("password_hash", &a.password_hash),
            ] {
                if value.trim().is_empty() {
                    return Err((at(field), "must not be empty".into()));
                }
            }
            if !accounts::ROLE_NAMES.contains(&a.role.as_str()) {
                return Err((
                    at("role"),
                    format!(
                        "{:?} is not a role: use one of {}",
                        a.role,
                        accounts::ROLE_NAMES.join(", ")
                    ),
                ));
            }
        }
        let mut token_ids = HashSet::new();
        let mut hashes = HashSet::new();
        for (i, t) in self.api_tokens.iter().enumerate() {
            let at = |f: &str| format!("api_tokens[{i}].{f}");
            if t.id < 1 || !token_ids.insert(t.id) {
                return Err((at("id"), format!("{} is not a new positive id", t.id)));
            }
            if !ids.contains(&t.account_id) {
                return Err((
                    at("account_id"),
                    format!("no account has id {}", t.account_id),
                ));
            }
            if t.token_hash.trim().is_empty() || !hashes.insert(t.token_hash.as_str()) {
                return Err((at("token_hash"), "must be non-empty and unique".into()));
            }
            if t.name.trim().is_empty() {
                return Err((at("name"), "must not be empty".into()));
            }
        }
        for (i, e) in self.account_log.iter().enumerate() {
            let at = |f: &str| format!("account_log[{i}].{f}");
            if e.seq != i as i64 + 1 {
                return Err((
                    at("seq"),
                    format!(
                        "expected {} (entries are numbered 1, 2, 3 … without gaps)",
                        i + 1
                    ),
                ));
            }
            if e.actor.trim().is_empty() {
                return Err((at("actor"), "must not be empty".into()));
            }
        }
        diligence::check(&self.diligence_log, &self.frameworks)
    }
}

/// A serde_json message without its trailing " at line L column C" (we say where ourselves).
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let file = path.display().to_string();
    let io = |action: &'static str| {
        let file = file.clone();
        move |source| StoreError::Io {
            action,
            file,
            source,
        }
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp).map_err(io("write"))?;
        f.write_all(bytes).map_err(io("write"))?;
        f.sync_all().map_err(io("write"))?;
        drop(f);
        std::fs::rename(&tmp, path).map_err(io("write (rename into place)"))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
