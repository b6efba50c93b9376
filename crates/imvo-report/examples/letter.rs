//! Writes the progress letter from the shipped datasets in every language and format, and
//! prints how long each rendering took: for looking at the output and measuring it.
//!
//! `cargo run --release -p imvo-report --example letter -- OUT_DIR [AS_OF] [SINCE]`

use std::time::Instant;

use chrono::NaiveDate;
use imvo_domain::{Portfolio, Record};
use imvo_report::letter::{LetterOptions, forecast_target, progress_letter};
use imvo_report::{Format, Lang, render};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = std::path::PathBuf::from(args.next().ok_or("usage: letter OUT_DIR [AS_OF] [SINCE]")?);
    let as_of: NaiveDate = args.next().as_deref().unwrap_or("2015-07-10").parse()?;
    let since: Option<NaiveDate> = args.next().map(|s| s.parse()).transpose()?;
    std::fs::create_dir_all(&out)?;
    let mut records: Vec<Record> = Vec::new();
    for e in imvo_app::dataset::SHIPPED {
        records.extend(imvo_app::dataset::embedded(e)?.records);
    }
    let p = Portfolio::replay(&records, Some(as_of))?;
    let forecast = forecast_target(&p)
        .map(|t| imvo_domain::forecast(&p, t, &imvo_app::default_forecast_config()))
        .transpose()?;
    for lang in [Lang::Nl, Lang::En] {
        let doc = progress_letter(
            &p,
            forecast.as_ref(),
            &LetterOptions {
                diligence: Vec::new(),
                lang,
                since,
                changes: records.clone(),
            },
        )?;
        for format in Format::ALL {
            let start = Instant::now();
            let bytes = render(&doc, format)?;
            let took = start.elapsed();
            let path = out.join(format!("letter-{as_of}-{lang}.{}", format.extension()));
            std::fs::write(&path, &bytes)?;
            println!(
                "{} {:>9} bytes {:>8.1} ms",
                path.display(),
                bytes.len(),
                took.as_secs_f64() * 1e3
            );
        }
    }
    Ok(())
}
