//! HTTP JSON API and server-rendered dashboard of imvo, with accounts and roles.
//!
//! * [`startup::Application`] opens the store, builds the router and binds the address;
//!   `imvo serve` runs it.
//! * [`roles::ROUTES`] is the one table of who may use which route; [`auth::authorize`] applies
//!   it to every request and [`openapi::document`] writes it into the OpenAPI document.
//! * [`error::ApiError`] is the one error type, answered as
//!   `{ "error": { "code", "message", "field" } }`.
//! * [`api`] holds the JSON handlers, [`web`] the dashboard pages.

pub mod api;
pub mod auth;
pub mod cache;
pub mod config;
pub mod domain;
pub mod error;
pub mod extract;
pub mod openapi;
pub mod roles;
pub mod security;
pub mod startup;
pub mod state;
pub mod web;

pub use config::Settings;
pub use startup::{Application, StartError};
