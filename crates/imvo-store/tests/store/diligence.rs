//! The due-diligence log and the framework versions: appended in order, read per covenant,
//! append-only; a loaded framework version never changes.

use chrono::NaiveDate;
use imvo_store::{NewDiligenceEntry, StoreError, StoredFramework};

fn entry(covenant: &str, company: Option<&str>, year: Option<i32>) -> NewDiligenceEntry {
    NewDiligenceEntry {
        covenant: covenant.into(),
        effective: NaiveDate::from_ymd_opt(2017, 3, 1).unwrap(),
        actor: "ser".into(),
        action: "submit".into(),
        company: company.map(Into::into),
        year,
        payload: r#"{"action":"submit"}"#.into(),
    }
}

fn framework(text: &str) -> StoredFramework {
    StoredFramework {
        framework_id: "textile-covenant".into(),
        version: 1,
        sha256: format!("{:x}", text.len()),
        text: text.into(),
        loaded_by: "admin".into(),
    }
}

both!(entries_are_numbered_and_read_per_covenant, |db| {
    let s = &db.store;
    let seqs = s
        .append_diligence(&[entry("textile", Some("c1"), Some(2017))], None)
        .await
        .unwrap();
    assert_eq!(seqs, vec![1]);
    s.append_diligence(&[entry("food", None, None)], None)
        .await
        .unwrap();
    assert_eq!(
        s.append_diligence(&[entry("textile", None, Some(2017))], Some(1))
            .await
            .unwrap(),
        vec![3]
    );
    // Checked against a state that has moved on: refused.
    let err = s
        .append_diligence(&[entry("textile", None, None)], Some(1))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Conflict {
                expected: 1,
                found: 3
            }
        ),
        "{err}"
    );
    let err = s
        .append_diligence(
            &[entry("textile", None, None), entry("food", None, None)],
            Some(3),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::InvalidField {
                field: "covenant",
                ..
            }
        ),
        "{err}"
    );
    let textile = s.diligence_entries("textile").await.unwrap();
    assert_eq!(
        textile.iter().map(|e| e.seq).collect::<Vec<_>>(),
        vec![1, 3]
    );
    assert_eq!(textile[0].entry, entry("textile", Some("c1"), Some(2017)));
    assert_eq!(
        s.diligence_covenants().await.unwrap(),
        vec!["food", "textile"]
    );
    // A blank field is refused and nothing is stored.
    let mut bad = entry("textile", None, None);
    bad.actor = " ".into();
    let err = s
        .append_diligence(&[entry("textile", None, None), bad], Some(3))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::InvalidField { field: "actor", .. }),
        "{err}"
    );
    assert_eq!(s.diligence_entries("textile").await.unwrap().len(), 2);
});

both!(the_log_is_append_only, |db| {
    let s = &db.store;
    s.append_diligence(&[entry("textile", None, None)], None)
        .await
        .unwrap();
    s.save_framework(&framework("v1 text")).await.unwrap();
    for sql in [
        "UPDATE diligence_log SET actor = 'x'",
        "DELETE FROM diligence_log",
        "UPDATE diligence_frameworks SET text = 'x'",
        "DELETE FROM diligence_frameworks",
    ] {
        assert!(db.raw(sql).await.is_err(), "{sql} was allowed");
    }
    assert_eq!(
        s.diligence_entries("textile").await.unwrap()[0].entry.actor,
        "ser"
    );
});

both!(a_loaded_framework_version_never_changes, |db| {
    let s = &db.store;
    assert!(s.save_framework(&framework("v1 text")).await.unwrap());
    assert!(
        !s.save_framework(&framework("v1 text")).await.unwrap(),
        "same text: no-op"
    );
    let err = s
        .save_framework(&framework("other text"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::InvalidField {
                field: "version",
                ..
            }
        ),
        "{err}"
    );
    let all = s.frameworks().await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].text, "v1 text");
});
