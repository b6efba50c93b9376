//! The change log: append-only records of every change (who, when, what, source), and the
//! queries the domain replays them with ("as of" a date, between two dates, after a sequence
//! number) plus the audit listing.
//!
//! There is no update and no delete, in the API or in the database (triggers refuse them). A
//! correction is a new record whose payload says what it corrects.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Fail, Result, StoreError};
use crate::{Store, time};

/// A change to record. The store validates only what it needs (non-empty kind, source, actor;
/// an effective year from 1 to 9999); the domain validates the payload before appending.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewEntry {
    /// The date from which the change holds in the world (not when it was recorded).
    pub effective: NaiveDate,
    /// What kind of change this is, in the domain's vocabulary (e.g. `phase_changed`).
    pub kind: String,
    /// The change itself.
    pub payload: serde_json::Value,
    /// Where the fact comes from: a document and paragraph, a URL, a form.
    pub source: String,
    /// Who recorded it: an account's username, or a loader such as `dataset:seed-2015`.
    pub actor: String,
}

/// A stored change record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Position in the log: 1, 2, 3 … in commit order, without gaps.
    pub seq: i64,
    /// The date from which the change holds.
    pub effective: NaiveDate,
    /// When the store recorded it (UTC, whole microseconds).
    pub recorded_at: DateTime<Utc>,
    /// What kind of change.
    pub kind: String,
    /// Where the fact comes from.
    pub source: String,
    /// Who recorded it.
    pub actor: String,
    /// The change itself.
    pub payload: serde_json::Value,
}

/// Filters for [`Store::audit_log`]. The default lists everything, newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// Only records by this actor.
    pub actor: Option<String>,
    /// Only records recorded at or after this moment.
    pub recorded_from: Option<DateTime<Utc>>,
    /// Only records recorded before this moment.
    pub recorded_before: Option<DateTime<Utc>>,
    /// At most this many records (the newest).
    pub limit: Option<i64>,
}

/// A stored change record as its reader decodes it: the payload as the JSON text it is stored
/// as. A replay decodes that text straight into its own types; going through [`Entry`] would
/// parse it twice (into a `serde_json::Value`, then from it) and copy it once more.
#[derive(Debug, Clone, PartialEq)]
pub struct RawEntry {
    /// Position in the log.
    pub seq: i64,
    /// The date from which the change holds.
    pub effective: NaiveDate,
    /// What kind of change.
    pub kind: String,
    /// The change itself, as JSON text.
    pub payload: String,
}

/// A change-log row as read: seq, effective, recorded_at, kind, source, actor, payload.
pub(crate) type EntryRow = (i64, i64, i64, String, String, String, String);

/// The columns of [`EntryRow`], for SELECTs.
const COLUMNS: &str = "seq, effective, recorded_at, kind, source, actor, payload";

impl Store {
    /// Appends `batch` in one transaction and returns the stored records (with their `seq` and
    /// `recorded_at`). Either every record is stored or none is. An empty batch stores nothing.
    pub async fn append(&self, batch: &[NewEntry]) -> Result<Vec<Entry>> {
        self.append_checked(None, batch).await
    }

    /// Like [`Store::append`], but only when the log still ends at `expected_last_seq` (0 for
    /// an empty log); otherwise nothing is stored and [`StoreError::Conflict`] is returned.
    /// For a caller that validated the batch by replaying the log up to that record: it
    /// reloads and validates again on conflict, so no two writers validate against a stale log.
    pub async fn append_after(
        &self,
        expected_last_seq: i64,
        batch: &[NewEntry],
    ) -> Result<Vec<Entry>> {
        self.append_checked(Some(expected_last_seq), batch).await
    }

    async fn append_checked(
        &self,
        expected: Option<i64>,
        batch: &[NewEntry],
    ) -> Result<Vec<Entry>> {
        let mut rows = Vec::with_capacity(batch.len());
        for (index, e) in batch.iter().enumerate() {
            rows.push(validate(index, e)?);
        }
        const LAST: &str = "SELECT COALESCE(MAX(seq), 0) FROM change_log";
        const INSERT: &str = "INSERT INTO change_log \
             (seq, effective, recorded_at, kind, source, actor, payload) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)";
        self.run("appending to the change log", async {
            Ok(write_tx!(
                self,
                lock = "LOCK TABLE change_log IN EXCLUSIVE MODE",
                |tx| {
                    let last: i64 = sqlx::query_scalar(LAST).fetch_one(&mut *tx).await?;
                    if let Some(expected) = expected
                        && expected != last
                    {
                        return Err(Fail::Store(StoreError::Conflict {
                            expected,
                            found: last,
                        }));
                    }
                    // Taken under the lock, so recorded_at never goes backwards along seq unless
                    // the clock itself does.
                    let recorded_at = time::now();
                    let mut out = Vec::with_capacity(rows.len());
                    for (i, (effective, payload)) in rows.iter().enumerate() {
                        let e = &batch[i];
                        let seq = last + 1 + i as i64;
                        sqlx::query(INSERT)
                            .bind(seq)
                            .bind(*effective)
                            .bind(time::time_to_int(recorded_at))
                            .bind(&e.kind)
                            .bind(&e.source)
                            .bind(&e.actor)
                            .bind(payload)
                            .execute(&mut *tx)
                            .await?;
                        out.push(Entry {
                            seq,
                            effective: e.effective,
                            recorded_at,
                            kind: e.kind.clone(),
                            source: e.source.clone(),
                            actor: e.actor.clone(),
                            payload: e.payload.clone(),
                        });
                    }
                    out
                }
            ))
        })
        .await
    }

    /// Every record that holds on `until` (effective on or before it; all when `None`), in
    /// replay order: by effective date, then by `seq`.
    pub async fn entries(&self, until: Option<NaiveDate>) -> Result<Vec<Entry>> {
        self.entries_between(None, until).await
    }

    /// Records effective after `after` (exclusive) and on or before `until` (inclusive), in
    /// replay order; `None` leaves that side open. For "changes since DATE" in the letter.
    pub async fn entries_between(
        &self,
        after: Option<NaiveDate>,
        until: Option<NaiveDate>,
    ) -> Result<Vec<Entry>> {
        let after = after.map(date_bound);
        let until = until.map(date_bound);
        let sql = format!(
            "SELECT {COLUMNS} FROM change_log \
             WHERE ($1 IS NULL OR effective > $1) AND ($2 IS NULL OR effective <= $2) \
             ORDER BY effective, seq"
        );
        let rows = self
            .run("reading the change log", async {
                Ok(with_pool!(self, |pool| {
                    sqlx::query_as::<_, EntryRow>(sqlx::AssertSqlSafe(sql))
                        .bind(after)
                        .bind(until)
                        .fetch_all(pool)
                        .await?
                }))
            })
            .await?;
        self.decode_entries(rows)
    }

    /// [`Store::entries_between`] with each payload left as its JSON text, and only the
    /// columns a replay needs, for records with `seq` up to `max_seq`.
    pub async fn raw_entries_between(
        &self,
        after: Option<NaiveDate>,
        until: Option<NaiveDate>,
        max_seq: i64,
    ) -> Result<Vec<RawEntry>> {
        // Open sides are bound as the widest bounds rather than NULL: with `$1 IS NULL OR …`
        // SQLite walks the whole date index (75 ms at a million records) even for the few
        // records after a snapshot late in the log.
        const SQL: &str = "SELECT seq, effective, kind, payload FROM change_log \
             WHERE effective > $1 AND effective <= $2 AND seq <= $3 \
             ORDER BY effective, seq";
        let after = after.map_or(i64::MIN, date_bound);
        let until = until.map_or(i64::MAX, date_bound);
        let rows = self
            .run("reading the change log", async {
                Ok(with_pool!(self, |pool| {
                    sqlx::query_as::<_, (i64, i64, String, String)>(SQL)
                        .bind(after)
                        .bind(until)
                        .bind(max_seq)
                        .fetch_all(pool)
                        .await?
                }))
            })
            .await?;
        rows.into_iter()
            .map(|(seq, effective, kind, payload)| {
                let effective = time::int_to_date(effective).ok_or_else(|| {
                    self.corrupt(
                        format!("change record {seq}"),
                        format!("effective {effective} is not a yyyymmdd date"),
                    )
                })?;
                Ok(RawEntry {
                    seq,
                    effective,
                    kind,
                    payload,
                })
            })
            .collect()
    }

    /// Records with `seq` greater than `seq`, in `seq` order: what was appended since a caller
    /// last looked (pair with [`Store::last_seq`] to update a cached replay).
    pub async fn entries_after_seq(&self, seq: i64) -> Result<Vec<Entry>> {
        let sql = format!("SELECT {COLUMNS} FROM change_log WHERE seq > $1 ORDER BY seq");
        let rows = self
            .run("reading the change log", async {
                Ok(with_pool!(self, |pool| {
                    sqlx::query_as::<_, EntryRow>(sqlx::AssertSqlSafe(sql))
                        .bind(seq)
                        .fetch_all(pool)
                        .await?
                }))
            })
            .await?;
        self.decode_entries(rows)
    }

    /// The `seq` of the last record, 0 when the log is empty. One index lookup: cheap enough
    /// to call per request and use as a cache key for replays.
    pub async fn last_seq(&self) -> Result<i64> {
        const SQL: &str = "SELECT COALESCE(MAX(seq), 0) FROM change_log";
        self.run("reading the change log", async {
            Ok(with_pool!(self, |pool| sqlx::query_scalar::<_, i64>(SQL)
                .fetch_one(pool)
                .await?))
        })
        .await
    }

    /// The audit listing: records by the moment they were recorded, newest first, with who
    /// recorded them, filtered by `query`.
    pub async fn audit_log(&self, query: &AuditQuery) -> Result<Vec<Entry>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM change_log \
             WHERE ($1 IS NULL OR actor = $1) \
               AND ($2 IS NULL OR recorded_at >= $2) \
               AND ($3 IS NULL OR recorded_at < $3) \
             ORDER BY recorded_at DESC, seq DESC \
             LIMIT $4"
        );
        let from = query.recorded_from.map(time::time_to_int);
        let before = query.recorded_before.map(time::time_to_int);
        let limit = query.limit.unwrap_or(i64::MAX).max(0);
        let rows = self
            .run("reading the audit log", async {
                Ok(with_pool!(self, |pool| {
                    sqlx::query_as::<_, EntryRow>(sqlx::AssertSqlSafe(sql))
                        .bind(query.actor.as_deref())
                        .bind(from)
                        .bind(before)
                        .bind(limit)
                        .fetch_all(pool)
                        .await?
                }))
            })
            .await?;
        self.decode_entries(rows)
    }

    /// Rows to entries; a row that does not decode is reported as corrupt.
    pub(crate) fn decode_entries(&self, rows: Vec<EntryRow>) -> Result<Vec<Entry>> {
        rows.into_iter().map(|row| self.decode_entry(row)).collect()
    }

    fn decode_entry(&self, row: EntryRow) -> Result<Entry> {
        let (seq, effective, recorded_at, kind, source, actor, payload) = row;
        let what = || format!("change record {seq}");
        Ok(Entry {
            seq,
            effective: time::int_to_date(effective).ok_or_else(|| {
                self.corrupt(
                    what(),
                    format!("effective {effective} is not a yyyymmdd date"),
                )
            })?,
            recorded_at: time::int_to_time(recorded_at).ok_or_else(|| {
                self.corrupt(what(), format!("recorded_at {recorded_at} is out of range"))
            })?,
            kind,
            source,
            actor,
            payload: serde_json::from_str(&payload)
                .map_err(|e| self.corrupt(what(), format!("payload is not JSON: {e}")))?,
        })
    }
}

/// The stored form of a date for a comparison. Dates outside the storable years compare as
/// below or above every stored date, which is what both `after` and `until` need.
pub(crate) fn date_bound(d: NaiveDate) -> i64 {
    use chrono::Datelike;
    match time::date_to_int(d) {
        Some(v) => v,
        None if d.year() < *time::YEARS.start() => i64::MIN,
        None => i64::MAX,
    }
}

/// Checks one new record; returns its stored effective date and payload text.
pub(crate) fn validate(index: usize, e: &NewEntry) -> Result<(i64, String)> {
    let invalid = |field, message: &str| StoreError::InvalidEntry {
        index,
        field,
        message: message.to_owned(),
    };
    let effective = time::date_to_int(e.effective)
        .ok_or_else(|| invalid("effective", "the year must be between 1 and 9999"))?;
    for (field, value) in [
        ("kind", &e.kind),
        ("source", &e.source),
        ("actor", &e.actor),
    ] {
        if value.trim().is_empty() {
            return Err(invalid(field, "must not be empty"));
        }
    }
    let payload = serde_json::to_string(&e.payload)
        .map_err(|err| invalid("payload", &format!("cannot be written as JSON: {err}")))?;
    Ok((effective, payload))
}
