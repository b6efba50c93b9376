//! The `account_log` table: who did what to which account, written by the `log_account!` macro
//! in the transaction of each change, and read back here.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::{Store, time};

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

/// An `account_log` row as read with [`ACCOUNT_EVENT_COLUMNS`].
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct AccountEventRow {
    seq: i64,
    at: i64,
    actor: String,
    action: String,
    account_id: i64,
    detail: String,
}

/// The columns of [`AccountEventRow`].
pub(crate) const ACCOUNT_EVENT_COLUMNS: &str = "seq, at, actor, action, account_id, detail";

impl Store {
    /// The account log, by `seq`.
    pub async fn account_log(&self) -> Result<Vec<AccountEvent>> {
        let sql = format!("SELECT {ACCOUNT_EVENT_COLUMNS} FROM account_log ORDER BY seq");
        let rows = self
            .run("reading the account log", async {
                Ok(with_pool!(self, |pool| {
                    sqlx::query_as::<_, AccountEventRow>(sqlx::AssertSqlSafe(sql))
                        .fetch_all(pool)
                        .await?
                }))
            })
            .await?;
        rows.into_iter()
            .map(|r| self.decode_account_event(r))
            .collect()
    }

    /// An account-log row as an [`AccountEvent`].
    pub(crate) fn decode_account_event(&self, r: AccountEventRow) -> Result<AccountEvent> {
        let what = || format!("account log entry {}", r.seq);
        Ok(AccountEvent {
            at: time::int_to_time(r.at)
                .ok_or_else(|| self.corrupt(what(), "at is out of range"))?,
            action: AccountAction::ALL
                .into_iter()
                .find(|a| a.as_str() == r.action)
                .ok_or_else(|| self.corrupt(what(), format!("action {:?} is unknown", r.action)))?,
            seq: r.seq,
            actor: r.actor,
            account_id: r.account_id,
            detail: r.detail,
        })
    }
}
