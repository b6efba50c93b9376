//! The cycle's steps as forms on the dashboard: a company submits its self-assessment and plan
//! for an open year, a form with a gap comes back with the message beside the field and
//! nothing stored, the secretariat assesses with a comment the company then sees, and the
//! company responds. Another company can open none of these forms for the first one's file.

use chrono::Datelike;
use imvo_domain::Id;
use imvo_server::roles::Role;
use serde_json::json;

use crate::support::*;

/// The form's fields as the page shows them: every `score.*` select.
fn score_fields(page: &str) -> Vec<String> {
    page.split("name=\"score.")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|c| format!("score.{c}"))
        .collect()
}

async fn post_form(client: &Client, path: &str, fields: &[(String, String)]) -> reqwest::Response {
    client
        .request(reqwest::Method::POST, path)
        .form(fields)
        .send()
        .await
        .expect("the server answers")
}

both!(a_year_goes_through_the_forms, |app| {
    let (ledger, secretariat) = app.load_diligence_demo().await;
    let textile = Id::new("textile").unwrap();
    let mut active = ledger
        .book
        .members
        .iter()
        .filter(|(_, m)| m.status() == imvo_diligence::cycle::Status::Active)
        .map(|(c, _)| c.to_string());
    let (a, b) = (active.next().unwrap(), active.next().unwrap());

    // The secretariat opens this year's cycle, with every deadline ahead.
    let today = imvo_app::today();
    let year = today.year();
    let ahead = |days| (today + chrono::Days::new(days)).to_string();
    let ser = app
        .session_client_for("ser-forms", Role::Secretariat, Some(secretariat.as_str()))
        .await;
    let r = ser
        .post(
            "/api/v1/covenants/textile/diligence/steps",
            &json!({"action": "open_cycle", "year": year, "framework": "textile-covenant", "version": 1,
                    "calendar": {"submission_due": ahead(30), "assessment_due": ahead(60),
                                 "response_due": ahead(90), "publication": ahead(120)}}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());

    let own = app
        .session_client_for("own-forms", Role::Company, Some(&a))
        .await;
    let file = format!("/covenants/textile/diligence/companies/{a}");
    let page = own.get(&file).await.text().await.unwrap();
    let submit = format!("{file}/submit?year={year}");
    assert!(
        page.contains(&submit.replace('&', "&amp;")) || page.contains(&submit),
        "the file links to the form:\n{page}"
    );

    // The form lists every criterion of the framework.
    let r = own.get(&submit).await;
    assert_eq!(r.status(), 200);
    let form = r.text().await.unwrap();
    let scores = score_fields(&form);
    assert!(scores.len() >= 10, "criteria on the form: {scores:?}");

    // Every criterion at its lowest (no evidence needed), and a goal with no unit: refused
    // beside the unit, nothing stored.
    let mut fields: Vec<(String, String)> =
        scores.iter().map(|s| (s.clone(), "0".to_owned())).collect();
    for (k, v) in [
        ("goal1_result_nl", "Leefbaar loon bij twee leveranciers"),
        ("goal1_result_en", "Living wage at two suppliers"),
        ("goal1_indicator_nl", "Leveranciers met leefbaar loon"),
        ("goal1_indicator_en", "Suppliers paying a living wage"),
        ("goal1_baseline", "0"),
        ("goal1_target", "2"),
        ("goal1_deadline", &ahead(400)),
    ] {
        fields.push((k.to_owned(), v.to_owned()));
    }
    let r = post_form(&own, &submit, &fields).await;
    assert_eq!(r.status(), 422);
    let again = r.text().await.unwrap();
    assert!(again.contains("goal1_unit"), "{again}");
    let before = imvo_app::diligence::ledger(&app.store, &textile)
        .await
        .unwrap();
    assert!(
        !before.book.cycles[&year]
            .files
            .contains_key(&Id::new(&a).unwrap()),
        "nothing was stored"
    );

    fields.push(("goal1_unit".to_owned(), "suppliers".to_owned()));
    let r = post_form(&own, &submit, &fields).await;
    assert_eq!(r.status(), 200, "redirected to the file");
    assert!(r.url().path().ends_with(&a), "{}", r.url());

    // Another company opens none of the first one's forms.
    let other = app
        .session_client_for("other-forms", Role::Company, Some(&b))
        .await;
    for step in ["submit", "respond"] {
        let r = other.get(&format!("{file}/{step}?year={year}")).await;
        assert_eq!(r.status(), 403, "{step}");
    }
    let r = post_form(&other, &submit, &fields).await;
    assert_eq!(r.status(), 403);

    // The secretariat assesses, starting from the company's scores, with a comment.
    let assess = format!("{file}/assess?year={year}");
    let form = ser.get(&assess).await.text().await.unwrap();
    let scores = score_fields(&form);
    let mut fields: Vec<(String, String)> =
        scores.iter().map(|s| (s.clone(), "0".to_owned())).collect();
    let comment = "Opmerking-7c1e: beschrijf uw risicoanalyse per land";
    fields.push(("comment.risk-inventory".to_owned(), comment.to_owned()));
    fields.push(("feedback".to_owned(), "Een begin.".to_owned()));
    let r = post_form(&ser, &assess, &fields).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());

    // The company sees the comment in its file, and responds.
    let page = own.get(&file).await.text().await.unwrap();
    assert!(page.contains(comment), "the company sees the feedback");
    let respond = format!("{file}/respond?year={year}");
    let r = post_form(
        &own,
        &respond,
        &[("text".to_owned(), "Wij vullen haar aan.".to_owned())],
    )
    .await;
    assert_eq!(r.status(), 200);
    let after = imvo_app::diligence::ledger(&app.store, &textile)
        .await
        .unwrap();
    let f = &after.book.cycles[&year].files[&Id::new(&a).unwrap()];
    assert_eq!(
        (f.submissions.len(), f.assessments.len(), f.responses.len()),
        (1, 1, 1)
    );
});
