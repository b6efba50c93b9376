//! One module per area of the command line; each owns its argument structs and `run` functions.

pub mod demo;
pub mod mrio;
pub mod portfolio;
pub mod record;
pub mod report;
pub mod risk;
pub mod serve;
pub mod sra;
pub mod store;
pub mod user;

/// What every command needs from the global options.
#[derive(Debug, Clone)]
pub struct Context {
    /// The store URL or path, from `--db` or `IMVO_DATABASE_URL`.
    pub db: String,
}
