//! Reading the portfolio, sectors, trajectories, events, covenants and the target.

use serde_json::Value;

use crate::support::*;

both!(
    the_portfolio_as_of_the_seed_letter_groups_trajectories_by_phase,
    |app| {
        app.load_demo().await;
        let c = app.anonymous();
        let r = c.get("/api/v1/portfolio?as_of=2015-07-10").await;
        assert_eq!(r.status(), 200);
        let p: Value = r.json().await.unwrap();
        assert_eq!(p["as_of"], "2015-07-10");
        let rows = p["trajectories"].as_array().unwrap();
        assert!(rows.len() >= 10, "{p}");
        let textile = rows
            .iter()
            .find(|r| r["trajectory"] == "textile")
            .expect("textile");
        assert_eq!(textile["phase"], "negotiating");
        assert!(
            textile["sectors"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s == "textile")
        );
        // The groups hold every trajectory once.
        let grouped: usize = p["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["trajectories"].as_array().unwrap().len())
            .sum();
        assert_eq!(grouped, rows.len());
        // A year later, textile has signed.
        let p: Value = c
            .get("/api/v1/portfolio?as_of=2016-12-31")
            .await
            .json()
            .await
            .unwrap();
        let textile = p["trajectories"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["trajectory"] == "textile")
            .unwrap()
            .clone();
        assert_eq!(textile["phase"], "signed");
        assert_eq!(textile["phase_since"], "2016-07-04");
    }
);

both!(
    trajectories_sectors_events_covenants_and_the_target_read_as_of_a_date,
    |app| {
        app.load_demo().await;
        let c = app.anonymous();
        let t: Value = c
            .get("/api/v1/trajectories/textile?as_of=2016-12-31")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(t["trajectory"]["spec"]["id"], "textile");
        assert!(!t["covenants"].as_array().unwrap().is_empty());
        assert!(!t["organisations"].as_array().unwrap().is_empty());
        let s: Value = c
            .get("/api/v1/sectors?as_of=2015-07-10")
            .await
            .json()
            .await
            .unwrap();
        assert!(s["sectors"].as_array().unwrap().len() >= 13);
        let e: Value = c
            .get("/api/v1/events?as_of=2015-07-10&trajectory=textile")
            .await
            .json()
            .await
            .unwrap();
        assert!(!e["events"].as_array().unwrap().is_empty());
        let cov: Value = c
            .get("/api/v1/covenants?as_of=2017-01-01")
            .await
            .json()
            .await
            .unwrap();
        let ids: Vec<&str> = cov["covenants"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["spec"]["id"].as_str().unwrap())
            .collect();
        assert!(
            ids.contains(&"textile") && ids.contains(&"banking"),
            "{ids:?}"
        );
        let o: Value = c
            .get("/api/v1/organisations?as_of=2015-07-10")
            .await
            .json()
            .await
            .unwrap();
        assert!(o["organisations"].as_array().unwrap().len() > 10);
        // The target as of 2017-01-01: the covenants really signed by then, against ten.
        let r = c.get("/api/v1/target?as_of=2017-01-01").await;
        assert_eq!(r.status(), 200);
        let t: Value = r.json().await.unwrap();
        assert_eq!(t["target"], 10);
        assert_eq!(t["signed"], 3, "{}", t["counted"]);
        assert!(t["probability"].as_f64().unwrap() <= 1.0);
    }
);

both!(unknown_ids_and_bad_dates_are_4xx_naming_the_field, |app| {
    app.load_demo().await;
    let c = app.anonymous();
    for (path, status, field) in [
        ("/api/v1/trajectories/no-such-thing", 404, "id"),
        ("/api/v1/trajectories/Not%20An%20Id", 400, "id"),
        ("/api/v1/portfolio?as_of=2015-13-01", 400, "as_of"),
        ("/api/v1/portfolio?as_of=yesterday", 400, "as_of"),
        ("/api/v1/portfolio?when=2015-01-01", 400, "when"),
        ("/api/v1/events?trajectory=nope", 404, "trajectory"),
        ("/api/v1/target?target=nope&as_of=2016-01-01", 404, "target"),
    ] {
        let r = c.get(path).await;
        assert_eq!(r.status().as_u16(), status, "{path}");
        let err = error_of(r).await;
        assert_eq!(err["field"], field, "{path}: {err}");
    }
});

both!(an_empty_store_serves_an_empty_portfolio, |app| {
    let r = app
        .anonymous()
        .get("/api/v1/portfolio?as_of=2015-07-10")
        .await;
    assert_eq!(r.status(), 200);
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["trajectories"].as_array().unwrap().len(), 0);
    let r = app.anonymous().get("/api/v1/target").await;
    assert_eq!(r.status(), 404);
});

both!(the_letter_comes_in_every_format_and_language, |app| {
    app.load_demo().await;
    let c = app.anonymous();
    let r = c
        .get("/api/v1/reports/letter?as_of=2015-07-10&lang=nl&format=md")
        .await;
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/markdown")
    );
    let md = r.text().await.unwrap();
    assert!(md.contains("2015"), "{md}");
    let r = c
        .get("/api/v1/reports/letter?as_of=2015-07-10&lang=en&format=html")
        .await;
    assert_eq!(r.status(), 200);
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        !csp.contains("script-src 'unsafe-inline'") && csp.contains("default-src 'none'"),
        "{csp}"
    );
    assert!(r.text().await.unwrap().contains("<svg"));
    let r = c
        .get("/api/v1/reports/letter?as_of=2015-07-10&format=pdf")
        .await;
    assert_eq!(r.status(), 200);
    assert!(r.bytes().await.unwrap().starts_with(b"%PDF"));
    let r = c
        .get("/api/v1/reports/letter?as_of=2015-07-10&format=docx")
        .await;
    assert_eq!(r.status(), 400);
    assert_eq!(error_of(r).await["field"], "format");
    let r = c
        .get("/api/v1/reports/letter?as_of=2015-07-10&since=2016-01-01")
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(error_of(r).await["field"], "since");
});
