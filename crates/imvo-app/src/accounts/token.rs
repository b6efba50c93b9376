//! API tokens of machine clients: creating one, and the account a presented token stands for.

use chrono::{DateTime, TimeDelta, Utc};
use imvo_store::{NewApiToken, Store};

use super::secret::{digest, new_secret};
use super::{Account, AccountError, Actor, read};
use crate::Result;

/// The longest token name accepted, in characters.
pub(super) const MAX_NAME_CHARS: usize = 100;

/// How often a token's last use is written at most: often enough to tell a live token from a
/// forgotten one, rarely enough that a client's reads do not each become a write.
const TOUCH_EVERY: TimeDelta = TimeDelta::minutes(1);

/// A new API token. The token itself is shown only here; the store keeps only its digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewToken {
    /// The token's id.
    pub id: i64,
    /// Its label.
    pub name: String,
    /// The token, for `Authorization: Bearer <token>`.
    pub token: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

/// Creates an API token named `name` (1 to 100 characters, trimmed) for `owner`'s account, with
/// the owner as the actor in the account log.
pub async fn create_token(store: &Store, owner: Actor<'_>, name: &str) -> Result<NewToken> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(AccountError::TokenName.into());
    }
    let token = new_secret("imvo_t_");
    let record = store
        .create_api_token(
            &NewApiToken {
                account_id: owner.account_id,
                name: name.to_owned(),
                token_hash: digest(&token),
            },
            owner.username,
        )
        .await?;
    Ok(NewToken {
        id: record.id,
        name: record.name,
        token,
        created_at: record.created_at,
    })
}

/// The account `token` stands for, when the token is known and its account active. Records
/// the token's use (at most once a minute); a failure to record it is logged, not returned,
/// since the caller is who it says it is either way.
pub async fn token_account(store: &Store, token: &str) -> Result<Option<Account>> {
    if token.is_empty() {
        return Ok(None);
    }
    let Some((record, account)) = store.api_token(&digest(token)).await? else {
        return Ok(None);
    };
    let now = Utc::now();
    if record.last_used_at.is_none_or(|t| now - t > TOUCH_EVERY)
        && let Err(e) = store.touch_api_token(record.id, now).await
    {
        tracing::warn!(error = %e, "could not record API token use");
    }
    Ok(Some(read(store, account)?))
}
