//! `imvo risk calc` and `imvo risk generate`: wiring of imvo-mrio.

use super::Context;

/// Arguments of this command.
#[derive(Debug, clap::Args)]
pub struct CalcArgs {}

/// Arguments of this command.
#[derive(Debug, clap::Args)]
pub struct GenerateArgs {}

/// Run `imvo risk calc`.
pub fn calc(_ctx: &Context, _args: CalcArgs) -> anyhow::Result<()> {
    anyhow::bail!("imvo risk calc is not built yet")
}

/// Run `imvo risk generate`.
pub fn generate(_ctx: &Context, _args: GenerateArgs) -> anyhow::Result<()> {
    anyhow::bail!("imvo risk generate is not built yet")
}
