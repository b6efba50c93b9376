//! Health, security headers, unknown routes.

use crate::support::*;

both!(health_names_the_backend, |app| {
    let r = app.anonymous().get("/health").await;
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    let expected = match app.kind {
        imvo_store::BackendKind::Sqlite => "sqlite",
        imvo_store::BackendKind::Postgres => "postgres",
    };
    assert_eq!(body["backend"], expected);
});

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    run(imvo_store::BackendKind::Sqlite, |app| async move {
        for path in ["/", "/health", "/openapi.json", "/no/such/route"] {
            let r = app.anonymous().get(path).await;
            let h = r.headers();
            let csp = h["content-security-policy"].to_str().unwrap();
            assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
            assert!(
                csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
                "{path}: {csp}"
            );
            assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
            assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
            assert_eq!(h["x-frame-options"], "DENY", "{path}");
            assert!(h.contains_key("x-request-id"), "{path}");
        }
    })
    .await;
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_json_errors() {
    run(imvo_store::BackendKind::Sqlite, |app| async move {
        let r = app.anonymous().get("/api/v1/nothing").await;
        assert_eq!(r.status(), 404);
        assert_eq!(error_of(r).await["code"], "not_found");
        let r = app
            .anonymous()
            .request(reqwest::Method::PUT, "/health")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 405);
        assert_eq!(error_of(r).await["code"], "method_not_allowed");
    })
    .await;
}
