//! Benchmark driver for `scripts/bench-risk.sh` (not a test): `export DIR` writes the synthetic
//! EXIOBASE-sized system with the risk extension in pymrio's format; `run DIR OUT.json` reads it,
//! runs the whole analysis (every theme, every sector, hotspots, paths) and writes the embodied
//! risks, printing the time of each step.

use std::time::Instant;

use imvo_mrio::NoProgress;
use imvo_mrio::generate::{GenerateSpec, generate};
use imvo_risk::analysis::{Options, analyse_resolved};
use imvo_risk::engine::{self, Core, Engine, Method};
use imvo_risk::{InputPaths, RiskInputs};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let inputs = RiskInputs::load(&InputPaths::default())?;
    match args.get(1).map(String::as_str) {
        Some("export") => {
            let mut sys = generate(&GenerateSpec {
                regions: 49,
                sectors: 163,
                stressors: 20,
                seed: 1,
                exiobase: true,
            })?;
            let core = Core::new(&sys)?;
            let view = engine::view(&sys, &core)?;
            let setup = imvo_risk::setup::resolve(&inputs, &view, "NL")?;
            let ext = engine::risk_extension(&inputs, &setup, &sys, &core)?;
            drop(view);
            sys.extensions = vec![ext];
            imvo_mrio::write_pymrio(&sys, std::path::Path::new(&args[2]), &NoProgress)?;
        }
        Some("run") => {
            let t0 = Instant::now();
            let sys = imvo_mrio::read_pymrio(std::path::Path::new(&args[2]), &NoProgress)?;
            let t_read = t0.elapsed().as_secs_f64();
            let t = Instant::now();
            let core = Core::new(&sys)?;
            let view = engine::view(&sys, &core)?;
            let setup = imvo_risk::setup::resolve(&inputs, &view, "NL")?;
            let t_prep = t.elapsed().as_secs_f64();
            let t = Instant::now();
            let nrhs = inputs.sectors.rows.len() + inputs.themes.rows.len();
            let method = match args.get(4).map(String::as_str) {
                Some("lu") => Method::Lu,
                Some("iterative") => Method::Iterative,
                _ => Method::Auto,
            };
            let op = engine::operator(view.a, nrhs, method)?;
            let t_solver = t.elapsed().as_secs_f64();
            let t = Instant::now();
            let solver = Engine(op.as_ref());
            let (an, _) = analyse_resolved(&inputs, &view, &setup, &solver, &Options::default())?;
            let t_an = t.elapsed().as_secs_f64();
            let total = t0.elapsed().as_secs_f64();
            println!(
                "read {t_read:.2} prepare {t_prep:.2} solver {t_solver:.2} analysis {t_an:.2} total {total:.2}"
            );
            let g = an.ranking[0];
            let s = &an.sectors[g];
            let th = s.main_themes()[0];
            let p = s.cells[th].paths.as_ref().expect("paths searched");
            println!(
                "paths {} {} {} {:.4} {:.4} {:.4} {:.4} {}",
                s.sector.id,
                an.themes[th].id,
                p.paths.len(),
                p.listed_share,
                p.unlisted / s.cells[th].embodied,
                p.unexplored / s.cells[th].embodied,
                p.pruned / s.cells[th].embodied,
                p.complete
            );
            for &g in &an.ranking {
                let s = &an.sectors[g];
                println!(
                    "rank {} {} {:.3} {}",
                    s.rank, s.sector.id, s.score, s.elevated
                );
            }
            let out: Vec<(String, String, f64)> = an
                .sectors
                .iter()
                .flat_map(|s| {
                    s.cells
                        .iter()
                        .map(|c| (s.sector.id.clone(), c.theme.clone(), c.embodied))
                })
                .collect();
            std::fs::write(&args[3], serde_json::to_string(&out)?)?;
        }
        _ => eprintln!("usage: bench_risk export DIR | run DIR OUT.json"),
    }
    Ok(())
}
