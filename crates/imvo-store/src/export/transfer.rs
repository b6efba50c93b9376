//! Moving a whole store out and in: [`Store::export`] reads every table in one consistent
//! snapshot, [`Store::import`] writes an [`Export`] into an empty store in one transaction.

use super::{Export, ExportedDiligenceEntry, FORMAT, FORMAT_VERSION, ImportSummary};
use crate::accounts::{
    ACCOUNT_COLUMNS, ACCOUNT_EVENT_COLUMNS, AccountEventRow, AccountRow, TOKEN_COLUMNS, TokenRow,
};
use crate::error::{Fail, Result, StoreError};
use crate::log::{self, EntryRow, NewEntry};
use crate::{Backend, SCHEMA_VERSION, Store, time};

impl Store {
    /// The whole store as one [`Export`], read in one consistent snapshot.
    pub async fn export(&self) -> Result<Export> {
        let entries_sql = "SELECT seq, effective, recorded_at, kind, source, actor, payload \
                           FROM change_log ORDER BY seq";
        let accounts_sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a ORDER BY a.id");
        let tokens_sql = format!("SELECT {TOKEN_COLUMNS} FROM api_tokens t ORDER BY t.id");
        let log_sql = format!("SELECT {ACCOUNT_EVENT_COLUMNS} FROM account_log ORDER BY seq");
        let dd_sql = format!(
            "SELECT {} FROM diligence_log ORDER BY seq",
            crate::diligence::ENTRY_COLUMNS
        );
        let fw_sql = "SELECT framework_id, version, sha256, text, loaded_at, loaded_by \
                      FROM diligence_frameworks ORDER BY framework_id, version";
        type Rows = (
            Vec<EntryRow>,
            Vec<AccountRow>,
            Vec<TokenRow>,
            Vec<AccountEventRow>,
            Vec<crate::diligence::EntryRow>,
            Vec<crate::diligence::FrameworkRow>,
        );
        let (entries, accounts, tokens, account_log, dd_log, frameworks): Rows = self
            .run("exporting", async {
                Ok(match &self.backend {
                    Backend::Sqlite(pool) => {
                        // In WAL mode a read transaction sees one snapshot throughout.
                        let mut tx = pool.begin().await?;
                        let e = sqlx::query_as(entries_sql).fetch_all(&mut *tx).await?;
                        let a = sqlx::query_as(sqlx::AssertSqlSafe(accounts_sql.as_str()))
                            .fetch_all(&mut *tx)
                            .await?;
                        let t = sqlx::query_as(sqlx::AssertSqlSafe(tokens_sql.as_str()))
                            .fetch_all(&mut *tx)
                            .await?;
                        let l = sqlx::query_as(sqlx::AssertSqlSafe(log_sql.as_str()))
                            .fetch_all(&mut *tx)
                            .await?;
                        let d = sqlx::query_as(sqlx::AssertSqlSafe(dd_sql.as_str()))
                            .fetch_all(&mut *tx)
                            .await?;
                        let f = sqlx::query_as(fw_sql).fetch_all(&mut *tx).await?;
                        tx.commit().await?;
                        (e, a, t, l, d, f)
                    }
                    Backend::Postgres(pool) => {
                        let mut tx = pool
                            .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                            .await?;
                        let e = sqlx::query_as(entries_sql).fetch_all(&mut *tx).await?;
                        let a = sqlx::query_as(sqlx::AssertSqlSafe(accounts_sql.as_str()))
                            .fetch_all(&mut *tx)
                            .await?;
                        let t = sqlx::query_as(sqlx::AssertSqlSafe(tokens_sql.as_str()))
                            .fetch_all(&mut *tx)
                            .await?;
                        let l = sqlx::query_as(sqlx::AssertSqlSafe(log_sql.as_str()))
                            .fetch_all(&mut *tx)
                            .await?;
                        let d = sqlx::query_as(sqlx::AssertSqlSafe(dd_sql.as_str()))
                            .fetch_all(&mut *tx)
                            .await?;
                        let f = sqlx::query_as(fw_sql).fetch_all(&mut *tx).await?;
                        tx.commit().await?;
                        (e, a, t, l, d, f)
                    }
                })
            })
            .await?;
        Ok(Export {
            format: FORMAT.to_owned(),
            format_version: FORMAT_VERSION,
            schema_version: SCHEMA_VERSION,
            entries: self.decode_entries(entries)?,
            accounts: accounts
                .into_iter()
                .map(|r| self.decode_account(r))
                .collect::<Result<_>>()?,
            api_tokens: tokens
                .into_iter()
                .map(|r| self.decode_token(r))
                .collect::<Result<_>>()?,
            account_log: account_log
                .into_iter()
                .map(|r| self.decode_account_event(r))
                .collect::<Result<_>>()?,
            diligence_log: dd_log
                .into_iter()
                .map(|r| {
                    let e = self.decode_diligence_entry(r)?;
                    let seq = e.seq;
                    ExportedDiligenceEntry::from_stored(e).map_err(|err| {
                        self.corrupt(
                            format!("due-diligence entry {seq}"),
                            format!("its payload is not JSON: {err}"),
                        )
                    })
                })
                .collect::<Result<_>>()?,
            frameworks: frameworks
                .into_iter()
                .map(|r| self.decode_framework_row(r))
                .collect::<Result<_>>()?,
        })
    }

    /// Imports `export` into this store, which must be empty (no change records, no accounts);
    /// otherwise [`StoreError::NotEmpty`]. One transaction: all or nothing. Records keep their
    /// `seq` and `recorded_at`, accounts and tokens their ids.
    pub async fn import(&self, export: &Export) -> Result<ImportSummary> {
        export
            .check()
            .map_err(|(path, message)| StoreError::BadExport {
                file: "<input>".into(),
                at: format!(" at field {path}"),
                message,
            })?;
        let mut entry_rows = Vec::with_capacity(export.entries.len());
        for (i, e) in export.entries.iter().enumerate() {
            let new = NewEntry {
                effective: e.effective,
                kind: e.kind.clone(),
                payload: e.payload.clone(),
                source: e.source.clone(),
                actor: e.actor.clone(),
            };
            entry_rows.push(log::validate(i, &new)?);
        }
        let dd_effective: Vec<i64> = export
            .diligence_log
            .iter()
            .map(|e| time::date_to_int(e.effective).unwrap_or_default())
            .collect();
        const COUNT_ENTRIES: &str = "SELECT COUNT(*) FROM change_log";
        const COUNT_ACCOUNTS: &str = "SELECT COUNT(*) FROM accounts";
        const INSERT_ENTRY: &str = "INSERT INTO change_log \
             (seq, effective, recorded_at, kind, source, actor, payload) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)";
        const INSERT_ACCOUNT: &str = "INSERT INTO accounts (id, username, display_name, role, \
             organisation_id, password_hash, active, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
        const INSERT_TOKEN: &str = "INSERT INTO api_tokens \
             (id, token_hash, account_id, name, created_at, last_used_at) \
             VALUES ($1, $2, $3, $4, $5, $6)";
        const INSERT_LOG: &str = "INSERT INTO account_log \
             (seq, at, actor, action, account_id, detail) VALUES ($1, $2, $3, $4, $5, $6)";
        const INSERT_DD: &str = "INSERT INTO diligence_log (seq, covenant_id, effective, \
             recorded_at, actor, action, company_id, year, payload) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
        const INSERT_FW: &str = "INSERT INTO diligence_frameworks \
             (framework_id, version, sha256, text, loaded_at, loaded_by) \
             VALUES ($1, $2, $3, $4, $5, $6)";
        const COUNT_DD: &str = "SELECT COUNT(*) FROM diligence_log";
        const LOCK_ALL: &str = "LOCK TABLE change_log IN EXCLUSIVE MODE; \
             LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE; \
             LOCK TABLE api_tokens IN SHARE ROW EXCLUSIVE MODE; \
             LOCK TABLE account_log IN SHARE ROW EXCLUSIVE MODE; \
             LOCK TABLE diligence_log IN EXCLUSIVE MODE; \
             LOCK TABLE diligence_frameworks IN EXCLUSIVE MODE";
        self.run("importing", async {
            write_tx!(self, lock = LOCK_ALL, |tx| {
                let entries: i64 = sqlx::query_scalar(COUNT_ENTRIES)
                    .fetch_one(&mut *tx)
                    .await?;
                let accounts: i64 = sqlx::query_scalar(COUNT_ACCOUNTS)
                    .fetch_one(&mut *tx)
                    .await?;
                let dd: i64 = sqlx::query_scalar(COUNT_DD).fetch_one(&mut *tx).await?;
                if entries > 0 || accounts > 0 || dd > 0 {
                    return Err(Fail::Store(StoreError::NotEmpty {
                        location: self.location.clone(),
                        entries,
                        accounts,
                    }));
                }
                for (e, (effective, payload)) in export.entries.iter().zip(&entry_rows) {
                    sqlx::query(INSERT_ENTRY)
                        .bind(e.seq)
                        .bind(*effective)
                        .bind(time::time_to_int(e.recorded_at))
                        .bind(&e.kind)
                        .bind(&e.source)
                        .bind(&e.actor)
                        .bind(payload)
                        .execute(&mut *tx)
                        .await?;
                }
                for a in &export.accounts {
                    sqlx::query(INSERT_ACCOUNT)
                        .bind(a.id)
                        .bind(&a.username)
                        .bind(&a.display_name)
                        .bind(&a.role)
                        .bind(a.organisation_id.as_deref())
                        .bind(&a.password_hash)
                        .bind(a.active)
                        .bind(time::time_to_int(a.created_at))
                        .execute(&mut *tx)
                        .await?;
                }
                for t in &export.api_tokens {
                    sqlx::query(INSERT_TOKEN)
                        .bind(t.id)
                        .bind(&t.token_hash)
                        .bind(t.account_id)
                        .bind(&t.name)
                        .bind(time::time_to_int(t.created_at))
                        .bind(t.last_used_at.map(time::time_to_int))
                        .execute(&mut *tx)
                        .await?;
                }
                for e in &export.account_log {
                    sqlx::query(INSERT_LOG)
                        .bind(e.seq)
                        .bind(time::time_to_int(e.at))
                        .bind(&e.actor)
                        .bind(e.action.as_str())
                        .bind(e.account_id)
                        .bind(&e.detail)
                        .execute(&mut *tx)
                        .await?;
                }
                for (e, effective) in export.diligence_log.iter().zip(&dd_effective) {
                    sqlx::query(INSERT_DD)
                        .bind(e.seq)
                        .bind(&e.covenant)
                        .bind(*effective)
                        .bind(time::time_to_int(e.recorded_at))
                        .bind(&e.actor)
                        .bind(&e.action)
                        .bind(e.company.as_deref())
                        .bind(e.year.map(i64::from))
                        .bind(e.payload.to_string())
                        .execute(&mut *tx)
                        .await?;
                }
                for f in &export.frameworks {
                    sqlx::query(INSERT_FW)
                        .bind(&f.framework_id)
                        .bind(f.version)
                        .bind(&f.sha256)
                        .bind(&f.text)
                        .bind(time::time_to_int(f.loaded_at))
                        .bind(&f.loaded_by)
                        .execute(&mut *tx)
                        .await?;
                }
            });
            Ok(())
        })
        .await?;
        Ok(ImportSummary {
            entries: export.entries.len(),
            accounts: export.accounts.len(),
            api_tokens: export.api_tokens.len(),
            account_log: export.account_log.len(),
            diligence_log: export.diligence_log.len(),
            frameworks: export.frameworks.len(),
        })
    }
}
