//! The `accounts` table: creating, reading and changing accounts.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{LOCK_ACCOUNTS, check_username, log::AccountAction, no_account, require};
use crate::error::{Fail, Result, StoreError};
use crate::{Store, time};

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
    /// What the account may do: the name of a role (`admin`, `company` …), which the database
    /// checks; the use-case layer reads it as the domain's account role.
    pub role: String,
    /// The organisation the account acts for (an id of the domain's organisations), if any.
    pub organisation_id: Option<String>,
    /// The argon2 hash (PHC string) of the password, made by the use-case layer.
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
    /// The name of its role; the database refuses one that is not a role.
    pub role: String,
    /// The organisation the account acts for, if any.
    pub organisation_id: Option<String>,
    /// The argon2 hash of the password (never the password itself).
    pub password_hash: String,
}

/// An `accounts` row as read with [`ACCOUNT_COLUMNS`].
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct AccountRow {
    id: i64,
    username: String,
    display_name: String,
    role: String,
    organisation_id: Option<String>,
    password_hash: String,
    active: bool,
    created_at: i64,
}

/// The role names the schema allows (the `CHECK` constraint in `migrations/0003_accounts.sql`).
/// The store knows them only to refuse an unknown name early, naming the field, when a file is
/// imported; the role type itself is the domain's, and imvo-app's tests hold the two lists equal.
pub const ROLE_NAMES: &[&str] = &["admin", "ministry", "secretariat", "company", "stakeholder"];

/// The columns of [`AccountRow`], from the table aliased `a` (so joins can use them as they are).
pub(crate) const ACCOUNT_COLUMNS: &str = "a.id, a.username, a.display_name, a.role, \
                                          a.organisation_id, a.password_hash, a.active, \
                                          a.created_at";

impl Store {
    /// Creates an account; fails with [`StoreError::UsernameTaken`] when the name is in use.
    /// `actor` (who creates it) goes into the account log.
    pub async fn create_account(&self, new: &NewAccount, actor: &str) -> Result<Account> {
        require("actor", actor)?;
        check_username(&new.username)?;
        require("display_name", &new.display_name)?;
        require("role", &new.role)?;
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
                        .bind(&new.role)
                        .bind(new.organisation_id.as_deref())
                        .bind(&new.password_hash)
                        .bind(time::time_to_int(created_at))
                        .execute(&mut *tx)
                        .await?;
                    log_account!(tx, actor, AccountAction::Created, id, &new.role);
                    id
                }))
            })
            .await?;
        Ok(Account {
            id,
            username: new.username.clone(),
            display_name: new.display_name.clone(),
            role: new.role.clone(),
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

    /// Changes an account's role to the one named `role`; the database refuses a name that is
    /// not a role.
    pub async fn set_role(&self, account_id: i64, role: &str, actor: &str) -> Result<()> {
        require("role", role)?;
        let change = ("role", role, AccountAction::RoleSet, role);
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

    /// An accounts row as an [`Account`].
    pub(crate) fn decode_account(&self, r: AccountRow) -> Result<Account> {
        Ok(Account {
            created_at: time::int_to_time(r.created_at).ok_or_else(|| {
                self.corrupt(format!("account {}", r.id), "created_at is out of range")
            })?,
            id: r.id,
            username: r.username,
            display_name: r.display_name,
            role: r.role,
            organisation_id: r.organisation_id,
            password_hash: r.password_hash,
            active: r.active,
        })
    }
}
