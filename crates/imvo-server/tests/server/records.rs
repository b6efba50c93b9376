//! Writing: validated as the CLI validates, 422 naming the field when a rule refuses, nothing
//! stored then, the account in the audit log, and the portfolio up to date at once.

use imvo_server::roles::Role;
use serde_json::{Value, json};

use crate::support::*;

fn source() -> Value {
    json!({"document": "Verslag SER-overleg", "locator": "p. 1"})
}

both!(
    a_phase_change_shows_at_once_and_names_its_account_in_the_audit_log,
    |app| {
        app.load_demo().await;
        let sec = app.token_client("sec", Role::Secretariat).await;
        // Warm the cache first, so the write must invalidate it.
        let before: Value = app
            .anonymous()
            .get("/api/v1/portfolio?as_of=2030-01-01")
            .await
            .json()
            .await
            .unwrap();
        let row = |p: &Value, id: &str| {
            p["trajectories"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["trajectory"] == id)
                .cloned()
                .unwrap()
        };
        assert_eq!(row(&before, "textile")["phase"], "signed");
        let r = sec
            .post(
                "/api/v1/phases",
                &json!({
                    "date": "2029-06-01",
                    "source": source(),
                    "change": {"trajectory": "textile", "phase": "implementing"}
                }),
            )
            .await;
        assert_eq!(r.status(), 201, "{:?}", r.text().await);
        let stored: Value = r.json().await.unwrap();
        assert_eq!(stored["actor"], "sec");
        assert_eq!(stored["kind"], "set_phase");
        let after: Value = app
            .anonymous()
            .get("/api/v1/portfolio?as_of=2030-01-01")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(row(&after, "textile")["phase"], "implementing");
        assert_eq!(after["last_seq"], stored["seq"]);
        // The audit log (staff only) names the account.
        let audit: Value = sec
            .get("/api/v1/audit?actor=sec")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(audit.as_array().unwrap().len(), 1);
        assert_eq!(audit[0]["seq"], stored["seq"]);
        assert_eq!(audit[0]["source"], "Verslag SER-overleg, p. 1");
    }
);

both!(events_agreements_and_measurements_are_recorded, |app| {
    app.load_demo().await;
    let sec = app.token_client("sec", Role::Secretariat).await;
    let r = sec
        .post(
            "/api/v1/events",
            &json!({
                "date": "2016-09-01",
                "source": source(),
                "change": {
                    "id": "textile-kickoff-2016",
                    "event": "meeting",
                    "trajectories": ["textile"],
                    "description": {"nl": "Startbijeenkomst.", "en": "Kick-off meeting."}
                }
            }),
        )
        .await;
    assert_eq!(r.status(), 201, "{:?}", r.text().await);
    let e: Value = app
        .anonymous()
        .get("/api/v1/events?trajectory=textile&as_of=2016-12-31")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        e["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["spec"]["id"] == "textile-kickoff-2016")
    );

    let agreement = json!({
        "date": "2016-09-01",
        "source": source(),
        "change": {"covenant": "textile", "agreement": {
            "id": "textile-due-diligence",
            "result": {"nl": "Bedrijven passen gepaste zorgvuldigheid toe.", "en": "Companies apply due diligence."},
            "indicator": {"nl": "Aandeel bedrijven met plan", "en": "Share of companies with a plan"},
            "unit": "%",
            "baseline_value": 0.0, "baseline_date": "2016-07-04",
            "target_value": 100.0, "target_date": "2019-07-04",
            "owner": "ser",
            "risks": ["child labour"]
        }}
    });
    let r = sec.post("/api/v1/agreements", &agreement).await;
    assert_eq!(r.status(), 201, "{:?}", r.text().await);
    let company = app.token_client("acme", Role::Company).await;
    let r = company
        .post(
            "/api/v1/measurements",
            &json!({
                "date": "2017-07-04",
                "source": source(),
                "change": {"agreement": "textile-due-diligence", "value": 40.0}
            }),
        )
        .await;
    assert_eq!(r.status(), 201, "{:?}", r.text().await);
    let cov: Value = app
        .anonymous()
        .get("/api/v1/covenants?as_of=2018-01-01")
        .await
        .json()
        .await
        .unwrap();
    let a = cov["agreements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["agreement"]["id"] == "textile-due-diligence")
        .cloned()
        .unwrap();
    assert_eq!(a["measurements"].as_array().unwrap().len(), 1);
});

both!(
    refused_changes_are_422_naming_the_field_and_store_nothing,
    |app| {
        app.load_demo().await;
        let admin = app.token_client("root", Role::Admin).await;
        let last = app.store.last_seq().await.unwrap();
        let not_smart = json!({
            "date": "2016-09-01", "source": source(),
            "change": {"covenant": "textile", "agreement": {"id": "vague", "result": {"nl": "Beter.", "en": "Better."}}}
        });
        let cases: Vec<(&str, Value, u16, &str)> = vec![
            (
                "/api/v1/phases",
                json!({"date": "2016-01-01", "source": source(), "change": {"trajectory": "no-such", "phase": "signed"}}),
                422,
                "change.trajectory",
            ),
            (
                "/api/v1/phases",
                json!({"date": "2016-01-01", "source": source(), "change": {"trajectory": "textile", "phase": "exploring"}}),
                422,
                "change.phase",
            ),
            (
                "/api/v1/phases",
                json!({"date": "2016-01-01", "source": source(), "change": {"trajectory": "textile", "phase": "sleeping"}}),
                400,
                "change.phase",
            ),
            (
                "/api/v1/phases",
                json!({"date": "01-01-2016", "source": source(), "change": {"trajectory": "textile", "phase": "signed"}}),
                400,
                "date",
            ),
            (
                "/api/v1/phases",
                json!({"date": "2016-01-01", "change": {"trajectory": "textile", "phase": "signed"}}),
                400,
                "source",
            ),
            ("/api/v1/agreements", not_smart, 422, "change.agreement"),
            (
                "/api/v1/measurements",
                json!({"date": "2017-01-01", "source": source(), "change": {"agreement": "none", "value": 1.0}}),
                422,
                "change.agreement",
            ),
            (
                "/api/v1/measurements",
                json!({"date": "2017-01-01", "source": source(), "change": {"agreement": "none", "value": "lots"}}),
                400,
                "change.value",
            ),
            // What the schema rules out is a 400, as for any body that does not fit it: an id
            // that is not a slug, an unknown kind, a missing field.
            (
                "/api/v1/events",
                json!({"date": "2016-01-01", "source": source(), "change": {"id": "Bad Id", "event": "meeting", "description": {"nl": "x", "en": "y"}}}),
                400,
                "change.id",
            ),
            (
                "/api/v1/records",
                json!({"date": "2016-01-01", "source": source(), "change": {"kind": "drop_table"}}),
                400,
                "change.kind",
            ),
            (
                "/api/v1/covenants",
                json!({"date": "2016-01-01", "source": source(), "change": {"id": "x"}}),
                400,
                "change.name",
            ),
            // A change of any kind names the field inside it, however deep.
            (
                "/api/v1/records",
                json!({"date": "2016-01-01", "source": source(), "change": {"kind": "add_agreement", "covenant": "textile", "agreement": {"id": "x", "unit": 5}}}),
                400,
                "change.agreement.unit",
            ),
            (
                "/api/v1/records",
                json!({"date": "2016-01-01", "source": source(), "change": {"kind": "set_phase", "trajectory": "no-such", "phase": "signed"}}),
                422,
                "change.trajectory",
            ),
        ];
        for (i, (path, body, status, field)) in cases.into_iter().enumerate() {
            let r = admin.post(path, &body).await;
            assert_eq!(r.status().as_u16(), status, "case {i} {path}");
            let err = error_of(r).await;
            assert_eq!(err["field"], field, "case {i} {path}: {err}");
        }
        assert_eq!(app.store.last_seq().await.unwrap(), last, "nothing stored");
        assert_eq!(app.anonymous().get("/health").await.status(), 200);
    }
);
