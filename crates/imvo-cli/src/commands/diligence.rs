//! `imvo diligence …`: the covenants' due-diligence cycle from the command line. Every command
//! calls one use case of `imvo_app::diligence`; the command line acts as the operator (who holds
//! the database), named in the audit history by `--actor`.

use std::path::PathBuf;

use anyhow::Context as _;
use imvo_app::diligence::{self, Who};
use imvo_diligence::Threshold;
use imvo_diligence::cycle::{Action, Entry, EscalationRule};
use imvo_domain::{Id, Lang, NaiveDate};

use super::{Context, parse_date, parse_lang};

/// `imvo diligence` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum DiligenceCommand {
    /// Load framework files (TOML, format imvo-framework-1) into the store.
    LoadFrameworks(LoadArgs),
    /// Record one step of a covenant's cycle, given as JSON (a file, or - for stdin).
    Record(RecordArgs),
    /// Append a JSON array of dated entries to a covenant's log, all or nothing.
    Import(ImportArgs),
    /// A company's file: its submissions, assessments, feedback and deadlines (confidential).
    File(FileArgs),
    /// The secretariat's workbench: what awaits assessment, what is overdue, what to escalate.
    Workbench(WorkbenchArgs),
    /// The public view: members and the published years' figures.
    Public(PublicArgs),
    /// Score a year's assessments under another framework version, beside the year's own.
    Rescore(RescoreArgs),
}

/// Arguments of `imvo diligence load-frameworks`.
#[derive(Debug, clap::Args)]
pub struct LoadArgs {
    /// The framework files; none: the shipped ones.
    files: Vec<PathBuf>,
    /// Who loads them (the audit history).
    #[arg(long, env = "IMVO_ACTOR", default_value = "cli")]
    actor: String,
}

/// Arguments of `imvo diligence record`.
#[derive(Debug, clap::Args)]
pub struct RecordArgs {
    /// The covenant.
    #[arg(long)]
    covenant: Id,
    /// The day of the step (YYYY-MM-DD); default: today.
    #[arg(long, value_parser = parse_date)]
    date: Option<NaiveDate>,
    /// The step as JSON, e.g. {"action": "join", "company": "…"}; - reads stdin.
    input: PathBuf,
    /// Who takes the step (the audit history).
    #[arg(long, env = "IMVO_ACTOR", default_value = "cli")]
    actor: String,
}

/// Arguments of `imvo diligence import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The covenant.
    #[arg(long)]
    covenant: Id,
    /// A JSON array of entries ({"date", "actor", "action", …}); - reads stdin.
    input: PathBuf,
}

/// Arguments of `imvo diligence file`.
#[derive(Debug, clap::Args)]
pub struct FileArgs {
    /// The covenant.
    #[arg(long)]
    covenant: Id,
    /// The company.
    #[arg(long)]
    company: Id,
    /// The day deadlines are judged on; default: today.
    #[arg(long, value_parser = parse_date)]
    today: Option<NaiveDate>,
}

/// Arguments of `imvo diligence workbench`.
#[derive(Debug, clap::Args)]
pub struct WorkbenchArgs {
    /// The covenant.
    #[arg(long)]
    covenant: Id,
    /// The day deadlines are judged on; default: today.
    #[arg(long, value_parser = parse_date)]
    today: Option<NaiveDate>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    /// Language of the text: nl or en.
    #[arg(long, default_value = "nl", value_parser = parse_lang)]
    lang: Lang,
}

/// Arguments of `imvo diligence public`.
#[derive(Debug, clap::Args)]
pub struct PublicArgs {
    /// The covenant.
    #[arg(long)]
    covenant: Id,
    /// The least number of companies a published figure rests on.
    #[arg(long, default_value_t = Threshold::default().k)]
    k: usize,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    /// Language of the text: nl or en.
    #[arg(long, default_value = "nl", value_parser = parse_lang)]
    lang: Lang,
}

/// Arguments of `imvo diligence rescore`.
#[derive(Debug, clap::Args)]
pub struct RescoreArgs {
    /// The covenant.
    #[arg(long)]
    covenant: Id,
    /// The year.
    #[arg(long)]
    year: i32,
    /// The framework to score under.
    #[arg(long)]
    framework: Id,
    /// Its version.
    #[arg(long)]
    version: u32,
}

/// Run an `imvo diligence` subcommand.
pub fn run(ctx: &Context, cmd: DiligenceCommand) -> anyhow::Result<()> {
    imvo_app::block_on(async {
        let store = imvo_app::open_existing(&ctx.db).await?;
        let out = run_on(&store, cmd).await;
        store.close().await;
        out
    })
}

fn read_input(path: &PathBuf) -> anyhow::Result<String> {
    if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin()).context("reading stdin")
    } else {
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
    }
}

async fn run_on(store: &imvo_store::Store, cmd: DiligenceCommand) -> anyhow::Result<()> {
    match cmd {
        DiligenceCommand::LoadFrameworks(args) => {
            let files: Vec<(String, String)> = if args.files.is_empty() {
                diligence::demo::FRAMEWORKS
                    .iter()
                    .map(|e| (e.file.to_owned(), e.text.to_owned()))
                    .collect()
            } else {
                args.files
                    .iter()
                    .map(|p| Ok((p.display().to_string(), read_input(p)?)))
                    .collect::<anyhow::Result<_>>()?
            };
            for l in diligence::load_frameworks(store, &files, &args.actor).await? {
                let what = if l.new { "loaded" } else { "already loaded" };
                say!("{} version {}: {what}", l.id, l.version);
            }
        }
        DiligenceCommand::Record(args) => {
            let text = read_input(&args.input)?;
            let action: Action = serde_json::from_str(&text)
                .with_context(|| format!("{}: not a step of the cycle", args.input.display()))?;
            let date = args.date.unwrap_or_else(imvo_app::today);
            let seq = diligence::record(
                store,
                Who::Operator(&args.actor),
                &args.covenant,
                date,
                action,
            )
            .await?;
            say!("recorded as entry {seq} of the due-diligence log");
        }
        DiligenceCommand::Import(args) => {
            let text = read_input(&args.input)?;
            let entries: Vec<Entry> = serde_json::from_str(&text)
                .with_context(|| format!("{}: not a list of entries", args.input.display()))?;
            let n = diligence::import_entries(store, &args.covenant, entries).await?;
            say!(
                "imported {n} entries into the log of covenant {}",
                args.covenant
            );
        }
        DiligenceCommand::File(args) => {
            let ledger = diligence::ledger(store, &args.covenant).await?;
            let today = args.today.unwrap_or_else(imvo_app::today);
            let file =
                diligence::company_file(&ledger, &Who::Operator("cli"), &args.company, today)?;
            say!("{}", serde_json::to_string_pretty(&file)?);
        }
        DiligenceCommand::Workbench(args) => {
            let ledger = diligence::ledger(store, &args.covenant).await?;
            let today = args.today.unwrap_or_else(imvo_app::today);
            let bench = diligence::workbench(
                &ledger,
                &Who::Operator("cli"),
                today,
                &EscalationRule::default(),
            )?;
            if args.json {
                say!("{}", serde_json::to_string_pretty(&bench)?);
                return Ok(());
            }
            let en = args.lang == Lang::En;
            say!(
                "{} {} — {today}",
                if en {
                    "Workbench of covenant"
                } else {
                    "Werkbank van convenant"
                },
                bench.covenant
            );
            for (status, n) in &bench.members {
                say!("  {:<16} {n}", status.label(args.lang));
            }
            say!(
                "{}: {}",
                if en {
                    "awaiting assessment"
                } else {
                    "wacht op beoordeling"
                },
                bench.awaiting.len()
            );
            for a in &bench.awaiting {
                say!(
                    "  {} {} rev. {} ({} {})",
                    a.year,
                    a.company,
                    a.revision,
                    if en { "due" } else { "uiterlijk" },
                    a.due
                );
            }
            say!(
                "{}: {}",
                if en { "overdue" } else { "te laat" },
                bench.overdue.len()
            );
            for o in &bench.overdue {
                say!(
                    "  {} {} {:?}: {} ({} d)",
                    o.year,
                    o.company,
                    o.step,
                    o.due,
                    o.days_late
                );
            }
            for p in &bench.proposals {
                say!(
                    "  {} {}: {:?}",
                    if en { "proposed" } else { "voorstel" },
                    p.overdue.company,
                    p.step
                );
            }
        }
        DiligenceCommand::Public(args) => {
            let ledger = diligence::ledger(store, &args.covenant).await?;
            let public = diligence::public_covenant(&ledger, &Threshold::with_k(args.k));
            if args.json {
                say!("{}", serde_json::to_string_pretty(&public)?);
                return Ok(());
            }
            print_public(&public, args.lang)?;
        }
        DiligenceCommand::Rescore(args) => {
            let ledger = diligence::ledger(store, &args.covenant).await?;
            let under = ledger
                .frameworks
                .get(&(args.framework.clone(), args.version))
                .with_context(|| {
                    format!(
                        "framework {} version {} is not loaded",
                        args.framework, args.version
                    )
                })?;
            let rows: Vec<_> = ledger
                .book
                .population(args.year)
                .into_iter()
                .filter_map(|company| {
                    let own =
                        ledger
                            .book
                            .scorecard(company, args.year, &ledger.frameworks, None)?;
                    let other = ledger.book.scorecard(
                        company,
                        args.year,
                        &ledger.frameworks,
                        Some(under),
                    )?;
                    let card =
                        |r: Result<imvo_diligence::Scorecard, imvo_diligence::AnswerError>| match r
                        {
                            Ok(c) => serde_json::json!(c),
                            Err(e) => serde_json::json!({ "error": e.to_string() }),
                        };
                    Some(serde_json::json!({
                        "company": company,
                        "own": card(own),
                        "rescored": card(other),
                    }))
                })
                .collect();
            say!("{}", serde_json::to_string_pretty(&rows)?);
        }
    }
    Ok(())
}

/// The public view as text: members, then per published year the figures.
pub fn print_public(public: &diligence::PublicCovenant, lang: Lang) -> anyhow::Result<()> {
    let en = lang == Lang::En;
    let hidden = if en {
        format!("suppressed (fewer than {} companies)", public.threshold.k)
    } else {
        format!("niet getoond (minder dan {} bedrijven)", public.threshold.k)
    };
    let pct = |f: imvo_diligence::Figure<f64>| match f.value() {
        Some(v) => format!("{:.0} %", v * 100.0),
        None => hidden.clone(),
    };
    say!(
        "{} {}: {} {}",
        if en { "Covenant" } else { "Convenant" },
        public.covenant,
        public.members.len(),
        if en { "members" } else { "leden" }
    );
    for y in &public.years {
        say!(
            "  {}: {} {} ({} {} v{}), {} {}",
            y.year,
            y.members,
            if en { "companies" } else { "bedrijven" },
            if en { "framework" } else { "kader" },
            y.framework,
            y.version,
            if en {
                "fully meeting the framework:"
            } else {
                "voldoet volledig aan het kader:"
            },
            pct(y.meets)
        );
    }
    Ok(())
}
