//! The storage test suite. Every test in the modules below that is declared with `both!` runs
//! twice: on a fresh SQLite file and on a fresh PostgreSQL database (created from
//! `IMVO_TEST_POSTGRES_URL`, default `postgres://postgres@127.0.0.1:5432/postgres`, and dropped
//! after the test, also when it fails).

#[macro_use]
mod support;

mod accounts;
mod diligence;
mod export;
mod log;
mod migrations;
mod snapshot;
