//! The `sessions` table: browser logins, stored by the hash of their id.

use chrono::{DateTime, Utc};

use super::account::{ACCOUNT_COLUMNS, Account, AccountRow};
use super::require;
use crate::error::{Fail, Result, StoreError};
use crate::{Store, time};

/// A login session. The cookie holds the session id; the store holds only its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The hash of the session id.
    pub id_hash: String,
    /// Whose session.
    pub account_id: i64,
    /// The CSRF token forms of this session must carry.
    pub csrf_token: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it stops being valid.
    pub expires_at: DateTime<Utc>,
}

/// A `sessions` row as read with [`SESSION_COLUMNS`].
#[derive(Debug, sqlx::FromRow)]
struct SessionRow {
    id_hash: String,
    account_id: i64,
    csrf_token: String,
    /// Renamed: the joined account has a `created_at` of its own.
    #[sqlx(rename = "session_created_at")]
    created_at: i64,
    expires_at: i64,
}

/// The columns of [`SessionRow`], from the table aliased `s`.
const SESSION_COLUMNS: &str = "s.id_hash, s.account_id, s.csrf_token, \
                               s.created_at AS session_created_at, s.expires_at";

/// A session with its account, as the login check reads them in one query.
#[derive(Debug, sqlx::FromRow)]
struct SessionAccountRow {
    #[sqlx(flatten)]
    session: SessionRow,
    #[sqlx(flatten)]
    account: AccountRow,
}

impl Store {
    /// Stores a new session for an active account.
    pub async fn create_session(&self, session: &Session) -> Result<()> {
        require("id_hash", &session.id_hash)?;
        require("csrf_token", &session.csrf_token)?;
        const ACTIVE: &str = "SELECT COUNT(*) FROM accounts WHERE id = $1 AND active = TRUE";
        const INSERT: &str = "INSERT INTO sessions \
             (id_hash, account_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)";
        self.run("creating a session", async {
            write_tx!(self, lock = "", |tx| {
                let n: i64 = sqlx::query_scalar(ACTIVE)
                    .bind(session.account_id)
                    .fetch_one(&mut *tx)
                    .await?;
                if n == 0 {
                    return Err(Fail::Store(StoreError::NotFound {
                        what: "active account",
                        key: session.account_id.to_string(),
                    }));
                }
                sqlx::query(INSERT)
                    .bind(&session.id_hash)
                    .bind(session.account_id)
                    .bind(&session.csrf_token)
                    .bind(time::time_to_int(session.created_at))
                    .bind(time::time_to_int(session.expires_at))
                    .execute(&mut *tx)
                    .await?;
            });
            Ok(())
        })
        .await
    }

    /// The session with `id_hash` and its account, when the session has not expired at `now`
    /// and the account is active.
    pub async fn session(
        &self,
        id_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(Session, Account)>> {
        let sql = format!(
            "SELECT {SESSION_COLUMNS}, {ACCOUNT_COLUMNS} FROM sessions s \
             JOIN accounts a ON a.id = s.account_id \
             WHERE s.id_hash = $1 AND s.expires_at > $2 AND a.active = TRUE"
        );
        let row = self
            .run("reading a session", async {
                Ok(with_pool!(self, |pool| {
                    sqlx::query_as::<_, SessionAccountRow>(sqlx::AssertSqlSafe(sql))
                        .bind(id_hash)
                        .bind(time::time_to_int(now))
                        .fetch_optional(pool)
                        .await?
                }))
            })
            .await?;
        let Some(row) = row else { return Ok(None) };
        let session = self.decode_session(row.session)?;
        let account = self.decode_account(row.account)?;
        Ok(Some((session, account)))
    }

    /// Ends one session (logout). Returns whether it existed.
    pub async fn delete_session(&self, id_hash: &str) -> Result<bool> {
        const SQL: &str = "DELETE FROM sessions WHERE id_hash = $1";
        let n = self
            .run("ending a session", async {
                Ok(with_pool!(self, |pool| {
                    sqlx::query(SQL)
                        .bind(id_hash)
                        .execute(pool)
                        .await?
                        .rows_affected()
                }))
            })
            .await?;
        Ok(n > 0)
    }

    /// Ends every session of an account (after a password change). Returns how many.
    pub async fn delete_sessions_of(&self, account_id: i64) -> Result<u64> {
        const SQL: &str = "DELETE FROM sessions WHERE account_id = $1";
        self.run("ending sessions", async {
            Ok(with_pool!(self, |pool| {
                sqlx::query(SQL)
                    .bind(account_id)
                    .execute(pool)
                    .await?
                    .rows_affected()
            }))
        })
        .await
    }

    /// Removes the sessions expired at `now`. Returns how many.
    pub async fn delete_expired_sessions(&self, now: DateTime<Utc>) -> Result<u64> {
        const SQL: &str = "DELETE FROM sessions WHERE expires_at <= $1";
        self.run("removing expired sessions", async {
            Ok(with_pool!(self, |pool| {
                sqlx::query(SQL)
                    .bind(time::time_to_int(now))
                    .execute(pool)
                    .await?
                    .rows_affected()
            }))
        })
        .await
    }

    fn decode_session(&self, r: SessionRow) -> Result<Session> {
        let bad =
            |field: &str| self.corrupt("a session".into(), format!("{field} is out of range"));
        Ok(Session {
            created_at: time::int_to_time(r.created_at).ok_or_else(|| bad("created_at"))?,
            expires_at: time::int_to_time(r.expires_at).ok_or_else(|| bad("expires_at"))?,
            id_hash: r.id_hash,
            account_id: r.account_id,
            csrf_token: r.csrf_token,
        })
    }
}
