//! The JSON API under `/api/v1`, one module per area.
//!
//! [`router`] is the one list of the API's routes: each handler's `#[utoipa::path]` holds its
//! method and path, and `routes!` builds both the axum route and the operation of the OpenAPI
//! document from it, so a route cannot be served undocumented or documented unserved. Who may
//! use each route is the role table's business ([`crate::roles::ROUTES`]); a test checks that
//! the two agree.

pub mod accounts;
pub mod audit;
pub mod diligence;
pub mod portfolio;
pub mod records;
pub mod reports;
pub mod risk;
pub mod service;
pub mod session;
pub mod views;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

/// The API routes with their OpenAPI operations ([`crate::openapi::document`] completes the
/// document). One `routes!` per path, naming the handlers of its methods.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::default()
        .routes(routes!(service::health))
        .routes(routes!(session::login, session::whoami, session::logout))
        .routes(routes!(session::create_token))
        .routes(routes!(accounts::list_accounts, accounts::create_account))
        .routes(routes!(accounts::update_account))
        .routes(routes!(portfolio::portfolio))
        .routes(routes!(portfolio::sectors))
        .routes(routes!(portfolio::trajectories))
        .routes(routes!(portfolio::trajectory))
        .routes(routes!(portfolio::organisations, records::add_organisation))
        .routes(routes!(portfolio::events, records::record_event))
        .routes(routes!(records::set_phase))
        .routes(routes!(portfolio::covenants, records::sign_covenant))
        .routes(routes!(records::add_agreement))
        .routes(routes!(records::record_measurement))
        .routes(routes!(portfolio::target))
        .routes(routes!(records::add_target))
        .routes(routes!(records::append_record))
        .routes(routes!(audit::audit_log))
        .routes(routes!(audit::account_log))
        .routes(routes!(reports::letter))
        .routes(routes!(risk::overview))
        .routes(routes!(risk::sector))
        .routes(routes!(diligence::frameworks))
        .routes(routes!(diligence::framework))
        .routes(routes!(diligence::public))
        .routes(routes!(diligence::company_file))
        .routes(routes!(diligence::workbench))
        .routes(routes!(diligence::record))
        .routes(routes!(diligence::report))
}
