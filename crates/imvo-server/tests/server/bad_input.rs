//! Bad input: a 4xx JSON error naming the field, nothing stored, and the server keeps serving.

use imvo_server::error::ErrorCode;
use imvo_server::roles::Role;
use serde_json::json;

use crate::support::*;

both!(
    bad_account_requests_name_the_field_and_store_nothing,
    |app| {
        let admin = app.token_client("root", Role::Admin).await;
        let before = app.store.accounts().await.unwrap().len();
        let cases: Vec<(reqwest::RequestBuilder, u16, ErrorCode, Option<&str>)> = vec![
        (
            admin.request(reqwest::Method::POST, "/api/v1/accounts").header("content-type", "application/json").body("{\"username\": "),
            400, ErrorCode::InvalidJson, None,
        ),
        (
            admin.request(reqwest::Method::POST, "/api/v1/accounts").json(&json!({"username": 7, "role": "admin", "password": "long enough password"})),
            400, ErrorCode::InvalidField, Some("username"),
        ),
        (
            admin.request(reqwest::Method::POST, "/api/v1/accounts").json(&json!({"username": "x", "role": "king", "password": "long enough password"})),
            400, ErrorCode::InvalidField, Some("role"),
        ),
        (
            admin.request(reqwest::Method::POST, "/api/v1/accounts").json(&json!({"role": "admin", "password": "long enough password"})),
            400, ErrorCode::InvalidField, Some("username"),
        ),
        (
            admin.request(reqwest::Method::POST, "/api/v1/accounts").json(&json!({"username": "x", "role": "admin", "password": "long enough password", "admin": true})),
            400, ErrorCode::InvalidField, Some("admin"),
        ),
        (
            admin.request(reqwest::Method::POST, "/api/v1/accounts").json(&json!({"username": "x", "role": "admin", "password": "short"})),
            422, ErrorCode::WeakPassword, Some("password"),
        ),
        (
            admin.request(reqwest::Method::POST, "/api/v1/accounts").json(&json!({"username": "has space", "role": "admin", "password": "long enough password"})),
            422, ErrorCode::InvalidField, Some("username"),
        ),
        (
            // serde would read a struct from an array of its fields; the API takes objects only.
            admin.request(reqwest::Method::POST, "/api/v1/accounts").json(&json!(["x", null, "admin", null, "long enough password"])),
            400, ErrorCode::InvalidJson, None,
        ),
        (
            admin.request(reqwest::Method::PATCH, "/api/v1/accounts/1").json(&json!([null, null])),
            400, ErrorCode::InvalidJson, None,
        ),
        (
            admin.request(reqwest::Method::POST, "/api/v1/accounts").header("content-type", "text/plain").body("username=x"),
            415, ErrorCode::UnsupportedMediaType, Some("Content-Type"),
        ),
        (
            admin.request(reqwest::Method::POST, "/api/v1/accounts").header("content-type", "application/json").body(format!("{{\"username\": \"{}\"}}", "x".repeat(300_000))),
            413, ErrorCode::BodyTooLarge, None,
        ),
    ];
        for (i, (req, status, code, field)) in cases.into_iter().enumerate() {
            let r = req.send().await.unwrap();
            assert_eq!(r.status().as_u16(), status, "case {i}");
            let err = error_of(r).await;
            assert_eq!(code_of(&err), code, "case {i}: {err}");
            assert_eq!(err["field"].as_str(), field, "case {i}: {err}");
        }
        assert_eq!(
            app.store.accounts().await.unwrap().len(),
            before,
            "nothing stored"
        );
        // Taken usernames are a conflict naming the field.
        let r = admin
            .post(
                "/api/v1/accounts",
                &json!({"username": "root", "role": "admin", "password": "long enough password"}),
            )
            .await;
        assert_eq!(r.status(), 409);
        assert_eq!(error_of(r).await["field"], "username");
        // And the server still serves.
        assert_eq!(app.anonymous().get("/health").await.status(), 200);
    }
);
