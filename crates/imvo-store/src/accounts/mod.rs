//! Accounts, sessions, API tokens, the account log and failed logins, for `imvo serve` and
//! `imvo user`: one file per table, each an `impl Store` block with its row struct.
//!
//! The use-case layer (`imvo-app`) does the cryptography: it hashes passwords with argon2, and
//! session ids and API tokens with a fast hash before they reach the store, so a leaked
//! database holds no usable credential. The store keeps those hashes as text and never sees a
//! secret. It keeps an account's role as text too: the role type lives in the domain, which the
//! store does not know, and the database's `CHECK` constraint refuses a name that is not a role.
//! Times are passed in by the caller (so expiry is testable) except `created_at` of accounts and
//! tokens.
//!
//! Accounts are never deleted (the change log names them as actors); they are deactivated.
//!
//! Rows are read into structs deriving `sqlx::FromRow`, by column name, the same on both
//! backends. A join reads the account's columns as they are and renames the other table's
//! colliding ones (`token_id`, `session_created_at`); see the `*_COLUMNS` constants.

use crate::error::{Fail, Result, StoreError};

/// Appends an entry to the account log inside the transaction `$tx` (a macro because the two
/// backends' transactions are different types). Every change to an account or token calls it
/// in the transaction of the change, so the log never misses or invents one.
macro_rules! log_account {
    ($tx:ident, $actor:expr, $action:expr, $account_id:expr, $detail:expr) => {
        sqlx::query(
            "INSERT INTO account_log (seq, at, actor, action, account_id, detail) \
             SELECT COALESCE(MAX(seq), 0) + 1, $1, $2, $3, $4, $5 FROM account_log",
        )
        .bind($crate::time::time_to_int($crate::time::now()))
        .bind($actor)
        .bind($action.as_str())
        .bind($account_id)
        .bind($detail)
        .execute(&mut *$tx)
        .await?
    };
}

mod account;
mod failed_login;
mod log;
mod session;
mod token;

pub use account::{Account, NewAccount, ROLE_NAMES};
pub use log::{AccountAction, AccountEvent};
pub use session::Session;
pub use token::{ApiToken, NewApiToken};

pub(crate) use account::{ACCOUNT_COLUMNS, AccountRow};
pub(crate) use log::{ACCOUNT_EVENT_COLUMNS, AccountEventRow};
pub(crate) use token::{TOKEN_COLUMNS, TokenRow};

/// Locks for numbering accounts, tokens and account-log entries on PostgreSQL (self-exclusive,
/// readers go on). Every transaction that writes the account log takes the log's lock, and
/// always after the lock of the table it changes, so two account transactions never wait on
/// each other in a cycle.
const LOCK_ACCOUNTS: &str = "LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE; \
                             LOCK TABLE account_log IN SHARE ROW EXCLUSIVE MODE";
const LOCK_TOKENS: &str = "LOCK TABLE api_tokens IN SHARE ROW EXCLUSIVE MODE; \
                           LOCK TABLE account_log IN SHARE ROW EXCLUSIVE MODE";

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

/// The refusal of a change to account `id`, which does not exist.
fn no_account(id: i64) -> Fail {
    Fail::Store(StoreError::NotFound {
        what: "account",
        key: id.to_string(),
    })
}
