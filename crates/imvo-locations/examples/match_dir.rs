//! `imvo locations match` without the rest of the command line, for tuning and timing the
//! matcher without building the whole `imvo` binary:
//!
//! ```sh
//! cargo run --release -p imvo-locations --example match_dir -- DIR OUT.csv [UPLOAD_DIR]
//! ```
//!
//! Matches the company lists in DIR and writes `company,row,location_id` to OUT.csv, with the
//! time it took on stderr. With UPLOAD_DIR, it then plays the store: every row of DIR goes into
//! an [`Index`] under the id it was given, and the lists in UPLOAD_DIR are matched against that
//! index (the "5,000-row upload into a 100,000-location store" case); their decisions are
//! appended to OUT.csv (a review is settled as the batch would settle it) and timed apart.

use std::path::Path;
use std::time::Instant;

use imvo_locations::batch::{self, BatchConfig, Line};
use imvo_locations::id::{IdDate, IdGenerator};
use imvo_locations::matcher::{Decisions, Index, Outcome};
use imvo_locations::upload::Limits;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, out, rest @ ..] = &args[..] else {
        return Err("usage: match_dir DIR OUT.csv [UPLOAD_DIR]".into());
    };
    let config = BatchConfig::on(IdDate::new(2024, 1)?);
    let start = Instant::now();
    let uploads = batch::read_dir(Path::new(dir), &Limits::default())?;
    let read = start.elapsed();
    let (mut lines, refused) = batch::assign(&uploads, &config);
    let matched = start.elapsed() - read;
    eprintln!(
        "{} rows from {} lists; read {:.2} s, matched {:.2} s; {} refused",
        lines.len(),
        uploads.len(),
        read.as_secs_f64(),
        matched.as_secs_f64(),
        refused.len()
    );
    if let Some(upload_dir) = rest.first() {
        let start = Instant::now();
        let mut index = Index::new(config.matcher);
        let located: std::collections::HashMap<(&str, usize), _> = lines
            .iter()
            .filter_map(|l| Some(((l.company.as_str(), l.row), l.location_id?)))
            .collect();
        for u in &uploads {
            for row in u.parsed.rows.iter().chain(&u.parsed.salvaged) {
                if let Some(&id) = located.get(&(u.company.as_str(), row.row)) {
                    index.insert(id, &row.site())?;
                }
            }
        }
        let built = start.elapsed();
        let start = Instant::now();
        let new = batch::read_dir(Path::new(upload_dir), &Limits::default())?;
        let mut ids = IdGenerator::seeded(7);
        let mut upload_lines = Vec::new();
        let mut rows = 0;
        for u in &new {
            let list: Vec<_> = u.parsed.rows.iter().chain(&u.parsed.salvaged).collect();
            let sites: Vec<_> = list.iter().map(|r| r.site()).collect();
            let decisions = index.match_rows(&sites, &Decisions::new());
            for (row, d) in list.iter().zip(decisions) {
                let best = d
                    .candidates
                    .first()
                    .filter(|c| c.similarity.score >= config.own_threshold);
                let location = match (d.outcome, best) {
                    (Outcome::Match { location, .. }, _) => location,
                    (Outcome::Review, Some(c)) => c.location,
                    _ => ids.next_id(row.country, config.date),
                };
                index.insert(location, &row.site())?;
                upload_lines.push(Line {
                    company: u.company.clone(),
                    row: row.row,
                    location_id: Some(location),
                });
                rows += 1;
            }
        }
        eprintln!(
            "index of {} variants built in {:.2} s; {rows} upload rows read and matched in {:.2} s",
            index.len(),
            built.as_secs_f64(),
            start.elapsed().as_secs_f64()
        );
        lines.extend(upload_lines);
    }
    batch::write_lines(&lines, std::fs::File::create(out)?)?;
    Ok(())
}
