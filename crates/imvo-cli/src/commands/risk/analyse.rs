//! `imvo risk analyse`: the sector risk analysis on real data — any pymrio folder or EXIOBASE
//! zip, with risk indicators built from their publishers' files (imvo-risk's `real` module),
//! the SRA's sectors through a concordance or every industry screened, and trade attribution.
//! Writes what `imvo risk demo` writes, plus the built indicators, the missing-value report and
//! the effect of the trade attribution on the ranking.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context as _;
use imvo_risk::analysis::Analysis;
use imvo_risk::engine::{self, Core};
use imvo_risk::inputs::{
    builtin, parse_concordance, parse_indicators, parse_sectors, parse_sra_risks, parse_themes,
    read_or_builtin,
};
use imvo_risk::output::{self, DataTable, Staging};
use imvo_risk::real::{self, Reference};
use imvo_risk::report::Provenance;
use imvo_risk::{Lang, RiskInputs};

use super::super::Context;
use super::super::sra::{self, Run};
use super::options::OptionArgs;

/// How trade sectors receive final demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TradeArg {
    /// Also the goods final demand buys through them (data/risk/trade_channels.csv).
    Channels,
    /// Only their own trade margins, as the table books them.
    None,
}

/// Arguments of `imvo risk analyse`.
#[derive(Debug, clap::Args)]
pub struct AnalyseArgs {
    /// A pymrio folder or an EXIOBASE 3 zip.
    #[arg(long)]
    pub system: PathBuf,
    /// Folder with the publishers' indicator files, as data/risk/indicator_sources.csv names
    /// them (see data/risk/README.md for where to get them).
    #[arg(long)]
    pub indicators_dir: PathBuf,
    /// Year of the indicators: each source's nearest year is taken.
    #[arg(long)]
    pub year: i32,
    /// Screen every industry of the economy as its own sector, instead of grouping them into
    /// the SRA's sectors.
    #[arg(long)]
    pub screening: bool,
    /// Concordance MRIO sector → national sector (default: the shipped one for the system's
    /// classification; with --screening it supplies codes and Dutch names).
    #[arg(long)]
    pub concordance: Option<PathBuf>,
    /// Themes CSV (default: the shipped data/risk/themes.csv).
    #[arg(long)]
    pub themes: Option<PathBuf>,
    /// National sector list CSV (default: data/risk/sectors.csv).
    #[arg(long)]
    pub sectors: Option<PathBuf>,
    /// The SRA's cross-sector risks CSV (default: data/risk/sra_risks.csv).
    #[arg(long)]
    pub sra_risks: Option<PathBuf>,
    /// Folder with your own versions of the real-data files of data/risk/ (countries.csv,
    /// indicator_sources.csv, indicator_themes.csv, pressure_sectors.csv, sector_groups.csv,
    /// ilab_goods.csv, trade_channels.csv), all seven.
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Trade attribution (docs/risk-method.md §2b).
    #[arg(long, value_enum, default_value = "channels")]
    pub trade_attribution: TradeArg,
    /// Folder to write the results to (replaced when a previous run wrote it).
    #[arg(long, default_value = "imvo-risk-analysis")]
    pub out: PathBuf,
    /// Report formats to write (md, html, pdf).
    #[arg(long, value_delimiter = ',', default_value = "md,html,pdf")]
    pub formats: Vec<String>,
    /// Options of the analysis.
    #[command(flatten)]
    pub options: OptionArgs,
}

/// What `analyse` adds to a [`Run`]: the built indicators and the ranking without trade
/// attribution.
struct Extra {
    built: real::Built,
    producer_view: Option<Analysis>,
    focus: String,
}

/// Run `imvo risk analyse`.
pub fn analyse(ctx: &Context, args: AnalyseArgs) -> anyhow::Result<()> {
    let formats = sra::formats(&args.formats)?;
    let (run, extra) = run(&args)?;
    sra::print_ranking(&run)?;
    let an = &run.analysis;
    let staging = Staging::new(&args.out)?;
    output::write_tables(an, &staging)?;
    staging.write("indicators.csv", &extra.built.csv)?;
    staging.write("missing.csv", real::missing::csv(&extra.built.missing))?;
    if let Some(plain) = &extra.producer_view {
        let t = attribution_table(plain, an);
        staging.write("trade_attribution.md", t.markdown(false))?;
        staging.write("trade_attribution.csv", t.csv(false))?;
    }
    let cov = sra::coverage(ctx, &run.inputs)?;
    let all: Vec<usize> = (0..an.sectors.len()).collect();
    let t = Instant::now();
    let n = sra::write_reports(&run, &staging, &all, &[Lang::Nl, Lang::En], &formats, &cov)?;
    staging.write("README.txt", readme(&run, &extra, &args))?;
    let out = staging.commit()?;
    if let Some(plain) = &extra.producer_view {
        say!();
        say!("Trade attribution (channels) against the producer view (margins only):");
        for (g, s) in an.sectors.iter().enumerate() {
            let p = &plain.sectors[g];
            if (s.final_demand - p.final_demand).abs() > 0.0 {
                say!(
                    "  {}: rank {} → {}, score {:.2} → {:.2}, final demand {} → {}",
                    s.sector.name(Lang::En),
                    p.rank,
                    s.rank,
                    p.score,
                    s.score,
                    output::sig(p.final_demand),
                    output::sig(s.final_demand)
                );
            }
        }
    }
    if !extra.built.missing.is_empty() {
        say!();
        say!(
            "Warning: {} indicator values were missing and handled as missing.csv says ({}).",
            extra.built.missing.len(),
            real::missing::summary(&extra.built.missing)
        );
    }
    say!(
        "Wrote tables, charts, {} indicator rows and {n} sector reports ({:.2} s) to {} (focus {})",
        extra.built.rows,
        t.elapsed().as_secs_f64(),
        out.display(),
        extra.focus
    );
    Ok(())
}

fn run(args: &AnalyseArgs) -> anyhow::Result<(Run, Extra)> {
    let mut timings = Vec::new();
    let t = Instant::now();
    let (system, label) = sra::read_system(&args.system)?;
    timings.push(("read system", t.elapsed().as_secs_f64()));
    let t = Instant::now();
    let reference = Reference::load(args.data.as_deref())?;
    let (p, text) = read_or_builtin(&args.themes, builtin::THEMES)?;
    let themes = parse_themes(&p, &text)?;
    let (p, text) = read_or_builtin(&args.sectors, builtin::SECTORS)?;
    let sra_sectors = parse_sectors(&p, &text)?;
    let (p, text) = read_or_builtin(&args.sra_risks, builtin::SRA_RISKS)?;
    let sra_risks = parse_sra_risks(&p, &text, &themes, &sra_sectors)?;
    let core = Core::new(&system)?;
    let view = engine::view(&system, &core)?;
    let (_, groups) = reference.classify(&view.sectors)?;
    let focus = focus_region(&reference, &view.regions, &args.options.focus)?;
    let built = real::build_from_dir(
        &reference,
        &args.indicators_dir,
        &view,
        &themes.rows,
        args.year,
        &format!(
            "{label}; indicators {}; year {}",
            args.indicators_dir.display(),
            args.year
        ),
    )?;
    let indicators = parse_indicators(&args.out.join("indicators.csv"), &built.csv, &themes)
        .context("reading back the built indicators")?;
    let concordance_text = match &args.concordance {
        Some(p) => Some((
            p.clone(),
            std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?,
        )),
        None => real::concordance_for(&built.classification)
            .map(|(p, t)| (PathBuf::from(p), t.to_string())),
    };
    let (sectors, concordance) = if args.screening {
        real::screening(
            &view.sectors,
            concordance_text
                .as_ref()
                .map(|(p, t)| (p.as_path(), t.as_str())),
            &sra_sectors,
            &label,
            args.year,
        )?
    } else {
        let (p, t) = concordance_text.ok_or_else(|| {
            anyhow::anyhow!(
                "no concordance ships for the classification `{}`; give --concordance or --screening",
                built.classification
            )
        })?;
        let c = parse_concordance(&p, &t, &sra_sectors)?;
        (sra_sectors, c)
    };
    let trade = match args.trade_attribution {
        TradeArg::Channels => real::trade_rules(&reference, &view.sectors, &groups, &concordance)?,
        TradeArg::None => Vec::new(),
    };
    drop(view);
    timings.push(("indicators", t.elapsed().as_secs_f64()));
    let inputs = RiskInputs {
        themes,
        sectors,
        sra_risks,
        concordance,
        indicators,
    };
    let has_trade = !trade.is_empty();
    let options = args.options.options(&focus, trade);
    let (analysis, arrays) = sra::solve(
        &inputs,
        &system,
        &core,
        &options,
        &args.options,
        &mut timings,
    )?;
    let producer_view = if has_trade {
        let mut plain = args.options.options(&focus, Vec::new());
        plain.spa_themes = 0;
        let t = Instant::now();
        let mut steps = Vec::new();
        let an = sra::solve(&inputs, &system, &core, &plain, &args.options, &mut steps)?.0;
        timings.push(("producer view (comparison)", t.elapsed().as_secs_f64()));
        Some(an)
    } else {
        None
    };
    let mut provenance = Provenance::new(label, &inputs, real::SEPARATOR);
    provenance.trade_final_demand = arrays.trade_final_demand;
    Ok((
        Run {
            analysis,
            inputs,
            system,
            core,
            timings,
            provenance,
        },
        Extra {
            built,
            producer_view,
            focus,
        },
    ))
}

/// The focus region as the system spells it: given directly, or any name or code of the
/// country (`NL`, `NLD`, `Netherlands`) through the crosswalk.
fn focus_region(reference: &Reference, regions: &[String], focus: &str) -> anyhow::Result<String> {
    if regions.iter().any(|r| r == focus) {
        return Ok(focus.to_string());
    }
    let (column, _) = reference
        .crosswalk
        .members(&reference.paths["countries.csv"], regions)?;
    reference
        .crosswalk
        .region_of(focus, &column)
        .filter(|r| regions.iter().any(|x| x == r))
        .map(str::to_string)
        .ok_or_else(|| {
            anyhow::anyhow!(
                "focus region `{focus}` is not a region of the system nor a country of countries.csv; the regions are: {}",
                regions.join(", ")
            )
        })
}

/// Every sector's rank and score with and without the trade attribution.
fn attribution_table(plain: &Analysis, with: &Analysis) -> DataTable {
    DataTable {
        title: "Effect of the trade attribution on the ranking (producer view: trade sectors \
                receive only their margins; trade attribution: also the goods final demand buys \
                through them, data/risk/trade_channels.csv, docs/risk-method.md §2b)"
            .into(),
        headers: [
            "sector",
            "rank_producer_view",
            "rank_trade_attribution",
            "score_producer_view",
            "score_trade_attribution",
            "final_demand_producer_view",
            "final_demand_trade_attribution",
        ]
        .map(String::from)
        .to_vec(),
        rows: with
            .ranking
            .iter()
            .map(|&g| {
                let (a, b) = (&plain.sectors[g], &with.sectors[g]);
                vec![
                    b.sector.id.clone(),
                    a.rank.to_string(),
                    b.rank.to_string(),
                    format!("{:.4}", a.score),
                    format!("{:.4}", b.score),
                    output::sig(a.final_demand),
                    output::sig(b.final_demand),
                ]
            })
            .collect(),
    }
}

fn readme(run: &Run, extra: &Extra, args: &AnalyseArgs) -> String {
    let an = &run.analysis;
    let mut s = format!(
        "imvo risk analyse — sector risk analysis on real data\n\n\
System: {}\nIndicators: built from the publishers' files in {} for the year {}\nFocus region: {}\nSectors: {}\nTrade attribution: {}\n\n\
ranking.{{nl,en}}.{{md,csv}}  ranked sectors, score, elevated flag, main risks and hotspot\n\
sector_themes.{{csv,md}}      embodied risk, exposure, likelihood, severity, intensity, ratio per sector × theme\n\
hotspots.csv                origin region × sector contributions, top N per sector × theme\n\
paths.{{csv,md}}              structural paths per sector × theme, with the remainder row\n\
analysis.json               everything above in one file\n\
heatmap.{{nl,en}}.svg         sectors × themes heat map\n\
hotspots/<sector>.<lang>.svg  hotspot chart of each sector's main theme\n\
reports/<sector>.<lang>.<md|html|pdf>  sector reports (aandachtspunten voor dialoog)\n\
indicators.csv              the likelihoods the analysis used, each row with its sources and year\n\
missing.csv                 every indicator value the build did not find, and what it did instead\n",
        run.provenance.system,
        args.indicators_dir.display(),
        args.year,
        extra.focus,
        if args.screening {
            "screening: every industry its own sector"
        } else {
            "the SRA's sectors through a concordance"
        },
        if an.options.trade.is_empty() {
            "none (producer view)"
        } else {
            "channels (data/risk/trade_channels.csv)"
        },
    );
    if extra.producer_view.is_some() {
        s.push_str(
            "trade_attribution.{md,csv}  ranks and scores with and without the trade attribution\n",
        );
    }
    s.push_str("\nSources of the indicators (cite them where you show results):\n");
    let mut all: Vec<&String> = run.provenance.theme_sources.iter().flatten().collect();
    all.sort();
    all.dedup();
    for src in all {
        let _ = writeln!(s, "- {src}");
    }
    s.push_str("\nMethod: docs/risk-method.md in the imvo repository.\n");
    s
}
