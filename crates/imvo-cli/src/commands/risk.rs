//! `imvo risk …`: the input-output engine (calc, generate) and the sector risk analysis
//! (demo, report). Dispatch only: `mrio.rs` and `sra.rs` hold the commands.

use super::{Context, mrio, sra};

/// Input-output and sector risk commands.
#[derive(Debug, clap::Subcommand)]
pub enum RiskCommand {
    /// Compute the Leontief model and footprints of a pymrio folder or EXIOBASE zip.
    Calc(mrio::CalcArgs),
    /// Write a deterministic synthetic system in pymrio's format.
    Generate(mrio::GenerateArgs),
    /// Run the sector risk analysis on a synthetic EXIOBASE-shaped system.
    Demo(sra::DemoArgs),
    /// Write the sector risk report of one sector.
    Report(sra::ReportArgs),
}

/// Run `imvo risk`.
pub fn run(ctx: &Context, cmd: RiskCommand) -> anyhow::Result<()> {
    match cmd {
        RiskCommand::Calc(args) => mrio::calc(ctx, args),
        RiskCommand::Generate(args) => mrio::generate(ctx, args),
        RiskCommand::Demo(args) => sra::demo(ctx, args),
        RiskCommand::Report(args) => sra::report(ctx, args),
    }
}
