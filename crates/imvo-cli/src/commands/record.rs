//! `imvo record …`: validated changes to the portfolio.

use super::Context;

/// What to record.
#[derive(Debug, clap::Subcommand)]
pub enum RecordCommand {}

/// Run `imvo record`.
pub fn run(_ctx: &Context, cmd: RecordCommand) -> anyhow::Result<()> {
    match cmd {}
}
