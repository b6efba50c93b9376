//! The `api_tokens` table: tokens of machine clients, stored by their hash.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::account::{ACCOUNT_COLUMNS, Account, AccountRow};
use super::log::AccountAction;
use super::{LOCK_TOKENS, invalid, no_account, require};
use crate::error::{Fail, Result};
use crate::{Store, time};

/// An API token for machine clients. The client holds the token; the store only its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiToken {
    /// Assigned by the store: 1, 2, 3 …
    pub id: i64,
    /// Whose token.
    pub account_id: i64,
    /// A label the owner chose ("ci", "dashboard export").
    pub name: String,
    /// The hash of the token.
    pub token_hash: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was last used, as reported by [`Store::touch_api_token`].
    pub last_used_at: Option<DateTime<Utc>>,
}

/// An API token to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApiToken {
    /// Whose token.
    pub account_id: i64,
    /// A label; non-empty.
    pub name: String,
    /// The hash of the token; non-empty and unique.
    pub token_hash: String,
}

/// An `api_tokens` row as read with [`TOKEN_COLUMNS`].
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct TokenRow {
    /// Renamed: a joined account has an `id` of its own.
    #[sqlx(rename = "token_id")]
    id: i64,
    account_id: i64,
    name: String,
    token_hash: String,
    /// Renamed: a joined account has a `created_at` of its own.
    #[sqlx(rename = "token_created_at")]
    created_at: i64,
    last_used_at: Option<i64>,
}

/// The columns of [`TokenRow`], from the table aliased `t`.
pub(crate) const TOKEN_COLUMNS: &str = "t.id AS token_id, t.account_id, t.name, t.token_hash, \
                                        t.created_at AS token_created_at, t.last_used_at";

/// A token with its account, as the token check reads them in one query.
#[derive(Debug, sqlx::FromRow)]
struct TokenAccountRow {
    #[sqlx(flatten)]
    token: TokenRow,
    #[sqlx(flatten)]
    account: AccountRow,
}

impl Store {
    /// Stores a new API token for an existing account; `actor` goes into the account log.
    pub async fn create_api_token(&self, new: &NewApiToken, actor: &str) -> Result<ApiToken> {
        require("actor", actor)?;
        require("name", &new.name)?;
        require("token_hash", &new.token_hash)?;
        const EXISTS: &str = "SELECT COUNT(*) FROM accounts WHERE id = $1";
        const DUPLICATE: &str = "SELECT COUNT(*) FROM api_tokens WHERE token_hash = $1";
        const NEXT: &str = "SELECT COALESCE(MAX(id), 0) + 1 FROM api_tokens";
        const INSERT: &str = "INSERT INTO api_tokens \
             (id, token_hash, account_id, name, created_at, last_used_at) \
             VALUES ($1, $2, $3, $4, $5, NULL)";
        let created_at = time::now();
        let id = self
            .run("creating an API token", async {
                Ok(write_tx!(self, lock = LOCK_TOKENS, |tx| {
                    let n: i64 = sqlx::query_scalar(EXISTS)
                        .bind(new.account_id)
                        .fetch_one(&mut *tx)
                        .await?;
                    if n == 0 {
                        return Err(no_account(new.account_id));
                    }
                    let dup: i64 = sqlx::query_scalar(DUPLICATE)
                        .bind(&new.token_hash)
                        .fetch_one(&mut *tx)
                        .await?;
                    if dup > 0 {
                        return Err(Fail::Store(invalid(
                            "token_hash",
                            "another token has the same hash; generate a new token",
                        )));
                    }
                    let id: i64 = sqlx::query_scalar(NEXT).fetch_one(&mut *tx).await?;
                    sqlx::query(INSERT)
                        .bind(id)
                        .bind(&new.token_hash)
                        .bind(new.account_id)
                        .bind(&new.name)
                        .bind(time::time_to_int(created_at))
                        .execute(&mut *tx)
                        .await?;
                    log_account!(
                        tx,
                        actor,
                        AccountAction::TokenCreated,
                        new.account_id,
                        &new.name
                    );
                    id
                }))
            })
            .await?;
        Ok(ApiToken {
            id,
            account_id: new.account_id,
            name: new.name.clone(),
            token_hash: new.token_hash.clone(),
            created_at,
            last_used_at: None,
        })
    }

    /// The token with `token_hash` and its account, when the account is active.
    pub async fn api_token(&self, token_hash: &str) -> Result<Option<(ApiToken, Account)>> {
        let sql = format!(
            "SELECT {TOKEN_COLUMNS}, {ACCOUNT_COLUMNS} FROM api_tokens t \
             JOIN accounts a ON a.id = t.account_id WHERE t.token_hash = $1 AND a.active = TRUE"
        );
        let row = self
            .run("reading an API token", async {
                Ok(with_pool!(self, |pool| {
                    sqlx::query_as::<_, TokenAccountRow>(sqlx::AssertSqlSafe(sql))
                        .bind(token_hash)
                        .fetch_optional(pool)
                        .await?
                }))
            })
            .await?;
        let Some(row) = row else { return Ok(None) };
        let token = self.decode_token(row.token)?;
        let account = self.decode_account(row.account)?;
        Ok(Some((token, account)))
    }

    /// Records that token `id` was used at `at`. Separate from [`Store::api_token`] so a busy
    /// server can throttle these writes (e.g. once a minute per token).
    pub async fn touch_api_token(&self, id: i64, at: DateTime<Utc>) -> Result<()> {
        const SQL: &str = "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1";
        self.run("recording API token use", async {
            with_pool!(self, |pool| {
                sqlx::query(SQL)
                    .bind(id)
                    .bind(time::time_to_int(at))
                    .execute(pool)
                    .await?;
            });
            Ok(())
        })
        .await
    }

    /// The tokens of an account, by id.
    pub async fn api_tokens_of(&self, account_id: i64) -> Result<Vec<ApiToken>> {
        let sql = format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens t WHERE t.account_id = $1 ORDER BY t.id"
        );
        let rows = self
            .run("reading API tokens", async {
                Ok(with_pool!(self, |pool| {
                    sqlx::query_as::<_, TokenRow>(sqlx::AssertSqlSafe(sql))
                        .bind(account_id)
                        .fetch_all(pool)
                        .await?
                }))
            })
            .await?;
        rows.into_iter().map(|r| self.decode_token(r)).collect()
    }

    /// Revokes (deletes) token `id`. Returns whether it existed; `actor` goes into the account
    /// log.
    pub async fn revoke_api_token(&self, id: i64, actor: &str) -> Result<bool> {
        require("actor", actor)?;
        const FIND: &str = "SELECT account_id, name FROM api_tokens WHERE id = $1";
        const DELETE: &str = "DELETE FROM api_tokens WHERE id = $1";
        self.run("revoking an API token", async {
            Ok(write_tx!(self, lock = LOCK_TOKENS, |tx| {
                let found: Option<(i64, String)> = sqlx::query_as(FIND)
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
                match found {
                    None => false,
                    Some((account_id, name)) => {
                        sqlx::query(DELETE).bind(id).execute(&mut *tx).await?;
                        log_account!(tx, actor, AccountAction::TokenRevoked, account_id, &name);
                        true
                    }
                }
            }))
        })
        .await
    }

    /// An api_tokens row as an [`ApiToken`].
    pub(crate) fn decode_token(&self, r: TokenRow) -> Result<ApiToken> {
        let id = r.id;
        let bad = |field: &str| {
            self.corrupt(
                format!("API token {id}"),
                format!("{field} is out of range"),
            )
        };
        Ok(ApiToken {
            created_at: time::int_to_time(r.created_at).ok_or_else(|| bad("created_at"))?,
            last_used_at: match r.last_used_at {
                Some(v) => Some(time::int_to_time(v).ok_or_else(|| bad("last_used_at"))?),
                None => None,
            },
            id,
            account_id: r.account_id,
            name: r.name,
            token_hash: r.token_hash,
        })
    }
}
