//! `imvo risk demo` and `imvo risk report`: wiring of imvo-risk (the sector risk analysis) to
//! the engine's systems, the shipped inputs, the store and the report machinery.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context as _;
use imvo_mrio::generate::{GenerateSpec, generate as generate_system};
use imvo_mrio::{IoSystem, NoProgress};
use imvo_report::Format;
use imvo_risk::analysis::{Analysis, Arrays, Options};
use imvo_risk::engine::{self, Core, Engine};
use imvo_risk::output::{self, Staging};
use imvo_risk::report::{
    Coverage, Measure, MeasureKind, Provenance, sector_report, themes_of_risk,
};
use imvo_risk::{InputPaths, Lang, RiskInputs};

use super::Context;
use super::risk::options::OptionArgs;

/// Inputs and options of an analysis, shared by `demo` and `report`.
#[derive(Debug, clap::Args)]
pub struct AnalysisArgs {
    /// A pymrio folder or an EXIOBASE 3 zip to analyse instead of the synthetic
    /// EXIOBASE-shaped system.
    #[arg(long)]
    pub system: Option<PathBuf>,
    /// Themes CSV (default: the shipped data/risk/themes.csv).
    #[arg(long)]
    pub themes: Option<PathBuf>,
    /// National sector list CSV (default: data/risk/sectors.csv, the SRA's 13 plus "overig").
    #[arg(long)]
    pub sectors: Option<PathBuf>,
    /// The SRA's cross-sector risks CSV (default: data/risk/sra_risks.csv).
    #[arg(long)]
    pub sra_risks: Option<PathBuf>,
    /// Concordance MRIO sector → national sector (default: data/risk/concordance_exio3_sra.csv).
    #[arg(long)]
    pub concordance: Option<PathBuf>,
    /// Risk indicators CSV (default: the SYNTHETIC data/risk/indicators_synthetic.csv).
    #[arg(long)]
    pub indicators: Option<PathBuf>,
    /// Seed of the synthetic system.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Options of the analysis.
    #[command(flatten)]
    pub options: OptionArgs,
}

/// Arguments of `imvo risk demo`.
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Folder to write the tables, charts and sector reports to (replaced when a previous run
    /// wrote it).
    #[arg(long, default_value = "imvo-risk-demo")]
    pub out: PathBuf,
    /// Also write the system with the risk extension (F = S ⊙ x) in pymrio's format to this
    /// folder, so pymrio can compute the same footprints.
    #[arg(long)]
    pub export_system: Option<PathBuf>,
    /// Report formats to write (md, html, pdf).
    #[arg(long, value_delimiter = ',', default_value = "md,html,pdf")]
    pub formats: Vec<String>,
    /// Analysis inputs and options.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
}

/// Arguments of `imvo risk report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The national sector (id, e.g. `textiel_kleding`, or its Dutch or English name).
    #[arg(long)]
    pub sector: String,
    /// Folder to write the report to.
    #[arg(long, default_value = "imvo-risk-report")]
    pub out: PathBuf,
    /// Languages (nl, en).
    #[arg(long, value_delimiter = ',', default_value = "nl,en")]
    pub lang: Vec<String>,
    /// Formats (md, html, pdf).
    #[arg(long, value_delimiter = ',', default_value = "md,html,pdf")]
    pub formats: Vec<String>,
    /// Analysis inputs and options.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
}

/// A finished analysis with what was measured on the way.
pub struct Run {
    /// The results.
    pub analysis: Analysis,
    /// The inputs it ran on.
    pub inputs: RiskInputs,
    /// The system.
    pub system: IoSystem,
    /// What the analysis computed of the system (A, x).
    pub core: Core,
    /// Steps and their seconds.
    pub timings: Vec<(&'static str, f64)>,
    /// Where the numbers come from.
    pub provenance: Provenance,
}

/// Reads a pymrio folder or an EXIOBASE 3 zip, and says what it is: its metadata name and
/// path.
pub fn read_system(p: &Path) -> anyhow::Result<(IoSystem, String)> {
    let is_zip = p.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    let sys = if is_zip {
        imvo_mrio::read_exiobase3(p, &NoProgress)
    } else {
        imvo_mrio::read_pymrio(p, &NoProgress)
    }
    .with_context(|| format!("reading the system {}", p.display()))?;
    // The version is text or absent depending on what pymrio wrote; read it through JSON.
    let version = serde_json::to_value(&sys.meta)
        .ok()
        .and_then(|v| v.get("version")?.as_str().map(str::to_string))
        .filter(|v| !v.is_empty());
    let name = [Some(sys.meta.name.clone()), version]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    Ok((sys, format!("{name} ({})", p.display())))
}

fn load_system(args: &AnalysisArgs) -> anyhow::Result<(IoSystem, String)> {
    match &args.system {
        Some(p) => read_system(p),
        None => {
            let spec = GenerateSpec {
                regions: 49,
                sectors: 163,
                stressors: 20,
                seed: args.seed,
                exiobase: true,
            };
            let sys = generate_system(&spec).context("generating the synthetic system")?;
            Ok((
                sys,
                format!(
                    "SYNTHETIC EXIOBASE-shaped system (49 regions × 163 industries, seed {})",
                    args.seed
                ),
            ))
        }
    }
}

/// Solves the analysis of `inputs` on `system` with `options`, adding its steps to `timings`.
pub fn solve(
    inputs: &RiskInputs,
    system: &IoSystem,
    core: &Core,
    options: &Options,
    args: &OptionArgs,
    timings: &mut Vec<(&'static str, f64)>,
) -> anyhow::Result<(Analysis, Arrays)> {
    let t = Instant::now();
    let view = engine::view(system, core)?;
    let setup = imvo_risk::setup::resolve(inputs, &view, &options.focus)?;
    timings.push(("prepare", t.elapsed().as_secs_f64()));
    let t = Instant::now();
    let nrhs = inputs.sectors.rows.len() + inputs.themes.rows.len();
    let op = engine::operator(view.a, nrhs, args.method())?;
    timings.push(("solver setup", t.elapsed().as_secs_f64()));
    let t = Instant::now();
    let out = imvo_risk::analysis::analyse_resolved(
        inputs,
        &view,
        &setup,
        &Engine(op.as_ref()),
        options,
    )?;
    timings.push(("solves, hotspots and paths", t.elapsed().as_secs_f64()));
    Ok(out)
}

fn run_analysis(args: &AnalysisArgs) -> anyhow::Result<Run> {
    let mut timings = Vec::new();
    let t0 = Instant::now();
    let inputs = RiskInputs::load(&InputPaths {
        themes: args.themes.clone(),
        sectors: args.sectors.clone(),
        sra_risks: args.sra_risks.clone(),
        concordance: args.concordance.clone(),
        indicators: args.indicators.clone(),
    })?;
    timings.push(("inputs", t0.elapsed().as_secs_f64()));
    let t = Instant::now();
    let (system, source) = load_system(args)?;
    timings.push((
        if args.system.is_some() {
            "read system"
        } else {
            "generate system"
        },
        t.elapsed().as_secs_f64(),
    ));
    let core = Core::new(&system)?;
    let options = args.options.options(&args.options.focus, Vec::new());
    let (analysis, arrays) = solve(
        &inputs,
        &system,
        &core,
        &options,
        &args.options,
        &mut timings,
    )?;
    let mut provenance = Provenance::new(source, &inputs, imvo_risk::real::SEPARATOR);
    provenance.trade_final_demand = arrays.trade_final_demand;
    Ok(Run {
        analysis,
        inputs,
        system,
        core,
        timings,
        provenance,
    })
}

/// Parses `--formats`.
pub fn formats(list: &[String]) -> anyhow::Result<Vec<Format>> {
    list.iter()
        .map(|f| f.parse::<Format>().map_err(anyhow::Error::from))
        .collect()
}

fn langs(list: &[String]) -> anyhow::Result<Vec<Lang>> {
    list.iter()
        .map(|l| l.parse::<Lang>().map_err(anyhow::Error::from))
        .collect()
}

/// Initiatives and agreements per national sector, from the store when it exists (today's
/// state). Without a store the reports say that none are recorded.
pub fn coverage(ctx: &Context, inputs: &RiskInputs) -> anyhow::Result<Coverage> {
    let is_file_store = !ctx.db.contains("://");
    let path = ctx.db.strip_prefix("sqlite:").unwrap_or(&ctx.db);
    if is_file_store && !Path::new(path).exists() {
        return Ok(Coverage {
            origin: format!(
                "no store at {} (run `imvo demo` or `imvo load` first)",
                ctx.db
            ),
            ..Coverage::default()
        });
    }
    let portfolio = imvo_app::block_on(async {
        let store = imvo_app::open_existing(&ctx.db).await?;
        let p = imvo_app::portfolio(&store, None).await;
        store.close().await;
        p
    })
    .with_context(|| format!("reading initiatives and agreements from {}", ctx.db))?;
    let mut cov = Coverage {
        origin: format!("store {}", ctx.db),
        ..Coverage::default()
    };
    for sector in &inputs.sectors.rows {
        let Some(pid) = &sector.portfolio_id else {
            continue;
        };
        let mut measures = Vec::new();
        for tr in portfolio.trajectories() {
            if !tr.spec.sectors.iter().any(|s| s.as_str() == pid) {
                continue;
            }
            for (init, _) in portfolio.initiatives_of(tr.id()) {
                measures.push(Measure {
                    kind: MeasureKind::Initiative,
                    name_nl: init.name.nl.clone(),
                    name_en: init.name.en.clone(),
                    themes: Vec::new(),
                    source: tr.spec.name.nl.clone(),
                });
            }
            for cv in portfolio.covenants_in(tr.id()) {
                for a in portfolio.agreements_of(cv.id()) {
                    let mut themes: Vec<String> = a
                        .risks()
                        .iter()
                        .flat_map(|r| {
                            themes_of_risk(r, &inputs.themes.rows, &inputs.sra_risks.rows)
                        })
                        .collect();
                    themes.sort();
                    themes.dedup();
                    measures.push(Measure {
                        kind: MeasureKind::Agreement,
                        name_nl: a.result().nl.clone(),
                        name_en: a.result().en.clone(),
                        themes,
                        source: cv.spec.name.nl.clone(),
                    });
                }
            }
        }
        cov.by_sector.insert(sector.id.clone(), measures);
    }
    Ok(cov)
}

/// Renders the sector reports of `sectors` into `staging`; returns the number of files.
pub fn write_reports(
    run: &Run,
    staging: &Staging,
    sectors: &[usize],
    langs: &[Lang],
    formats: &[Format],
    cov: &Coverage,
) -> anyhow::Result<usize> {
    let mut n = 0;
    for &g in sectors {
        for &lang in langs {
            let doc = sector_report(&run.analysis, g, cov, &run.provenance, lang);
            for &f in formats {
                let bytes = imvo_report::render(&doc, f)
                    .with_context(|| format!("rendering the {} report", f.extension()))?;
                staging.write(
                    &format!(
                        "reports/{}.{}.{}",
                        run.analysis.sectors[g].sector.id,
                        lang.code(),
                        f.extension()
                    ),
                    bytes,
                )?;
                n += 1;
            }
        }
    }
    Ok(n)
}

/// Prints the ranking, the timings and the first sector's path bookkeeping.
pub fn print_ranking(run: &Run) -> anyhow::Result<()> {
    let an = &run.analysis;
    let syn = if an.synthetic { " — SYNTHETIC" } else { "" };
    say!(
        "Sector risk analysis{syn}: final demand of {}, {} ({} themes, {} sectors)",
        an.focus,
        run.provenance.system,
        an.themes.len(),
        an.sectors.len()
    );
    let total: f64 = run.timings.iter().map(|t| t.1).sum();
    let parts: Vec<String> = run
        .timings
        .iter()
        .map(|(l, s)| format!("{l} {s:.2} s"))
        .collect();
    say!("Analysis time: {total:.2} s ({})", parts.join(", "));
    say!();
    say!(
        "{:>4}  {:<28} {:>6}  {:<8} {:<62} main hotspot",
        "rank",
        "sector",
        "score",
        "elevated",
        "main risks (ratio to average)"
    );
    for &g in &an.ranking {
        let s = &an.sectors[g];
        say!(
            "{:>4}  {:<28} {:>6.2}  {:<8} {:<62} {}",
            s.rank,
            output::shorten(s.sector.name(Lang::En), 28),
            s.score,
            if s.elevated { "YES" } else { "no" },
            output::shorten(&output::main_risks(an, s, Lang::En, 3), 62),
            output::main_hotspot(s, Lang::En)
                .map(|h| output::shorten(&h, 70))
                .unwrap_or_default()
        );
    }
    let elevated = an.sectors.iter().filter(|s| s.elevated).count();
    say!();
    say!(
        "{elevated} of {} sectors flagged elevated (rule: score ≥ {:.2}, or ≥ {} themes with ratio ≥ {:.2}; final demand share ≥ {:.1}%)",
        an.sectors.len(),
        an.options.flag.score_at_least,
        an.options.flag.min_themes,
        an.options.flag.theme_ratio,
        100.0 * an.options.flag.min_final_demand_share
    );
    if let Some(&g) = an.ranking.first() {
        let s = &an.sectors[g];
        if let Some(&t) = s.main_themes().first()
            && let Some(p) = &s.cells[t].paths
        {
            say!(
                "Paths: {} / {}: the top {} paths explain {:.1}% of the embodied risk (remainder {:.1}%: {:.1}% other visited paths, {:.1}% unexpanded, {:.1}% below threshold)",
                s.sector.id,
                an.themes[t].id,
                p.paths.len(),
                100.0 * p.listed_share,
                100.0 * (1.0 - p.listed_share),
                100.0 * p.unlisted / s.cells[t].embodied,
                100.0 * p.unexplored / s.cells[t].embodied,
                100.0 * p.pruned / s.cells[t].embodied
            );
        }
    }
    Ok(())
}

/// Run `imvo risk demo`.
pub fn demo(ctx: &Context, args: DemoArgs) -> anyhow::Result<()> {
    let formats = formats(&args.formats)?;
    let run = run_analysis(&args.analysis)?;
    print_ranking(&run)?;
    let staging = Staging::new(&args.out)?;
    output::write_tables(&run.analysis, &staging)?;
    let cov = coverage(ctx, &run.inputs)?;
    let all: Vec<usize> = (0..run.analysis.sectors.len()).collect();
    let t = Instant::now();
    let n = write_reports(&run, &staging, &all, &[Lang::Nl, Lang::En], &formats, &cov)?;
    staging.write("README.txt", readme(&run))?;
    let out = staging.commit()?;
    if let Some(dir) = &args.export_system {
        export_system(&run, &args.analysis, dir)?;
        say!(
            "Wrote the system with the risk extension to {}",
            dir.display()
        );
    }
    say!(
        "Wrote tables, charts and {n} sector reports ({:.2} s) to {}{}",
        t.elapsed().as_secs_f64(),
        out.display(),
        if run.analysis.synthetic {
            " (all marked SYNTHETIC)"
        } else {
            ""
        }
    );
    Ok(())
}

fn readme(run: &Run) -> String {
    let an = &run.analysis;
    format!(
        "{}imvo risk — sector risk analysis output\n\nSystem: {}\nFocus region: {}\n\n\
ranking.{{nl,en}}.{{md,csv}}  ranked sectors, score, elevated flag, main risks and hotspot\n\
sector_themes.{{csv,md}}      embodied risk, exposure, likelihood, severity, intensity, ratio per sector × theme\n\
hotspots.csv                origin region × sector contributions, top N per sector × theme\n\
paths.{{csv,md}}              structural paths per sector × theme, with the remainder row\n\
analysis.json               everything above in one file\n\
heatmap.{{nl,en}}.svg         sectors × themes heat map\n\
hotspots/<sector>.<lang>.svg  hotspot chart of each sector's main theme\n\
reports/<sector>.<lang>.<md|html|pdf>  sector reports (aandachtspunten voor dialoog)\n\n\
Method: docs/risk-method.md in the imvo repository.\n",
        if an.synthetic {
            "SYNTHETIC DATA: the system and the indicators are generated; not a measurement of any real economy or sector.\n\n"
        } else {
            ""
        },
        run.provenance.system,
        an.focus
    )
}

fn export_system(run: &Run, args: &AnalysisArgs, dir: &Path) -> anyhow::Result<()> {
    let view = engine::view(&run.system, &run.core)?;
    let setup = imvo_risk::setup::resolve(&run.inputs, &view, &args.options.focus)?;
    let ext = engine::risk_extension(&run.inputs, &setup, &run.system, &run.core)?;
    drop(view);
    // Only the risk extension: what pymrio needs to compute the same footprints.
    let mut sys = run.system.clone();
    sys.extensions = vec![ext];
    imvo_mrio::write_pymrio(&sys, dir, &NoProgress)
        .with_context(|| format!("writing {}", dir.display()))?;
    Ok(())
}

/// Run `imvo risk report`.
pub fn report(ctx: &Context, args: ReportArgs) -> anyhow::Result<()> {
    let formats = formats(&args.formats)?;
    let langs = langs(&args.lang)?;
    let inputs = RiskInputs::load(&InputPaths {
        themes: args.analysis.themes.clone(),
        sectors: args.analysis.sectors.clone(),
        sra_risks: args.analysis.sra_risks.clone(),
        concordance: args.analysis.concordance.clone(),
        indicators: args.analysis.indicators.clone(),
    })?;
    let wanted = args.sector.trim().to_lowercase();
    let g = inputs
        .sectors
        .rows
        .iter()
        .position(|s| {
            s.id == wanted
                || s.name_nl.to_lowercase() == wanted
                || s.name_en.to_lowercase() == wanted
        })
        .ok_or_else(|| {
            anyhow::anyhow!(
                "unknown sector `{}`; use one of: {}",
                args.sector,
                inputs
                    .sectors
                    .rows
                    .iter()
                    .map(|s| s.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })?;
    let run = run_analysis(&args.analysis)?;
    let cov = coverage(ctx, &run.inputs)?;
    let staging = Staging::new(&args.out)?;
    let n = write_reports(&run, &staging, &[g], &langs, &formats, &cov)?;
    let out = staging.commit()?;
    let s = &run.analysis.sectors[g];
    say!(
        "{}: rank {} of {}, score {:.2}, {}; main risks: {}",
        s.sector.name(Lang::En),
        s.rank,
        run.analysis.sectors.len(),
        s.score,
        if s.elevated {
            "elevated"
        } else {
            "not elevated"
        },
        output::main_risks(&run.analysis, s, Lang::En, 3)
    );
    say!(
        "Wrote {n} report files to {}{}",
        out.display(),
        if run.analysis.synthetic {
            " (SYNTHETIC data)"
        } else {
            ""
        }
    );
    Ok(())
}
