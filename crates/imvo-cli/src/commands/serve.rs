//! `imvo serve`: wiring of imvo-server.

use super::Context;

/// Arguments of this command.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {}

/// Run `imvo serve`.
pub fn run(_ctx: &Context, _args: ServeArgs) -> anyhow::Result<()> {
    anyhow::bail!("imvo serve is not built yet")
}
