//! `imvo demo`: a store from both datasets and the letter in every format.

use super::Context;

/// Arguments of this command.
#[derive(Debug, clap::Args)]
pub struct DemoArgs {}

/// Run `imvo demo`.
pub fn run(_ctx: &Context, _args: DemoArgs) -> anyhow::Result<()> {
    anyhow::bail!("imvo demo is not built yet")
}
