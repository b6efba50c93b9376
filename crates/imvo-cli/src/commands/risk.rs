//! `imvo risk …`: the input-output engine (calc, generate) and the sector risk analysis
//! (demo, report, analyse). Dispatch only: `mrio.rs`, `sra.rs` and `risk/analyse.rs` hold the
//! commands.

mod analyse;
pub mod options;

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
    /// Run the sector risk analysis on real data: a pymrio folder or EXIOBASE zip, with
    /// indicators built from their publishers' files.
    Analyse(analyse::AnalyseArgs),
}

/// Run `imvo risk`.
pub fn run(ctx: &Context, cmd: RiskCommand) -> anyhow::Result<()> {
    match cmd {
        RiskCommand::Calc(args) => mrio::calc(ctx, args),
        RiskCommand::Generate(args) => mrio::generate(ctx, args),
        RiskCommand::Demo(args) => sra::demo(ctx, args),
        RiskCommand::Report(args) => sra::report(ctx, args),
        RiskCommand::Analyse(args) => analyse::analyse(ctx, args),
    }
}
