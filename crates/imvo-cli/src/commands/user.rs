//! `imvo user …`: accounts for the web dashboard and API.

use super::Context;

/// Account commands.
#[derive(Debug, clap::Subcommand)]
pub enum UserCommand {}

/// Run `imvo user`.
pub fn run(_ctx: &Context, cmd: UserCommand) -> anyhow::Result<()> {
    match cmd {}
}
