//! The accounts page for administrators: the accounts with their roles, the account log (who
//! created or changed which account), a form to create an account — the same use case as
//! `POST /api/v1/accounts` and `imvo user add` — and per-account forms to change the role or
//! deactivate, as `PATCH /api/v1/accounts/{id}`; every change is logged with the
//! administrator as the actor.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use imvo_app::accounts::{self, AccountAction, AccountInput};
use serde::Deserialize;

use super::render;
use super::{Ui, WebError};
use crate::auth::LoggedIn;
use crate::domain::app_error;
use crate::error::ErrorCode;
use crate::roles::Role;
use crate::state::AppState;

/// The accounts page.
#[derive(Template)]
#[template(path = "accounts.html")]
pub struct AccountsPage<'a> {
    /// Page context.
    pub ui: &'a Ui,
    /// Page title.
    pub title: String,
    /// The accounts, by id.
    pub accounts: Vec<AccountRow>,
    /// When, by whom, what, which account: newest first.
    pub log: Vec<(String, String, String, String)>,
    /// The account just created or changed, after a redirect.
    pub created: Option<String>,
    /// Why the form was refused.
    pub error: Option<String>,
    /// The form's values, kept after a refusal (never the password).
    pub username: String,
    /// See `username`.
    pub display_name: String,
    /// See `username`.
    pub role: String,
    /// The roles to choose from: value, label.
    pub roles: Vec<(String, String)>,
    /// The shortest password accepted.
    pub min_password: usize,
}

/// One account on the page.
#[derive(Debug, Clone)]
pub struct AccountRow {
    /// Its id (the change form's address).
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Name shown on pages.
    pub display_name: String,
    /// Its role's value (`company`).
    pub role: String,
    /// Whether it may log in.
    pub active: bool,
}

/// The fields of the form.
#[derive(Debug, Default, Deserialize)]
struct NewAccountForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    password: String,
}

/// How many account-log entries the page shows.
const LOG_ROWS: usize = 50;

/// An account-log action in the page's language.
fn action_words(ui: &Ui, action: AccountAction) -> &'static str {
    match action {
        AccountAction::Created => ui.t("aangemaakt", "created"),
        AccountAction::RoleSet => ui.t("rol gewijzigd", "role changed"),
        AccountAction::PasswordSet => ui.t("wachtwoord gewijzigd", "password changed"),
        AccountAction::Activated => ui.t("geactiveerd", "activated"),
        AccountAction::Deactivated => ui.t("gedeactiveerd", "deactivated"),
        AccountAction::TokenCreated => ui.t("API-token aangemaakt", "API token created"),
        AccountAction::TokenRevoked => ui.t("API-token ingetrokken", "API token revoked"),
    }
}

/// The page with the form filled from `form` (empty for a fresh page).
async fn draw(
    state: &AppState,
    ui: &Ui,
    form: &NewAccountForm,
    created: Option<String>,
    error: Option<String>,
) -> Result<String, WebError> {
    let all = accounts::accounts(&state.store).await.map_err(app_error)?;
    let names: std::collections::HashMap<i64, String> =
        all.iter().map(|a| (a.id, a.username.clone())).collect();
    let log = accounts::account_log(&state.store)
        .await
        .map_err(app_error)?;
    let page = AccountsPage {
        ui,
        title: ui.t("Accounts", "Accounts").to_string(),
        accounts: all
            .iter()
            .map(|a| AccountRow {
                id: a.id,
                username: a.username.clone(),
                display_name: a.display_name.clone(),
                role: a.role.as_str().to_string(),
                active: a.active,
            })
            .collect(),
        log: log
            .iter()
            .rev()
            .take(LOG_ROWS)
            .map(|e| {
                let what = match e.detail.as_str() {
                    "" => action_words(ui, e.action).to_string(),
                    d => {
                        let detail = match e.action {
                            AccountAction::Created | AccountAction::RoleSet => {
                                d.parse::<Role>().map_or(d, |r| ui.role_label(r))
                            }
                            _ => d,
                        };
                        format!("{} ({detail})", action_words(ui, e.action))
                    }
                };
                let account = names
                    .get(&e.account_id)
                    .cloned()
                    .unwrap_or_else(|| format!("#{}", e.account_id));
                (
                    e.at.format("%Y-%m-%d %H:%M").to_string(),
                    e.actor.clone(),
                    what,
                    account,
                )
            })
            .collect(),
        created,
        error,
        username: form.username.clone(),
        display_name: form.display_name.clone(),
        role: if form.role.is_empty() {
            "stakeholder".into()
        } else {
            form.role.clone()
        },
        roles: Role::ALL
            .iter()
            .map(|r| (r.as_str().to_string(), ui.role_label(*r).to_string()))
            .collect(),
        min_password: accounts::MIN_PASSWORD_CHARS,
    };
    Ok(render::html(&page))
}

/// The query after a successful creation or change.
#[derive(Debug, Default, Deserialize)]
struct DoneQuery {
    created: Option<String>,
    changed: Option<String>,
}

/// `GET /accounts`.
pub(super) async fn view(State(state): State<AppState>, ui: Ui, uri: Uri) -> Response {
    let q: DoneQuery = serde_urlencoded::from_str(uri.query().unwrap_or("")).unwrap_or_default();
    ui.page({
        draw(
            &state,
            &ui,
            &NewAccountForm::default(),
            q.created.or(q.changed),
            None,
        )
        .await
    })
}

/// `POST /accounts`: creates the account, or shows the page again with the reason.
pub(super) async fn create(
    State(state): State<AppState>,
    LoggedIn(admin): LoggedIn,
    ui: Ui,
    body: axum::body::Bytes,
) -> Response {
    let form: NewAccountForm = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let refused = |message: String| {
        again(
            &state,
            &ui,
            &form,
            StatusCode::UNPROCESSABLE_ENTITY,
            message,
        )
    };
    let Ok(role) = form.role.parse::<Role>() else {
        return refused(ui.t("Kies een rol.", "Choose a role.").to_string()).await;
    };
    let input = AccountInput {
        username: form.username.trim().to_string(),
        display_name: form.display_name.clone(),
        role,
        organisation_id: None,
        password: form.password.clone(),
        created_by: admin.username.clone(),
    };
    match accounts::create_account(&state.store, input)
        .await
        .map_err(app_error)
    {
        Ok(account) => done(&ui, "created", &account.username),
        Err(e) => {
            let message = match e.field() {
                Some(field) => format!("{field}: {}", e.message()),
                None => e.message().to_string(),
            };
            refused(message).await
        }
    }
}

/// The fields of an account's change form: the values chosen, and the values the page showed.
#[derive(Debug, Default, Deserialize)]
struct ChangeForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    active: String,
    #[serde(default)]
    shown_role: String,
    #[serde(default)]
    shown_active: String,
}

/// `POST /accounts/{id}`: changes an account's role and whether it may log in.
pub(super) async fn change(
    State(state): State<AppState>,
    LoggedIn(admin): LoggedIn,
    Path(id): Path<i64>,
    ui: Ui,
    body: axum::body::Bytes,
) -> Response {
    let form: ChangeForm = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    // Only what the administrator changed on the page: a value left as shown must not undo a
    // change another administrator made since the page was drawn (a deactivation, say).
    let role = (form.role != form.shown_role)
        .then(|| form.role.parse::<Role>().ok())
        .flatten();
    let active = (form.active != form.shown_active)
        .then(|| form.active.parse::<bool>().ok())
        .flatten();
    match accounts::update_account(&state.store, admin.actor(), id, role, active)
        .await
        .map_err(app_error)
    {
        Ok(account) => done(&ui, "changed", &account.username),
        Err(e) => {
            let message = match e.code() {
                ErrorCode::OwnAccount => ui
                    .t(
                        "U kunt uw eigen account niet degraderen of deactiveren; vraag een andere beheerder.",
                        "You cannot demote or deactivate your own account; ask another administrator.",
                    )
                    .to_string(),
                _ => e.message().to_string(),
            };
            again(&state, &ui, &NewAccountForm::default(), e.status(), message).await
        }
    }
}

/// After a stored change: back to the page, which names the account (`what`: `created` or
/// `changed`).
fn done(ui: &Ui, what: &str, username: &str) -> Response {
    let target = ui.link_q("/accounts", what, username);
    (StatusCode::SEE_OTHER, [(header::LOCATION, target)]).into_response()
}

/// After a refusal: the page again with `status`, the reason and what was typed.
async fn again(
    state: &AppState,
    ui: &Ui,
    form: &NewAccountForm,
    status: StatusCode,
    message: String,
) -> Response {
    match draw(state, ui, form, None, Some(message)).await {
        Ok(html) => ui.respond(status, html),
        Err(e) => e.page(Some(ui)),
    }
}
