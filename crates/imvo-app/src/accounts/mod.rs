//! The account use cases, for the server (API and web pages) and `imvo user`: create, list and
//! change accounts, log in and out, resolve a session or an API token to its account, create
//! tokens, read the account log.
//!
//! They live here, not in the server, so the CLI adds a user without linking the HTTP server,
//! and the rules (the login limit, the own-account rule, password length, the token-use
//! throttle) are written once. Secrets never reach the store: passwords are hashed with argon2
//! and session ids and tokens digested with SHA-256 here ([`secret`]). The store keeps an
//! account's role as text; this module reads it as the domain's [`AccountRole`].
//!
//! # Errors
//!
//! The use cases return [`AppError`], like every use case of this crate, so a front end maps
//! one error type. What only accounts refuse is an [`AccountError`], carried as
//! [`AppError::Account`]: a front end can match the refusals it words itself (a wrong password
//! on the login page) without the portfolio's variants, and store failures stay
//! [`AppError::Store`] rather than being wrapped a second time.

mod admin;
pub mod secret;
mod session;
mod token;

use chrono::{DateTime, Utc};
use imvo_store::{Store, StoreError};

use crate::{AppError, Result};
pub use admin::{AccountInput, account_log, accounts, create_account, update_account};
pub use imvo_domain::AccountRole;
pub use imvo_store::{AccountAction, AccountEvent};
pub use secret::{MIN_PASSWORD_CHARS, PasswordError};
pub use session::{ActiveSession, Login, LoginPolicy, log_in, log_out, session};
pub use token::{NewToken, create_token, token_account};

/// What the account use cases refuse, beyond what the store refuses (a taken username, an
/// invalid field).
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// The username is unknown, the account inactive, or the password wrong: one answer for
    /// all three, so a caller cannot tell which usernames exist.
    #[error("the username or password is wrong")]
    InvalidCredentials,
    /// Too many failed logins for the username within the window.
    #[error(
        "too many failed logins for this username: wait {window_minutes} minutes and try again, \
         or ask an administrator to reset the password"
    )]
    TooManyFailedLogins {
        /// The window of the limit, in minutes.
        window_minutes: i64,
    },
    /// The new password cannot be used (or hashing failed).
    #[error(transparent)]
    Password(#[from] PasswordError),
    /// An administrator tried to demote or deactivate their own account.
    #[error("you cannot demote or deactivate your own account; ask another administrator")]
    OwnAccount {
        /// The field of the change: `role` or `active`.
        field: &'static str,
    },
    /// The account to change does not exist.
    #[error("no account has id {0}")]
    NoSuchAccount(i64),
    /// A token's name is empty or too long.
    #[error("give the token a name of 1 to {max} characters", max = token::MAX_NAME_CHARS)]
    TokenName,
}

impl AccountError {
    /// The input field at fault, if one is.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            AccountError::InvalidCredentials => Some("password"),
            AccountError::TooManyFailedLogins { .. } => Some("username"),
            AccountError::Password(PasswordError::Hash(_)) => None,
            AccountError::Password(_) => Some("password"),
            AccountError::OwnAccount { field } => Some(field),
            AccountError::NoSuchAccount(_) => Some("id"),
            AccountError::TokenName => Some("name"),
        }
    }
}

/// An account as the use cases show it: its role read as an [`AccountRole`], and never its
/// password hash, which does not leave this module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Assigned by the store: 1, 2, 3 …
    pub id: i64,
    /// The login name.
    pub username: String,
    /// The name shown on pages.
    pub display_name: String,
    /// What the account may do.
    pub role: AccountRole,
    /// The organisation the account acts for, if any.
    pub organisation_id: Option<String>,
    /// Whether it may log in.
    pub active: bool,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

/// The logged-in account that makes a change: its id (for the own-account rule, a token's
/// owner) and its username (the actor in the account log).
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    /// The account's id.
    pub account_id: i64,
    /// The account's username.
    pub username: &'a str,
}

/// Reads a stored account; a role the domain does not know means the database was edited by
/// hand (its constraint allows only roles), which the store reports as a corrupt row.
fn read(store: &Store, stored: imvo_store::Account) -> Result<Account> {
    let role = stored.role.parse().map_err(|_| {
        AppError::Store(StoreError::Corrupt {
            location: store.location().to_owned(),
            what: format!("account {}", stored.id),
            message: format!("role {:?} is unknown", stored.role),
        })
    })?;
    Ok(Account {
        id: stored.id,
        username: stored.username,
        display_name: stored.display_name,
        role,
        organisation_id: stored.organisation_id,
        active: stored.active,
        created_at: stored.created_at,
    })
}

/// Runs the argon2 work `f` on a blocking thread: a hash takes tens of milliseconds of CPU,
/// which must not stall the async runtime's other requests.
async fn on_blocking_thread<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| AccountError::Password(PasswordError::Hash(e.to_string())).into())
}
