//! Accounts, sessions and API tokens on top of the store: logging in (with the failed-login
//! limit), resolving a session cookie or a Bearer token to a [`Principal`], creating accounts
//! and tokens. The store keeps only hashes; the secrets live in cookies and clients.

use axum::http::{HeaderValue, StatusCode};
use chrono::{DateTime, Duration, Utc};
use imvo_store::{Account, NewAccount, NewApiToken, Session, Store, StoreError};

use super::{Principal, Via, cookies, secret};
use crate::error::ApiError;
use crate::roles::Role;
use crate::state::AppState;

/// The server's role for a stored role.
pub fn role_of(role: imvo_store::Role) -> Role {
    match role {
        imvo_store::Role::Admin => Role::Admin,
        imvo_store::Role::Ministry => Role::Ministry,
        imvo_store::Role::Secretariat => Role::Secretariat,
        imvo_store::Role::Company => Role::Company,
        imvo_store::Role::Stakeholder => Role::Stakeholder,
    }
}

/// The stored role for a server role.
pub fn store_role(role: Role) -> imvo_store::Role {
    match role {
        Role::Admin => imvo_store::Role::Admin,
        Role::Ministry => imvo_store::Role::Ministry,
        Role::Secretariat => imvo_store::Role::Secretariat,
        Role::Company => imvo_store::Role::Company,
        Role::Stakeholder => imvo_store::Role::Stakeholder,
    }
}

/// Maps a store error: what the client can fix becomes a 4xx naming the field.
pub fn store_error(err: StoreError) -> ApiError {
    match err {
        StoreError::UsernameTaken(name) => ApiError::new(
            StatusCode::CONFLICT,
            "username_taken",
            format!("the username {name:?} is taken: choose another"),
        )
        .with_field("username"),
        StoreError::InvalidField { field, message } => {
            ApiError::unprocessable("invalid_field", format!("{field}: {message}"))
                .with_field(field)
        }
        StoreError::NotFound { what, key } => ApiError::not_found(format!("no {what} {key}")),
        other => ApiError::internal(other),
    }
}

fn principal(account: Account, via: Via) -> Principal {
    Principal {
        account_id: account.id,
        username: account.username,
        role: role_of(account.role),
        via,
    }
}

/// The logged-in account of an API token, if the token is known and its account active.
pub async fn principal_for_token(
    state: &AppState,
    token: &str,
) -> Result<Option<Principal>, ApiError> {
    if token.is_empty() {
        return Ok(None);
    }
    let Some((token, account)) = state
        .store
        .api_token(&secret::digest(token))
        .await
        .map_err(ApiError::internal)?
    else {
        return Ok(None);
    };
    let now = Utc::now();
    // Record use at most once a minute per token, so reads stay reads.
    if token
        .last_used_at
        .is_none_or(|t| now - t > Duration::minutes(1))
        && let Err(e) = state.store.touch_api_token(token.id, now).await
    {
        tracing::warn!(error = %e, "could not record API token use");
    }
    Ok(Some(principal(account, Via::Token)))
}

/// The logged-in account of a session cookie, if the session exists, has not expired and its
/// account is active.
pub async fn principal_for_session(
    state: &AppState,
    session_secret: &str,
) -> Result<Option<Principal>, ApiError> {
    let digest = secret::digest(session_secret);
    let found = state
        .store
        .session(&digest, Utc::now())
        .await
        .map_err(ApiError::internal)?;
    Ok(found.map(|(session, account)| {
        principal(
            account,
            Via::Session {
                csrf: session.csrf_token,
                digest,
            },
        )
    }))
}

/// A successful login.
#[derive(Debug)]
pub struct Login {
    /// Who logged in.
    pub principal: Principal,
    /// The `Set-Cookie` value carrying the session.
    pub cookie: HeaderValue,
    /// The CSRF token writes of this session must carry.
    pub csrf: String,
    /// When the session ends.
    pub expires_at: DateTime<Utc>,
}

/// Logs `username` in with `password`: refuses (429) after too many failed logins for the
/// username within the window, records a failure on a wrong password or unknown username, and
/// on success starts a session.
pub async fn log_in(state: &AppState, username: &str, password: &str) -> Result<Login, ApiError> {
    let s = &state.settings;
    let store = &state.store;
    let now = Utc::now();
    let since = now - Duration::minutes(s.login_window_minutes);
    let failures = store
        .failed_logins_since(username, since)
        .await
        .map_err(ApiError::internal)?;
    if failures >= s.login_max_failures {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_failed_logins",
            format!(
                "too many failed logins for this username: wait {} minutes and try again, or ask an \
                 administrator to reset the password",
                s.login_window_minutes
            ),
        )
        .with_field("username"));
    }
    let account = store
        .account_by_username(username)
        .await
        .map_err(ApiError::internal)?;
    let hash = account
        .as_ref()
        .filter(|a| a.active)
        .map(|a| a.password_hash.clone())
        .unwrap_or_else(|| secret::dummy_hash().to_string());
    let pw = password.to_string();
    let ok = tokio::task::spawn_blocking(move || secret::verify_password(&pw, &hash))
        .await
        .map_err(ApiError::internal)?;
    let account = match account {
        Some(a) if ok && a.active => a,
        _ => {
            store
                .record_failed_login(username, now)
                .await
                .map_err(ApiError::internal)?;
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
                "the username or password is wrong",
            )
            .with_field("password"));
        }
    };
    store
        .clear_failed_logins(username)
        .await
        .map_err(ApiError::internal)?;
    let session_secret = secret::new_secret("imvo_s_");
    let csrf = secret::csrf_for_session(&session_secret);
    let expires_at = now + Duration::minutes(s.session_ttl_minutes);
    let digest = secret::digest(&session_secret);
    store
        .create_session(&Session {
            id_hash: digest.clone(),
            account_id: account.id,
            csrf_token: csrf.clone(),
            created_at: now,
            expires_at,
        })
        .await
        .map_err(store_error)?;
    Ok(Login {
        cookie: cookies::set(
            cookies::SESSION,
            &session_secret,
            s.session_ttl_minutes * 60,
            s.cookie_secure,
        ),
        principal: principal(
            account,
            Via::Session {
                csrf: csrf.clone(),
                digest,
            },
        ),
        csrf,
        expires_at,
    })
}

/// Ends the caller's session (a token caller has none; nothing happens).
pub async fn log_out(state: &AppState, caller: &Principal) -> Result<(), ApiError> {
    if let Via::Session { digest, .. } = &caller.via {
        state
            .store
            .delete_session(digest)
            .await
            .map_err(ApiError::internal)?;
    }
    Ok(())
}

/// Creates an API token for the caller's account. Returns the token (shown once) and its record.
pub async fn create_token(
    store: &Store,
    account_id: i64,
    name: &str,
    actor: &str,
) -> Result<(String, imvo_store::ApiToken), ApiError> {
    let token = secret::new_secret("imvo_t_");
    let record = store
        .create_api_token(
            &NewApiToken {
                account_id,
                name: name.trim().to_string(),
                token_hash: secret::digest(&token),
            },
            actor,
        )
        .await
        .map_err(store_error)?;
    Ok((token, record))
}

/// An account to create, as typed by an administrator.
#[derive(Debug, Clone)]
pub struct AccountInput {
    /// The login name.
    pub username: String,
    /// The name shown on pages (the username when empty).
    pub display_name: String,
    /// The role.
    pub role: Role,
    /// The organisation the account acts for.
    pub organisation_id: Option<String>,
    /// The password in clear; hashed here with argon2.
    pub password: String,
    /// Who creates it, for the account log: the administrator's username, or `cli:<user>` for
    /// `imvo user add`.
    pub created_by: String,
}

/// Creates an account (the password hashed with argon2). Used by `POST /api/v1/accounts` and
/// `imvo user add`.
pub async fn create_account(store: &Store, input: AccountInput) -> Result<Account, ApiError> {
    let password = input.password;
    let hash = tokio::task::spawn_blocking(move || secret::hash_password(&password))
        .await
        .map_err(ApiError::internal)?
        .map_err(|e| {
            ApiError::unprocessable("weak_password", e.to_string()).with_field("password")
        })?;
    let display_name = if input.display_name.trim().is_empty() {
        input.username.clone()
    } else {
        input.display_name
    };
    store
        .create_account(
            &NewAccount {
                username: input.username,
                display_name,
                role: store_role(input.role),
                organisation_id: input.organisation_id.filter(|o| !o.trim().is_empty()),
                password_hash: hash,
            },
            &input.created_by,
        )
        .await
        .map_err(store_error)
}

/// Changes an account's role and whether it may log in, as the administrator `admin`; each
/// change lands in the account log with `admin` as the actor. Administrators cannot demote or
/// deactivate their own account, so a lone administrator cannot lock everybody out. (Two
/// administrators demoting each other at the same instant could both succeed: the check and
/// the change are separate steps.)
pub async fn update_account(
    store: &Store,
    admin: &Principal,
    id: i64,
    role: Option<Role>,
    active: Option<bool>,
) -> Result<Account, ApiError> {
    if id == admin.account_id {
        let field = if active == Some(false) {
            Some("active")
        } else if role.is_some_and(|r| r != Role::Admin) {
            Some("role")
        } else {
            None
        };
        if let Some(field) = field {
            return Err(ApiError::unprocessable(
                "own_account",
                "you cannot demote or deactivate your own account; ask another administrator",
            )
            .with_field(field));
        }
    }
    let missing = || ApiError::not_found(format!("no account has id {id}")).with_field("id");
    let current = store
        .account(id)
        .await
        .map_err(store_error)?
        .ok_or_else(missing)?;
    if let Some(r) = role.map(store_role)
        && r != current.role
    {
        store
            .set_role(id, r, &admin.username)
            .await
            .map_err(store_error)?;
    }
    if let Some(a) = active
        && a != current.active
    {
        store
            .set_active(id, a, &admin.username)
            .await
            .map_err(store_error)?;
    }
    store
        .account(id)
        .await
        .map_err(store_error)?
        .ok_or_else(missing)
}

/// Creates an account in the store at `location` (created when missing), on a runtime of its
/// own: the entry point of `imvo user add`. Returns the account's id.
pub fn create_account_blocking(location: &str, input: AccountInput) -> Result<i64, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    runtime.block_on(async {
        let store = imvo_app::open(location).await.map_err(|e| e.to_string())?;
        let result = create_account(&store, input).await;
        store.close().await;
        match result {
            Ok(account) => Ok(account.id),
            Err(e) => Err(match e.field() {
                Some(field) => format!("{field}: {}", e.message()),
                None => e.message().to_string(),
            }),
        }
    })
}
