//! `imvo report …`: the progress letter to Parliament, the annual covenant report.

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;
use chrono::NaiveDate;
use imvo_report::letter::{LetterOptions, forecast_target, progress_letter};
use imvo_report::{Format, Lang};

use super::{Context, parse_date, parse_lang};

/// Which report.
#[derive(Debug, clap::Subcommand)]
pub enum ReportCommand {
    /// The progress letter to Parliament as of a date.
    Letter(LetterArgs),
    /// The annual due-diligence report of a covenant for a published year.
    Covenant(CovenantArgs),
}

/// Arguments of `imvo report covenant`.
#[derive(Debug, clap::Args)]
pub struct CovenantArgs {
    /// The covenant.
    #[arg(long)]
    pub covenant: imvo_domain::Id,
    /// The year reported on (must be published).
    #[arg(long)]
    pub year: i32,
    /// The least number of companies a published figure rests on.
    #[arg(long, default_value_t = imvo_diligence::Threshold::default().k)]
    pub k: usize,
    /// The language: nl (Dutch) or en (English).
    #[arg(long, default_value = "nl", value_parser = parse_lang)]
    pub lang: Lang,
    /// The format: md, html or pdf.
    #[arg(long, default_value = "md", value_parser = parse_format)]
    pub format: Format,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Arguments of `imvo report letter`.
#[derive(Debug, clap::Args)]
pub struct LetterArgs {
    /// The date of the letter: the state of the portfolio on this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub as_of: NaiveDate,
    /// The language: nl (Dutch) or en (English).
    #[arg(long, default_value = "nl", value_parser = parse_lang)]
    pub lang: Lang,
    /// The format: md, html or pdf.
    #[arg(long, default_value = "md", value_parser = parse_format)]
    pub format: Format,
    /// Add a section with the changes recorded after this date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub since: Option<NaiveDate>,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse()
        .map_err(|e: imvo_report::UnknownFormat| e.to_string())
}

/// Run `imvo report`.
pub fn run(ctx: &Context, cmd: ReportCommand) -> anyhow::Result<()> {
    match cmd {
        ReportCommand::Letter(args) => letter(ctx, &args),
        ReportCommand::Covenant(args) => {
            let threshold = imvo_diligence::Threshold::with_k(args.k);
            let bytes = render_covenant_report(
                &ctx.db,
                &args.covenant,
                args.year,
                &threshold,
                args.lang,
                args.format,
            )?;
            write_out(args.out.as_ref(), &bytes)
        }
    }
}

/// Writes `bytes` to `out` atomically, or to standard output.
fn write_out(out: Option<&PathBuf>, bytes: &[u8]) -> anyhow::Result<()> {
    match out {
        Some(path) => Ok(imvo_report::write_atomically(path, bytes)?),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(bytes)
                .and_then(|()| stdout.flush())
                .context("could not write the report to standard output")
        }
    }
}

/// The annual covenant report of `year` from the store at `db`, rendered in `format`. Shared
/// with `imvo demo`.
pub fn render_covenant_report(
    db: &str,
    covenant: &imvo_domain::Id,
    year: i32,
    threshold: &imvo_diligence::Threshold,
    lang: Lang,
    format: Format,
) -> anyhow::Result<Vec<u8>> {
    let figures = imvo_app::block_on(async {
        let store = imvo_app::open_existing(db).await?;
        let ledger = imvo_app::diligence::ledger(&store, covenant).await;
        store.close().await;
        imvo_app::diligence::report_figures(&ledger?, year, threshold)
    })
    .with_context(|| format!("reading the due-diligence figures of {covenant} from {db}"))?;
    let doc = imvo_report::covenant::covenant_report(&figures, lang);
    Ok(imvo_report::render(&doc, format)?)
}

/// Writes the progress letter as of `--as-of` from the store.
fn letter(ctx: &Context, args: &LetterArgs) -> anyhow::Result<()> {
    if let Some(since) = args.since
        && since >= args.as_of
    {
        anyhow::bail!(
            "--since {since} must be before --as-of {}: the changes section lists what was recorded between the two dates",
            args.as_of
        );
    }
    let bytes = render_letter(&ctx.db, args.as_of, args.lang, args.format, args.since)?;
    write_out(args.out.as_ref(), &bytes)
}

/// The letter as of `as_of` from the store at `db`, rendered in `format`. Shared with
/// `imvo demo`, which writes every language and format.
pub fn render_letter(
    db: &str,
    as_of: NaiveDate,
    lang: Lang,
    format: Format,
    since: Option<NaiveDate>,
) -> anyhow::Result<Vec<u8>> {
    let (portfolio, changes, diligence) = imvo_app::block_on(async {
        let store = imvo_app::open_existing(db).await?;
        let portfolio = imvo_app::portfolio(&store, Some(as_of)).await?;
        let changes = match since {
            Some(since) if since < as_of => imvo_app::changes(&store, since, as_of).await?,
            _ => Vec::new(),
        };
        let diligence = imvo_app::diligence::published(
            &store,
            &portfolio,
            &imvo_diligence::Threshold::default(),
        )
        .await?;
        Ok::<_, imvo_app::AppError>((portfolio, changes, diligence))
    })
    .with_context(|| format!("could not read the portfolio from {db}"))?;
    if portfolio.as_of().is_none() || portfolio.record_count() == 0 {
        anyhow::bail!(
            "the store {db} holds nothing on or before {as_of}: load the datasets first (`imvo demo`, or `imvo init` and `imvo load`)"
        );
    }
    // The forecast of the target the letter reports on, as the server's letter has it.
    let forecast = forecast_target(&portfolio)
        .map(|t| imvo_domain::forecast(&portfolio, t, &imvo_app::default_forecast_config()))
        .transpose()
        .context("could not forecast the target")?;
    let doc = progress_letter(
        &portfolio,
        forecast.as_ref(),
        &LetterOptions {
            lang,
            since,
            changes,
            diligence,
        },
    )?;
    Ok(imvo_report::render(&doc, format)?)
}
