//! The annual covenant report from the due-diligence demo: it shows the published trajectory,
//! says the companies are synthetic, names no company, and hides what the threshold hides.

use imvo_app::diligence;
use imvo_diligence::Threshold;
use imvo_diligence::cycle::AnnualFigures;
use imvo_domain::{Id, Lang};
use imvo_report::covenant::covenant_report;
use imvo_report::letter::{LetterOptions, progress_letter};
use imvo_report::{Format, render};

async fn figures(k: usize) -> AnnualFigures {
    let dir = tempfile::tempdir().unwrap();
    let location = dir.path().join("imvo.db").display().to_string();
    let store = imvo_app::open(&location).await.unwrap();
    imvo_app::load_shipped(&store).await.unwrap();
    diligence::demo::build(&store).await.unwrap().unwrap();
    let ledger = diligence::ledger(&store, &Id::new("textile").unwrap())
        .await
        .unwrap();
    diligence::report_figures(&ledger, 2020, &Threshold::with_k(k)).unwrap()
}

fn markdown(f: &AnnualFigures, lang: Lang) -> String {
    String::from_utf8(render(&covenant_report(f, lang), Format::Markdown).unwrap()).unwrap()
}

#[tokio::test]
async fn the_report_shows_the_trajectory_and_no_company() {
    let f = figures(5).await;
    for lang in [Lang::Nl, Lang::En] {
        let md = markdown(&f, lang);
        for share in ["| 8%", "| 63%", "| 80%"] {
            assert!(md.contains(share), "{share} missing:\n{md}");
        }
        assert!(
            md.contains(lang.pick("Synthetische gegevens", "Synthetic data")),
            "{md}"
        );
        assert!(
            !md.contains("synthetic-textile-company"),
            "a company is named:\n{md}"
        );
        assert!(
            !md.contains("Synthetisch textielbedrijf"),
            "a company is named:\n{md}"
        );
    }
}

#[tokio::test]
async fn a_threshold_above_the_membership_hides_every_figure() {
    let f = figures(100).await;
    let md = markdown(&f, Lang::En);
    assert!(!md.contains("| 80%") && !md.contains("| 72 |"), "{md}");
    assert!(md.contains("suppressed"), "{md}");
}

/// The progress letter carries the textile covenant's published due-diligence trajectory, in
/// both languages, and names no company.
#[tokio::test]
async fn the_letter_states_the_published_diligence_figures() {
    let dir = tempfile::tempdir().unwrap();
    let location = dir.path().join("imvo.db").display().to_string();
    let store = imvo_app::open(&location).await.unwrap();
    imvo_app::load_shipped(&store).await.unwrap();
    diligence::demo::build(&store).await.unwrap().unwrap();
    let as_of = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
    let portfolio = imvo_app::portfolio(&store, Some(as_of)).await.unwrap();
    let published = diligence::published(&store, &portfolio, &Threshold::default())
        .await
        .unwrap();
    let expected = [
        (
            Lang::Nl,
            "Gepaste zorgvuldigheid: in 2020 voldeed 80%",
            "2019: 63%",
        ),
        (Lang::En, "Due diligence: in 2020, 80%", "2019: 63%"),
    ];
    for (lang, sentence, earlier) in expected {
        let options = LetterOptions {
            lang,
            since: None,
            changes: Vec::new(),
            diligence: published.clone(),
        };
        let letter = progress_letter(&portfolio, None, &options).unwrap();
        let md = String::from_utf8(render(&letter, Format::Markdown).unwrap()).unwrap();
        for needle in [sentence, earlier, "2018: 8%"] {
            assert!(md.contains(needle), "{needle} missing:\n{md}");
        }
        assert!(
            !md.contains("synthetic-textile-company"),
            "a company is named:\n{md}"
        );
    }
}
