//! Logging in and out, and API tokens.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::{LoggedIn, accounts, cookies};
use crate::domain::app_error;
use crate::error::ApiResult;
use crate::extract::ApiJson;
use crate::roles::Role;
use crate::state::AppState;

/// Credentials to log in with.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The account's username.
    #[schema(min_length = 1, max_length = 100)]
    pub username: String,
    /// The password.
    #[schema(min_length = 1, max_length = 1000)]
    pub password: String,
}

/// The logged-in account.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SessionInfo {
    /// The account id.
    pub account_id: i64,
    /// The username, the actor in the audit log.
    pub username: String,
    /// The role.
    pub role: Role,
    /// For a browser session: the token to send as `X-CSRF-Token` with every write.
    #[schema(nullable = false)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csrf_token: Option<String>,
    /// For a new session: when it ends.
    #[schema(nullable = false)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
}

/// Log in: starts a session (an HttpOnly, SameSite=Strict cookie) and returns its CSRF token.
/// After `login_max_failures` failed logins for a username within the window, logins for it are
/// refused with 429 until the window has passed.
#[utoipa::path(post, path = "/api/v1/session", tag = "accounts", operation_id = "login",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in; the session cookie is set.", body = SessionInfo),
        (status = 401, description = "Wrong username or password.", body = crate::error::ErrorBody),
        (status = 429, description = "Too many failed logins for this username.", body = crate::error::ErrorBody),
    ))]
pub async fn login(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<Response> {
    let login = accounts::log_in(&state, &req.username, &req.password).await?;
    let body = SessionInfo {
        csrf_token: login.principal.csrf().map(str::to_string),
        account_id: login.principal.account_id,
        username: login.principal.username,
        role: login.principal.role,
        expires_at: Some(login.expires_at),
    };
    Ok(([(header::SET_COOKIE, login.cookie)], Json(body)).into_response())
}

/// Who is logged in (and, for a browser session, its CSRF token).
#[utoipa::path(get, path = "/api/v1/session", tag = "accounts", operation_id = "whoami",
    responses((status = 200, description = "The logged-in account.", body = SessionInfo)))]
pub async fn whoami(LoggedIn(p): LoggedIn) -> Json<SessionInfo> {
    Json(SessionInfo {
        account_id: p.account_id,
        username: p.username.clone(),
        role: p.role,
        csrf_token: p.csrf().map(str::to_string),
        expires_at: None,
    })
}

/// Log out: ends the session and removes its cookie.
#[utoipa::path(delete, path = "/api/v1/session", tag = "accounts", operation_id = "logout",
    responses((status = 204, description = "Logged out.")))]
pub async fn logout(State(state): State<AppState>, LoggedIn(p): LoggedIn) -> ApiResult<Response> {
    accounts::log_out(&state, &p).await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(
            header::SET_COOKIE,
            cookies::clear(cookies::SESSION, state.settings.cookie_secure),
        )],
    )
        .into_response())
}

/// A token to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    /// A label for the token ("ci", "export script").
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
}

/// A new API token. The token itself is shown only here; the server keeps only its hash.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NewToken {
    /// The token's id.
    pub id: i64,
    /// Its label.
    pub name: String,
    /// The token: send it as `Authorization: Bearer <token>`.
    pub token: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

/// Create an API token for the logged-in account, for machine clients.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "accounts", operation_id = "create_token",
    request_body = TokenRequest,
    responses((status = 201, description = "The new token (shown once).", body = NewToken)))]
pub async fn create_token(
    State(state): State<AppState>,
    LoggedIn(p): LoggedIn,
    ApiJson(req): ApiJson<TokenRequest>,
) -> ApiResult<(StatusCode, Json<NewToken>)> {
    let created = imvo_app::accounts::create_token(&state.store, p.actor(), &req.name)
        .await
        .map_err(app_error)?;
    Ok((
        StatusCode::CREATED,
        Json(NewToken {
            id: created.id,
            name: created.name,
            token: created.token,
            created_at: created.created_at,
        }),
    ))
}
