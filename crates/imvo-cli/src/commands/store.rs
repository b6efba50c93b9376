//! Store management: init, import, export, load a dataset.

use super::Context;

/// Arguments of this command.
#[derive(Debug, clap::Args)]
pub struct InitArgs {}

/// Arguments of this command.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {}

/// Arguments of this command.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {}

/// Arguments of this command.
#[derive(Debug, clap::Args)]
pub struct LoadArgs {}

/// Run `imvo init`.
pub fn init(_ctx: &Context, _args: InitArgs) -> anyhow::Result<()> {
    anyhow::bail!("imvo init is not built yet")
}

/// Run `imvo import`.
pub fn import(_ctx: &Context, _args: ImportArgs) -> anyhow::Result<()> {
    anyhow::bail!("imvo import is not built yet")
}

/// Run `imvo export`.
pub fn export(_ctx: &Context, _args: ExportArgs) -> anyhow::Result<()> {
    anyhow::bail!("imvo export is not built yet")
}

/// Run `imvo load`.
pub fn load(_ctx: &Context, _args: LoadArgs) -> anyhow::Result<()> {
    anyhow::bail!("imvo load is not built yet")
}
