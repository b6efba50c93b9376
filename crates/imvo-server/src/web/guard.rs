//! The dashboard's authorization layer. It asks the question every route is asked
//! ([`auth::admit`]: who is calling, may that role use the route by the role table, is the CSRF
//! token of a write right) and answers a refused page the way a person needs it: an anonymous
//! visitor is sent to the login form, a logged-in account whose role may not see the page gets
//! a page saying so. A refused form submission keeps the JSON error, as before the layer was
//! split off: browsers only post forms they were shown, so that refusal reaches scripts.
//!
//! The API has its own, JSON-only layer ([`auth::authorize`]); keeping the pages here is what
//! lets `auth` know nothing of the dashboard.

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use super::{Ui, WebError};
use crate::auth;
use crate::error::ApiError;
use crate::state::AppState;

/// The layer around every dashboard route (see the module documentation).
pub async fn guard(
    State(state): State<AppState>,
    matched: Option<MatchedPath>,
    req: Request,
    next: Next,
) -> Response {
    let page = (*req.method() == Method::GET).then(|| (req.headers().clone(), req.uri().clone()));
    match auth::admit(&state, matched.as_ref(), req).await {
        Ok(req) => next.run(req).await,
        Err(err) => match page {
            Some((headers, uri)) => refusal_page(&state, &err, &headers, &uri).await,
            None => err.into_response(),
        },
    }
}

/// The answer to a refused page read: an anonymous visitor is sent to the login form, which
/// brings them back to the page afterwards; a logged-in account gets an error page saying why.
async fn refusal_page(
    state: &AppState,
    err: &ApiError,
    headers: &HeaderMap,
    uri: &Uri,
) -> Response {
    if err.status() == StatusCode::UNAUTHORIZED {
        let target = uri.path_and_query().map_or("/", |pq| pq.as_str());
        let query = form_urlencoded::Serializer::new(String::new())
            .append_pair("next", target)
            .finish();
        let mut response = Redirect::to(&format!("/login?{query}")).into_response();
        *response.status_mut() = StatusCode::SEE_OTHER;
        return response;
    }
    let caller = auth::identify(state, headers).await.ok().flatten();
    let ui = match Ui::from_request(state, caller, headers, uri) {
        Ok(ui) => ui,
        Err(e) => return e.page(None),
    };
    let message = if err.status() == StatusCode::FORBIDDEN {
        format!(
            "{} ({}) {}",
            ui.t("Uw rol", "Your role"),
            ui.role_name(),
            ui.t(
                "geeft geen toegang tot deze pagina.",
                "gives no access to this page."
            )
        )
    } else {
        err.message().to_string()
    };
    WebError::new(err.status(), message).page(Some(&ui))
}
