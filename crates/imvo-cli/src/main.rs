//! `imvo`: the command line of the IMVO policy system. Argument parsing and wiring only;
//! every rule lives in the library crates.

mod commands;

use clap::{Parser, Subcommand};

/// Run the Dutch policy on international responsible business conduct (IMVO) with data.
#[derive(Debug, Parser)]
#[command(name = "imvo", version, about, long_about = None)]
struct Cli {
    /// The store: a SQLite file path, `sqlite:PATH` or a `postgres://` URL.
    #[arg(
        long,
        global = true,
        env = "IMVO_DATABASE_URL",
        default_value = "imvo.db"
    )]
    db: String,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create a store from the shipped datasets and write the progress letter as of 2015-07-10.
    Demo(commands::demo::DemoArgs),
    /// Create an empty store (runs the migrations).
    Init(commands::store::InitArgs),
    /// Import a JSON export into an empty store.
    Import(commands::store::ImportArgs),
    /// Export the whole store to one JSON file.
    Export(commands::store::ExportArgs),
    /// Load a dataset file into the store (all or nothing).
    Load(commands::store::LoadArgs),
    /// The trajectories, their sectors and phase, as of a date.
    Portfolio(commands::portfolio::PortfolioArgs),
    /// The policy target, its status and the forecast, as of a date.
    Target(commands::portfolio::TargetArgs),
    /// Record a change: an event, a phase change, an agreement, a measurement …
    #[command(subcommand)]
    Record(commands::record::RecordCommand),
    /// Write reports: the progress letter to Parliament.
    #[command(subcommand)]
    Report(commands::report::ReportCommand),
    /// The covenants' due-diligence cycle: frameworks, steps, files, workbench, public figures.
    #[command(subcommand)]
    Diligence(commands::diligence::DiligenceCommand),
    /// Production locations: match the lists of many companies.
    #[command(subcommand)]
    Locations(commands::locations::LocationsCommand),
    /// The input-output engine and the sector risk analysis.
    #[command(subcommand)]
    Risk(commands::risk::RiskCommand),
    /// Manage accounts.
    #[command(subcommand)]
    User(commands::user::UserCommand),
    /// Serve the JSON API and the web dashboard.
    Serve(commands::serve::ServeArgs),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let ctx = commands::Context { db: cli.db };
    let result = match cli.command {
        Command::Demo(args) => commands::demo::run(&ctx, args),
        Command::Init(args) => commands::store::init(&ctx, args),
        Command::Import(args) => commands::store::import(&ctx, args),
        Command::Export(args) => commands::store::export(&ctx, args),
        Command::Load(args) => commands::store::load(&ctx, args),
        Command::Portfolio(args) => commands::portfolio::portfolio(&ctx, args),
        Command::Target(args) => commands::portfolio::target(&ctx, args),
        Command::Record(cmd) => commands::record::run(&ctx, cmd),
        Command::Report(cmd) => commands::report::run(&ctx, cmd),
        Command::Diligence(cmd) => commands::diligence::run(&ctx, cmd),
        Command::Locations(cmd) => commands::locations::run(cmd),
        Command::Risk(cmd) => commands::risk::run(&ctx, cmd),
        Command::User(cmd) => commands::user::run(&ctx, cmd),
        Command::Serve(args) => commands::serve::run(&ctx, args),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
