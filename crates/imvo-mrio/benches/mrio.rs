//! Phase timings of the engine for `scripts/bench-mrio.sh` (not a test; kept out of CI).
//!
//! `cargo bench -p imvo-mrio --bench mrio -- <input> <mode> [--no-cache] [--method M]`
//!
//! Modes: `load` (read only; then, timed apart, every array decoded to its dense form),
//! `full` (calc_all with L), `no-l` (everything but L), `footprints` (M, D_cba, D_pba and
//! their sums, no L), `accuracy` (footprints by the iteration and by LU, compared),
//! `write <txt|parquet> <out>` (calc_all with L as `imvo risk calc` does, then the result
//! written in that table format, timed apart), `generate` (writes the EXIOBASE-sized
//! synthetic system to `<input>`). The cache lives where `IMVO_CACHE_DIR` says. Prints one
//! JSON object on stdout. Peak memory is measured from outside (`/usr/bin/time -v`), so the
//! process does nothing but the measured work.

use std::path::PathBuf;
use std::time::Instant;

use imvo_mrio::cache::Format;
use imvo_mrio::compute::{CalcOptions, Method, Scope, calc_all};
use imvo_mrio::{IoSystem, NoProgress, TableFormat};

fn fail(msg: &str) -> ! {
    eprintln!("mrio bench: {msg}");
    std::process::exit(2)
}

fn max_rel(a: &IoSystem, b: &IoSystem, names: &[&str]) -> f64 {
    let mut worst = 0.0f64;
    for (ea, eb) in a.extensions.iter().zip(&b.extensions) {
        for name in names {
            let (Some(x), Some(y)) = (ea.array(name), eb.array(name)) else {
                fail(&format!("{name} missing in the accuracy run"));
            };
            let (x, y) = (x.data(), y.data());
            for j in 0..x.ncols() {
                for i in 0..x.nrows() {
                    let (p, q) = (x[(i, j)], y[(i, j)]);
                    if p != q {
                        worst = worst.max((p - q).abs() / p.abs().max(q.abs()));
                    }
                }
            }
        }
    }
    worst
}

/// Bytes of all files under `dir`.
fn folder_bytes(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| {
                    let p = e.path();
                    if p.is_dir() {
                        folder_bytes(&p)
                    } else {
                        e.metadata().map_or(0, |m| m.len())
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.len() < 2 {
        fail(
            "usage: mrio <input> <load|full|no-l|footprints|accuracy|write F OUT|generate> [--no-cache] [--method auto|lu|iterative]",
        );
    }
    let input = PathBuf::from(&args[0]);
    let mode = args[1].as_str();
    if mode == "generate" {
        // The system `imvo risk generate --exiobase --regions 49 --sectors 163 --stressors 20`
        // writes, without building the whole command line.
        let spec = imvo_mrio::generate::GenerateSpec {
            regions: 49,
            sectors: 163,
            stressors: 20,
            seed: 1,
            exiobase: true,
        };
        let sys = imvo_mrio::generate::generate(&spec)
            .unwrap_or_else(|e| fail(&format!("generate: {e}")));
        imvo_mrio::write_pymrio(&sys, &input, &NoProgress)
            .unwrap_or_else(|e| fail(&format!("write {}: {e}", input.display())));
        println!("{{}}");
        return;
    }
    let use_cache = !args.iter().any(|a| a == "--no-cache");
    let method = match args
        .iter()
        .position(|a| a == "--method")
        .map(|i| args.get(i + 1))
    {
        None => Method::Auto,
        Some(Some(m)) if m == "auto" => Method::Auto,
        Some(Some(m)) if m == "lu" => Method::Lu,
        Some(Some(m)) if m == "iterative" => Method::Iterative,
        Some(other) => fail(&format!("unknown method {other:?}")),
    };
    let t0 = Instant::now();
    let (mut sys, cache) = imvo_mrio::cache::load(&input, Format::Auto, use_cache, &NoProgress)
        .unwrap_or_else(|e| fail(&format!("reading {}: {e}", input.display())));
    let load_s = t0.elapsed().as_secs_f64();
    let n = sys.industries().map_or(0, |i| i.len());
    let mut out = serde_json::json!({
        "mode": mode, "n": n, "load_s": load_s, "cache": format!("{cache:?}"),
    });
    let opts = |with_l: bool, scope: Scope, method: Method| CalcOptions {
        with_l,
        scope,
        method,
        ..CalcOptions::default()
    };
    let run = |sys: &mut IoSystem, o: CalcOptions, out: &mut serde_json::Value, key: &str| {
        let t = Instant::now();
        let r = calc_all(sys, &o, &NoProgress).unwrap_or_else(|e| fail(&format!("calc: {e}")));
        out[format!("{key}calc_s")] = t.elapsed().as_secs_f64().into();
        out[format!("{key}solver")] = format!("{:?}", r.solver).into();
        out[format!("{key}phases")] = r
            .phases
            .iter()
            .map(|(p, d)| serde_json::json!([p, d.as_secs_f64()]))
            .collect::<Vec<_>>()
            .into();
    };
    match mode {
        "load" => {
            // What a cached load defers: decoding every array to its dense form.
            let t = Instant::now();
            let mut cells = 0usize;
            for name in ["Z", "Y", "x", "A", "L", "population"] {
                cells += sys.array(name).map_or(0, |m| m.data().nrows() * m.ncols());
            }
            for e in &sys.extensions {
                for name in imvo_mrio::system::EXTENSION_ARRAYS {
                    cells += e.array(name).map_or(0, |m| m.data().nrows() * m.ncols());
                }
            }
            out["dense_s"] = t.elapsed().as_secs_f64().into();
            out["cells"] = cells.into();
        }
        "write" => {
            let (Some(format), Some(dest)) = (args.get(2), args.get(3)) else {
                fail("usage: mrio <input> write <txt|parquet> <out>");
            };
            let format = match format.as_str() {
                "txt" => TableFormat::Text,
                "parquet" => TableFormat::Parquet,
                other => fail(&format!("unknown table format {other}")),
            };
            run(&mut sys, opts(true, Scope::All, method), &mut out, "");
            let dest = PathBuf::from(dest);
            let t = Instant::now();
            imvo_mrio::write_pymrio_as(&sys, &dest, format, &NoProgress)
                .unwrap_or_else(|e| fail(&format!("write {}: {e}", dest.display())));
            out["write_s"] = t.elapsed().as_secs_f64().into();
            out["bytes"] = folder_bytes(&dest).into();
        }
        "full" => run(&mut sys, opts(true, Scope::All, method), &mut out, ""),
        "no-l" => run(&mut sys, opts(false, Scope::All, method), &mut out, ""),
        "footprints" => run(
            &mut sys,
            opts(false, Scope::Footprints, method),
            &mut out,
            "",
        ),
        "accuracy" => {
            let mut other = sys.clone();
            run(
                &mut sys,
                opts(false, Scope::Footprints, Method::Iterative),
                &mut out,
                "iterative_",
            );
            run(
                &mut other,
                opts(false, Scope::Footprints, Method::Lu),
                &mut out,
                "lu_",
            );
            out["max_rel_diff"] = max_rel(
                &sys,
                &other,
                &["M", "D_cba", "D_pba", "D_cba_reg", "D_pba_reg"],
            )
            .into();
        }
        other => fail(&format!("unknown mode {other}")),
    }
    println!("{out}");
}
