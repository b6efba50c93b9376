//! The server's side of the account use cases of [`imvo_app::accounts`]: a session cookie or a
//! Bearer token resolved to a [`Principal`], and a login turned into its `Set-Cookie` value.
//! The rules themselves (the login limit, hashing, the token-use throttle) are in `imvo-app`;
//! their errors become HTTP errors in [`crate::domain::app_error`].

use axum::http::HeaderValue;
use chrono::{DateTime, TimeDelta, Utc};
use imvo_app::accounts::{self, Account, Actor, LoginPolicy};

use super::{Principal, Via, cookies};
use crate::domain::app_error;
use crate::error::ApiError;
use crate::state::AppState;

fn principal(account: Account, via: Via) -> Principal {
    Principal {
        account_id: account.id,
        username: account.username,
        role: account.role,
        organisation_id: account.organisation_id,
        via,
    }
}

impl Principal {
    /// The caller as the due-diligence rules see it (a principal is an active account: an
    /// inactive one cannot log in, and its sessions and tokens end with it).
    pub fn who(&self) -> imvo_app::diligence::Who<'_> {
        imvo_app::diligence::Who::Account(imvo_app::diligence::Acting {
            username: &self.username,
            role: self.role,
            organisation_id: self.organisation_id.as_deref(),
            active: true,
        })
    }

    /// The caller as the actor of an account change.
    pub fn actor(&self) -> Actor<'_> {
        Actor {
            account_id: self.account_id,
            username: &self.username,
        }
    }
}

/// The logged-in account of an API token, if the token is known and its account active.
pub async fn principal_for_token(
    state: &AppState,
    token: &str,
) -> Result<Option<Principal>, ApiError> {
    let account = accounts::token_account(&state.store, token)
        .await
        .map_err(app_error)?;
    Ok(account.map(|a| principal(a, Via::Token)))
}

/// The logged-in account of a session cookie, if the session exists, has not expired and its
/// account is active.
pub async fn principal_for_session(
    state: &AppState,
    session_secret: &str,
) -> Result<Option<Principal>, ApiError> {
    let found = accounts::session(&state.store, session_secret)
        .await
        .map_err(app_error)?;
    Ok(found.map(|(account, session)| {
        principal(
            account,
            Via::Session {
                csrf: session.csrf,
                digest: session.digest,
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
    /// When the session ends.
    pub expires_at: DateTime<Utc>,
}

/// Logs `username` in with `password` under the login rules of the settings (see
/// [`accounts::log_in`]).
pub async fn log_in(state: &AppState, username: &str, password: &str) -> Result<Login, ApiError> {
    let s = &state.settings;
    let policy = LoginPolicy {
        max_failures: s.login_max_failures,
        window: TimeDelta::minutes(s.login_window_minutes),
        session_length: TimeDelta::minutes(s.session_ttl_minutes),
    };
    let login = accounts::log_in(&state.store, &policy, username, password)
        .await
        .map_err(app_error)?;
    let session = login.session;
    Ok(Login {
        cookie: cookies::set(
            cookies::SESSION,
            &login.secret,
            s.session_ttl_minutes * 60,
            s.cookie_secure,
        ),
        expires_at: session.expires_at,
        principal: principal(
            login.account,
            Via::Session {
                csrf: session.csrf,
                digest: session.digest,
            },
        ),
    })
}

/// Ends the caller's session (a token caller has none; nothing happens).
pub async fn log_out(state: &AppState, caller: &Principal) -> Result<(), ApiError> {
    if let Via::Session { digest, .. } = &caller.via {
        accounts::log_out(&state.store, digest)
            .await
            .map_err(app_error)?;
    }
    Ok(())
}
