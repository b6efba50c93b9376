//! `imvo portfolio` and `imvo target`: the state of the policy as of a date.

use std::path::PathBuf;

use anyhow::Context as _;
use imvo_domain::{Id, Lang, NaiveDate, Phase, Portfolio, format_date};
use serde_json::json;

use super::{Context, parse_date, parse_lang};

/// Arguments of `imvo portfolio`.
#[derive(Debug, clap::Args)]
pub struct PortfolioArgs {
    /// The date of the state (YYYY-MM-DD); default: today.
    #[arg(long, value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// Print a JSON array of trajectories instead of a table.
    #[arg(long)]
    json: bool,
    /// Language of the table: nl or en.
    #[arg(long, default_value = "nl", value_parser = parse_lang)]
    lang: Lang,
}

/// Arguments of `imvo target`.
#[derive(Debug, clap::Args)]
pub struct TargetArgs {
    /// The date of the status (YYYY-MM-DD); default: today.
    #[arg(long, value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    /// The target's id, when the store holds several.
    #[arg(long)]
    target: Option<Id>,
    /// A forecast configuration file (default: the shipped data/forecast.toml).
    #[arg(long)]
    forecast_config: Option<PathBuf>,
    /// Language of the text: nl or en.
    #[arg(long, default_value = "nl", value_parser = parse_lang)]
    lang: Lang,
}

fn load(ctx: &Context, as_of: NaiveDate) -> anyhow::Result<Portfolio> {
    imvo_app::block_on(async {
        let store = imvo_app::open_existing(&ctx.db).await?;
        let p = imvo_app::portfolio(&store, Some(as_of)).await;
        store.close().await;
        p
    })
    .with_context(|| format!("reading the portfolio from {}", ctx.db))
}

/// The group a trajectory is listed in, as the letter does: SRA trajectories by phase, the
/// others ("other sectors joining") apart.
fn group_label(phase: Option<Phase>, in_sra: bool, lang: Lang) -> String {
    let phase = phase.map_or(
        match lang {
            Lang::Nl => "fase onbekend",
            Lang::En => "phase not reported",
        },
        |p| p.label(lang),
    );
    if in_sra {
        phase.to_owned()
    } else {
        match lang {
            Lang::Nl => format!("andere sectoren (buiten de SRA): {phase}"),
            Lang::En => format!("other sectors (outside the SRA): {phase}"),
        }
    }
}

/// Run `imvo portfolio`.
pub fn portfolio(ctx: &Context, args: PortfolioArgs) -> anyhow::Result<()> {
    let as_of = args.as_of.unwrap_or_else(imvo_app::today);
    let p = load(ctx, as_of)?;
    let lang = args.lang;
    if args.json {
        let rows: Vec<_> = p
            .trajectories()
            .iter()
            .map(|t| {
                let spell = t.current_spell();
                json!({
                    "trajectory": t.id(),
                    "name": t.spec.name,
                    "sectors": t.spec.sectors,
                    "phase": t.phase(),
                    "phase_since": spell.map(|s| s.since.date),
                    "phase_since_precision": spell.map(|s| s.since.precision),
                    "in_sra": p.is_sra_trajectory(t),
                    "covenants": p.covenants_in(t.id()).iter().map(|c| c.id()).collect::<Vec<_>>(),
                })
            })
            .collect();
        say!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    let title = match lang {
        Lang::Nl => format!(
            "Trajecten per {}",
            format_date(as_of, Default::default(), lang)
        ),
        Lang::En => format!(
            "Trajectories as of {}",
            format_date(as_of, Default::default(), lang)
        ),
    };
    say!("{title}");
    if p.trajectories().is_empty() {
        say!(
            "{}",
            match lang {
                Lang::Nl => "(geen trajecten op deze datum)",
                Lang::En => "(no trajectories on this date)",
            }
        );
        return Ok(());
    }
    let (h_traj, h_sectors, h_since, h_cov) = match lang {
        Lang::Nl => ("traject", "sectoren", "sinds", "convenanten"),
        Lang::En => ("trajectory", "sectors", "since", "covenants"),
    };
    // SRA trajectories by phase (most advanced first), then the others.
    for in_sra in [true, false] {
        for group in p.trajectories_by_phase() {
            let rows: Vec<_> = group
                .trajectories
                .iter()
                .filter(|t| p.is_sra_trajectory(t) == in_sra)
                .collect();
            if rows.is_empty() {
                continue;
            }
            say!();
            say!("## {}", group_label(group.phase, in_sra, lang));
            say!(
                "{:<20} {:<34} {:<44} {:<16} {}",
                "id",
                h_traj,
                h_sectors,
                h_since,
                h_cov
            );
            for t in rows {
                let sectors: Vec<String> = t
                    .spec
                    .sectors
                    .iter()
                    .map(|s| {
                        p.sector(s)
                            .map_or(s.to_string(), |s| s.name.get(lang).to_owned())
                    })
                    .collect();
                let since = t.current_spell().map_or(String::new(), |s| {
                    format_date(s.since.date, s.since.precision, lang)
                });
                let covenants: Vec<String> = p
                    .covenants_in(t.id())
                    .iter()
                    .map(|c| c.id().to_string())
                    .collect();
                say!(
                    "{:<20} {:<34} {:<44} {:<16} {}",
                    t.id().as_str(),
                    t.spec.name.get(lang),
                    sectors.join(", "),
                    since,
                    covenants.join(", ")
                );
            }
        }
    }
    Ok(())
}

/// Run `imvo target`.
pub fn target(ctx: &Context, args: TargetArgs) -> anyhow::Result<()> {
    let as_of = args.as_of.unwrap_or_else(imvo_app::today);
    let config = match &args.forecast_config {
        None => imvo_app::default_forecast_config(),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            imvo_app::parse_forecast_config(&path.display().to_string(), &text)?
        }
    };
    let p = load(ctx, as_of)?;
    let r = imvo_app::target_report(&p, args.target.as_ref(), &config)?;
    if args.json {
        say!("{}", serde_json::to_string_pretty(&r)?);
        return Ok(());
    }
    let lang = args.lang;
    let date = |d: NaiveDate| format_date(d, Default::default(), lang);
    let pct = |x: f64| format!("{:.1}%", 100.0 * x);
    let counted: Vec<String> = r
        .counted
        .iter()
        .map(|c| {
            format!(
                "{} ({}, {})",
                c.id,
                c.name.get(lang),
                format_date(c.signed, c.precision, lang)
            )
        })
        .collect();
    let f = &r.forecast;
    match lang {
        Lang::Nl => {
            say!("Doel: {} [{}]", r.description.nl, r.target_id);
            say!(
                "Stand per {}: {} van {} getekend (vóór {})",
                date(r.as_of),
                r.signed,
                r.target,
                date(r.deadline)
            );
            say!(
                "Meegeteld: {}",
                if counted.is_empty() {
                    "geen".into()
                } else {
                    counted.join("; ")
                }
            );
            if r.deadline_passed {
                say!(
                    "De deadline is verstreken: het doel is {}.",
                    if r.met { "gehaald" } else { "niet gehaald" }
                );
            }
            say!(
                "Verwacht aantal op de deadline: {:.1} (P10–P90: {}–{}); kans het doel te halen: {}",
                r.expected,
                f.percentiles[0],
                f.percentiles[2],
                pct(r.probability)
            );
            say!("Monte Carlo: {} runs, seed {}", f.runs, f.seed);
        }
        Lang::En => {
            say!("Target: {} [{}]", r.description.en, r.target_id);
            say!(
                "Status on {}: {} of {} signed (before {})",
                date(r.as_of),
                r.signed,
                r.target,
                date(r.deadline)
            );
            say!(
                "Counted: {}",
                if counted.is_empty() {
                    "none".into()
                } else {
                    counted.join("; ")
                }
            );
            if r.deadline_passed {
                say!(
                    "The deadline has passed: the target was {}.",
                    if r.met { "met" } else { "not met" }
                );
            }
            say!(
                "Expected at the deadline: {:.1} (P10–P90: {}–{}); probability of meeting the target: {}",
                r.expected,
                f.percentiles[0],
                f.percentiles[2],
                pct(r.probability)
            );
            say!("Monte Carlo: {} runs, seed {}", f.runs, f.seed);
        }
    }
    Ok(())
}
