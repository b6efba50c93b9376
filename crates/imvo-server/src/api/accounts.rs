//! Account administration.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use imvo_app::accounts::{self, AccountInput};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::LoggedIn;
use crate::domain::app_error;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiPath};
use crate::roles::Role;
use crate::state::AppState;

/// An account as the API shows it (never its password hash).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AccountView {
    /// The id.
    pub id: i64,
    /// The login name.
    pub username: String,
    /// The name shown on pages.
    pub display_name: String,
    /// The role.
    pub role: Role,
    /// The organisation the account acts for.
    pub organisation_id: Option<String>,
    /// Whether it may log in.
    pub active: bool,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

impl From<accounts::Account> for AccountView {
    fn from(a: accounts::Account) -> Self {
        AccountView {
            id: a.id,
            username: a.username,
            display_name: a.display_name,
            role: a.role,
            organisation_id: a.organisation_id,
            active: a.active,
            created_at: a.created_at,
        }
    }
}

/// An account to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAccountRequest {
    /// The login name: no spaces, at most 100 characters.
    #[schema(min_length = 1, max_length = 100)]
    pub username: String,
    /// The name shown on pages (the username when left out).
    #[serde(default)]
    pub display_name: Option<String>,
    /// The role.
    pub role: Role,
    /// The organisation the account acts for.
    #[serde(default)]
    pub organisation_id: Option<String>,
    /// The password: at least 10 characters.
    #[schema(min_length = 10, max_length = 1000)]
    pub password: String,
}

/// Changes to an account; what is left out stays as it is.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountChange {
    /// The new role.
    #[serde(default)]
    pub role: Option<Role>,
    /// Whether the account may log in; `false` also ends its sessions.
    #[serde(default)]
    pub active: Option<bool>,
}

/// Which account.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct AccountPath {
    /// The account's id.
    pub id: i64,
}

/// Change an account's role or whether it may log in. Administrators cannot demote or
/// deactivate their own account.
#[utoipa::path(patch, path = "/api/v1/accounts/{id}", tag = "accounts", operation_id = "update_account",
    params(AccountPath),
    request_body = AccountChange,
    responses(
        (status = 200, description = "The account as it is now.", body = AccountView),
        (status = 404, description = "No such account.", body = crate::error::ErrorBody),
        (status = 422, description = "The change is refused (e.g. one's own account).", body = crate::error::ErrorBody),
    ))]
pub async fn update_account(
    State(state): State<AppState>,
    LoggedIn(admin): LoggedIn,
    ApiPath(path): ApiPath<AccountPath>,
    ApiJson(change): ApiJson<AccountChange>,
) -> ApiResult<Json<AccountView>> {
    let account = accounts::update_account(
        &state.store,
        admin.actor(),
        path.id,
        change.role,
        change.active,
    )
    .await
    .map_err(app_error)?;
    Ok(Json(account.into()))
}

/// Every account.
#[utoipa::path(get, path = "/api/v1/accounts", tag = "accounts", operation_id = "list_accounts",
    responses((status = 200, description = "The accounts, by id.", body = [AccountView])))]
pub async fn list_accounts(State(state): State<AppState>) -> ApiResult<Json<Vec<AccountView>>> {
    let all = accounts::accounts(&state.store).await.map_err(app_error)?;
    Ok(Json(all.into_iter().map(AccountView::from).collect()))
}

/// Create an account.
#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts", operation_id = "create_account",
    request_body = NewAccountRequest,
    responses(
        (status = 201, description = "The account.", body = AccountView),
        (status = 409, description = "The username is taken.", body = crate::error::ErrorBody),
    ))]
pub async fn create_account(
    State(state): State<AppState>,
    LoggedIn(admin): LoggedIn,
    ApiJson(req): ApiJson<NewAccountRequest>,
) -> ApiResult<(StatusCode, Json<AccountView>)> {
    let account = accounts::create_account(
        &state.store,
        AccountInput {
            username: req.username,
            display_name: req.display_name.unwrap_or_default(),
            role: req.role,
            organisation_id: req.organisation_id,
            password: req.password,
            created_by: admin.username,
        },
    )
    .await
    .map_err(app_error)?;
    Ok((StatusCode::CREATED, Json(account.into())))
}
