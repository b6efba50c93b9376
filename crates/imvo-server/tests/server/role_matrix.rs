//! The whole allowed/denied matrix: every route of the role table, called by an anonymous
//! client and by a client of every role, must be refused exactly when the table says so
//! (401 anonymous, 403 wrong role) and never refused for authorization reasons otherwise.

use imvo_server::roles::{ROUTES, Role};

use crate::support::*;

/// A concrete path for a route: parameters filled with ids that exist after the fixture.
fn concrete(path: &str) -> String {
    path.replace("{id}", "textile")
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
            let status = r.status().as_u16();
            // An authorization refusal is the middleware's JSON error: 401 `unauthenticated`
            // or 403 `forbidden` naming no field (a CSRF refusal names `csrf_token`, and a
            // form's own refusal is an HTML page: neither is about the role).
            let body: serde_json::Value = r.json().await.unwrap_or_default();
            let code = body["error"]["code"].as_str().unwrap_or("");
            let refused = body["error"]["field"].is_null()
                && ((status == 401 && code == "unauthenticated")
                    || (status == 403 && code == "forbidden"));
            let allowed = rule.access.allows(*role);
            let ok = if allowed {
                !refused && status < 500
            } else if role.is_none() {
                refused && status == 401
            } else {
                refused && status == 403
            };
            if !ok {
                failures.push(format!(
                    "{} {} as {}: {status}, table says {}",
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
