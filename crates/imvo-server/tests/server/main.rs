//! Tests of the server as a client meets it: the real server on a random port against a fresh
//! store (SQLite, and PostgreSQL for everything that touches storage). One binary, a module per
//! area.

#[macro_use]
mod support;

mod auth;
mod bad_input;
mod confidentiality;
mod diligence_forms;
mod openapi;
mod portfolio;
mod records;
mod risk;
mod risk_fixture;
mod role_matrix;
mod schemathesis;
mod service;
