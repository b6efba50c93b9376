//! `imvo risk demo` and `imvo risk report`: wiring of imvo-risk.

use super::Context;

/// Arguments of this command.
#[derive(Debug, clap::Args)]
pub struct DemoArgs {}

/// Arguments of this command.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {}

/// Run `imvo risk demo`.
pub fn demo(_ctx: &Context, _args: DemoArgs) -> anyhow::Result<()> {
    anyhow::bail!("imvo risk demo is not built yet")
}

/// Run `imvo risk report`.
pub fn report(_ctx: &Context, _args: ReportArgs) -> anyhow::Result<()> {
    anyhow::bail!("imvo risk report is not built yet")
}
