//! HTTP JSON API and server-rendered dashboard of imvo, with accounts and roles.
//!
//! * [`startup::Application`] opens the store, builds the router and binds the address;
//!   `imvo serve` runs it.
//! * [`api::router`] is the one list of the API's routes, built from the handlers' annotations
//!   together with the OpenAPI document ([`openapi::document`]).
//! * [`roles::ROUTES`] is the one table of who may use which route; [`auth::admit`] applies it
//!   to every request — behind the API's JSON layer ([`auth::authorize`]) and the dashboard's
//!   page layer ([`web::guard`]) — and the OpenAPI document states it per operation.
//! * [`error::ApiError`] is the one error type, answered as
//!   `{ "error": { "code", "message", "field" } }`.
//! * [`api`] holds the JSON handlers, [`web`] the dashboard pages.

// The optimised build computes the layout of the forms' handler futures (a form's page awaits the
// portfolio, the covenant's log and the store, generic over the form) deeper than rustc's
// default query depth of 128 allows.
#![recursion_limit = "256"]

pub mod api;
pub mod auth;
pub mod cache;
pub mod config;
pub mod domain;
pub mod error;
pub mod extract;
pub mod letters;
pub mod openapi;
pub mod roles;
pub mod security;
pub mod startup;
pub mod state;
pub mod web;

pub use config::Settings;
pub use startup::{Application, StartError};
