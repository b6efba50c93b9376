//! Logging in and out, sessions, CSRF, the failed-login limit, API tokens.

use imvo_server::error::ErrorCode;
use imvo_server::roles::Role;
use serde_json::json;

use crate::support::*;

both!(
    a_json_login_sets_a_strict_http_only_cookie_that_expires,
    |app| {
        app.create_account("anna", Role::Ministry).await;
        let r = app
            .anonymous()
            .post(
                "/api/v1/session",
                &json!({"username": "anna", "password": PASSWORD}),
            )
            .await;
        assert_eq!(r.status(), 200);
        let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(cookie.starts_with("imvo_session=imvo_s_"), "{cookie}");
        for flag in ["HttpOnly", "SameSite=Strict", "Max-Age=28800", "Path=/"] {
            assert!(cookie.contains(flag), "{flag} missing: {cookie}");
        }
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["role"], "ministry");
        assert!(body["csrf_token"].as_str().unwrap().len() >= 40);
        // Only a hash of the session id is stored.
        let secret = cookie
            .split(';')
            .next()
            .unwrap()
            .trim_start_matches("imvo_session=");
        let stored = app
            .store
            .session(
                &imvo_app::accounts::secret::digest(secret),
                chrono::Utc::now(),
            )
            .await
            .unwrap();
        assert!(stored.is_some());
        assert!(
            app.store
                .session(secret, chrono::Utc::now())
                .await
                .unwrap()
                .is_none()
        );
    }
);

both!(sessions_identify_the_account_and_end_at_logout, |app| {
    let c = app.session_client("bert", Role::Secretariat).await;
    let r = c.get("/api/v1/session").await;
    assert_eq!(r.status(), 200);
    let me: serde_json::Value = r.json().await.unwrap();
    assert_eq!(me["username"], "bert");
    assert_eq!(me["csrf_token"].as_str(), c.csrf.as_deref());
    let r = c
        .request(reqwest::Method::DELETE, "/api/v1/session")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let r = c.get("/api/v1/session").await;
    assert_eq!(r.status(), 401);
});

both!(
    a_wrong_password_is_refused_without_saying_which_part_is_wrong,
    |app| {
        app.create_account("carla", Role::Company).await;
        for (user, pw) in [("carla", "wrong password!"), ("nobody", PASSWORD)] {
            let r = app
                .anonymous()
                .post(
                    "/api/v1/session",
                    &json!({"username": user, "password": pw}),
                )
                .await;
            assert_eq!(r.status(), 401);
            let err = error_of(r).await;
            assert_eq!(code_of(&err), ErrorCode::InvalidCredentials);
            assert_eq!(err["field"], "password");
        }
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_failed_logins_lock_the_username_for_the_window() {
    for kind in [
        imvo_store::BackendKind::Sqlite,
        imvo_store::BackendKind::Postgres,
    ] {
        run_with(
            kind,
            |s| s.login_max_failures = 3,
            |app| async move {
                app.create_account("dirk", Role::Admin).await;
                app.create_account("els", Role::Admin).await;
                let login = |user: &'static str, pw: &'static str| {
                    let c = app.anonymous();
                    async move {
                        c.post(
                            "/api/v1/session",
                            &json!({"username": user, "password": pw}),
                        )
                        .await
                    }
                };
                for _ in 0..3 {
                    assert_eq!(login("dirk", "not the password").await.status(), 401);
                }
                // Now even the right password is refused, for this username only.
                let r = login("dirk", PASSWORD).await;
                assert_eq!(r.status(), 429);
                assert_eq!(error_of(r).await["field"], "username");
                assert_eq!(login("els", PASSWORD).await.status(), 200);
            },
        )
        .await;
    }
}

both!(writes_with_a_session_need_the_csrf_token, |app| {
    let admin = app.session_client("fien", Role::Admin).await;
    let body = json!({"username": "gert", "role": "company", "password": "long enough password"});
    // Without the token: refused, nothing stored.
    let mut no_csrf = admin.clone();
    no_csrf.csrf = None;
    let r = no_csrf.post("/api/v1/accounts", &body).await;
    assert_eq!(r.status(), 403);
    assert_eq!(error_of(r).await["field"], "csrf_token");
    // With a wrong token: refused.
    let mut wrong = admin.clone();
    wrong.csrf = Some("x".repeat(43));
    assert_eq!(wrong.post("/api/v1/accounts", &body).await.status(), 403);
    assert!(
        app.store
            .account_by_username("gert")
            .await
            .unwrap()
            .is_none()
    );
    // With the session's token: accepted.
    let r = admin.post("/api/v1/accounts", &body).await;
    assert_eq!(r.status(), 201);
    assert!(
        app.store
            .account_by_username("gert")
            .await
            .unwrap()
            .is_some()
    );
});

both!(
    api_tokens_authenticate_without_csrf_and_are_stored_hashed,
    |app| {
        let c = app.token_client("hans", Role::Admin).await;
        let token = c.token.clone().unwrap();
        assert!(token.starts_with("imvo_t_"));
        let r = c.get("/api/v1/session").await;
        assert_eq!(r.status(), 200);
        let r = c
        .post("/api/v1/accounts", &json!({"username": "ina", "role": "stakeholder", "password": "long enough password"}))
        .await;
        assert_eq!(r.status(), 201);
        let account = app
            .store
            .account_by_username("hans")
            .await
            .unwrap()
            .unwrap();
        let tokens = app.store.api_tokens_of(account.id).await.unwrap();
        assert_eq!(tokens.len(), 1);
        assert_ne!(tokens[0].token_hash, token);
        assert_eq!(
            tokens[0].token_hash,
            imvo_app::accounts::secret::digest(&token)
        );

        let mut bad = c.clone();
        bad.token = Some("imvo_t_not-a-token".into());
        let r = bad.get("/health").await;
        assert_eq!(r.status(), 401);
        assert_eq!(code_of(&error_of(r).await), ErrorCode::InvalidToken);
    }
);

#[tokio::test]
async fn sessions_expire() {
    run_with(
        imvo_store::BackendKind::Sqlite,
        |s| s.session_ttl_minutes = 0,
        |app| async move {
            let c = app.session_client("jan", Role::Admin).await;
            assert_eq!(c.get("/api/v1/session").await.status(), 401);
        },
    )
    .await;
}

#[tokio::test]
async fn the_login_form_needs_its_csrf_cookie() {
    run(imvo_store::BackendKind::Sqlite, |app| async move {
        app.create_account("kees", Role::Stakeholder).await;
        let http = browser_like();
        let page = page_at(&http, app.url("/login")).await;
        assert!(
            page.contains("name=\"csrf_token\""),
            "the login form carries a CSRF token"
        );
        // A forged form (another token) is refused.
        let r = http
            .post(app.url("/login"))
            .form(&[
                ("username", "kees"),
                ("password", PASSWORD),
                ("csrf_token", "forged"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
        // The refusal shows the form again, with a fresh token (and cookie).
        let page = r.text().await.unwrap();
        let token = page
            .split("name=\"csrf_token\" value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let r = http
            .post(app.url("/login"))
            .form(&[
                ("username", "kees"),
                ("password", PASSWORD),
                ("csrf_token", token),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let home = http
            .get(app.url("/"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(home.contains("kees"), "{home}");
        // Logging out is a form too, with the session's token.
        let csrf = home
            .split("name=\"csrf_token\" value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let r = http
            .post(app.url("/logout"))
            .form(&[("csrf_token", "forged")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
        let r = http
            .post(app.url("/logout"))
            .form(&[("csrf_token", csrf)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let home = http
            .get(app.url("/"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!home.contains("kees"));
    })
    .await;
}

/// A client as a browser is: it keeps cookies; redirects are left for the test to check.
fn browser_like() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// GET `url` as text.
async fn page_at(http: &reqwest::Client, url: String) -> String {
    http.get(url).send().await.unwrap().text().await.unwrap()
}

/// Submits the login form of `page` for `username`, asking to return to `next`.
async fn log_in_through(
    http: &reqwest::Client,
    app: &TestApp,
    page: &str,
    username: &str,
    next: &str,
) -> reqwest::Response {
    http.post(app.url("/login"))
        .form(&[
            ("username", username),
            ("password", PASSWORD),
            ("csrf_token", &form_token(page)),
            ("next", next),
        ])
        .send()
        .await
        .unwrap()
}

/// The CSRF token of the first form on a page.
fn form_token(page: &str) -> String {
    page.split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page carries a form with a CSRF token")
        .to_string()
}

#[tokio::test]
async fn an_anonymous_visitor_of_a_form_is_sent_to_log_in_and_back() {
    run(imvo_store::BackendKind::Sqlite, |app| async move {
        app.create_account("sanne", Role::Secretariat).await;
        let http = browser_like();
        let r = http
            .get(app.url("/record/event?trajectory=textile"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let location = r.headers()["location"].to_str().unwrap().to_string();
        assert_eq!(
            location,
            "/login?next=%2Frecord%2Fevent%3Ftrajectory%3Dtextile"
        );
        let page = page_at(&http, app.url(&location)).await;
        assert!(
            page.contains("name=\"next\" value=\"/record/event?trajectory=textile\""),
            "the login form remembers the page: {page}"
        );
        let r = log_in_through(
            &http,
            &app,
            &page,
            "sanne",
            "/record/event?trajectory=textile",
        )
        .await;
        assert_eq!(r.status(), 303);
        assert_eq!(r.headers()["location"], "/record/event?trajectory=textile");
    })
    .await;
}

#[tokio::test]
async fn the_login_form_sends_nobody_to_another_site() {
    run(imvo_store::BackendKind::Sqlite, |app| async move {
        app.create_account("joost", Role::Stakeholder).await;
        for next in [
            "//evil.example/",
            "https://evil.example/",
            "/\\evil.example",
        ] {
            let http = browser_like();
            let page = page_at(&http, app.url("/login")).await;
            let r = log_in_through(&http, &app, &page, "joost", next).await;
            assert_eq!(r.status(), 303);
            assert_eq!(r.headers()["location"], "/", "next = {next}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_role_without_a_form_gets_a_page_saying_so() {
    run(imvo_store::BackendKind::Sqlite, |app| async move {
        let company = app.session_client("bedrijf", Role::Company).await;
        let r = company
            .request(reqwest::Method::GET, "/record/event")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        let page = r.text().await.unwrap();
        assert!(page.contains("Geen toegang"), "{page}");
        assert!(
            page.contains("Uw rol (bedrijf) geeft geen toegang"),
            "the page names the role, in the page's language: {page}"
        );
        assert!(
            page.contains("Uitloggen"),
            "the header shows the account logged in"
        );
    })
    .await;
}

both!(
    account_changes_are_audited_with_the_account_that_made_them,
    |app| {
        let admin = app.token_client("beheer", Role::Admin).await;
        let body =
            json!({"username": "hanna", "role": "company", "password": "long enough password"});
        let r = admin.post("/api/v1/accounts", &body).await;
        assert_eq!(r.status(), 201);
        let hanna: serde_json::Value = r.json().await.unwrap();
        let log: serde_json::Value = admin
            .get("/api/v1/audit/accounts")
            .await
            .json()
            .await
            .unwrap();
        let newest = &log[0];
        assert_eq!(newest["actor"], "beheer", "{log}");
        assert_eq!(newest["action"], "created");
        assert_eq!(newest["account_id"], hanna["id"]);
        assert_eq!(newest["detail"], "company");
        // The token the test client made is there too, made by its own account.
        assert!(
            log.as_array()
                .unwrap()
                .iter()
                .any(|e| e["action"] == "token_created" && e["actor"] == "beheer"),
            "{log}"
        );
        // Only administrators read it.
        let ministry = app.token_client("min", Role::Ministry).await;
        assert_eq!(ministry.get("/api/v1/audit/accounts").await.status(), 403);
    }
);

#[tokio::test]
async fn an_administrator_creates_an_account_on_the_accounts_page() {
    run(imvo_store::BackendKind::Sqlite, |app| async move {
        let admin = app.session_client("beheerder", Role::Admin).await;
        let page = admin.get("/accounts?lang=en").await.text().await.unwrap();
        assert!(
            page.contains("Create an account") && page.contains("beheerder"),
            "{page}"
        );

        // Too short a password: the page again with the reason, nothing stored.
        let r = admin
            .request(reqwest::Method::POST, "/accounts")
            .form(&[
                ("username", "ingrid"),
                ("role", "company"),
                ("password", "short"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let page = r.text().await.unwrap();
        assert!(
            page.contains("password") && page.contains("ingrid"),
            "{page}"
        );
        assert!(
            app.store
                .account_by_username("ingrid")
                .await
                .unwrap()
                .is_none()
        );

        let r = admin
            .request(reqwest::Method::POST, "/accounts")
            .form(&[
                ("username", "ingrid"),
                ("display_name", "Ingrid (MVO Platform)"),
                ("role", "stakeholder"),
                ("password", "a long enough password"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "redirected to the page");
        assert_eq!(r.url().query(), Some("created=ingrid"));
        let page = r.text().await.unwrap();
        assert!(page.contains("Ingrid (MVO Platform)"), "{page}");
        let ingrid = app
            .store
            .account_by_username("ingrid")
            .await
            .unwrap()
            .unwrap();
        let log = app.store.account_log().await.unwrap();
        let last = log.last().unwrap();
        assert_eq!(
            (last.actor.as_str(), last.account_id),
            ("beheerder", ingrid.id)
        );

        // Changed on the same page: another role, no longer active.
        let r = admin
            .request(reqwest::Method::POST, &format!("/accounts/{}", ingrid.id))
            .form(&[
                ("role", "company"),
                ("active", "false"),
                ("shown_role", "stakeholder"),
                ("shown_active", "true"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "redirected to the page");
        assert_eq!(r.url().query(), Some("changed=ingrid"));
        let ingrid = app.store.account(ingrid.id).await.unwrap().unwrap();
        assert_eq!((ingrid.role.as_str(), ingrid.active), ("company", false));
        // A page drawn before that change, saving only a new role, does not reactivate her.
        let r = admin
            .request(reqwest::Method::POST, &format!("/accounts/{}", ingrid.id))
            .form(&[
                ("role", "ministry"),
                ("active", "true"),
                ("shown_role", "stakeholder"),
                ("shown_active", "true"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let ingrid = app.store.account(ingrid.id).await.unwrap().unwrap();
        assert_eq!((ingrid.role.as_str(), ingrid.active), ("ministry", false));
        // Not one's own access: refused with the reason, nothing changed.
        let own = app
            .store
            .account_by_username("beheerder")
            .await
            .unwrap()
            .unwrap();
        let r = admin
            .request(reqwest::Method::POST, &format!("/accounts/{}", own.id))
            .form(&[
                ("role", "admin"),
                ("active", "false"),
                ("shown_role", "admin"),
                ("shown_active", "true"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        assert!(
            r.text().await.unwrap().contains("your own account"),
            "in English: the page was opened with ?lang=en"
        );
        assert!(app.store.account(own.id).await.unwrap().unwrap().active);

        // The page and its link are for administrators only.
        let ngo = app.session_client("ngo", Role::Stakeholder).await;
        assert_eq!(ngo.get("/accounts").await.status(), 403);
        assert!(
            !ngo.get("/")
                .await
                .text()
                .await
                .unwrap()
                .contains("href=\"/accounts\"")
        );
    })
    .await;
}

both!(
    an_administrator_changes_roles_and_access_but_not_their_own,
    |app| {
        let admin = app.token_client("hoofd", Role::Admin).await;
        let dirk = app.token_client("dirk", Role::Company).await;
        let id = app
            .store
            .account_by_username("dirk")
            .await
            .unwrap()
            .unwrap()
            .id;
        let r = admin
            .request(reqwest::Method::PATCH, &format!("/api/v1/accounts/{id}"))
            .json(&json!({"role": "secretariat"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let v: serde_json::Value = r.json().await.unwrap();
        assert_eq!(
            (v["role"].as_str(), v["active"].as_bool()),
            (Some("secretariat"), Some(true))
        );
        // Deactivated: its token stops working at once.
        let r = admin
            .request(reqwest::Method::PATCH, &format!("/api/v1/accounts/{id}"))
            .json(&json!({"active": false}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(dirk.get("/api/v1/session").await.status(), 401);
        let log = app.store.account_log().await.unwrap();
        let last_two: Vec<_> = log[log.len() - 2..]
            .iter()
            .map(|e| (e.actor.as_str(), e.action.as_str(), e.detail.as_str()))
            .collect();
        assert_eq!(
            last_two,
            [
                ("hoofd", "role_set", "secretariat"),
                ("hoofd", "deactivated", "")
            ]
        );

        // Not one's own account, and not an account that does not exist.
        let own = app
            .store
            .account_by_username("hoofd")
            .await
            .unwrap()
            .unwrap()
            .id;
        for (body, field) in [
            (json!({"active": false}), "active"),
            (json!({"role": "company"}), "role"),
        ] {
            let r = admin
                .request(reqwest::Method::PATCH, &format!("/api/v1/accounts/{own}"))
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 422);
            assert_eq!(error_of(r).await["field"], field);
        }
        let r = admin
            .request(reqwest::Method::PATCH, "/api/v1/accounts/999")
            .json(&json!({"active": true}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
        assert_eq!(
            app.store.account_log().await.unwrap().len(),
            log.len(),
            "refusals log nothing"
        );
    }
);
