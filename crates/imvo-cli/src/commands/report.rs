//! `imvo report …`: the progress letter to Parliament.

use super::Context;

/// Which report.
#[derive(Debug, clap::Subcommand)]
pub enum ReportCommand {
    /// The progress letter to Parliament as of a date.
    Letter(LetterArgs),
}

/// Arguments of `imvo report letter`.
#[derive(Debug, clap::Args)]
pub struct LetterArgs {}

/// Run `imvo report`.
pub fn run(_ctx: &Context, cmd: ReportCommand) -> anyhow::Result<()> {
    match cmd {
        ReportCommand::Letter(_) => anyhow::bail!("imvo report letter is not built yet"),
    }
}
