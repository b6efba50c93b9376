//! The join with the use cases: the portfolio as of a date (the server's head cut back to it,
//! cached), the append of a record through the head, and the one mapping of the use cases'
//! errors (and the store's under them) to HTTP errors: what the client can fix is a 4xx naming
//! the field (a refused change, a taken username, a wrong password), the rest a 500.

use std::sync::Arc;

use axum::http::StatusCode;
use chrono::NaiveDate;
use imvo_app::AppError;
use imvo_app::accounts::{AccountError, PasswordError};
use imvo_app::diligence::DiligenceError;
use imvo_domain::Portfolio;
use imvo_store::StoreError;

use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;

/// The portfolio as of `as_of`, from the cache when the log has not grown, else the head cut
/// back to it (see [`imvo_app::Head`]); with the log state (`last_seq`) it is cached under.
///
/// The head may have moved past that state when this server wrote meanwhile: the portfolio is
/// then a later one than the state names, which the next read (whose state the write has
/// refreshed) corrects.
pub async fn portfolio(state: &AppState, as_of: NaiveDate) -> ApiResult<(i64, Arc<Portfolio>)> {
    let seq = state
        .cache
        .current_seq(&state.store)
        .await
        .map_err(store_error)?;
    let key = format!("portfolio:{as_of}");
    let p = state
        .cache
        .get_or_fill(seq, &key, || async {
            state
                .head
                .as_of(&state.store, seq, as_of)
                .await
                .map_err(app_error)
        })
        .await?;
    Ok((seq, p))
}

/// The report of `target` (`None`: the portfolio's only target) as of `as_of`, with its Monte
/// Carlo forecast, from the cache when the log has not grown: the target page, the target
/// endpoint and the letters of every format share one forecast per date. `p` is the portfolio
/// as of `as_of` at log state `seq`, from [`portfolio`].
pub async fn target_report(
    state: &AppState,
    seq: i64,
    p: &Arc<Portfolio>,
    as_of: NaiveDate,
    target: Option<&imvo_domain::Id>,
) -> ApiResult<Arc<imvo_app::TargetReport>> {
    let key = format!("target:{as_of}:{}", target.map_or("", |t| t.as_str()));
    let (p, target) = (p.clone(), target.cloned());
    state
        .cache
        .get_or_fill(seq, &key, || async move {
            tokio::task::spawn_blocking(move || {
                imvo_app::target_report(&p, target.as_ref(), &imvo_app::default_forecast_config())
            })
            .await
            .map_err(ApiError::internal)?
            .map_err(app_error)
        })
        .await
}

/// Validates and appends one record through the server's [`imvo_app::Head`], then drops the
/// cached portfolios. The head queues this server's writes: each append is stored only if the
/// log has not grown meanwhile, and concurrent writers would mostly lose that race and retry
/// until they give up. Other processes (the CLI, another server) are still caught by the
/// store's check.
pub async fn append(
    state: &AppState,
    record: imvo_domain::Record,
    actor: &str,
) -> ApiResult<imvo_store::Entry> {
    let entry = state
        .head
        .append(&state.store, record, actor)
        .await
        .map_err(app_error)?;
    state.cache.invalidate();
    Ok(entry)
}

/// Where a domain field sits in a write request: the record's own `date`, or inside `change`.
pub fn request_field(field: &str) -> String {
    match field {
        "date" | "date_precision" | "source" => field.to_string(),
        f if f.starts_with("source.") => f.to_string(),
        f => format!("change.{f}"),
    }
}

/// Maps a use-case error: refusals by the rules are 422 naming the field, a missing target 404,
/// store trouble and an unreadable log 500.
pub fn app_error(err: AppError) -> ApiError {
    match err {
        AppError::Rejected { message, field } => {
            let e = ApiError::unprocessable(ErrorCode::Rejected, message);
            match field {
                Some(f) => e.with_field(request_field(f)),
                None => e,
            }
        }
        AppError::NoTarget(message) => ApiError::not_found(message).with_field("target"),
        AppError::Dataset(e) => {
            let field = e.field.clone();
            ApiError::unprocessable(ErrorCode::InvalidDataset, e.to_string()).with_field(field)
        }
        AppError::Store(e) => store_error(e),
        AppError::Account(e) => account_error(e),
        AppError::Diligence(e) => diligence_error(e),
        other => ApiError::internal(other),
    }
}

/// A covenant's due-diligence ledger: the covenant found in the cached portfolio of today, its
/// log read and replayed. One lookup for the API and the pages.
pub async fn covenant_ledger(
    state: &AppState,
    id: &imvo_domain::Id,
) -> ApiResult<imvo_app::diligence::Ledger> {
    let (_, p) = portfolio(state, imvo_app::today()).await?;
    let covenant = p.covenant(id).cloned().ok_or_else(|| {
        ApiError::not_found(format!("there is no covenant {id}")).with_field("id")
    })?;
    imvo_app::diligence::ledger_of(&state.store, covenant)
        .await
        .map_err(app_error)
}

/// Maps a refusal of a due-diligence use case: a broken rule or framework is 422 naming the
/// field, a confidential file 403, an unknown covenant or company 404, a damaged log 500.
fn diligence_error(err: DiligenceError) -> ApiError {
    let field = err.field().map(str::to_owned);
    let e = match &err {
        DiligenceError::Refused(_) => ApiError::unprocessable(ErrorCode::Rejected, err.to_string()),
        DiligenceError::Framework(_) => {
            ApiError::unprocessable(ErrorCode::InvalidField, err.to_string())
        }
        DiligenceError::Forbidden { message, .. } => ApiError::forbidden(message.clone()),
        DiligenceError::Unknown(message) => ApiError::not_found(message.clone()),
        DiligenceError::Damaged { .. } => return ApiError::internal(err),
    };
    match field {
        Some(f) => e.with_field(f),
        None => e,
    }
}

/// Maps a store error: what the client can fix becomes a 4xx naming the field.
pub fn store_error(err: StoreError) -> ApiError {
    match err {
        StoreError::UsernameTaken(name) => ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::UsernameTaken,
            format!("the username {name:?} is taken: choose another"),
        )
        .with_field("username"),
        StoreError::InvalidField { field, message } => {
            ApiError::unprocessable(ErrorCode::InvalidField, format!("{field}: {message}"))
                .with_field(field)
        }
        StoreError::NotFound { what, key } => ApiError::not_found(format!("no {what} {key}")),
        other => ApiError::internal(other),
    }
}

/// Maps a refusal of an account use case.
fn account_error(err: AccountError) -> ApiError {
    let field = err.field();
    let e = match &err {
        AccountError::InvalidCredentials => ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::InvalidCredentials,
            err.to_string(),
        ),
        AccountError::TooManyFailedLogins { .. } => ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::TooManyFailedLogins,
            err.to_string(),
        ),
        AccountError::Password(PasswordError::Hash(_)) => return ApiError::internal(err),
        AccountError::Password(_) => {
            ApiError::unprocessable(ErrorCode::WeakPassword, err.to_string())
        }
        AccountError::OwnAccount { .. } => {
            ApiError::unprocessable(ErrorCode::OwnAccount, err.to_string())
        }
        AccountError::NoSuchAccount(_) => ApiError::not_found(err.to_string()),
        AccountError::TokenName => {
            ApiError::unprocessable(ErrorCode::InvalidField, err.to_string())
        }
    };
    match field {
        Some(f) => e.with_field(f),
        None => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_name_their_field() {
        assert_eq!(request_field("date"), "date");
        assert_eq!(request_field("agreement.owner"), "change.agreement.owner");
    }
}
