//! The account use cases on a real store: creating and changing accounts with the own-account
//! rule, logging in under the failed-login limit, sessions and API tokens, the account log.

use chrono::TimeDelta;
use imvo_app::AppError;
use imvo_app::accounts::{
    self, AccountAction, AccountError, AccountInput, AccountRole, Actor, LoginPolicy, PasswordError,
};
use imvo_store::{Store, StoreError};

const PASSWORD: &str = "correct horse battery staple";

const POLICY: LoginPolicy = LoginPolicy {
    max_failures: 2,
    window: TimeDelta::minutes(15),
    session_length: TimeDelta::hours(8),
};

async fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let location = dir.path().join("imvo.db").display().to_string();
    let store = imvo_app::open(&location).await.unwrap();
    (dir, store)
}

fn input(username: &str, role: AccountRole) -> AccountInput {
    AccountInput {
        username: username.into(),
        display_name: String::new(),
        role,
        organisation_id: Some(" ".into()),
        password: PASSWORD.into(),
        created_by: "cli:test".into(),
    }
}

fn account_error(result: Result<impl std::fmt::Debug, AppError>) -> AccountError {
    match result {
        Err(AppError::Account(e)) => e,
        other => panic!("expected an account refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn accounts_are_created_listed_and_changed_but_not_ones_own() {
    let (_dir, store) = store().await;
    let admin = accounts::create_account(&store, input("beheer", AccountRole::Admin))
        .await
        .unwrap();
    assert_eq!(admin.display_name, "beheer", "the username when left empty");
    assert_eq!(admin.organisation_id, None, "a blank organisation is none");
    let anna = accounts::create_account(&store, input("anna", AccountRole::Company))
        .await
        .unwrap();
    assert_eq!(
        accounts::accounts(&store).await.unwrap(),
        vec![admin.clone(), anna.clone()]
    );
    let stored = store.account(anna.id).await.unwrap().unwrap();
    assert!(stored.password_hash.starts_with("$argon2id$"));
    assert_eq!(stored.role, "company", "the store keeps the role's name");

    let weak = AccountInput {
        password: "short".into(),
        ..input("bert", AccountRole::Company)
    };
    let err = account_error(accounts::create_account(&store, weak).await);
    assert!(matches!(
        err,
        AccountError::Password(PasswordError::TooShort)
    ));
    assert_eq!(err.field(), Some("password"));
    let taken = accounts::create_account(&store, input("anna", AccountRole::Admin)).await;
    assert!(matches!(
        taken,
        Err(AppError::Store(StoreError::UsernameTaken(_)))
    ));

    let by = Actor {
        account_id: admin.id,
        username: &admin.username,
    };
    let changed = accounts::update_account(
        &store,
        by,
        anna.id,
        Some(AccountRole::Ministry),
        Some(false),
    )
    .await
    .unwrap();
    assert_eq!(
        (changed.role, changed.active),
        (AccountRole::Ministry, false)
    );
    // Asking for what is already so changes nothing and logs nothing.
    accounts::update_account(&store, by, anna.id, Some(AccountRole::Ministry), None)
        .await
        .unwrap();
    for (role, active, field) in [
        (Some(AccountRole::Company), None, "role"),
        (None, Some(false), "active"),
    ] {
        let err = account_error(accounts::update_account(&store, by, admin.id, role, active).await);
        assert!(matches!(err, AccountError::OwnAccount { .. }), "{err}");
        assert_eq!(err.field(), Some(field));
    }
    let err = account_error(accounts::update_account(&store, by, 99, None, Some(true)).await);
    assert!(matches!(err, AccountError::NoSuchAccount(99)));

    let log: Vec<_> = accounts::account_log(&store)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.actor, e.action, e.account_id, e.detail))
        .collect();
    assert_eq!(
        log,
        vec![
            (
                "cli:test".into(),
                AccountAction::Created,
                admin.id,
                "admin".into()
            ),
            (
                "cli:test".into(),
                AccountAction::Created,
                anna.id,
                "company".into()
            ),
            (
                "beheer".into(),
                AccountAction::RoleSet,
                anna.id,
                "ministry".into()
            ),
            (
                "beheer".into(),
                AccountAction::Deactivated,
                anna.id,
                String::new()
            ),
        ]
    );
}

#[tokio::test]
async fn logins_open_sessions_and_too_many_failures_lock_the_username() {
    let (_dir, store) = store().await;
    let anna = accounts::create_account(&store, input("anna", AccountRole::Secretariat))
        .await
        .unwrap();

    let login = accounts::log_in(&store, &POLICY, "anna", PASSWORD)
        .await
        .unwrap();
    assert_eq!(login.account, anna);
    assert!(login.secret.starts_with("imvo_s_"));
    let (account, session) = accounts::session(&store, &login.secret)
        .await
        .unwrap()
        .expect("the session is found by its secret");
    assert_eq!((account, &session), (anna.clone(), &login.session));
    assert_eq!(
        accounts::session(&store, &login.session.digest)
            .await
            .unwrap(),
        None,
        "the stored digest is not a secret that opens the session"
    );
    accounts::log_out(&store, &session.digest).await.unwrap();
    assert_eq!(
        accounts::session(&store, &login.secret).await.unwrap(),
        None
    );

    for wrong in ["anna", "nobody"] {
        let err = account_error(accounts::log_in(&store, &POLICY, wrong, "wrong password").await);
        assert!(matches!(err, AccountError::InvalidCredentials), "{err}");
    }
    let err = account_error(accounts::log_in(&store, &POLICY, "anna", "wrong again").await);
    assert!(matches!(err, AccountError::InvalidCredentials), "{err}");
    // Two failures for the username: even the right password is refused within the window.
    let err = account_error(accounts::log_in(&store, &POLICY, "anna", PASSWORD).await);
    assert!(
        matches!(
            err,
            AccountError::TooManyFailedLogins { window_minutes: 15 }
        ),
        "{err}"
    );
    assert_eq!(err.field(), Some("username"));
}

#[tokio::test]
async fn inactive_accounts_cannot_log_in_and_their_tokens_stop_working() {
    let (_dir, store) = store().await;
    let admin = accounts::create_account(&store, input("beheer", AccountRole::Admin))
        .await
        .unwrap();
    let bot = accounts::create_account(&store, input("bot", AccountRole::Company))
        .await
        .unwrap();
    let owner = Actor {
        account_id: bot.id,
        username: &bot.username,
    };
    for name in ["", "   ", &"x".repeat(101)] {
        let err = account_error(accounts::create_token(&store, owner, name).await);
        assert!(matches!(err, AccountError::TokenName), "{name:?}");
    }
    let token = accounts::create_token(&store, owner, "  export job ")
        .await
        .unwrap();
    assert_eq!(token.name, "export job");
    assert!(token.token.starts_with("imvo_t_"));
    assert_eq!(
        accounts::token_account(&store, &token.token).await.unwrap(),
        Some(bot.clone())
    );
    let used = store.api_tokens_of(bot.id).await.unwrap();
    assert!(used[0].last_used_at.is_some(), "the use is recorded");
    assert_eq!(accounts::token_account(&store, "").await.unwrap(), None);
    assert_eq!(
        accounts::token_account(&store, "imvo_t_unknown")
            .await
            .unwrap(),
        None
    );

    let by = Actor {
        account_id: admin.id,
        username: &admin.username,
    };
    accounts::update_account(&store, by, bot.id, None, Some(false))
        .await
        .unwrap();
    assert_eq!(
        accounts::token_account(&store, &token.token).await.unwrap(),
        None
    );
    let err = account_error(accounts::log_in(&store, &POLICY, "bot", PASSWORD).await);
    assert!(matches!(err, AccountError::InvalidCredentials));
}

/// The store refuses unknown role names in an imported file by its own list, which must be
/// exactly the domain's account roles.
#[test]
fn the_stores_role_names_are_the_domains_account_roles() {
    let domain: Vec<&str> = AccountRole::ALL.iter().map(|r| r.as_str()).collect();
    assert_eq!(domain, imvo_store::ROLE_NAMES);
}
