//! Integration tests of the `imvo` binary: one test binary, a module per area. Each test runs
//! the real binary in its own temporary directory against its own store.

mod support;

mod mrio;
mod portfolio;
mod report;
mod serve;
mod sra;
mod store;
