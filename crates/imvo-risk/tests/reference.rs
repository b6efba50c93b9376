//! Footprints equal pymrio's for the same risk extension, to 1e-9 relative.
#![allow(clippy::needless_range_loop)] // index loops mirror the formulas they check
//!
//! Needs Python with pymrio: the interpreter in `IMVO_PYTHON`. Without it the test prints a
//! note and passes, unless `IMVO_REQUIRE_REFERENCE=1` (CI), where it fails.

mod common;

use std::process::Command;

use common::{MRIO_SECTORS, REGIONS, inputs, small};
use imvo_risk::{DenseLu, Options, analyse};

const SCRIPT: &str = r#"
import json, sys
import numpy as np, pandas as pd, pymrio
d = json.load(open(sys.argv[1]))
idx = pd.MultiIndex.from_tuples([tuple(t) for t in d["industries"]], names=["region", "sector"])
cols = pd.MultiIndex.from_tuples([(r, "fd") for r in d["regions"]], names=["region", "category"])
Z = pd.DataFrame(np.array(d["Z"]), index=idx, columns=idx)
Y = pd.DataFrame(np.array(d["Y"]), index=idx, columns=cols)
F = pd.DataFrame(np.array(d["F"]), index=pd.Index(d["themes"], name="stressor"), columns=idx)
io = pymrio.IOSystem(Z=Z, Y=Y, name="risk-test")
io.risk = pymrio.Extension(name="risk", F=F)
io.calc_all()
D = io.risk.D_cba.xs(d["focus"], axis=1, level="region")
out = {"D_cba_focus": {t: {s: float(D.loc[t, s]) for s in D.columns} for t in D.index},
       "M": io.risk.M.values.tolist()}
json.dump(out, open(sys.argv[2], "w"))
"#;

fn python() -> Option<String> {
    match std::env::var("IMVO_PYTHON") {
        Ok(p) if !p.is_empty() => Some(p),
        _ => {
            if std::env::var("IMVO_REQUIRE_REFERENCE").as_deref() == Ok("1") {
                panic!(
                    "IMVO_REQUIRE_REFERENCE=1 but IMVO_PYTHON is unset: the pymrio reference cannot run"
                );
            }
            eprintln!("note: IMVO_PYTHON unset, skipping the pymrio comparison");
            None
        }
    }
}

#[test]
fn footprints_equal_pymrio_d_cba() {
    let Some(py) = python() else { return };
    let sys = small(&REGIONS, &MRIO_SECTORS, 23, 0.6);
    let view = sys.view();
    let inp = inputs();
    let lu = DenseLu::factor(sys.a.as_ref()).unwrap();
    let (an, arrays) = analyse(&inp, &view, &lu, &Options::default()).unwrap();
    let setup = imvo_risk::setup::resolve(&inp, &view, "NL").unwrap();
    let n = sys.x.len();
    let k = inp.themes.rows.len();
    // The risk extension as pymrio takes it: F = S ⊙ x.
    let f: Vec<Vec<f64>> = (0..k)
        .map(|t| (0..n).map(|i| setup.intensity[(t, i)] * sys.x[i]).collect())
        .collect();
    let mat = |m: &faer::Mat<f64>| -> Vec<Vec<f64>> {
        (0..m.nrows())
            .map(|i| (0..m.ncols()).map(|j| m[(i, j)]).collect())
            .collect()
    };
    let industries: Vec<(String, String)> = (0..n)
        .map(|i| {
            let (r, s) = view.industry(i);
            (r.to_string(), s.to_string())
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.json");
    let output = dir.path().join("out.json");
    let themes: Vec<&str> = inp.themes.rows.iter().map(|t| t.id.as_str()).collect();
    std::fs::write(
        &input,
        serde_json::json!({
            "industries": industries, "regions": REGIONS, "themes": themes, "focus": "NL",
            "Z": mat(&sys.z), "Y": mat(&sys.y), "F": f,
        })
        .to_string(),
    )
    .unwrap();
    let script = dir.path().join("ref.py");
    std::fs::write(&script, SCRIPT).unwrap();
    let out = Command::new(&py)
        .arg(&script)
        .arg(&input)
        .arg(&output)
        .output()
        .expect("IMVO_PYTHON runs");
    assert!(
        out.status.success(),
        "pymrio failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&output).unwrap()).unwrap();
    let groups = [0usize, 0, 1, 2];
    for (t, theme) in themes.iter().enumerate() {
        let mut want = [0.0f64; 3];
        for (s, name) in MRIO_SECTORS.iter().enumerate() {
            want[groups[s]] += v["D_cba_focus"][theme][name].as_f64().unwrap();
        }
        for g in 0..3 {
            let got = an.sectors[g].cells[t].embodied;
            let rel = ((got - want[g]) / want[g]).abs();
            assert!(rel < 1e-9, "{theme} group {g}: {got} vs pymrio {}", want[g]);
        }
        for i in 0..n {
            let pm = v["M"][t][i].as_f64().unwrap();
            let got = arrays.multipliers_t[(i, t)];
            assert!(((got - pm) / pm).abs() < 1e-9, "M[{theme}, {i}]");
        }
    }
}
