//! Confidentiality of the covenants' due diligence, over every route and page: a company's
//! file — its turnover, scores, feedback and responses — reaches that company's accounts and
//! its covenant's secretariat, and no one else, whatever they ask for.
//!
//! The test builds the textile demo (90 synthetic companies, three published years), lets one
//! company put two unique values into its own file (a turnover and a response to its
//! feedback), and then calls every GET route of the role table — the API, the dashboard's
//! pages, the annual report and the progress letter — as every kind of client: anonymous,
//! each role unbound, another company of the covenant, the secretariat of another covenant,
//! the company itself and its secretariat. The two values must appear in what the company and
//! its secretariat get from its file, and nowhere else. (The export of the whole store is the
//! command line's, for the operator who holds the database; it has no route.)

use imvo_domain::Id;
use imvo_server::roles::{ROUTES, Role};
use serde_json::json;

use crate::support::*;

/// The turnover the company reports (millions of euros); no demo figure has these digits.
const TURNOVER: f64 = 4_321.987_654;
/// Its response to the secretariat's feedback.
const RESPONSE: &str = "Antwoord-kanarie 7f3a9c: alleen voor ons en het secretariaat";

fn concrete(path: &str, company: &str) -> String {
    path.replace("{id}", "textile")
        .replace("{company}", company)
        .replace("{year}", "2020")
        .replace("{version}", "1")
        .replace("{file}", "imvo.css")
}

both!(no_route_shows_a_companys_file_to_anyone_else, |app| {
    let (ledger, secretariat) = app.load_diligence_demo().await;
    // Two members assessed in 2020: the one whose file is watched, and another.
    let assessed: Vec<&Id> = ledger.book.cycles[&2020]
        .files
        .iter()
        .filter(|(_, f)| !f.assessments.is_empty())
        .map(|(c, _)| c)
        .collect();
    let (a, b) = (assessed[0].to_string(), assessed[1].to_string());

    let own = app
        .token_client_for("own-company", Role::Company, Some(&a))
        .await;
    let own_web = app
        .session_client_for("own-company-web", Role::Company, Some(&a))
        .await;
    let ser = app
        .token_client_for("ser-staff", Role::Secretariat, Some(secretariat.as_str()))
        .await;
    let ser_web = app
        .session_client_for(
            "ser-staff-web",
            Role::Secretariat,
            Some(secretariat.as_str()),
        )
        .await;

    // The company puts the two values into its own file.
    let r = own
        .post(
            "/api/v1/covenants/textile/diligence/steps",
            &json!({"action": "turnover", "company": a, "year": 2020, "million_eur": TURNOVER}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let r = own
        .post(
            "/api/v1/covenants/textile/diligence/steps",
            &json!({"action": "respond", "company": a, "year": 2020, "text": RESPONSE}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    // Another company cannot write into it.
    let other = app
        .token_client_for("other-company", Role::Company, Some(&b))
        .await;
    let r = other
        .post(
            "/api/v1/covenants/textile/diligence/steps",
            &json!({"action": "respond", "company": a, "year": 2020, "text": "not mine"}),
        )
        .await;
    assert_eq!(r.status(), 403);

    // The turnover as the API writes it and as the pages do (one decimal, Dutch or English).
    let turnover = [
        TURNOVER.to_string(),
        "4322,0 mln".into(),
        "4322.0 mln".into(),
    ];
    let secret = |body: &str| turnover.iter().any(|t| body.contains(t)) || body.contains(RESPONSE);

    // Those who may see the file do see the values (so the test can fail).
    for (who, client, path) in [
        (
            "the company (API)",
            &own,
            format!("/api/v1/covenants/textile/diligence/companies/{a}"),
        ),
        (
            "the company (page)",
            &own_web,
            format!("/covenants/textile/diligence/companies/{a}"),
        ),
        (
            "the secretariat (API)",
            &ser,
            format!("/api/v1/covenants/textile/diligence/companies/{a}"),
        ),
        (
            "the secretariat (page)",
            &ser_web,
            format!("/covenants/textile/diligence/companies/{a}"),
        ),
    ] {
        let r = client.get(&path).await;
        assert_eq!(r.status(), 200, "{who} reads {path}");
        let body = r.text().await.unwrap();
        assert!(
            body.contains(RESPONSE) && secret(&body.replace(RESPONSE, "")),
            "{who} does not see its file's values at {path}"
        );
    }

    let mut clients: Vec<(String, Client)> = vec![("anonymous".into(), app.anonymous())];
    for role in Role::ALL {
        clients.push((
            format!("{role} (unbound, token)"),
            app.token_client(&format!("t-{role}"), role).await,
        ));
        clients.push((
            format!("{role} (unbound, session)"),
            app.session_client(&format!("s-{role}"), role).await,
        ));
    }
    clients.push(("another company of the covenant".into(), other));
    clients.push((
        "another company (session)".into(),
        app.session_client_for("other-company-web", Role::Company, Some(&b))
            .await,
    ));
    clients.push((
        "the secretariat of another covenant".into(),
        app.token_client_for("nvb-staff", Role::Secretariat, Some("nvb"))
            .await,
    ));
    clients.push((
        "a ministry account bound to the company".into(),
        app.token_client_for("ministry-bound", Role::Ministry, Some(&a))
            .await,
    ));

    let mut leaks = Vec::new();
    let mut calls = 0;
    for rule in ROUTES
        .iter()
        .filter(|r| r.method == axum::http::Method::GET)
    {
        let companies = if rule.path.contains("{company}") {
            vec![&a, &b]
        } else {
            vec![&a]
        };
        for company in companies {
            let path = concrete(rule.path, company);
            for (who, client) in &clients {
                let r = client.get(&path).await;
                let status = r.status().as_u16();
                assert!(status < 500, "{who}: GET {path} answered {status}");
                let body = String::from_utf8_lossy(&r.bytes().await.unwrap()).into_owned();
                calls += 1;
                if secret(&body) {
                    leaks.push(format!("{who}: GET {path} ({status})"));
                }
            }
        }
    }
    // The annual report in every format, and the progress letter of today in HTML.
    for path in [
        "/api/v1/covenants/textile/diligence/reports/2020?format=html",
        "/api/v1/covenants/textile/diligence/reports/2020?format=md&lang=en",
        "/api/v1/reports/letter?format=html",
        "/api/v1/reports/letter?lang=en",
    ] {
        for (who, client) in &clients {
            let r = client.get(path).await;
            assert_eq!(r.status(), 200, "{who}: GET {path}");
            if secret(&r.text().await.unwrap()) {
                leaks.push(format!("{who}: GET {path}"));
            }
        }
    }
    assert!(calls > 500, "only {calls} calls were made");
    assert!(
        leaks.is_empty(),
        "a company's file leaked:\n{}",
        leaks.join("\n")
    );
});
