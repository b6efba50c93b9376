//! Integration tests of the `imvo` binary: one test binary, a module per area. Each test runs
//! the real binary in its own temporary directory against its own store.

// The modules live in tests/cli/; a test crate root resolves `mod x;` to tests/x.rs, hence the
// paths.
#[path = "cli/support.rs"]
mod support;

#[path = "cli/analyse.rs"]
mod analyse;
#[path = "cli/diligence.rs"]
mod diligence;
#[path = "cli/locations.rs"]
mod locations;
#[path = "cli/mrio.rs"]
mod mrio;
#[path = "cli/portfolio.rs"]
mod portfolio;
#[path = "cli/report.rs"]
mod report;
#[path = "cli/serve.rs"]
mod serve;
#[path = "cli/sra.rs"]
mod sra;
#[path = "cli/store.rs"]
mod store;
