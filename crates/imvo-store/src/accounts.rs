//! Accounts, sessions, API tokens and failed logins, for `imvo serve`.
//!
//! The server does the cryptography: it hashes passwords with argon2, and session ids and API
//! tokens with a fast hash before they reach the store, so a leaked database holds no usable
//! credential. The store keeps those hashes as text and never sees a secret. Times are passed
//! in by the caller (so expiry is testable) except `created_at` of accounts and tokens.
//!
//! Accounts are never deleted (the change log names them as actors); they are deactivated.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Fail, Result, StoreError};
use crate::{Store, time};

/// What an account may do; the server maps roles to permissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Runs the system: accounts and everything else.
    Admin,
    /// The ministry (policy owner).
    Ministry,
    /// The covenant secretariat (SER).
    Secretariat,
    /// A company taking part in a covenant.
    Company,
    /// An NGO, union or other stakeholder.
    Stakeholder,
}

impl Role {
    /// Every role, in the order above.
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Ministry,
        Role::Secretariat,
        Role::Company,
        Role::Stakeholder,
    ];

    /// The stored name: `admin`, `ministry`, `secretariat`, `company`, `stakeholder`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Ministry => "ministry",
            Role::Secretariat => "secretariat",
            Role::Company => "company",
            Role::Stakeholder => "stakeholder",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = StoreError;

    fn from_str(s: &str) -> Result<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| StoreError::InvalidField {
            field: "role",
            message: format!(
                "{s:?} is not a role; use one of admin, ministry, secretariat, company, stakeholder"
            ),
        })
    }
}

/// A stored account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// Assigned by the store: 1, 2, 3 …
    pub id: i64,
    /// The login name, unique (compared exactly; the server normalises case if it wants to).
    pub username: String,
    /// The name shown on pages.
    pub display_name: String,
    /// What the account may do.
    pub role: Role,
    /// The organisation the account acts for (an id of the domain's organisations), if any.
    pub organisation_id: Option<String>,
    /// The argon2 hash (PHC string) of the password, made by the server.
    pub password_hash: String,
    /// False once deactivated: it cannot log in and its sessions and tokens stop working.
    pub active: bool,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
}

/// An account to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    /// The login name; must be unique, non-empty, without spaces.
    pub username: String,
    /// The name shown on pages; non-empty.
    pub display_name: String,
    /// What the account may do.
    pub role: Role,
    /// The organisation the account acts for, if any.
    pub organisation_id: Option<String>,
    /// The argon2 hash of the password (never the password itself).
    pub password_hash: String,
}

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

/// What was done to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountAction {
    /// The account was created (detail: its role).
    Created,
    /// Its role changed (detail: the new role).
    RoleSet,
    /// Its password was replaced.
    PasswordSet,
    /// It was activated.
    Activated,
    /// It was deactivated (its sessions ended).
    Deactivated,
    /// An API token was created for it (detail: the token's name).
    TokenCreated,
    /// One of its API tokens was revoked (detail: the token's name).
    TokenRevoked,
}

impl AccountAction {
    /// Every action.
    pub const ALL: [AccountAction; 7] = [
        AccountAction::Created,
        AccountAction::RoleSet,
        AccountAction::PasswordSet,
        AccountAction::Activated,
        AccountAction::Deactivated,
        AccountAction::TokenCreated,
        AccountAction::TokenRevoked,
    ];

    /// The stored name (`created`, `role_set`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            AccountAction::Created => "created",
            AccountAction::RoleSet => "role_set",
            AccountAction::PasswordSet => "password_set",
            AccountAction::Activated => "activated",
            AccountAction::Deactivated => "deactivated",
            AccountAction::TokenCreated => "token_created",
            AccountAction::TokenRevoked => "token_revoked",
        }
    }
}

/// One entry of the account log: who did what to which account, when. Written in the same
/// transaction as the change it describes, never changed afterwards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountEvent {
    /// Position in the account log: 1, 2, 3 …
    pub seq: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// Who: the username of the account that made the change, or `cli:<user>` for a command.
    pub actor: String,
    /// What.
    pub action: AccountAction,
    /// To which account.
    pub account_id: i64,
    /// The new role, the token's name …; empty when there is nothing to add.
    pub detail: String,
}

/// An account_log row: seq, at, actor, action, account_id, detail.
pub(crate) type AccountEventRow = (i64, i64, String, String, i64, String);

/// An accounts row: id, username, display_name, role, organisation_id, password_hash, active,
/// created_at.
pub(crate) type AccountRow = (
    i64,
    String,
    String,
    String,
    Option<String>,
    String,
    bool,
    i64,
);
/// The columns of [`AccountRow`] (prefixed with `a.` for joins).
const ACCOUNT_COLUMNS: &str = "a.id, a.username, a.display_name, a.role, a.organisation_id, \
                               a.password_hash, a.active, a.created_at";
/// An api_tokens row: id, account_id, name, token_hash, created_at, last_used_at.
pub(crate) type TokenRow = (i64, i64, String, String, i64, Option<i64>);
/// The columns of [`TokenRow`].
const TOKEN_COLUMNS: &str =
    "t.id, t.account_id, t.name, t.token_hash, t.created_at, t.last_used_at";
/// A sessions row: id_hash, account_id, csrf_token, created_at, expires_at.
type SessionRow = (String, i64, String, i64, i64);

/// Locks for numbering accounts, tokens and account-log entries on PostgreSQL (self-exclusive,
/// readers go on). Every transaction that writes the account log takes the log's lock, and
/// always after the lock of the table it changes, so two account transactions never wait on
/// each other in a cycle.
const LOCK_ACCOUNTS: &str = "LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE; \
                             LOCK TABLE account_log IN SHARE ROW EXCLUSIVE MODE";
const LOCK_TOKENS: &str = "LOCK TABLE api_tokens IN SHARE ROW EXCLUSIVE MODE; \
                           LOCK TABLE account_log IN SHARE ROW EXCLUSIVE MODE";

/// Appends an entry to the account log inside the transaction `$tx` (a macro because the two
/// backends' transactions are different types).
macro_rules! log_account {
    ($tx:ident, $actor:expr, $action:expr, $account_id:expr, $detail:expr) => {
        sqlx::query(
            "INSERT INTO account_log (seq, at, actor, action, account_id, detail) \
             SELECT COALESCE(MAX(seq), 0) + 1, $1, $2, $3, $4, $5 FROM account_log",
        )
        .bind(time::time_to_int(time::now()))
        .bind($actor)
        .bind($action.as_str())
        .bind($account_id)
        .bind($detail)
        .execute(&mut *$tx)
        .await?
    };
}

fn invalid(field: &'static str, message: &str) -> StoreError {
    StoreError::InvalidField {
        field,
        message: message.to_owned(),
    }
}

fn require(field: &'static str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        Err(invalid(field, "must not be empty"))
    } else {
        Ok(())
    }
}

/// Checks a username: non-empty, no whitespace, control characters or colons, at most 100
/// characters. Actors that are not accounts are written with a colon (`cli:root`,
/// `dataset:seed`), so no account can pass for one in the logs.
pub(crate) fn check_username(username: &str) -> Result<()> {
    require("username", username)?;
    if username
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == ':')
    {
        return Err(invalid(
            "username",
            "must not contain spaces, colons or control characters",
        ));
    }
    if username.chars().count() > 100 {
        return Err(invalid("username", "must be at most 100 characters"));
    }
    Ok(())
}

impl Store {
    /// Creates an account; fails with [`StoreError::UsernameTaken`] when the name is in use.
    /// `actor` (who creates it) goes into the account log.
    pub async fn create_account(&self, new: &NewAccount, actor: &str) -> Result<Account> {
        require("actor", actor)?;
        check_username(&new.username)?;
        require("display_name", &new.display_name)?;
        require("password_hash", &new.password_hash)?;
        const NEXT: &str = "SELECT COALESCE(MAX(id), 0) + 1 FROM accounts";
        const TAKEN: &str = "SELECT COUNT(*) FROM accounts WHERE username = $1";
        const INSERT: &str = "INSERT INTO accounts (id, username, display_name, role, \
             organisation_id, password_hash, active, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, TRUE, $7)";
        let created_at = time::now();
        let id = self
            .run("creating an account", async {
                Ok(write_tx!(self, lock = LOCK_ACCOUNTS, |tx| {
                    let taken: i64 = sqlx::query_scalar(TAKEN)
                        .bind(&new.username)
                        .fetch_one(&mut *tx)
                        .await?;
                    if taken > 0 {
                        return Err(Fail::Store(StoreError::UsernameTaken(new.username.clone())));
                    }
                    let id: i64 = sqlx::query_scalar(NEXT).fetch_one(&mut *tx).await?;
                    sqlx::query(INSERT)
                        .bind(id)
                        .bind(&new.username)
                        .bind(&new.display_name)
                        .bind(new.role.as_str())
                        .bind(new.organisation_id.as_deref())
                        .bind(&new.password_hash)
                        .bind(time::time_to_int(created_at))
                        .execute(&mut *tx)
                        .await?;
                    log_account!(tx, actor, AccountAction::Created, id, new.role.as_str());
                    id
                }))
            })
            .await?;
        Ok(Account {
            id,
            username: new.username.clone(),
            display_name: new.display_name.clone(),
            role: new.role,
            organisation_id: new.organisation_id.clone(),
            password_hash: new.password_hash.clone(),
            active: true,
            created_at,
        })
    }

    /// The account with `id`, if any.
    pub async fn account(&self, id: i64) -> Result<Option<Account>> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.id = $1");
        let row = self
            .run("reading an account", async {
                Ok(with_pool!(self, |pool| {
                    sqlx::query_as::<_, AccountRow>(sqlx::AssertSqlSafe(sql))
                        .bind(id)
                        .fetch_optional(pool)
                        .await?
                }))
            })
            .await?;
        row.map(|r| self.decode_account(r)).transpose()
    }

    /// The account named `username` (exact match), if any.
    pub async fn account_by_username(&self, username: &str) -> Result<Option<Account>> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.username = $1");
        let row = self
            .run("reading an account", async {
                Ok(with_pool!(self, |pool| {
                    sqlx::query_as::<_, AccountRow>(sqlx::AssertSqlSafe(sql))
                        .bind(username)
                        .fetch_optional(pool)
                        .await?
                }))
            })
            .await?;
        row.map(|r| self.decode_account(r)).transpose()
    }

    /// Every account, by id.
    pub async fn accounts(&self) -> Result<Vec<Account>> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a ORDER BY a.id");
        let rows = self
            .run("reading the accounts", async {
                Ok(with_pool!(self, |pool| {
                    sqlx::query_as::<_, AccountRow>(sqlx::AssertSqlSafe(sql))
                        .fetch_all(pool)
                        .await?
                }))
            })
            .await?;
        rows.into_iter().map(|r| self.decode_account(r)).collect()
    }

    /// Replaces an account's password hash (after a password change or a rehash).
    pub async fn set_password_hash(
        &self,
        account_id: i64,
        password_hash: &str,
        actor: &str,
    ) -> Result<()> {
        require("password_hash", password_hash)?;
        let change = (
            "password_hash",
            password_hash,
            AccountAction::PasswordSet,
            "",
        );
        self.change_account(account_id, actor, change).await
    }

    /// Changes an account's role.
    pub async fn set_role(&self, account_id: i64, role: Role, actor: &str) -> Result<()> {
        let change = ("role", role.as_str(), AccountAction::RoleSet, role.as_str());
        self.change_account(account_id, actor, change).await
    }

    /// Sets one text column of an account (`column`, `value`) and logs `action` with `detail`,
    /// in one transaction.
    async fn change_account(
        &self,
        account_id: i64,
        actor: &str,
        (column, value, action, detail): (&'static str, &str, AccountAction, &str),
    ) -> Result<()> {
        require("actor", actor)?;
        let sql = format!("UPDATE accounts SET {column} = $2 WHERE id = $1");
        self.run("changing an account", async {
            write_tx!(self, lock = LOCK_ACCOUNTS, |tx| {
                let n = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
                    .bind(account_id)
                    .bind(value)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if n == 0 {
                    return Err(no_account(account_id));
                }
                log_account!(tx, actor, action, account_id, detail);
            });
            Ok(())
        })
        .await
    }

    /// Activates or deactivates an account. Deactivating also ends its sessions (in the same
    /// transaction); its API tokens stop working while it is inactive.
    pub async fn set_active(&self, account_id: i64, active: bool, actor: &str) -> Result<()> {
        require("actor", actor)?;
        const UPDATE: &str = "UPDATE accounts SET active = $2 WHERE id = $1";
        const END_SESSIONS: &str = "DELETE FROM sessions WHERE account_id = $1";
        let action = if active {
            AccountAction::Activated
        } else {
            AccountAction::Deactivated
        };
        self.run("changing an account", async {
            write_tx!(self, lock = LOCK_ACCOUNTS, |tx| {
                let n = sqlx::query(UPDATE)
                    .bind(account_id)
                    .bind(active)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if n == 0 {
                    return Err(no_account(account_id));
                }
                if !active {
                    sqlx::query(END_SESSIONS)
                        .bind(account_id)
                        .execute(&mut *tx)
                        .await?;
                }
                log_account!(tx, actor, action, account_id, "");
            });
            Ok(())
        })
        .await
    }

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
            "SELECT s.id_hash, s.account_id, s.csrf_token, s.created_at, s.expires_at, \
             {ACCOUNT_COLUMNS} FROM sessions s JOIN accounts a ON a.id = s.account_id \
             WHERE s.id_hash = $1 AND s.expires_at > $2 AND a.active = TRUE"
        );
        type Row = (
            String,
            i64,
            String,
            i64,
            i64,
            i64,
            String,
            String,
            String,
            Option<String>,
            String,
            bool,
            i64,
        );
        let row = self
            .run("reading a session", async {
                Ok(with_pool!(self, |pool| {
                    sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql))
                        .bind(id_hash)
                        .bind(time::time_to_int(now))
                        .fetch_optional(pool)
                        .await?
                }))
            })
            .await?;
        let Some(r) = row else { return Ok(None) };
        let session = self.decode_session((r.0, r.1, r.2, r.3, r.4))?;
        let account = self.decode_account((r.5, r.6, r.7, r.8, r.9, r.10, r.11, r.12))?;
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
        type Row = (
            i64,
            i64,
            String,
            String,
            i64,
            Option<i64>,
            i64,
            String,
            String,
            String,
            Option<String>,
            String,
            bool,
            i64,
        );
        let row = self
            .run("reading an API token", async {
                Ok(with_pool!(self, |pool| {
                    sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql))
                        .bind(token_hash)
                        .fetch_optional(pool)
                        .await?
                }))
            })
            .await?;
        let Some(r) = row else { return Ok(None) };
        let token = self.decode_token((r.0, r.1, r.2, r.3, r.4, r.5))?;
        let account = self.decode_account((r.6, r.7, r.8, r.9, r.10, r.11, r.12, r.13))?;
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

    /// The account log, by `seq`.
    pub async fn account_log(&self) -> Result<Vec<AccountEvent>> {
        const SQL: &str = "SELECT seq, at, actor, action, account_id, detail FROM account_log \
                           ORDER BY seq";
        let rows = self
            .run("reading the account log", async {
                Ok(with_pool!(self, |pool| {
                    sqlx::query_as::<_, AccountEventRow>(SQL)
                        .fetch_all(pool)
                        .await?
                }))
            })
            .await?;
        rows.into_iter()
            .map(|r| self.decode_account_event(r))
            .collect()
    }

    /// Records a failed login for `username` (whether or not such an account exists).
    pub async fn record_failed_login(&self, username: &str, at: DateTime<Utc>) -> Result<()> {
        const SQL: &str = "INSERT INTO failed_logins (username, at) VALUES ($1, $2)";
        self.run("recording a failed login", async {
            with_pool!(self, |pool| {
                sqlx::query(SQL)
                    .bind(username)
                    .bind(time::time_to_int(at))
                    .execute(pool)
                    .await?;
            });
            Ok(())
        })
        .await
    }

    /// How many failed logins `username` had at or after `since` (the window of a login limit).
    pub async fn failed_logins_since(&self, username: &str, since: DateTime<Utc>) -> Result<i64> {
        const SQL: &str = "SELECT COUNT(*) FROM failed_logins WHERE username = $1 AND at >= $2";
        self.run("counting failed logins", async {
            Ok(with_pool!(self, |pool| {
                sqlx::query_scalar::<_, i64>(SQL)
                    .bind(username)
                    .bind(time::time_to_int(since))
                    .fetch_one(pool)
                    .await?
            }))
        })
        .await
    }

    /// Forgets the failed logins of `username` (after a successful login). Returns how many.
    pub async fn clear_failed_logins(&self, username: &str) -> Result<u64> {
        const SQL: &str = "DELETE FROM failed_logins WHERE username = $1";
        self.run("clearing failed logins", async {
            Ok(with_pool!(self, |pool| sqlx::query(SQL)
                .bind(username)
                .execute(pool)
                .await?
                .rows_affected()))
        })
        .await
    }

    /// Forgets failed logins older than `before` (housekeeping). Returns how many.
    pub async fn prune_failed_logins(&self, before: DateTime<Utc>) -> Result<u64> {
        const SQL: &str = "DELETE FROM failed_logins WHERE at < $1";
        self.run("pruning failed logins", async {
            Ok(with_pool!(self, |pool| {
                sqlx::query(SQL)
                    .bind(time::time_to_int(before))
                    .execute(pool)
                    .await?
                    .rows_affected()
            }))
        })
        .await
    }

    /// An account-log row as an [`AccountEvent`].
    pub(crate) fn decode_account_event(&self, r: AccountEventRow) -> Result<AccountEvent> {
        let (seq, at, actor, action, account_id, detail) = r;
        let what = || format!("account log entry {seq}");
        Ok(AccountEvent {
            seq,
            at: time::int_to_time(at).ok_or_else(|| self.corrupt(what(), "at is out of range"))?,
            action: AccountAction::ALL
                .into_iter()
                .find(|a| a.as_str() == action)
                .ok_or_else(|| self.corrupt(what(), format!("action {action:?} is unknown")))?,
            actor,
            account_id,
            detail,
        })
    }

    pub(crate) fn decode_account(&self, r: AccountRow) -> Result<Account> {
        let (id, username, display_name, role, organisation_id, password_hash, active, created_at) =
            r;
        let what = || format!("account {id}");
        Ok(Account {
            id,
            role: role
                .parse()
                .map_err(|_| self.corrupt(what(), format!("role {role:?} is unknown")))?,
            created_at: time::int_to_time(created_at)
                .ok_or_else(|| self.corrupt(what(), "created_at is out of range"))?,
            username,
            display_name,
            organisation_id,
            password_hash,
            active,
        })
    }

    pub(crate) fn decode_token(&self, r: TokenRow) -> Result<ApiToken> {
        let (id, account_id, name, token_hash, created_at, last_used_at) = r;
        let bad = |field: &str| {
            self.corrupt(
                format!("API token {id}"),
                format!("{field} is out of range"),
            )
        };
        Ok(ApiToken {
            id,
            account_id,
            name,
            token_hash,
            created_at: time::int_to_time(created_at).ok_or_else(|| bad("created_at"))?,
            last_used_at: match last_used_at {
                Some(v) => Some(time::int_to_time(v).ok_or_else(|| bad("last_used_at"))?),
                None => None,
            },
        })
    }

    fn decode_session(&self, r: SessionRow) -> Result<Session> {
        let (id_hash, account_id, csrf_token, created_at, expires_at) = r;
        let bad =
            |field: &str| self.corrupt("a session".into(), format!("{field} is out of range"));
        Ok(Session {
            id_hash,
            account_id,
            csrf_token,
            created_at: time::int_to_time(created_at).ok_or_else(|| bad("created_at"))?,
            expires_at: time::int_to_time(expires_at).ok_or_else(|| bad("expires_at"))?,
        })
    }
}

fn not_found(id: i64) -> StoreError {
    StoreError::NotFound {
        what: "account",
        key: id.to_string(),
    }
}

fn no_account(id: i64) -> Fail {
    Fail::Store(not_found(id))
}
