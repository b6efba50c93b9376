//! `imvo locations …`: production locations from the command line. `match` runs the batch
//! matcher of imvo-locations over a folder of company lists; every rule lives there.

use std::path::PathBuf;

use anyhow::Context as _;
use chrono::Datelike as _;
use imvo_domain::NaiveDate;
use imvo_locations::batch::{self, BatchConfig};
use imvo_locations::id::IdDate;
use imvo_locations::upload::Limits;

use super::parse_date;

/// Refused rows listed one by one before the rest are only counted.
const SHOWN_REFUSALS: usize = 20;

/// `imvo locations` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum LocationsCommand {
    /// Match the lists in a folder (one CSV or XLSX per company, named after it) and write
    /// every row's location id.
    Match(MatchArgs),
}

/// Arguments of `imvo locations match`.
#[derive(Debug, clap::Args)]
pub struct MatchArgs {
    /// The folder: `<company>.csv` or `<company>.xlsx`, columns name, address, country, …
    dir: PathBuf,
    /// Where to write `company,row,location_id` (row 1 is the first data row).
    #[arg(long)]
    out: PathBuf,
    /// The day in new location ids (YYYY-MM-DD); default: today. Give it to get the very same
    /// output on another day.
    #[arg(long, value_parser = parse_date)]
    date: Option<NaiveDate>,
    /// Fail if any row is refused, instead of matching the rest and listing the refusals.
    #[arg(long)]
    strict: bool,
    /// Largest file accepted, in bytes.
    #[arg(long, default_value_t = Limits::default().max_bytes)]
    max_bytes: usize,
}

/// Run an `imvo locations` subcommand.
pub fn run(cmd: LocationsCommand) -> anyhow::Result<()> {
    match cmd {
        LocationsCommand::Match(args) => match_dir(args),
    }
}

fn match_dir(args: MatchArgs) -> anyhow::Result<()> {
    let date = match args.date {
        Some(d) => IdDate::from_ymd(i64::from(d.year()), d.month(), d.day())?,
        None => IdDate::today(),
    };
    let limits = Limits {
        max_bytes: args.max_bytes,
        ..Limits::default()
    };
    let uploads = batch::read_dir(&args.dir, &limits)?;
    let (lines, refused) = batch::assign(&uploads, &BatchConfig::on(date));
    if args.strict && !refused.is_empty() {
        let (company, first) = &refused[0];
        anyhow::bail!(
            "{} row(s) refused; first: {company}: {first}",
            refused.len()
        );
    }
    let file = std::fs::File::create(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    batch::write_lines(&lines, std::io::BufWriter::new(file))
        .with_context(|| format!("writing {}", args.out.display()))?;
    let locations: std::collections::BTreeSet<_> =
        lines.iter().filter_map(|l| l.location_id).collect();
    say!(
        "{} rows from {} lists: {} locations; written to {}",
        lines.len(),
        uploads.len(),
        locations.len(),
        args.out.display()
    );
    if !refused.is_empty() {
        say!(
            "{} problem(s) in rows (rows whose name, address and country could be read were matched anyway):",
            refused.len()
        );
        for (company, e) in refused.iter().take(SHOWN_REFUSALS) {
            say!("  {company}: {e}");
        }
        if refused.len() > SHOWN_REFUSALS {
            say!("  … and {} more", refused.len() - SHOWN_REFUSALS);
        }
    }
    Ok(())
}
