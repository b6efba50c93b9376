//! The sector risk analysis served from an `analysis.json`: the ranking and a sector in JSON,
//! the heat-map and sector pages, the 404 that says how to load an analysis, and a damaged file
//! refused at start with its name.

use crate::risk_fixture::write_analysis;
use crate::support::*;

#[tokio::test]
async fn the_ranking_and_a_sector_are_served_as_json_and_as_pages() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_analysis(dir.path());
    run_with(
        imvo_store::BackendKind::Sqlite,
        |s| s.risk = Some(path),
        |app| async move {
            let public = app.anonymous();
            let r = public.get("/api/v1/risk").await;
            assert_eq!(r.status(), 200);
            let v: serde_json::Value = r.json().await.unwrap();
            assert_eq!(v["synthetic"], true);
            assert_eq!(v["themes"][0]["domain"], "labour");
            let ids: Vec<&str> = v["ranking"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["sector"]["id"].as_str().unwrap())
                .collect();
            assert_eq!(ids, ["textiel", "overig"], "highest score first");
            assert_eq!(v["ranking"][0]["ratios"], serde_json::json!([3.2, 1.1]));
            assert_eq!(v["ranking"][0]["elevated"], true);

            let r = public.get("/api/v1/risk/sectors/textiel").await;
            assert_eq!(r.status(), 200);
            let v: serde_json::Value = r.json().await.unwrap();
            assert_eq!(v["summary"]["sector"]["portfolio_id"], "textile");
            let cell = &v["cells"][0];
            assert_eq!(
                cell["hotspots"][0]["industry"],
                "Manufacture of wearing apparel"
            );
            assert_eq!(
                cell["paths"]["paths"][0]["nodes"],
                serde_json::json!([
                    "BD / Cultivation of cotton",
                    "BD / Manufacture of wearing apparel"
                ])
            );
            assert!(v["cells"][1]["paths"].is_null());

            let err = error_of(public.get("/api/v1/risk/sectors/mijnbouw").await).await;
            assert_eq!(err["field"], "id");
            assert!(
                err["message"].as_str().unwrap().contains("textiel"),
                "{err}"
            );

            let page = public.get("/risk?lang=en").await.text().await.unwrap();
            assert!(page.contains("<svg"), "the heat map is drawn inline");
            assert!(page.contains("href=\"/risk/textiel\""), "{page}");
            assert!(page.contains("SYNTHETIC DATA"));
            let page = public
                .get("/risk/textiel?lang=en")
                .await
                .text()
                .await
                .unwrap();
            assert!(page.contains("Child labour") && page.contains("Cultivation of cotton"));
            assert!(
                page.contains("href=\"/sectors/textile\""),
                "links the portfolio sector"
            );
            assert_eq!(public.get("/risk/mijnbouw").await.status(), 404);
        },
    )
    .await;
}

#[tokio::test]
async fn without_an_analysis_the_risk_routes_say_how_to_load_one() {
    run(imvo_store::BackendKind::Sqlite, |app| async move {
        let public = app.anonymous();
        let r = public.get("/api/v1/risk").await;
        assert_eq!(r.status(), 404);
        let err = error_of(r).await;
        assert_eq!(err["code"], "no_risk_analysis");
        assert!(err["message"].as_str().unwrap().contains("--risk"));
        let r = public.get("/risk").await;
        assert_eq!(r.status(), 200);
        assert!(r.text().await.unwrap().contains("imvo risk demo"));
    })
    .await;
}

#[tokio::test]
async fn a_damaged_analysis_stops_the_start_with_the_file_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_analysis(dir.path());
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("\"ranking\": [\n    1,", "\"ranking\": [\n    0,"),
    )
    .unwrap();
    run(imvo_store::BackendKind::Sqlite, |app| async move {
        let settings = imvo_server::Settings {
            addr: "127.0.0.1:0".parse().unwrap(),
            risk: Some(path),
            ..imvo_server::Settings::default()
        };
        let err = imvo_server::Application::with_store(settings, app.store.clone())
            .await
            .expect_err("a damaged analysis is refused")
            .to_string();
        assert!(
            err.contains("analysis.json") && err.contains("ranking"),
            "{err}"
        );
    })
    .await;
}
