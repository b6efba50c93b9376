//! Authentication and authorization: who is calling (a session cookie or a Bearer API token),
//! whether the route table lets that role use the route, and the CSRF check on every write made
//! with a session cookie: [`admit`]. The API answers its refusals as JSON ([`authorize`]); the
//! web dashboard wraps the same check in a layer of its own that answers with pages, and reuses
//! the other pieces ([`Caller`], [`cookies`], [`secret`]). Nothing here depends on the
//! dashboard.

pub mod accounts;
pub mod cookies;
pub mod secret;

use axum::extract::{FromRequestParts, MatchedPath, Request, State};
use axum::http::request::Parts;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::error::{ApiError, ErrorCode};
use crate::roles::{self, Role};
use crate::state::AppState;

/// The header a script sends the CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The form field a browser form sends the CSRF token in.
pub const CSRF_FIELD: &str = "csrf_token";

/// A logged-in account making a request.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Principal {
    /// The account's id.
    pub account_id: i64,
    /// The account's username; the actor in the audit log.
    pub username: String,
    /// The account's role.
    pub role: Role,
    /// The organisation the account acts for: a company account's company, a secretariat
    /// account's secretariat (what binds it to its covenants' due-diligence files).
    pub organisation_id: Option<String>,
    /// How the request proved who it is.
    #[serde(skip)]
    pub via: Via,
}

/// How a request was authenticated.
#[derive(Debug, Clone, Default)]
pub enum Via {
    /// A browser session cookie; writes need the session's CSRF token.
    Session {
        /// The CSRF token of this session.
        csrf: String,
        /// The digest of the session secret (to log it out).
        digest: String,
    },
    /// An API token in an `Authorization: Bearer` header; no CSRF check (no ambient authority).
    #[default]
    Token,
}

impl Principal {
    /// The CSRF token to put into forms, when the caller uses a browser session.
    pub fn csrf(&self) -> Option<&str> {
        match &self.via {
            Via::Session { csrf, .. } => Some(csrf),
            Via::Token => None,
        }
    }
}

/// The caller of a request: a logged-in account or anonymous. Put into the request by
/// [`admit`]; handlers take it as an extractor.
#[derive(Debug, Clone, Default)]
pub struct Caller(pub Option<Principal>);

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Caller>()
            .cloned()
            .unwrap_or_default())
    }
}

/// The caller of a route that needs a login; [`admit`] has already refused anonymous ones.
#[derive(Debug, Clone)]
pub struct LoggedIn(pub Principal);

impl<S: Send + Sync> FromRequestParts<S> for LoggedIn {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<Caller>() {
            Some(Caller(Some(p))) => Ok(LoggedIn(p.clone())),
            _ => Err(ApiError::unauthenticated()),
        }
    }
}

/// What a request presents to prove who it is.
enum Credential {
    Bearer(String),
    Session(String),
}

fn credential(headers: &axum::http::HeaderMap) -> Option<Credential> {
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let value = value.to_str().unwrap_or("");
        let token = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
            .unwrap_or("")
            .trim();
        return Some(Credential::Bearer(token.to_string()));
    }
    cookies::get(headers, cookies::SESSION).map(Credential::Session)
}

/// Who is calling, from the request's headers. An unknown or expired Bearer token is an error
/// (401); an unknown or expired session cookie counts as anonymous, so a public page still shows.
pub async fn identify(
    state: &AppState,
    headers: &axum::http::HeaderMap,
) -> Result<Option<Principal>, ApiError> {
    match credential(headers) {
        None => Ok(None),
        Some(Credential::Bearer(token)) => {
            match accounts::principal_for_token(state, &token).await? {
                Some(p) => Ok(Some(p)),
                None => Err(ApiError::new(
                    axum::http::StatusCode::UNAUTHORIZED,
                    ErrorCode::InvalidToken,
                    "the API token is unknown, revoked or expired: create a new one with POST /api/v1/tokens",
                )
                .with_field("Authorization")),
            }
        }
        Some(Credential::Session(secret)) => accounts::principal_for_session(state, &secret).await,
    }
}

/// The API's authorization layer: [`admit`], with every refusal answered as the JSON error it
/// is. The dashboard's pages have a layer of their own (`web::guard`) around the same check,
/// which answers a person instead; this module knows nothing of pages.
pub async fn authorize(
    State(state): State<AppState>,
    matched: Option<MatchedPath>,
    req: Request,
    next: Next,
) -> Response {
    match admit(&state, matched.as_ref(), req).await {
        Ok(req) => next.run(req).await,
        Err(err) => err.into_response(),
    }
}

/// The check every route passes, whichever layer asks: looks the matched route up in
/// [`roles::ROUTES`] (a route without a row is refused), identifies the caller, refuses
/// anonymous (401) and wrong-role (403) callers, checks the CSRF token of writes made with a
/// session cookie, and puts the [`Caller`] into the request for the handler.
pub async fn admit(
    state: &AppState,
    matched: Option<&MatchedPath>,
    req: Request,
) -> Result<Request, ApiError> {
    let path = matched.map(MatchedPath::as_str);
    let rule = path.and_then(|p| roles::lookup(req.method(), p));
    check(state, path, rule, req).await
}

/// The checks of [`admit`] for the matched route `path` and its row of the role table.
async fn check(
    state: &AppState,
    path: Option<&str>,
    rule: Option<&'static roles::RouteRule>,
    mut req: Request,
) -> Result<Request, ApiError> {
    let Some(path) = path else {
        return Err(ApiError::not_found("no such route"));
    };
    let Some(rule) = rule else {
        return Err(ApiError::forbidden(format!(
            "{} {path} has no entry in the role table; it is refused until one is added",
            req.method(),
        )));
    };
    let principal = identify(state, req.headers()).await?;
    let role = principal.as_ref().map(|p| p.role);
    if !rule.access.allows(role) {
        return Err(match role {
            None => ApiError::unauthenticated(),
            Some(role) => ApiError::forbidden(format!(
                "the role {role} may not use {} {}; allowed: {}",
                rule.method,
                rule.path,
                rule.access.describe()
            )),
        });
    }
    if let Some(Principal {
        via: Via::Session { csrf, .. },
        ..
    }) = &principal
        && !is_safe(req.method())
    {
        req = check_csrf(req, csrf, state.settings.max_body_bytes).await?;
    }
    req.extensions_mut().insert(Caller(principal));
    Ok(req)
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Checks the session's CSRF token in the `X-CSRF-Token` header or, for a form, in the
/// `csrf_token` field (the body is read and put back).
async fn check_csrf(req: Request, expected: &str, limit: usize) -> Result<Request, ApiError> {
    let bad = || {
        ApiError::forbidden(
            "the CSRF token is missing or wrong: reload the page and submit the form again \
             (scripts: send the X-CSRF-Token header from GET /api/v1/session)",
        )
        .with_field(CSRF_FIELD)
    };
    if let Some(v) = req.headers().get(CSRF_HEADER) {
        return if secret::same(v.to_str().unwrap_or(""), expected) {
            Ok(req)
        } else {
            Err(bad())
        };
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(bad());
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|_| {
        ApiError::new(
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::BodyTooLarge,
            "the request body is larger than the server accepts (setting max_body_bytes)",
        )
    })?;
    let token = form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == CSRF_FIELD)
        .map(|(_, v)| v.into_owned());
    match token {
        Some(t) if secret::same(&t, expected) => {
            Ok(Request::from_parts(parts, axum::body::Body::from(bytes)))
        }
        _ => Err(bad()),
    }
}
