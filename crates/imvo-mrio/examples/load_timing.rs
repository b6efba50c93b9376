//! Times the data side on a generated system: generate, write, parse the text, write the cache,
//! load from the cache. `cargo run --release -p imvo-mrio --example load_timing -- DIR [R S K]`
//! (default: EXIOBASE size, 49 × 163, 20 stressors). Prints one line per step.

use std::path::PathBuf;
use std::time::Instant;

use imvo_mrio::cache::load_in;
use imvo_mrio::generate::{GenerateSpec, generate};
use imvo_mrio::{Format, NoProgress, write_pymrio};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(args.first().ok_or("usage: load_timing DIR [R S K]")?);
    let num = |i: usize, d: usize| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
    let spec = GenerateSpec {
        regions: num(1, 49),
        sectors: num(2, 163),
        stressors: num(3, 20),
        seed: 1,
        exiobase: true,
    };
    let input = dir.join("system");
    if !input.join("file_parameters.json").is_file() {
        let t = Instant::now();
        let sys = generate(&spec)?;
        println!("generate: {:.2} s", t.elapsed().as_secs_f64());
        let t = Instant::now();
        write_pymrio(&sys, &input, &NoProgress)?;
        println!("write text: {:.2} s", t.elapsed().as_secs_f64());
    }
    // A cache folder of its own, emptied first, so the first cached load writes it.
    let cache = dir.join("cache");
    let _ = std::fs::remove_dir_all(&cache);
    let t = Instant::now();
    let (_, s) = load_in(&input, Format::Pymrio, None, &NoProgress)?;
    println!("parse text: {:.2} s ({s:?})", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let (_, s) = load_in(&input, Format::Pymrio, Some(&cache), &NoProgress)?;
    println!(
        "parse text + write cache: {:.2} s ({s:?})",
        t.elapsed().as_secs_f64()
    );
    for _ in 0..3 {
        let t = Instant::now();
        let (_, s) = load_in(&input, Format::Pymrio, Some(&cache), &NoProgress)?;
        println!("cached load: {:.3} s ({s:?})", t.elapsed().as_secs_f64());
    }
    Ok(())
}
