//! The covenants' due-diligence logs and the framework versions they are scored under.
//!
//! The store keeps entries as JSON text with the columns a reader selects on (covenant,
//! company, year) and never interprets them: what an entry means, and who may read it, is the
//! use-case layer's business (`imvo_app::diligence`). The log is append-only (triggers refuse
//! updates and deletes), numbered last-plus-one under a lock like the change log, and every
//! entry carries its actor: the log is the audit history of the cycle.
//!
//! Framework versions are kept with their text so that a year can be re-scored under exactly
//! the version it names, years later; loading the same text again is a no-op, different text
//! under a loaded version is refused.

use chrono::{DateTime, NaiveDate, Utc};

use crate::error::{Fail, Result, StoreError};
use crate::{Store, time};

/// PostgreSQL: numbering is last-plus-one, so appenders queue on this lock.
const LOCK_LOG: &str = "LOCK TABLE diligence_log IN EXCLUSIVE MODE";
const LOCK_FRAMEWORKS: &str = "LOCK TABLE diligence_frameworks IN EXCLUSIVE MODE";

/// An entry to append.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDiligenceEntry {
    /// The covenant whose log it joins.
    pub covenant: String,
    /// The day it happened.
    pub effective: NaiveDate,
    /// Who did it.
    pub actor: String,
    /// The action's name (`submit`, `assess` …).
    pub action: String,
    /// The company it is about, if one.
    pub company: Option<String>,
    /// The year it is about, if one.
    pub year: Option<i32>,
    /// The entry, as JSON text.
    pub payload: String,
}

/// A stored entry.
#[derive(Debug, Clone, PartialEq)]
pub struct DiligenceEntry {
    /// Its number in the log of all covenants: 1, 2, 3 …
    pub seq: i64,
    /// When it was stored.
    pub recorded_at: DateTime<Utc>,
    /// What was appended.
    pub entry: NewDiligenceEntry,
}

#[derive(sqlx::FromRow)]
pub(crate) struct EntryRow {
    seq: i64,
    covenant_id: String,
    effective: i64,
    recorded_at: i64,
    actor: String,
    action: String,
    company_id: Option<String>,
    year: Option<i64>,
    payload: String,
}

/// A framework version as loaded.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredFramework {
    /// The framework's id.
    pub framework_id: String,
    /// Its version.
    pub version: i64,
    /// The SHA-256 of its text, hex.
    pub sha256: String,
    /// The framework file's text.
    pub text: String,
    /// Who loaded it.
    pub loaded_by: String,
}

/// A `diligence_frameworks` row with every column, for export.
#[derive(sqlx::FromRow)]
pub(crate) struct FrameworkRow {
    pub(crate) framework_id: String,
    pub(crate) version: i64,
    pub(crate) sha256: String,
    pub(crate) text: String,
    pub(crate) loaded_at: i64,
    pub(crate) loaded_by: String,
}

pub(crate) const ENTRY_COLUMNS: &str =
    "seq, covenant_id, effective, recorded_at, actor, action, company_id, year, payload";

impl Store {
    /// Appends entries of one covenant (all or none), numbered after the last one; returns
    /// their numbers. `expected_last` is the number of the covenant's last entry the caller
    /// checked the new ones against (`None`: it had none); when another writer appended to the
    /// covenant's log since, nothing is stored and the answer is [`StoreError::Conflict`], so
    /// two entries checked against the same state can never both land.
    pub async fn append_diligence(
        &self,
        entries: &[NewDiligenceEntry],
        expected_last: Option<i64>,
    ) -> Result<Vec<i64>> {
        let Some(covenant) = entries.first().map(|e| e.covenant.clone()) else {
            return Ok(Vec::new());
        };
        if entries.iter().any(|e| e.covenant != covenant) {
            return Err(StoreError::InvalidField {
                field: "covenant",
                message: "entries appended together belong to one covenant".to_owned(),
            });
        }
        for e in entries {
            for (field, value) in [
                ("covenant", e.covenant.as_str()),
                ("actor", &e.actor),
                ("action", &e.action),
                ("payload", &e.payload),
            ] {
                if value.trim().is_empty() {
                    return Err(StoreError::InvalidField {
                        field,
                        message: "is blank".to_owned(),
                    });
                }
            }
        }
        let effective: Vec<i64> = entries
            .iter()
            .map(|e| {
                time::date_to_int(e.effective).ok_or_else(|| StoreError::InvalidField {
                    field: "effective",
                    message: format!("{} is outside the years 1–9999", e.effective),
                })
            })
            .collect::<Result<_>>()?;
        const NEXT: &str = "SELECT COALESCE(MAX(seq), 0) + 1 FROM diligence_log";
        const LAST: &str = "SELECT MAX(seq) FROM diligence_log WHERE covenant_id = $1";
        const INSERT: &str = "INSERT INTO diligence_log (seq, covenant_id, effective, \
             recorded_at, actor, action, company_id, year, payload) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
        let at = time::time_to_int(time::now());
        self.run("appending to the due-diligence log", async {
            Ok(write_tx!(self, lock = LOCK_LOG, |tx| {
                let last: Option<i64> = sqlx::query_scalar(LAST)
                    .bind(&covenant)
                    .fetch_one(&mut *tx)
                    .await?;
                if last != expected_last {
                    return Err(Fail::Store(StoreError::Conflict {
                        expected: expected_last.unwrap_or(0),
                        found: last.unwrap_or(0),
                    }));
                }
                let first: i64 = sqlx::query_scalar(NEXT).fetch_one(&mut *tx).await?;
                let mut seqs = Vec::with_capacity(entries.len());
                for (i, (e, eff)) in entries.iter().zip(&effective).enumerate() {
                    let seq = first + i as i64;
                    sqlx::query(INSERT)
                        .bind(seq)
                        .bind(&e.covenant)
                        .bind(*eff)
                        .bind(at)
                        .bind(&e.actor)
                        .bind(&e.action)
                        .bind(e.company.as_deref())
                        .bind(e.year.map(i64::from))
                        .bind(&e.payload)
                        .execute(&mut *tx)
                        .await?;
                    seqs.push(seq);
                }
                seqs
            }))
        })
        .await
    }

    /// A covenant's entries, in order.
    pub async fn diligence_entries(&self, covenant: &str) -> Result<Vec<DiligenceEntry>> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM diligence_log WHERE covenant_id = $1 ORDER BY seq"
        );
        let rows = self
            .run("reading a due-diligence log", async {
                Ok(with_pool!(self, |pool| {
                    sqlx::query_as::<_, EntryRow>(sqlx::AssertSqlSafe(sql))
                        .bind(covenant)
                        .fetch_all(pool)
                        .await?
                }))
            })
            .await?;
        rows.into_iter()
            .map(|r| self.decode_diligence_entry(r))
            .collect()
    }

    /// The number of the last due-diligence entry of any covenant (0 when there is none): what
    /// a cache of anything drawn from the logs (the progress letter's paragraph on them) is
    /// keyed by, beside the change log's last number.
    pub async fn diligence_last_seq(&self) -> Result<i64> {
        const SQL: &str = "SELECT COALESCE(MAX(seq), 0) FROM diligence_log";
        self.run("reading the due-diligence log's last number", async {
            Ok(with_pool!(self, |pool| {
                sqlx::query_scalar::<_, i64>(SQL).fetch_one(pool).await?
            }))
        })
        .await
    }

    /// The covenants that have a due-diligence log, in order.
    pub async fn diligence_covenants(&self) -> Result<Vec<String>> {
        const SQL: &str = "SELECT DISTINCT covenant_id FROM diligence_log ORDER BY covenant_id";
        self.run("listing the due-diligence logs", async {
            Ok(with_pool!(self, |pool| {
                sqlx::query_scalar::<_, String>(SQL).fetch_all(pool).await?
            }))
        })
        .await
    }

    pub(crate) fn decode_diligence_entry(&self, r: EntryRow) -> Result<DiligenceEntry> {
        let what = || format!("due-diligence entry {}", r.seq);
        let effective = time::int_to_date(r.effective)
            .ok_or_else(|| self.corrupt(what(), "its date is not a yyyymmdd date"))?;
        let recorded_at = time::int_to_time(r.recorded_at)
            .ok_or_else(|| self.corrupt(what(), "its time is out of range"))?;
        let year = r
            .year
            .map(i32::try_from)
            .transpose()
            .map_err(|_| self.corrupt(what(), "its year is out of range"))?;
        Ok(DiligenceEntry {
            seq: r.seq,
            recorded_at,
            entry: NewDiligenceEntry {
                covenant: r.covenant_id,
                effective,
                actor: r.actor,
                action: r.action,
                company: r.company_id,
                year,
                payload: r.payload,
            },
        })
    }

    /// Keeps a framework version's text. Loading the same text again changes nothing and
    /// returns false; different text under a loaded version is refused (a changed framework
    /// needs a new version number); returns true when the version is new.
    pub async fn save_framework(&self, f: &StoredFramework) -> Result<bool> {
        const EXISTING: &str =
            "SELECT sha256 FROM diligence_frameworks WHERE framework_id = $1 AND version = $2";
        const INSERT: &str = "INSERT INTO diligence_frameworks \
             (framework_id, version, sha256, text, loaded_at, loaded_by) \
             VALUES ($1, $2, $3, $4, $5, $6)";
        let at = time::time_to_int(time::now());
        self.run("keeping a framework version", async {
            Ok(write_tx!(self, lock = LOCK_FRAMEWORKS, |tx| {
                let existing: Option<String> = sqlx::query_scalar(EXISTING)
                    .bind(&f.framework_id)
                    .bind(f.version)
                    .fetch_optional(&mut *tx)
                    .await?;
                match existing {
                    Some(sha) if sha == f.sha256 => false,
                    Some(_) => {
                        return Err(Fail::Store(StoreError::InvalidField {
                            field: "version",
                            message: format!(
                                "framework {} version {} is loaded already with a different text; \
                                 a changed framework needs a new version number",
                                f.framework_id, f.version
                            ),
                        }));
                    }
                    None => {
                        sqlx::query(INSERT)
                            .bind(&f.framework_id)
                            .bind(f.version)
                            .bind(&f.sha256)
                            .bind(&f.text)
                            .bind(at)
                            .bind(&f.loaded_by)
                            .execute(&mut *tx)
                            .await?;
                        true
                    }
                }
            }))
        })
        .await
    }

    /// Every framework version loaded, by id and version.
    pub async fn frameworks(&self) -> Result<Vec<StoredFramework>> {
        const SQL: &str = "SELECT framework_id, version, sha256, text, loaded_by \
             FROM diligence_frameworks ORDER BY framework_id, version";
        self.run("reading the framework versions", async {
            Ok(with_pool!(self, |pool| {
                sqlx::query_as::<_, StoredFramework>(SQL)
                    .fetch_all(pool)
                    .await?
            }))
        })
        .await
    }
}
