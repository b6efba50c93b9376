//! A fresh server per test: a new store (a SQLite file in a temporary directory, or a new
//! PostgreSQL database dropped afterwards), the app on a random loopback port, and clients.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use imvo_app::accounts::{AccountInput, create_account};
use imvo_server::Settings;
use imvo_server::error::ErrorCode;
use imvo_server::roles::Role;
use imvo_store::{BackendKind, Store};
use serde_json::{Value, json};
use sqlx::Connection;

/// The administrative PostgreSQL URL tests create their databases from.
pub fn admin_url() -> String {
    std::env::var("IMVO_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

fn with_database(url: &str, name: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a URL with ://");
    let authority = rest.split('/').next().unwrap_or(rest);
    format!("{scheme}://{authority}/{name}")
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// The password every test account gets.
pub const PASSWORD: &str = "correct horse battery staple";

/// A running server on a fresh store.
pub struct TestApp {
    /// Where it listens.
    pub addr: SocketAddr,
    /// The store it serves (a second handle, for checking what was stored).
    pub store: Store,
    /// Which backend.
    pub kind: BackendKind,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
    _dir: Option<tempfile::TempDir>,
    pg_name: Option<String>,
}

/// A client: anonymous, or logged in with an API token or a session cookie.
#[derive(Clone)]
pub struct Client {
    /// The HTTP client (with a cookie jar for session clients).
    pub http: reqwest::Client,
    base: String,
    /// The API token, for token clients.
    pub token: Option<String>,
    /// The CSRF token, for session clients.
    pub csrf: Option<String>,
}

impl TestApp {
    /// Starts a server on a fresh store of `kind`, with `tune` applied to the settings.
    pub async fn start_with(kind: BackendKind, tune: impl FnOnce(&mut Settings)) -> TestApp {
        let (location, dir, pg_name) = match kind {
            BackendKind::Sqlite => {
                let dir = tempfile::tempdir().expect("a temporary directory");
                let location = dir.path().join("imvo.db").display().to_string();
                (location, Some(dir), None)
            }
            BackendKind::Postgres => {
                let name = format!(
                    "imvo_server_test_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::SeqCst)
                );
                let mut admin = sqlx::PgConnection::connect(&admin_url()).await.unwrap_or_else(|e| {
                    panic!(
                        "cannot reach PostgreSQL at {} ({e}); start it (scripts/test.sh does) or set \
                         IMVO_TEST_POSTGRES_URL",
                        admin_url()
                    )
                });
                for sql in [
                    format!("DROP DATABASE IF EXISTS {name}"),
                    format!("CREATE DATABASE {name}"),
                ] {
                    sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                        .execute(&mut admin)
                        .await
                        .expect("create the test database");
                }
                admin.close().await.ok();
                (with_database(&admin_url(), &name), None, Some(name))
            }
        };
        let mut settings = Settings {
            addr: "127.0.0.1:0".parse().unwrap(),
            database_url: location.clone(),
            cookie_secure: false,
            ..Settings::default()
        };
        tune(&mut settings);
        let store = Store::open(&location).await.expect("a fresh store opens");
        let app = imvo_server::Application::with_store(settings, store)
            .await
            .expect("the server starts");
        let addr = app.local_addr();
        let store = app.state().store.clone();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            app.run_until(async {
                let _ = rx.await;
            })
            .await
            .expect("the server runs");
        });
        TestApp {
            addr,
            store,
            kind,
            shutdown: Some(tx),
            server: Some(server),
            _dir: dir,
            pg_name,
        }
    }

    /// The URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// An anonymous client.
    pub fn anonymous(&self) -> Client {
        Client {
            http: reqwest::Client::new(),
            base: self.url(""),
            token: None,
            csrf: None,
        }
    }

    /// Loads the shipped datasets (the seed letter of 2015 and the later history).
    pub async fn load_demo(&self) {
        imvo_app::load_shipped(&self.store)
            .await
            .expect("the shipped datasets load");
    }

    /// Loads the shipped datasets and builds the due-diligence demo; returns the textile
    /// covenant's ledger and the id of its secretariat.
    pub async fn load_diligence_demo(&self) -> (imvo_app::diligence::Ledger, imvo_domain::Id) {
        self.load_demo().await;
        imvo_app::diligence::demo::build(&self.store)
            .await
            .expect("the demo builds")
            .expect("the demo was not built before");
        let textile = imvo_domain::Id::new("textile").unwrap();
        let ledger = imvo_app::diligence::ledger(&self.store, &textile)
            .await
            .unwrap();
        let secretariat = ledger
            .covenant
            .spec
            .governance
            .as_ref()
            .and_then(|g| g.secretariat.clone())
            .expect("the textile covenant names its secretariat");
        (ledger, secretariat)
    }

    /// Creates an account `username` with `role` (password [`PASSWORD`]).
    pub async fn create_account(&self, username: &str, role: Role) {
        self.create_account_for(username, role, None).await;
    }

    /// Creates an account `username` with `role` acting for `organisation` (a company, a
    /// secretariat).
    pub async fn create_account_for(&self, username: &str, role: Role, organisation: Option<&str>) {
        create_account(
            &self.store,
            AccountInput {
                username: username.into(),
                display_name: String::new(),
                role,
                organisation_id: organisation.map(str::to_owned),
                password: PASSWORD.into(),
                created_by: "test-setup".into(),
            },
        )
        .await
        .expect("the account is created");
    }

    /// A client logged in with a session cookie as a new account with `role`.
    pub async fn session_client(&self, username: &str, role: Role) -> Client {
        self.session_client_for(username, role, None).await
    }

    /// A client logged in with a session cookie as a new account with `role` acting for
    /// `organisation`.
    pub async fn session_client_for(
        &self,
        username: &str,
        role: Role,
        organisation: Option<&str>,
    ) -> Client {
        self.create_account_for(username, role, organisation).await;
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        let r = http
            .post(self.url("/api/v1/session"))
            .json(&json!({"username": username, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "login");
        let body: Value = r.json().await.unwrap();
        Client {
            http,
            base: self.url(""),
            token: None,
            csrf: Some(
                body["csrf_token"]
                    .as_str()
                    .expect("a CSRF token")
                    .to_string(),
            ),
        }
    }

    /// A client with an API token of a new account with `role`.
    pub async fn token_client(&self, username: &str, role: Role) -> Client {
        self.token_client_for(username, role, None).await
    }

    /// A client with an API token of a new account with `role` acting for `organisation`.
    pub async fn token_client_for(
        &self,
        username: &str,
        role: Role,
        organisation: Option<&str>,
    ) -> Client {
        let session = self.session_client_for(username, role, organisation).await;
        let r = session
            .post("/api/v1/tokens", &json!({"name": "test"}))
            .await;
        assert_eq!(r.status(), 201, "token");
        let body: Value = r.json().await.unwrap();
        Client {
            http: reqwest::Client::new(),
            base: self.url(""),
            token: Some(body["token"].as_str().unwrap().to_string()),
            csrf: None,
        }
    }

    /// Stops the server and removes the store.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
        self.store.close().await;
        if let Some(name) = self.pg_name.take() {
            let mut admin = sqlx::PgConnection::connect(&admin_url())
                .await
                .expect("reach PostgreSQL");
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            )))
            .execute(&mut admin)
            .await
            .expect("drop the test database");
            admin.close().await.ok();
        }
    }
}

impl Client {
    fn auth(&self, rb: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        let rb = match &self.token {
            Some(t) => rb.bearer_auth(t),
            None => rb,
        };
        match &self.csrf {
            Some(c) => rb.header("X-CSRF-Token", c),
            None => rb,
        }
    }

    /// A request builder for `method` `path`, with this client's credentials.
    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.auth(self.http.request(method, format!("{}{path}", self.base)))
    }

    /// GET `path`.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.request(reqwest::Method::GET, path)
            .send()
            .await
            .expect("the server answers")
    }

    /// POST `body` as JSON to `path`.
    pub async fn post(&self, path: &str, body: &Value) -> reqwest::Response {
        self.request(reqwest::Method::POST, path)
            .json(body)
            .send()
            .await
            .expect("the server answers")
    }
}

/// Runs `body` on a server over a fresh store of `kind`, then stops it and removes the store —
/// also when `body` panics (the panic is raised again after the clean-up).
pub async fn run<F, Fut>(kind: BackendKind, body: F)
where
    F: FnOnce(Arc<TestApp>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    run_with(kind, |_| {}, body).await
}

/// [`run`] with tuned settings.
pub async fn run_with<F, Fut>(kind: BackendKind, tune: impl FnOnce(&mut Settings), body: F)
where
    F: FnOnce(Arc<TestApp>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let app = Arc::new(TestApp::start_with(kind, tune).await);
    let outcome = tokio::spawn(body(app.clone())).await;
    let app = Arc::try_unwrap(app).unwrap_or_else(|_| panic!("a test kept its TestApp"));
    app.stop().await;
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// The error object of an error response, checked to have the documented shape.
pub async fn error_of(r: reqwest::Response) -> Value {
    assert_eq!(
        r.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/json"),
        "an error response is JSON"
    );
    let body: Value = r.json().await.expect("an error body is JSON");
    let err = body["error"].clone();
    assert!(
        err["code"].is_string() && err["message"].is_string(),
        "error shape: {body}"
    );
    code_of(&err);
    err
}

/// The code of an error object, as the server's enum: a code outside it fails the test.
pub fn code_of(err: &Value) -> ErrorCode {
    serde_json::from_value(err["code"].clone())
        .unwrap_or_else(|e| panic!("{} is not an ErrorCode: {e}", err["code"]))
}

/// Declares a test that runs its body on SQLite and on PostgreSQL:
/// `both!(name, |app| { ... });` — `app` is an `Arc<TestApp>`.
macro_rules! both {
    ($name:ident, |$app:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::support::run(imvo_store::BackendKind::Sqlite, |$app| async move $body).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::support::run(imvo_store::BackendKind::Postgres, |$app| async move $body).await
            }
        }
    };
}
