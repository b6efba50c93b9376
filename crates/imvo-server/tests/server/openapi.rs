//! The OpenAPI document: served, committed, and in step with the code.

use crate::support::*;

/// The committed `openapi.json` equals what the code generates. When it does not, this test
/// writes the new document over it (review the diff and commit it) and fails.
#[test]
fn the_committed_openapi_json_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi.json");
    let generated = imvo_server::openapi::document().to_pretty_json().unwrap() + "\n";
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != generated {
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, &generated).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
        panic!(
            "{} was stale and has been regenerated: review the change and commit it",
            path.display()
        );
    }
}

#[tokio::test]
async fn the_served_document_is_the_generated_one_with_roles() {
    run(imvo_store::BackendKind::Sqlite, |app| async move {
        let r = app.anonymous().get("/openapi.json").await;
        assert_eq!(r.status(), 200);
        let served: serde_json::Value = r.json().await.unwrap();
        let generated = serde_json::to_value(imvo_server::openapi::document()).unwrap();
        assert_eq!(served, generated);
        assert!(served["openapi"].as_str().unwrap().starts_with("3."));
        // Roles are declared on each operation, from the role table.
        for rule in imvo_server::roles::ROUTES.iter().filter(|r| r.api) {
            let op = &served["paths"][rule.path][rule.method.as_str().to_lowercase()];
            let roles: Vec<&str> = op["x-imvo-roles"]
                .as_array()
                .unwrap_or_else(|| panic!("{} {} has no x-imvo-roles", rule.method, rule.path))
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            assert_eq!(
                roles,
                rule.access.role_names(),
                "{} {}",
                rule.method,
                rule.path
            );
            let public = rule.access == imvo_server::roles::Access::Public;
            assert_eq!(
                op["security"].is_null(),
                public,
                "{} {} security",
                rule.method,
                rule.path
            );
            assert!(op["description"].as_str().unwrap().contains("**Roles:**"));
        }
    })
    .await;
}
