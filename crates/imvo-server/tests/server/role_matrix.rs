//! The whole allowed/denied matrix: every route of the role table, called by an anonymous
//! client and by a client of every role, must be refused exactly when the table says so
//! (the API: 401 anonymous, 403 wrong role; dashboard pages: a redirect to the login form,
//! an HTML 403 page) and never refused for authorization reasons otherwise.

use std::collections::BTreeSet;

use imvo_server::error::ErrorCode;
use imvo_server::roles::{ROUTES, Role};

use crate::support::*;

/// A concrete path for a route: parameters filled with ids that exist after the fixture.
fn concrete(path: &str) -> String {
    path.replace("{id}", "textile")
        .replace("{company}", "textile")
        .replace("{year}", "2020")
        .replace("{version}", "1")
}

/// What a client met, in the terms of the role table. A refusal by the use case itself (a
/// company account asking for another company's due-diligence file) is `Served(403)`: the
/// table let the role in, the rule about the object refused it; the confidentiality tests
/// check those.
#[derive(Debug, PartialEq)]
enum Outcome {
    /// Refused for want of a login: the API's JSON 401 `unauthenticated`, or for a dashboard
    /// page, a redirect to the login form that returns to the page.
    NeedsLogin,
    /// Refused for the role: the API's JSON 403 `forbidden` naming no field, or for a
    /// dashboard page, an HTML 403 page. (A CSRF refusal names `csrf_token`, and a form's own
    /// refusal is about its content: neither is about the role.)
    Forbidden,
    /// Handled by the route itself, with this status.
    Served(u16),
}

impl Outcome {
    async fn of(r: reqwest::Response, api: bool, method: &reqwest::Method) -> Outcome {
        let status = r.status().as_u16();
        let page_read = !api && *method == reqwest::Method::GET;
        if page_read {
            let url = r.url().clone();
            let html = r
                .headers()
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("text/html"));
            let sent_to_login =
                url.path() == "/login" && url.query().is_some_and(|q| q.starts_with("next="));
            // A page's own refusal names what it is about (`data-field`: this company's file,
            // this covenant's workbench); a refusal for the role names nothing.
            let body = r.text().await.unwrap_or_default();
            return match status {
                200 if sent_to_login => Outcome::NeedsLogin,
                403 if html && !body.contains("data-field=") => Outcome::Forbidden,
                s => Outcome::Served(s),
            };
        }
        let body: serde_json::Value = r.json().await.unwrap_or_default();
        let code = serde_json::from_value::<ErrorCode>(body["error"]["code"].clone()).ok();
        let no_field = body["error"]["field"].is_null();
        match (status, code) {
            (401, Some(ErrorCode::Unauthenticated)) if no_field => Outcome::NeedsLogin,
            (403, Some(ErrorCode::Forbidden)) if no_field => Outcome::Forbidden,
            (s, _) => Outcome::Served(s),
        }
    }
}

async fn walk(app: &TestApp) {
    let mut clients = vec![(None, app.anonymous())];
    for role in Role::ALL {
        clients.push((
            Some(role),
            app.token_client(&format!("user-{role}"), role).await,
        ));
    }
    // Session clients too, so the web routes and CSRF path are exercised with each role.
    for role in Role::ALL {
        clients.push((
            Some(role),
            app.session_client(&format!("web-{role}"), role).await,
        ));
    }
    let mut failures = Vec::new();
    for rule in ROUTES {
        // Logging out would end the session the next rows need; it is covered in auth tests.
        let ends_session =
            rule.path == "/logout" || (rule.path == "/api/v1/session" && rule.method == "DELETE");
        for (role, client) in &clients {
            if ends_session && client.csrf.is_some() {
                continue;
            }
            let method = reqwest::Method::from_bytes(rule.method.as_str().as_bytes()).unwrap();
            let mut req = client.request(method.clone(), &concrete(rule.path));
            if method != reqwest::Method::GET {
                req = req.json(&serde_json::json!({}));
            }
            let r = req.send().await.expect("the server answers");
            let outcome = Outcome::of(r, rule.api, &method).await;
            let allowed = rule.access.allows(*role);
            let ok = match (allowed, role) {
                (true, _) => matches!(outcome, Outcome::Served(s) if s < 500),
                (false, None) => outcome == Outcome::NeedsLogin,
                (false, Some(_)) => outcome == Outcome::Forbidden,
            };
            if !ok {
                failures.push(format!(
                    "{} {} as {}: {outcome:?}, table says {}",
                    rule.method,
                    rule.path,
                    role.map_or("anonymous".to_string(), |r| r.to_string()),
                    if allowed { "allowed" } else { "denied" }
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "role matrix mismatches:\n{}",
        failures.join("\n")
    );
}

both!(every_route_by_every_role_matches_the_table, |app| {
    app.load_demo().await;
    walk(&app).await;
});

/// Whether an answer came from the router's fallbacks, i.e. the method and path are not routed:
/// 405 `method_not_allowed`, or the 404 of a path no route matches.
async fn unrouted(r: reqwest::Response) -> bool {
    let status = r.status().as_u16();
    let body: serde_json::Value = r.json().await.unwrap_or_default();
    let err = &body["error"];
    let code = serde_json::from_value::<ErrorCode>(err["code"].clone()).ok();
    match (status, code) {
        (405, Some(ErrorCode::MethodNotAllowed)) => true,
        (404, Some(ErrorCode::NotFound)) => err["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("no such route")),
        _ => false,
    }
}

/// The routers and the table list the same routes: every row is routed, and no other method of
/// a path in the table is (a routed method without a row would be refused by default, but it
/// would be a route nobody decided on). The API's routes are also checked against the OpenAPI
/// document built from the router (`openapi::tests`); this covers the dashboard's, which are
/// not documented. Asked anonymously, so no handler with an effect runs.
async fn routers_match_the_table(app: &TestApp) {
    let client = app.anonymous();
    let paths: BTreeSet<&str> = ROUTES.iter().map(|r| r.path).collect();
    let mut failures = Vec::new();
    for path in paths {
        for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
            let listed = ROUTES
                .iter()
                .any(|r| r.path == path && r.method.as_str() == method);
            let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
            let mut req = client.request(method.clone(), &concrete(path));
            if method != reqwest::Method::GET {
                req = req.json(&serde_json::json!({}));
            }
            let routed = !unrouted(req.send().await.expect("the server answers")).await;
            if routed != listed {
                failures.push(format!(
                    "{method} {path}: {} but {} in the role table",
                    if routed { "routed" } else { "not routed" },
                    if listed { "listed" } else { "not listed" },
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "routers and role table differ:\n{}",
        failures.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_routed_route_has_a_row_and_every_row_a_route() {
    run(imvo_store::BackendKind::Sqlite, |app| async move {
        app.load_demo().await;
        routers_match_the_table(&app).await;
    })
    .await;
}
