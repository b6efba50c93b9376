//! schemathesis (pinned in scripts/requirements-test.txt) fuzzes the served /openapi.json with an
//! administrator's API token: no 5xx, no response that breaks the schema, every documented
//! status and content type honoured. Bounded by examples per operation so CI stays fast.

use std::path::PathBuf;
use std::process::Command;

use imvo_server::roles::Role;

use crate::support::*;

/// The schemathesis command beside the interpreter in IMVO_PYTHON, or `None` (with a note) when
/// the reference tools are not installed and not required.
fn schemathesis() -> Option<PathBuf> {
    match std::env::var_os("IMVO_PYTHON") {
        Some(python) => {
            let bin = PathBuf::from(python)
                .parent()
                .expect("IMVO_PYTHON has a directory")
                .join("schemathesis");
            assert!(
                bin.exists(),
                "{} is missing: run scripts/test.sh, which installs it",
                bin.display()
            );
            Some(bin)
        }
        None if std::env::var_os("IMVO_REQUIRE_REFERENCE").is_some_and(|v| v == "1") => {
            panic!("IMVO_REQUIRE_REFERENCE=1 but IMVO_PYTHON is not set: run scripts/test.sh")
        }
        None => {
            eprintln!(
                "note: IMVO_PYTHON is not set; skipping the schemathesis run (scripts/test.sh sets it)"
            );
            None
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schemathesis_finds_no_server_errors_and_no_schema_violations() {
    let Some(bin) = schemathesis() else { return };
    // With a risk analysis loaded, so the risk routes answer with their full schemas.
    let dir = tempfile::tempdir().unwrap();
    let risk = crate::risk_fixture::write_analysis(dir.path());
    run_with(
        imvo_store::BackendKind::Sqlite,
        |s| s.risk = Some(risk),
        |app| async move {
            app.load_demo().await;
            let admin = app.token_client("fuzzer", Role::Admin).await;
            let token = admin.token.clone().unwrap();
            let url = app.url("/openapi.json");
            let report = tempfile::tempdir().unwrap();
            let out = tokio::task::spawn_blocking(move || {
                Command::new(bin)
                    .args(["run", &url])
                    .args(["--header", &format!("Authorization: Bearer {token}")])
                    .args([
                        "--max-examples",
                        "25",
                        "--seed",
                        "20150710",
                        "--workers",
                        "2",
                    ])
                    .args(["--phases", "examples,coverage,fuzzing"])
                    // Schema-valid writes may still break a rule of the domain that JSON Schema
                    // cannot state (an unknown trajectory id, a phase moving back, a duplicate id):
                    // the documented answer is 422, which this check would count as a failure.
                    .args(["--exclude-checks", "positive_data_acceptance"])
                    .args(["--request-timeout", "20", "--no-color"])
                    .env("SCHEMATHESIS_HOOKS", "")
                    .current_dir(report.path())
                    .output()
                    .expect("schemathesis runs")
            })
            .await
            .unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                out.status.success(),
                "schemathesis found problems:\n{stdout}\n{stderr}"
            );
            // The server is still up and answering after the fuzzing.
            assert_eq!(app.anonymous().get("/health").await.status(), 200);
        },
    )
    .await;
}
