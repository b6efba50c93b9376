//! Accounts, sessions, API tokens and failed logins.

use chrono::{Duration, Utc};
use imvo_store::{NewAccount, NewApiToken, Session, StoreError};

fn new_account(username: &str, role: &str) -> NewAccount {
    NewAccount {
        username: username.into(),
        display_name: format!("{username} (display)"),
        role: role.into(),
        organisation_id: Some("mvo-nederland".into()),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
    }
}

both!(accounts_are_created_found_and_changed, |db| {
    let s = &db.store;
    let admin = s
        .create_account(&new_account("admin", "admin"), "admin")
        .await
        .unwrap();
    let mut ngo = new_account("ngo", "stakeholder");
    ngo.organisation_id = None;
    let ngo = s.create_account(&ngo, "admin").await.unwrap();
    assert_eq!((admin.id, ngo.id), (1, 2));
    assert!(admin.active);
    assert_eq!(s.account(1).await.unwrap(), Some(admin.clone()));
    assert_eq!(
        s.account_by_username("ngo").await.unwrap(),
        Some(ngo.clone())
    );
    assert_eq!(s.account_by_username("NGO").await.unwrap(), None);
    assert_eq!(s.account(99).await.unwrap(), None);
    assert_eq!(
        s.accounts().await.unwrap(),
        vec![admin.clone(), ngo.clone()]
    );

    let err = s
        .create_account(&new_account("admin", "company"), "admin")
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::UsernameTaken(ref u) if u == "admin"),
        "{err}"
    );
    let err = s
        .create_account(&new_account("two words", "company"), "admin")
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::InvalidField {
                field: "username",
                ..
            }
        ),
        "{err}"
    );
    // A colon is how actors that are not accounts are written (`cli:root`).
    let err = s
        .create_account(&new_account("cli:root", "admin"), "admin")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("colons"), "{err}");
    assert_eq!(s.accounts().await.unwrap().len(), 2);

    s.set_role(2, "company", "admin").await.unwrap();
    s.set_password_hash(2, "$argon2id$new", "admin")
        .await
        .unwrap();
    let changed = s.account(2).await.unwrap().unwrap();
    assert_eq!(
        (changed.role.as_str(), changed.password_hash.as_str()),
        ("company", "$argon2id$new")
    );
    // The store keeps roles as text; the database refuses a name that is not a role.
    assert!(s.set_role(2, "root", "admin").await.is_err());
    let mut king = new_account("king", "company");
    king.role = "king".into();
    assert!(s.create_account(&king, "admin").await.is_err());
    assert_eq!(s.account(2).await.unwrap().unwrap().role, "company");
    assert_eq!(s.accounts().await.unwrap().len(), 2);
    assert!(matches!(
        s.set_role(99, "admin", "admin").await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        s.set_active(99, false, "admin").await,
        Err(StoreError::NotFound { .. })
    ));
});

both!(sessions_expire_and_end, |db| {
    let s = &db.store;
    let a = s
        .create_account(&new_account("anna", "ministry"), "admin")
        .await
        .unwrap();
    let now = Utc::now();
    let session = |id: &str, expires: chrono::DateTime<Utc>| Session {
        id_hash: id.into(),
        account_id: a.id,
        csrf_token: format!("csrf-{id}"),
        created_at: imvo_store::time::truncate(now),
        expires_at: imvo_store::time::truncate(expires),
    };
    let live = session("live", now + Duration::hours(8));
    s.create_session(&live).await.unwrap();
    s.create_session(&session("old", now - Duration::seconds(1)))
        .await
        .unwrap();
    let (found, account) = s
        .session("live", now)
        .await
        .unwrap()
        .expect("a live session");
    assert_eq!(found, live);
    assert_eq!(account.username, "anna");
    assert_eq!(
        s.session("old", now).await.unwrap(),
        None,
        "expired sessions are not returned"
    );
    assert_eq!(s.session("nope", now).await.unwrap(), None);
    assert_eq!(s.delete_expired_sessions(now).await.unwrap(), 1);
    assert!(s.delete_session("live").await.unwrap());
    assert!(!s.delete_session("live").await.unwrap());

    // A session for an unknown account is refused.
    let mut orphan = session("orphan", now + Duration::hours(1));
    orphan.account_id = 99;
    assert!(matches!(
        s.create_session(&orphan).await,
        Err(StoreError::NotFound { .. })
    ));

    // Deactivating an account ends its sessions and blocks new ones.
    s.create_session(&session("s1", now + Duration::hours(1)))
        .await
        .unwrap();
    s.create_session(&session("s2", now + Duration::hours(1)))
        .await
        .unwrap();
    s.set_active(a.id, false, "admin").await.unwrap();
    assert_eq!(s.session("s1", now).await.unwrap(), None);
    assert!(
        s.create_session(&session("s3", now + Duration::hours(1)))
            .await
            .is_err()
    );
    s.set_active(a.id, true, "admin").await.unwrap();
    assert_eq!(
        s.session("s1", now).await.unwrap(),
        None,
        "ended sessions stay ended"
    );
    s.create_session(&session("s4", now + Duration::hours(1)))
        .await
        .unwrap();
    assert_eq!(s.delete_sessions_of(a.id).await.unwrap(), 1);
});

both!(api_tokens_are_found_by_hash_used_and_revoked, |db| {
    let s = &db.store;
    let a = s
        .create_account(&new_account("ci", "secretariat"), "admin")
        .await
        .unwrap();
    let t = s
        .create_api_token(
            &NewApiToken {
                account_id: a.id,
                name: "ci".into(),
                token_hash: "h1".into(),
            },
            "admin",
        )
        .await
        .unwrap();
    assert_eq!(t.id, 1);
    assert_eq!(t.last_used_at, None);
    let dup = s
        .create_api_token(
            &NewApiToken {
                account_id: a.id,
                name: "again".into(),
                token_hash: "h1".into(),
            },
            "admin",
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            dup,
            StoreError::InvalidField {
                field: "token_hash",
                ..
            }
        ),
        "{dup}"
    );
    let orphan = s
        .create_api_token(
            &NewApiToken {
                account_id: 42,
                name: "x".into(),
                token_hash: "h2".into(),
            },
            "admin",
        )
        .await
        .unwrap_err();
    assert!(matches!(orphan, StoreError::NotFound { .. }), "{orphan}");

    let (found, account) = s.api_token("h1").await.unwrap().expect("the token");
    assert_eq!((found.clone(), account.id), (t.clone(), a.id));
    assert_eq!(s.api_token("unknown").await.unwrap(), None);
    let used = imvo_store::time::now();
    s.touch_api_token(t.id, used).await.unwrap();
    assert_eq!(
        s.api_tokens_of(a.id).await.unwrap()[0].last_used_at,
        Some(used)
    );

    s.set_active(a.id, false, "admin").await.unwrap();
    assert_eq!(
        s.api_token("h1").await.unwrap(),
        None,
        "an inactive account's token is refused"
    );
    s.set_active(a.id, true, "admin").await.unwrap();
    assert!(s.revoke_api_token(t.id, "admin").await.unwrap());
    assert!(!s.revoke_api_token(t.id, "admin").await.unwrap());
    assert_eq!(s.api_token("h1").await.unwrap(), None);
    assert!(s.api_tokens_of(a.id).await.unwrap().is_empty());
});

both!(failed_logins_are_counted_in_a_window, |db| {
    let s = &db.store;
    let now = Utc::now();
    for minutes in [30, 10, 5, 1] {
        s.record_failed_login("eve", now - Duration::minutes(minutes))
            .await
            .unwrap();
    }
    s.record_failed_login("bob", now).await.unwrap();
    assert_eq!(
        s.failed_logins_since("eve", now - Duration::minutes(15))
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        s.failed_logins_since("eve", now - Duration::hours(1))
            .await
            .unwrap(),
        4
    );
    assert_eq!(
        s.failed_logins_since("nobody", now - Duration::hours(1))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        s.prune_failed_logins(now - Duration::minutes(20))
            .await
            .unwrap(),
        1
    );
    assert_eq!(s.clear_failed_logins("eve").await.unwrap(), 3);
    assert_eq!(
        s.failed_logins_since("eve", now - Duration::hours(1))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        s.failed_logins_since("bob", now - Duration::hours(1))
            .await
            .unwrap(),
        1
    );
});

both!(every_account_change_is_in_the_account_log, |db| {
    use imvo_store::AccountAction::*;
    let s = &db.store;
    let a = s
        .create_account(&new_account("root", "admin"), "cli:root")
        .await
        .unwrap();
    let b = s
        .create_account(&new_account("bedrijf", "company"), "root")
        .await
        .unwrap();
    s.set_role(b.id, "secretariat", "root").await.unwrap();
    s.set_password_hash(b.id, "$argon2id$other", "bedrijf")
        .await
        .unwrap();
    let t = s
        .create_api_token(
            &NewApiToken {
                account_id: b.id,
                name: "export job".into(),
                token_hash: "h1".into(),
            },
            "bedrijf",
        )
        .await
        .unwrap();
    s.revoke_api_token(t.id, "root").await.unwrap();
    s.set_active(b.id, false, "root").await.unwrap();
    s.set_active(b.id, true, "root").await.unwrap();
    // A refused change leaves no entry.
    assert!(s.set_role(99, "admin", "root").await.is_err());
    assert!(
        s.create_account(&new_account("x", "admin"), " ")
            .await
            .is_err()
    );

    let log = s.account_log().await.unwrap();
    let seen: Vec<_> = log
        .iter()
        .map(|e| {
            (
                e.seq,
                e.actor.as_str(),
                e.action,
                e.account_id,
                e.detail.as_str(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            (1, "cli:root", Created, a.id, "admin"),
            (2, "root", Created, b.id, "company"),
            (3, "root", RoleSet, b.id, "secretariat"),
            (4, "bedrijf", PasswordSet, b.id, ""),
            (5, "bedrijf", TokenCreated, b.id, "export job"),
            (6, "root", TokenRevoked, b.id, "export job"),
            (7, "root", Deactivated, b.id, ""),
            (8, "root", Activated, b.id, ""),
        ]
    );
    assert!(log.windows(2).all(|w| w[0].at <= w[1].at));

    // The database itself refuses to rewrite the trail.
    for sql in [
        "UPDATE account_log SET actor = 'someone else'",
        "DELETE FROM account_log",
    ] {
        let err = db.raw(sql).await.unwrap_err().to_string();
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
    // And an export carries it to the next store.
    let export = s.export().await.unwrap();
    assert_eq!(export.account_log, log);
});
