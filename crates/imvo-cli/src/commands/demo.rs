//! `imvo demo`: a store from both shipped datasets and the progress letter of 10 July 2015 (and
//! of 1 January 2017, with what changed since the first) in every language and format.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context as _;
use chrono::NaiveDate;
use imvo_report::{Format, Lang};

use super::Context;
use super::report::render_letter;

/// Arguments of `imvo demo`.
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// The folder the letters are written into (created when missing).
    #[arg(long, default_value = "imvo-demo")]
    pub out: PathBuf,
}

/// The letters the demo writes: (as of, since, file stem).
const LETTERS: [(&str, Option<&str>, &str); 2] = [
    ("2015-07-10", None, "voortgangsbrief-2015-07-10"),
    (
        "2017-01-01",
        Some("2015-07-10"),
        "voortgangsbrief-2017-01-01",
    ),
];

/// Run `imvo demo`: load the shipped datasets into the store named by `--db` when it is empty
/// (a store that already holds records is used as it is, so the demo can run twice), then
/// write every letter in Dutch and English as Markdown, HTML and PDF.
pub fn run(ctx: &Context, args: DemoArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let loaded = imvo_app::block_on(async {
        let store = imvo_app::open(&ctx.db).await?;
        if store.last_seq().await? > 0 {
            return Ok::<_, imvo_app::AppError>(None);
        }
        imvo_app::load_shipped(&store).await.map(Some)
    })
    .with_context(|| format!("could not fill the store {}", ctx.db))?;
    match loaded {
        Some(summary) => {
            for (id, n) in &summary.datasets {
                say!("loaded {n} records of dataset {id} into {}", ctx.db);
            }
        }
        None => say!(
            "{} already holds records; the demo uses them as they are",
            ctx.db
        ),
    }

    let demo = imvo_app::block_on(async {
        let store = imvo_app::open(&ctx.db).await?;
        let built = imvo_app::diligence::demo::build(&store).await?;
        let ledger = match &built {
            Some(s) => Some(imvo_app::diligence::ledger(&store, &s.covenant).await?),
            None => None,
        };
        store.close().await;
        Ok::<_, imvo_app::AppError>(built.zip(ledger))
    })
    .with_context(|| format!("could not build the due-diligence demo in {}", ctx.db))?;
    let report_year = demo
        .as_ref()
        .and_then(|(s, _)| s.years.last().map(|y| (s.covenant.clone(), y.0)));
    if let Some((summary, ledger)) = demo {
        say!(
            "built the due-diligence demo: covenant {} with {} SYNTHETIC companies",
            summary.covenant,
            summary.companies
        );
        let public = imvo_app::diligence::public_covenant(&ledger, &Default::default());
        super::diligence::print_public(&public, Lang::En)?;
        say!("  trajectory from: {}", summary.source);
        for a in &summary.assumed {
            say!("  assumed: {a}");
        }
    }

    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("could not create the folder {}", args.out.display()))?;
    let mut written = Vec::new();
    for (as_of, since, stem) in LETTERS {
        let as_of = date(as_of);
        let since = since.map(date);
        for lang in [Lang::Nl, Lang::En] {
            for format in [Format::Markdown, Format::Html, Format::Pdf] {
                let bytes = render_letter(&ctx.db, as_of, lang, format, since)?;
                let path = args
                    .out
                    .join(format!("{stem}.{}.{}", lang.code(), format.extension()));
                imvo_report::write_atomically(&path, &bytes)?;
                written.push((path, bytes.len()));
            }
        }
    }
    if let Some((covenant, year)) = report_year {
        for lang in [Lang::Nl, Lang::En] {
            for format in [Format::Markdown, Format::Html, Format::Pdf] {
                let bytes = super::report::render_covenant_report(
                    &ctx.db,
                    &covenant,
                    year,
                    &Default::default(),
                    lang,
                    format,
                )?;
                let path = args.out.join(format!(
                    "jaarrapportage-{covenant}-{year}.{}.{}",
                    lang.code(),
                    format.extension()
                ));
                imvo_report::write_atomically(&path, &bytes)?;
                written.push((path, bytes.len()));
            }
        }
    }
    say!(
        "wrote the progress letters and reports into {}/:",
        args.out.display()
    );
    for (path, size) in &written {
        say!("  {}  ({} kB)", path.display(), size.div_ceil(1024));
    }
    say!("done in {:.2} s", started.elapsed().as_secs_f64());
    say!(
        "next: `imvo portfolio --as-of 2015-07-10`, `imvo target --as-of 2017-01-01`, `imvo serve`"
    );
    Ok(())
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("the demo's dates are valid")
}
