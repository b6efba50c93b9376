//! Logging in and out, and the browser session a request presents.

use chrono::{DateTime, TimeDelta, Utc};
use imvo_store::Store;

use super::secret::{self, csrf_for_session, digest, new_secret, verify_password};
use super::{Account, AccountError, on_blocking_thread, read};
use crate::Result;

/// The rules of logging in, from the server's settings.
#[derive(Debug, Clone, Copy)]
pub struct LoginPolicy {
    /// Failed logins allowed for a username within `window` before its logins are refused.
    pub max_failures: i64,
    /// The window the failed logins are counted in.
    pub window: TimeDelta,
    /// How long a session lasts.
    pub session_length: TimeDelta,
}

/// A browser session as its holder uses it; the session secret itself is only in the cookie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveSession {
    /// The digest of the session secret: the session's key in the store (to log it out).
    pub digest: String,
    /// The CSRF token every write of this session must carry.
    pub csrf: String,
    /// When it ends.
    pub expires_at: DateTime<Utc>,
}

/// A successful login.
#[derive(Debug, Clone)]
pub struct Login {
    /// Who logged in.
    pub account: Account,
    /// The session secret, for the cookie; shown only here (the store keeps its digest).
    pub secret: String,
    /// The session it opened.
    pub session: ActiveSession,
}

/// Logs `username` in with `password`: refuses after too many failed logins for the username
/// within the window ([`AccountError::TooManyFailedLogins`]), records a failure on a wrong
/// password, an unknown username or an inactive account ([`AccountError::InvalidCredentials`]
/// for all three), and on success forgets the failures and starts a session.
pub async fn log_in(
    store: &Store,
    policy: &LoginPolicy,
    username: &str,
    password: &str,
) -> Result<Login> {
    // In whole microseconds, as the store keeps times: the session returned equals the stored one.
    let now = imvo_store::time::now();
    let failures = store
        .failed_logins_since(username, now - policy.window)
        .await?;
    if failures >= policy.max_failures {
        return Err(AccountError::TooManyFailedLogins {
            window_minutes: policy.window.num_minutes(),
        }
        .into());
    }
    let account = store
        .account_by_username(username)
        .await?
        .filter(|a| a.active);
    // An unknown username is checked against a dummy hash, so the answer takes as long.
    let hash = account.as_ref().map_or_else(
        || secret::dummy_hash().to_owned(),
        |a| a.password_hash.clone(),
    );
    let password = password.to_owned();
    let matches = on_blocking_thread(move || verify_password(&password, &hash)).await?;
    let account = match account {
        Some(a) if matches => a,
        _ => {
            store.record_failed_login(username, now).await?;
            return Err(AccountError::InvalidCredentials.into());
        }
    };
    store.clear_failed_logins(username).await?;
    let session_secret = new_secret("imvo_s_");
    let session = ActiveSession {
        digest: digest(&session_secret),
        csrf: csrf_for_session(&session_secret),
        expires_at: now + policy.session_length,
    };
    store
        .create_session(&imvo_store::Session {
            id_hash: session.digest.clone(),
            account_id: account.id,
            csrf_token: session.csrf.clone(),
            created_at: now,
            expires_at: session.expires_at,
        })
        .await?;
    Ok(Login {
        account: read(store, account)?,
        secret: session_secret,
        session,
    })
}

/// The account of the session whose secret is `session_secret`, when the session exists, has
/// not expired and its account is active.
pub async fn session(
    store: &Store,
    session_secret: &str,
) -> Result<Option<(Account, ActiveSession)>> {
    let key = digest(session_secret);
    let Some((stored, account)) = store.session(&key, Utc::now()).await? else {
        return Ok(None);
    };
    let session = ActiveSession {
        digest: key,
        csrf: stored.csrf_token,
        expires_at: stored.expires_at,
    };
    Ok(Some((read(store, account)?, session)))
}

/// Ends the session with `digest` (see [`ActiveSession::digest`]); an unknown one is no error.
pub async fn log_out(store: &Store, digest: &str) -> Result<()> {
    store.delete_session(digest).await?;
    Ok(())
}
