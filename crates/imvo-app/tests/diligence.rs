//! The due-diligence use cases on a real store: who may take which step, who may read a
//! company's file, and what the public sees. The companies here are synthetic test companies.

use chrono::{NaiveDate, Utc};
use imvo_app::AppError;
use imvo_app::accounts::{Account, AccountRole};
use imvo_app::diligence::{self, DiligenceError, Who};
use imvo_diligence::cycle::{Action, Assessment, Calendar, EscalationRule, Evidence, Submission};
use imvo_diligence::{Framework, Score, Threshold};
use imvo_domain::{Change, Id, Organisation, OrganisationKind, Record, Source};
use imvo_store::Store;

fn id(s: &str) -> Id {
    Id::new(s).unwrap()
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const FRAMEWORK: &str = include_str!("../../../data/diligence/frameworks/textile-covenant-v1.toml");

fn account(username: &str, role: AccountRole, organisation: &str) -> Account {
    Account {
        id: 1,
        username: username.into(),
        display_name: username.into(),
        role,
        organisation_id: Some(organisation.into()),
        active: true,
        created_at: Utc::now(),
    }
}

/// The shipped portfolio, two synthetic companies, and the textile framework.
async fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let location = dir.path().join("imvo.db").display().to_string();
    let store = imvo_app::open(&location).await.unwrap();
    imvo_app::load_shipped(&store).await.unwrap();
    for c in ["company-a", "company-b"] {
        let org = Organisation {
            id: id(c),
            name: format!("{c} (synthetic test company)"),
            name_en: None,
            abbreviation: None,
            category: OrganisationKind::Company,
            description: None,
        };
        let record = Record::new(
            d("2016-07-01"),
            Source::new("synthetic test data", "tests/diligence.rs"),
            Change::AddOrganisation(org),
        );
        imvo_app::append_record(&store, record, "cli:test")
            .await
            .unwrap();
    }
    diligence::load_frameworks(
        &store,
        &[("textile-covenant-v1.toml".into(), FRAMEWORK.into())],
        "cli:test",
    )
    .await
    .unwrap();
    (dir, store)
}

fn refusal(r: Result<impl std::fmt::Debug, AppError>) -> DiligenceError {
    match r {
        Err(AppError::Diligence(e)) => e,
        other => panic!("expected a due-diligence refusal, got {other:?}"),
    }
}

fn submission() -> Submission {
    let f = Framework::from_toml(FRAMEWORK, "t").unwrap();
    let mut s = Submission::default();
    for (_, c) in f.criteria() {
        s.answers.scores.insert(c.id.clone(), Score::Points(2));
        if c.evidence {
            s.evidence.push(Evidence {
                criterion: c.id.clone(),
                reference: "https://example.org/evidence".into(),
                sha256: None,
            });
        }
    }
    s
}

#[tokio::test]
async fn steps_need_the_right_account_and_files_stay_confidential() {
    let (_dir, store) = store().await;
    let textile = id("textile");
    let ser = account("ser-secretariat", AccountRole::Secretariat, "ser");
    let other_secretariat = account("other", AccountRole::Secretariat, "nvb");
    let a = account("company-a-user", AccountRole::Company, "company-a");
    let b = account("company-b-user", AccountRole::Company, "company-b");
    let ministry = account("ministry", AccountRole::Ministry, "bz");
    let admin = account("admin", AccountRole::Admin, "ser");

    // Joining is the secretariat's step.
    let join = |c: &str| Action::Join {
        company: id(c),
        name: format!("{c} (synthetic)"),
        registration: None,
        synthetic: true,
    };
    assert!(matches!(
        refusal(
            diligence::record(
                &store,
                Who::account(&a),
                &textile,
                d("2016-07-04"),
                join("company-a")
            )
            .await
        ),
        DiligenceError::Forbidden { .. }
    ));
    assert!(matches!(
        refusal(
            diligence::record(
                &store,
                Who::account(&other_secretariat),
                &textile,
                d("2016-07-04"),
                join("company-a")
            )
            .await
        ),
        DiligenceError::Forbidden { .. }
    ));
    for c in ["company-a", "company-b"] {
        diligence::record(
            &store,
            Who::account(&ser),
            &textile,
            d("2016-07-04"),
            join(c),
        )
        .await
        .unwrap();
    }
    // Only companies join; only known covenants.
    let e = refusal(
        diligence::record(
            &store,
            Who::account(&ser),
            &textile,
            d("2016-07-05"),
            join("ser"),
        )
        .await,
    );
    assert_eq!(e.field(), Some("company"));
    assert!(matches!(
        refusal(
            diligence::record(
                &store,
                Who::Operator("cli:test"),
                &id("no-such"),
                d("2016-07-05"),
                join("company-a")
            )
            .await
        ),
        DiligenceError::Unknown(_)
    ));

    let calendar = Calendar {
        submission_due: d("2017-03-31"),
        assessment_due: d("2017-06-30"),
        response_due: d("2017-08-31"),
        publication: d("2017-10-01"),
    };
    let open = Action::OpenCycle {
        year: 2017,
        framework: id("textile-covenant"),
        version: 1,
        calendar,
    };
    assert!(matches!(
        refusal(
            diligence::record(
                &store,
                Who::account(&a),
                &textile,
                d("2017-01-02"),
                open.clone()
            )
            .await
        ),
        DiligenceError::Forbidden { .. }
    ));
    diligence::record(&store, Who::account(&ser), &textile, d("2017-01-02"), open)
        .await
        .unwrap();

    // A company submits for itself, not for another.
    let submit = |c: &str| Action::Submit {
        company: id(c),
        year: 2017,
        submission: submission(),
    };
    assert!(matches!(
        refusal(
            diligence::record(
                &store,
                Who::account(&b),
                &textile,
                d("2017-03-01"),
                submit("company-a")
            )
            .await
        ),
        DiligenceError::Forbidden { .. }
    ));
    diligence::record(
        &store,
        Who::account(&a),
        &textile,
        d("2017-03-01"),
        submit("company-a"),
    )
    .await
    .unwrap();
    // Late: refused with the field, nothing stored.
    let before = store.diligence_entries("textile").await.unwrap().len();
    let e = refusal(
        diligence::record(
            &store,
            Who::account(&b),
            &textile,
            d("2017-04-02"),
            submit("company-b"),
        )
        .await,
    );
    assert_eq!(e.field(), Some("date"));
    assert_eq!(
        store.diligence_entries("textile").await.unwrap().len(),
        before
    );

    // The secretariat assesses, with feedback.
    let mut assessment = Assessment {
        answers: submission().answers,
        ..Assessment::default()
    };
    assessment
        .comments
        .insert(id("goals-smart"), "Vertrouwelijke feedback voor A.".into());
    diligence::record(
        &store,
        Who::account(&ser),
        &textile,
        d("2017-05-01"),
        Action::Assess {
            company: id("company-a"),
            year: 2017,
            revision: 1,
            assessment,
        },
    )
    .await
    .unwrap();

    // Company A's file: A and the secretariat read it; nobody else.
    let ledger = diligence::ledger(&store, &textile).await.unwrap();
    let today = d("2017-05-02");
    let own = diligence::company_file(&ledger, &Who::account(&a), &id("company-a"), today).unwrap();
    assert_eq!(own.years[0].file.assessments.len(), 1);
    assert_eq!(
        own.years[0].scorecard.as_ref().unwrap().verdict,
        id("fully-meets")
    );
    diligence::company_file(&ledger, &Who::account(&ser), &id("company-a"), today).unwrap();
    for who in [
        Who::account(&b),
        Who::account(&ministry),
        Who::account(&admin),
        Who::account(&other_secretariat),
        Who::Public,
    ] {
        let r = diligence::company_file(&ledger, &who, &id("company-a"), today);
        assert!(
            matches!(refusal(r), DiligenceError::Forbidden { .. }),
            "{who:?}"
        );
    }
    // The workbench is the secretariat's.
    let bench = diligence::workbench(
        &ledger,
        &Who::account(&ser),
        today,
        &EscalationRule::default(),
    )
    .unwrap();
    assert!(bench.overdue.iter().any(|o| o.company == id("company-b")));
    assert!(matches!(
        refusal(diligence::workbench(
            &ledger,
            &Who::account(&a),
            today,
            &EscalationRule::default()
        )),
        DiligenceError::Forbidden { .. }
    ));

    // The public sees the members, and no figures before publication.
    let public = diligence::public_covenant(&ledger, &Threshold::default());
    assert_eq!(public.members.len(), 2);
    assert!(public.years.is_empty());
    let text = serde_json::to_string(&public).unwrap();
    assert!(!text.contains("Vertrouwelijke"), "{text}");
    diligence::record(
        &store,
        Who::account(&ser),
        &textile,
        d("2017-10-02"),
        Action::Publish { year: 2017 },
    )
    .await
    .unwrap();
    let ledger = diligence::ledger(&store, &textile).await.unwrap();
    let public = diligence::public_covenant(&ledger, &Threshold::default());
    assert_eq!(public.years.len(), 1);
    // Two companies: below k = 5, so every figure of the year is suppressed.
    let year = &public.years[0];
    assert!(year.meets.is_suppressed());
    assert!(year.mean_total.is_suppressed());
    let text = serde_json::to_string(&public).unwrap();
    assert!(!text.contains("Vertrouwelijke"), "{text}");
}

#[tokio::test]
async fn a_changed_framework_needs_a_new_version() {
    let (_dir, store) = store().await;
    let changed = FRAMEWORK.replace("Beleid", "Beleid en verankering");
    let r =
        diligence::load_frameworks(&store, &[("changed.toml".into(), changed)], "cli:test").await;
    assert!(
        matches!(
            r,
            Err(AppError::Store(imvo_store::StoreError::InvalidField {
                field: "version",
                ..
            }))
        ),
        "{r:?}"
    );
    // A malformed file names itself and nothing is kept.
    let r = diligence::load_frameworks(
        &store,
        &[
            (
                "good.toml".into(),
                FRAMEWORK.replace("version = 1", "version = 2"),
            ),
            ("bad.toml".into(), "format = 1".into()),
        ],
        "cli:test",
    )
    .await;
    let e = refusal(r).to_string();
    assert!(e.contains("bad.toml"), "{e}");
    assert_eq!(diligence::frameworks(&store).await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_demo_reproduces_the_published_trajectory() {
    let dir = tempfile::tempdir().unwrap();
    let location = dir.path().join("imvo.db").display().to_string();
    let store = imvo_app::open(&location).await.unwrap();
    imvo_app::load_shipped(&store).await.unwrap();
    let summary = diligence::demo::build(&store).await.unwrap().unwrap();
    assert_eq!(summary.companies, 90);
    assert!(summary.source.contains("SER"));
    let ledger = diligence::ledger(&store, &id("textile")).await.unwrap();
    let public = diligence::public_covenant(&ledger, &Threshold::default());
    let shares: Vec<(i32, f64)> = public
        .years
        .iter()
        .map(|y| (y.year, y.meets.value().expect("published")))
        .collect();
    for ((year, share), (want_year, want)) in
        shares
            .iter()
            .zip([(2018, 0.08), (2019, 0.63), (2020, 0.80)])
    {
        assert_eq!(*year, want_year);
        assert!(
            (share - want).abs() < 0.005,
            "{year}: {share} against {want}"
        );
    }
    // Built once: a second run leaves the store as it is.
    assert!(diligence::demo::build(&store).await.unwrap().is_none());
    // Every company of the demo says it is synthetic, and none enters the portfolio.
    let p = imvo_app::portfolio(&store, None).await.unwrap();
    for m in &public.members {
        assert!(m.synthetic && m.name.contains("synthetic"), "{m:?}");
        assert!(p.organisation(&m.company).is_none());
    }
}
