//! Account administration: create an account (the API, the accounts page and `imvo user add`),
//! list the accounts, change a role or whether an account may log in, read the account log.

use imvo_store::{AccountEvent, NewAccount, Store};

use super::secret::hash_password;
use super::{Account, AccountError, AccountRole, Actor, on_blocking_thread, read};
use crate::Result;

/// An account to create, as typed by an administrator.
#[derive(Debug, Clone)]
pub struct AccountInput {
    /// The login name.
    pub username: String,
    /// The name shown on pages (the username when empty).
    pub display_name: String,
    /// The role.
    pub role: AccountRole,
    /// The organisation the account acts for (none when empty).
    pub organisation_id: Option<String>,
    /// The password in clear; hashed here with argon2.
    pub password: String,
    /// Who creates it, for the account log: the administrator's username, or `cli:<user>` for
    /// `imvo user add`.
    pub created_by: String,
}

/// Creates an account with its password hashed with argon2. A taken username or an invalid
/// field is the store's refusal ([`crate::AppError::Store`]); a password too short or too long
/// is [`AccountError::Password`].
pub async fn create_account(store: &Store, input: AccountInput) -> Result<Account> {
    let password = input.password;
    let hash = on_blocking_thread(move || hash_password(&password))
        .await?
        .map_err(AccountError::from)?;
    let display_name = if input.display_name.trim().is_empty() {
        input.username.clone()
    } else {
        input.display_name
    };
    let stored = store
        .create_account(
            &NewAccount {
                username: input.username,
                display_name,
                role: input.role.as_str().to_owned(),
                organisation_id: input.organisation_id.filter(|o| !o.trim().is_empty()),
                password_hash: hash,
            },
            &input.created_by,
        )
        .await?;
    read(store, stored)
}

/// Every account, by id.
pub async fn accounts(store: &Store) -> Result<Vec<Account>> {
    let stored = store.accounts().await?;
    stored.into_iter().map(|a| read(store, a)).collect()
}

/// Changes an account's role and whether it may log in, as the administrator `admin`; each
/// change lands in the account log with `admin` as the actor, and a value equal to the current
/// one is no change. Administrators cannot demote or deactivate their own account, so a lone
/// administrator cannot lock everybody out. (Two administrators demoting each other at the same
/// instant could both succeed: the check and the change are separate steps.)
pub async fn update_account(
    store: &Store,
    admin: Actor<'_>,
    id: i64,
    role: Option<AccountRole>,
    active: Option<bool>,
) -> Result<Account> {
    if id == admin.account_id {
        let field = if active == Some(false) {
            Some("active")
        } else if role.is_some_and(|r| r != AccountRole::Admin) {
            Some("role")
        } else {
            None
        };
        if let Some(field) = field {
            return Err(AccountError::OwnAccount { field }.into());
        }
    }
    let before = existing(store, id).await?;
    if let Some(r) = role
        && r != before.role
    {
        store.set_role(id, r.as_str(), admin.username).await?;
    }
    if let Some(a) = active
        && a != before.active
    {
        store.set_active(id, a, admin.username).await?;
    }
    existing(store, id).await
}

/// The account `id`, which must exist.
async fn existing(store: &Store, id: i64) -> Result<Account> {
    match store.account(id).await? {
        Some(a) => read(store, a),
        None => Err(AccountError::NoSuchAccount(id).into()),
    }
}

/// The account log, oldest first: who created or changed which account, when.
pub async fn account_log(store: &Store) -> Result<Vec<AccountEvent>> {
    Ok(store.account_log().await?)
}
