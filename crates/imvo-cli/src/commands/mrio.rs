//! `imvo risk calc` and `imvo risk generate`: wiring of imvo-mrio. Progress bars are drawn here
//! (the library only reports progress) and only when stderr is a terminal.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

use anyhow::Context as _;
use imvo_mrio::compute::{self, CalcOptions, Method, Scope, SolverUsed};
use imvo_mrio::generate::{GenerateSpec, generate as generate_system};
use imvo_mrio::{CacheStatus, Format, Progress, TableFormat};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Context;

/// Whether to speak Dutch (`LANG=nl_NL.UTF-8` and the like).
fn dutch() -> bool {
    std::env::var("LANG").is_ok_and(|l| l.starts_with("nl"))
}

/// Picks the English or Dutch text.
fn say(en: String, nl: String) -> String {
    if dutch() { nl } else { en }
}

/// How to read the input.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum InputFormat {
    /// A zip is EXIOBASE 3 (as pymrio.parse_exiobase3), a folder is pymrio's save_all layout.
    Auto,
    /// pymrio's save_all layout (as pymrio.load_all reads it).
    Pymrio,
    /// EXIOBASE 3 (renames regions and F_hh to F_Y as pymrio.parse_exiobase3 does).
    Exiobase3,
}

/// How to store the tables written (pymrio's `save_all(table_format=…)`).
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum TableFormatArg {
    /// Tab-separated text (pymrio's default).
    Txt,
    /// Apache Parquet, snappy-compressed (a fraction of the text's size and time).
    Parquet,
}

impl From<TableFormatArg> for TableFormat {
    fn from(f: TableFormatArg) -> Self {
        match f {
            TableFormatArg::Txt => TableFormat::Text,
            TableFormatArg::Parquet => TableFormat::Parquet,
        }
    }
}

/// Which extension accounts to compute.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ScopeArg {
    /// Everything pymrio's calc_all gives.
    All,
    /// M, D_cba, D_pba and their regional and per-capita sums (no D_imp, D_exp).
    Footprints,
}

/// How to solve with (I − A).
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum MethodArg {
    /// Choose by size and sparsity.
    Auto,
    /// Dense LU.
    Lu,
    /// Iterative solver with a proven error bound.
    Iterative,
}

/// Arguments of `imvo risk calc`.
#[derive(Debug, clap::Args)]
pub struct CalcArgs {
    /// A pymrio folder (what pymrio's save_all writes) or an EXIOBASE 3 zip (IOT_<year>_ixi.zip).
    pub input: PathBuf,
    /// Folder to write the system with all results to, in pymrio's format.
    #[arg(long)]
    pub out: PathBuf,
    /// How to store the tables written; pymrio's load_all reads both.
    #[arg(long, value_enum, default_value = "txt")]
    pub table_format: TableFormatArg,
    /// Leave the Leontief inverse L out (it costs ≈ 2n³ flops and n² numbers; nothing else
    /// needs it). The output's metadata says so.
    #[arg(long)]
    pub no_l: bool,
    /// Which accounts to compute.
    #[arg(long, value_enum, default_value = "all")]
    pub scope: ScopeArg,
    /// Solver for (I − A).
    #[arg(long, value_enum, default_value = "auto")]
    pub method: MethodArg,
    /// How to read the input (text or Parquet tables are told apart by their file names).
    #[arg(long, value_enum, default_value = "auto")]
    pub format: InputFormat,
    /// Do not read or write the binary cache of the input (kept in the user's cache
    /// directory, or in IMVO_CACHE_DIR when set).
    #[arg(long)]
    pub no_cache: bool,
}

/// Arguments of `imvo risk generate`.
#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// Number of regions (at most 49 with --exiobase).
    #[arg(long, default_value_t = 49)]
    pub regions: usize,
    /// Sectors per region (at most 163 with --exiobase).
    #[arg(long, default_value_t = 163)]
    pub sectors: usize,
    /// Stressors in all, split over two extensions (emissions, resources).
    #[arg(long, default_value_t = 20)]
    pub stressors: usize,
    /// Folder to write the system to, in pymrio's format.
    #[arg(long)]
    pub out: PathBuf,
    /// How to store the tables written.
    #[arg(long, value_enum, default_value = "txt")]
    pub table_format: TableFormatArg,
    /// Use EXIOBASE 3 ixi's real region codes, industry names and final-demand categories
    /// (the values stay synthetic).
    #[arg(long)]
    pub exiobase: bool,
    /// Seed of the random stream: the same seed gives the same system.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// Progress bars on stderr, one task at a time; hidden when stderr is not a terminal.
struct Bars {
    bar: Mutex<Option<ProgressBar>>,
    visible: bool,
}

impl Bars {
    fn new() -> Self {
        Self {
            bar: Mutex::new(None),
            visible: std::io::stderr().is_terminal(),
        }
    }
}

impl Progress for Bars {
    fn start(&self, label: &str, total: u64) {
        let bar = ProgressBar::with_draw_target(
            Some(total),
            if self.visible {
                ProgressDrawTarget::stderr()
            } else {
                ProgressDrawTarget::hidden()
            },
        );
        if let Ok(style) =
            ProgressStyle::with_template("{msg:30!} [{bar:40}] {percent:>3}% {elapsed:>4}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(label.to_string());
        if let Ok(mut slot) = self.bar.lock() {
            if let Some(old) = slot.take() {
                old.finish_and_clear();
            }
            *slot = Some(bar);
        }
    }
    fn advance(&self, delta: u64) {
        if let Ok(slot) = self.bar.lock()
            && let Some(bar) = slot.as_ref()
        {
            bar.inc(delta);
        }
    }
    fn finish(&self) {
        if let Ok(mut slot) = self.bar.lock()
            && let Some(bar) = slot.take()
        {
            bar.finish_and_clear();
        }
    }
}

/// Run `imvo risk calc`.
pub fn calc(_ctx: &Context, args: CalcArgs) -> anyhow::Result<()> {
    let bars = Bars::new();
    let t0 = Instant::now();
    let format = match args.format {
        InputFormat::Auto => Format::Auto,
        InputFormat::Pymrio => Format::Pymrio,
        InputFormat::Exiobase3 => Format::Exiobase3,
    };
    let (mut sys, cache) = imvo_mrio::load(&args.input, format, !args.no_cache, &bars)
        .with_context(|| format!("reading {}", args.input.display()))?;
    let t_read = t0.elapsed();
    if args.no_l {
        sys.l = None;
    }
    let opts = CalcOptions {
        with_l: !args.no_l,
        scope: match args.scope {
            ScopeArg::All => Scope::All,
            ScopeArg::Footprints => Scope::Footprints,
        },
        method: match args.method {
            MethodArg::Auto => Method::Auto,
            MethodArg::Lu => Method::Lu,
            MethodArg::Iterative => Method::Iterative,
        },
        ..CalcOptions::default()
    };
    let t1 = Instant::now();
    let report = compute::calc_all(&mut sys, &opts, &bars).context("computing the model")?;
    let t_calc = t1.elapsed();
    let solver = match &report.solver {
        SolverUsed::None => "none needed".to_string(),
        SolverUsed::GivenInverse => "the L given in the input".to_string(),
        SolverUsed::Lu {
            backward_error,
            condition,
            inverse,
        } => format!(
            "dense LU (backward error {backward_error:.1e}, condition ≈ {condition:.1e}{})",
            if *inverse { ", L formed" } else { "" }
        ),
        SolverUsed::Iterative {
            iterations,
            error_bound,
        } => format!(
            "iterative ({iterations} iterations, proven relative error ≤ {error_bound:.1e})"
        ),
    };
    let mut run = serde_json::Map::new();
    run.insert("program".into(), "imvo risk calc".into());
    run.insert("version".into(), env!("CARGO_PKG_VERSION").into());
    run.insert("L_computed".into(), (!args.no_l).into());
    run.insert(
        "scope".into(),
        match args.scope {
            ScopeArg::All => "all",
            ScopeArg::Footprints => "footprints",
        }
        .into(),
    );
    run.insert("solver".into(), solver.clone().into());
    run.insert("computed".into(), report.computed.clone().into());
    sys.meta.extra.insert("imvo".into(), run.into());
    sys.meta.history.insert(
        0,
        format!(
            "imvo - MODIFICATION - calc ({}; {}) from {}",
            if args.no_l {
                "L left out (--no-l)"
            } else {
                "L computed"
            },
            solver,
            args.input.display()
        ),
    );
    let t2 = Instant::now();
    imvo_mrio::write_pymrio_as(&sys, &args.out, args.table_format.into(), &bars)
        .with_context(|| format!("writing {}", args.out.display()))?;
    let t_write = t2.elapsed();
    let cache_note = match &cache {
        CacheStatus::Hit => say("from cache".into(), "uit cache".into()),
        CacheStatus::Written => say(
            "parsed, cache written".into(),
            "ingelezen, cache geschreven".into(),
        ),
        CacheStatus::Disabled => say("parsed, no cache".into(), "ingelezen, zonder cache".into()),
        CacheStatus::NotWritten(why) => say(
            format!("parsed, cache not written: {why}"),
            format!("ingelezen, cache niet geschreven: {why}"),
        ),
    };
    let n = sys.industries().map_or(0, |i| i.len());
    say!(
        "{}",
        say(
            format!(
                "Read {} ({} regions × {} sectors = {n} industries, {} extensions; {cache_note}) in {:.2} s.\n\
                 Computed {} arrays with {solver} in {:.2} s{}.\n\
                 Wrote {} in pymrio's format ({}) in {:.2} s.",
                args.input.display(),
                sys.regions().len(),
                sys.sectors().len(),
                sys.extensions.len(),
                t_read.as_secs_f64(),
                report.computed.len(),
                t_calc.as_secs_f64(),
                if args.no_l {
                    "; L left out (--no-l)"
                } else {
                    ""
                },
                args.out.display(),
                table_format_name(args.table_format),
                t_write.as_secs_f64()
            ),
            format!(
                "{} gelezen ({} regio's × {} sectoren = {n} bedrijfstakken, {} extensies; {cache_note}) in {:.2} s.\n\
                 {} tabellen berekend met {solver} in {:.2} s{}.\n\
                 {} geschreven in pymrio-formaat ({}) in {:.2} s.",
                args.input.display(),
                sys.regions().len(),
                sys.sectors().len(),
                sys.extensions.len(),
                t_read.as_secs_f64(),
                report.computed.len(),
                t_calc.as_secs_f64(),
                if args.no_l {
                    "; L weggelaten (--no-l)"
                } else {
                    ""
                },
                args.out.display(),
                table_format_name(args.table_format),
                t_write.as_secs_f64()
            ),
        )
    );
    Ok(())
}

fn table_format_name(f: TableFormatArg) -> &'static str {
    match f {
        TableFormatArg::Txt => "text",
        TableFormatArg::Parquet => "Parquet",
    }
}

/// Run `imvo risk generate`.
pub fn generate(_ctx: &Context, args: GenerateArgs) -> anyhow::Result<()> {
    let bars = Bars::new();
    let spec = GenerateSpec {
        regions: args.regions,
        sectors: args.sectors,
        stressors: args.stressors,
        seed: args.seed,
        exiobase: args.exiobase,
    };
    let sys = generate_system(&spec).context("generating the system")?;
    imvo_mrio::write_pymrio_as(&sys, &args.out, args.table_format.into(), &bars)
        .with_context(|| format!("writing {}", args.out.display()))?;
    say!(
        "{}",
        say(
            format!(
                "Wrote a synthetic system ({} regions × {} sectors, {} stressors, seed {}{}) to {}.",
                args.regions,
                args.sectors,
                args.stressors,
                args.seed,
                if args.exiobase {
                    ", EXIOBASE 3 ixi labels"
                } else {
                    ""
                },
                args.out.display()
            ),
            format!(
                "Synthetisch systeem ({} regio's × {} sectoren, {} stressoren, seed {}{}) geschreven naar {}.",
                args.regions,
                args.sectors,
                args.stressors,
                args.seed,
                if args.exiobase {
                    ", EXIOBASE 3 ixi-labels"
                } else {
                    ""
                },
                args.out.display()
            ),
        )
    );
    Ok(())
}
