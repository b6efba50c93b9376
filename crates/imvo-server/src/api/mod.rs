//! The JSON API under `/api/v1`, one module per area. Every route here has a row in
//! [`crate::roles::ROUTES`] and an annotation in [`crate::openapi`].

pub mod accounts;
pub mod audit;
pub mod portfolio;
pub mod records;
pub mod reports;
pub mod risk;
pub mod service;
pub mod session;

use axum::Router;
use axum::routing::{get, patch, post};

use crate::state::AppState;

/// The API routes (and `/health`, `/openapi.json`).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/health", get(service::health))
        .route("/openapi.json", get(service::openapi_json))
        .route(
            "/api/v1/session",
            post(session::login)
                .get(session::whoami)
                .delete(session::logout),
        )
        .route("/api/v1/tokens", post(session::create_token))
        .route(
            "/api/v1/accounts",
            get(accounts::list_accounts).post(accounts::create_account),
        )
        .route("/api/v1/accounts/{id}", patch(accounts::update_account))
        .route("/api/v1/portfolio", get(portfolio::portfolio))
        .route("/api/v1/sectors", get(portfolio::sectors))
        .route("/api/v1/trajectories", get(portfolio::trajectories))
        .route("/api/v1/trajectories/{id}", get(portfolio::trajectory))
        .route(
            "/api/v1/organisations",
            get(portfolio::organisations).post(records::add_organisation),
        )
        .route(
            "/api/v1/events",
            get(portfolio::events).post(records::record_event),
        )
        .route("/api/v1/phases", post(records::set_phase))
        .route(
            "/api/v1/covenants",
            get(portfolio::covenants).post(records::sign_covenant),
        )
        .route("/api/v1/agreements", post(records::add_agreement))
        .route("/api/v1/measurements", post(records::record_measurement))
        .route("/api/v1/target", get(portfolio::target))
        .route("/api/v1/targets", post(records::add_target))
        .route("/api/v1/records", post(records::append_record))
        .route("/api/v1/audit", get(audit::audit_log))
        .route("/api/v1/audit/accounts", get(audit::account_log))
        .route("/api/v1/reports/letter", get(reports::letter))
        .route("/api/v1/risk", get(risk::overview))
        .route("/api/v1/risk/sectors/{id}", get(risk::sector))
}
