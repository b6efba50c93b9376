//! `imvo portfolio` and `imvo target`: the state of the policy as of a date.

use super::Context;

/// Arguments of this command.
#[derive(Debug, clap::Args)]
pub struct PortfolioArgs {}

/// Arguments of this command.
#[derive(Debug, clap::Args)]
pub struct TargetArgs {}

/// Run `imvo portfolio`.
pub fn portfolio(_ctx: &Context, _args: PortfolioArgs) -> anyhow::Result<()> {
    anyhow::bail!("imvo portfolio is not built yet")
}

/// Run `imvo target`.
pub fn target(_ctx: &Context, _args: TargetArgs) -> anyhow::Result<()> {
    anyhow::bail!("imvo target is not built yet")
}
