//! Building and running the server: open the store, build the router, bind the address.

use std::net::SocketAddr;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, Request};
use axum::routing::get;
use tokio::net::TcpListener;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::config::Settings;
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use crate::{api, auth, openapi, security, web};

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The store could not be opened.
    #[error(transparent)]
    Store(#[from] imvo_app::AppError),
    /// The sector risk analysis named in the settings could not be read.
    #[error("the sector risk analysis (setting `risk`): {0}")]
    Risk(#[from] imvo_risk::RiskError),
    /// The async runtime could not be started.
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
    /// Serving failed.
    #[error("the server stopped with an error: {0}")]
    Serve(std::io::Error),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}; choose another address with --addr or IMVO_ADDR")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

/// A built server, bound to its address, not yet serving.
#[derive(Debug)]
pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
}

impl Application {
    /// Opens the store named in `settings` (an existing one: a missing SQLite file is an error
    /// that says how to make one), builds the router and binds the address (port 0 picks a free
    /// port; see [`Application::local_addr`]).
    pub async fn build(settings: Settings) -> Result<Application, StartError> {
        let store = imvo_app::open_existing(&settings.database_url).await?;
        Application::with_store(settings, store).await
    }

    /// [`Application::build`] on a store already open.
    pub async fn with_store(
        settings: Settings,
        store: imvo_store::Store,
    ) -> Result<Application, StartError> {
        let risk = match &settings.risk {
            Some(path) => Some(std::sync::Arc::new(imvo_risk::Analysis::read_json(path)?)),
            None => None,
        };
        let addr = settings.addr;
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| StartError::Bind { addr, source })?;
        let mut state = AppState::new(settings, store);
        state.risk = risk;
        Ok(Application {
            listener,
            router: router(state.clone()),
            state,
        })
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or(self.state.settings.addr)
    }

    /// The shared state (tests use its store).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, then finishes the requests in flight.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        tracing::info!(addr = %self.local_addr(), store = self.state.store.location(), "imvo serve listening");
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown)
            .await
    }

    /// Serves until Ctrl-C or SIGTERM.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.run_until(shutdown_signal()).await
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}

/// Runs the server until Ctrl-C or SIGTERM on a multi-threaded runtime of its own: the entry
/// point of `imvo serve`, which has no runtime.
pub fn serve_blocking(settings: Settings) -> Result<(), StartError> {
    init_tracing(&settings.log);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(StartError::Runtime)?;
    runtime.block_on(async {
        let app = Application::build(settings).await?;
        let addr = app.local_addr();
        eprintln!("imvo serve: listening on http://{addr} (Ctrl-C stops)");
        app.run_until_stopped().await.map_err(StartError::Serve)
    })
}

/// Sets up logging to stderr with `filter` (`RUST_LOG` overrides it). Call once per process.
pub fn init_tracing(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(filter));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .try_init();
}

/// The whole router: the JSON API with `/openapi.json`, behind the API's authorization layer,
/// and the web dashboard behind its own (both ask the same check, [`auth::admit`]; each answers
/// a refusal in its own way); then the body limit, security headers, request ids and tracing.
pub fn router(state: AppState) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let limit = state.settings.max_body_bytes;
    let (api, _) = api::router().split_for_parts();
    let api = api.route("/openapi.json", get(openapi::serve)).route_layer(
        axum::middleware::from_fn_with_state(state.clone(), auth::authorize),
    );
    let web = web::routes().route_layer(axum::middleware::from_fn_with_state(
        state.clone(),
        web::guard::guard,
    ));
    Router::new()
        .merge(api)
        .merge(web)
        .fallback(fallback)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::from_fn(security::headers))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                let id = req
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), id)
            }),
        )
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}

async fn fallback() -> ApiError {
    ApiError::not_found("no such route: see /openapi.json for the API")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::MethodNotAllowed,
        "this route does not take that method: see /openapi.json",
    )
}
