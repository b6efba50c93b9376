//! Structural path analysis: paths + remainder add up to the footprint; on a small system the
//! top paths equal a brute-force enumeration.

mod common;

use common::{Lcg, small};
use faer::Mat;
use imvo_risk::spa::{RawPath, SpaOptions, SparseColumns, search};
use imvo_risk::{DenseLu, LeontiefSolver};

fn multipliers(a: &Mat<f64>, s: &[f64]) -> Vec<f64> {
    let lu = DenseLu::factor(a.as_ref()).unwrap();
    let mut m = Mat::<f64>::from_fn(s.len(), 1, |i, _| s[i]);
    lu.solve_transpose(m.as_mut()).unwrap();
    (0..s.len()).map(|i| m[(i, 0)]).collect()
}

fn footprint(a: &Mat<f64>, s: &[f64], y: &[f64]) -> f64 {
    let lu = DenseLu::factor(a.as_ref()).unwrap();
    let mut x = Mat::<f64>::from_fn(y.len(), 1, |i, _| y[i]);
    lu.solve(x.as_mut()).unwrap();
    (0..y.len()).map(|i| s[i] * x[(i, 0)]).sum()
}

/// Every path up to `depth` edges, origin first, with its value.
fn brute_force(a: &Mat<f64>, s: &[f64], y: &[f64], depth: usize) -> Vec<RawPath> {
    let n = y.len();
    let mut out = Vec::new();
    // stack of (path from product bought to current, flow)
    let mut stack: Vec<(Vec<usize>, f64)> = (0..n)
        .filter(|&i| y[i] != 0.0)
        .map(|i| (vec![i], y[i]))
        .collect();
    while let Some((path, w)) = stack.pop() {
        let i = *path.last().unwrap();
        let mut nodes = path.clone();
        nodes.reverse();
        out.push(RawPath {
            nodes,
            value: s[i] * w,
        });
        if path.len() <= depth {
            for j in 0..n {
                if a[(j, i)] != 0.0 {
                    let mut p = path.clone();
                    p.push(j);
                    stack.push((p, a[(j, i)] * w));
                }
            }
        }
    }
    out
}

#[test]
fn top_paths_equal_brute_force_enumeration() {
    for seed in [1u64, 7, 42] {
        let sys = small(&["A", "B"], &["p", "q"], seed, 0.8);
        let n = 4;
        let mut rng = Lcg(seed + 100);
        let s: Vec<f64> = (0..n).map(|_| rng.next()).collect();
        let y: Vec<f64> = (0..n).map(|i| sys.y[(i, 0)]).collect();
        let m = multipliers(&sys.a, &s);
        let f = footprint(&sys.a, &s, &y);
        let opts = SpaOptions {
            top_paths: 12,
            min_share: 0.002,
            max_expansions: 1_000_000,
        };
        let r = search(
            &SparseColumns::from_dense(sys.a.as_ref()),
            &y,
            &s,
            &m,
            f,
            &opts,
        );
        assert!(r.complete);
        // Paths longer than the enumeration depth are worth at most max_col_sum^(depth+1) of
        // the footprint bound; check they cannot reach the threshold.
        let depth = 8;
        let max_col: f64 = (0..n)
            .map(|j| (0..n).map(|i| sys.a[(i, j)]).sum::<f64>())
            .fold(0.0, f64::max);
        let smax = s.iter().cloned().fold(0.0, f64::max);
        let ysum: f64 = y.iter().sum();
        assert!(smax * ysum * max_col.powi(depth as i32 + 1) < 0.002 * f);
        let mut all = brute_force(&sys.a, &s, &y, depth);
        all.retain(|p| p.value >= 0.002 * f);
        all.sort_by(|a, b| b.value.total_cmp(&a.value));
        all.truncate(12);
        assert_eq!(r.paths.len(), all.len(), "seed {seed}");
        for (got, want) in r.paths.iter().zip(&all) {
            assert_eq!(got.nodes, want.nodes, "seed {seed}");
            assert!((got.value - want.value).abs() <= 1e-12 * f);
        }
    }
}

#[test]
fn paths_and_remainder_add_up_to_the_footprint() {
    let regions = ["R1", "R2", "R3", "R4", "R5"];
    let sectors = ["a", "b", "c", "d", "e", "f", "g", "h"];
    let sys = small(&regions, &sectors, 3, 0.3);
    let n = sys.x.len();
    let mut rng = Lcg(9);
    let s: Vec<f64> = (0..n).map(|_| rng.next()).collect();
    let y: Vec<f64> = (0..n).map(|i| sys.y[(i, 2)]).collect();
    let m = multipliers(&sys.a, &s);
    let f = footprint(&sys.a, &s, &y);
    for (budget, share) in [(5usize, 0.01), (100, 0.001), (1_000_000, 0.0001)] {
        let opts = SpaOptions {
            top_paths: 10,
            min_share: share,
            max_expansions: budget,
        };
        let r = search(
            &SparseColumns::from_dense(sys.a.as_ref()),
            &y,
            &s,
            &m,
            f,
            &opts,
        );
        let sum = r.listed + r.remainder();
        assert!(
            ((sum - f) / f).abs() < 1e-9,
            "budget {budget}: {sum} vs {f}"
        );
        assert!(r.listed > 0.0 && r.listed <= f);
        assert!(r.unexplored >= -1e-12 * f && r.pruned >= 0.0 && r.unlisted >= 0.0);
        if budget == 5 {
            assert!(!r.complete);
        }
        // listed paths are sorted and each is a real path value
        for w in r.paths.windows(2) {
            assert!(w[0].value >= w[1].value);
        }
        for p in &r.paths {
            let mut w = y[*p.nodes.last().unwrap()];
            for k in (1..p.nodes.len()).rev() {
                w *= sys.a[(p.nodes[k - 1], p.nodes[k])];
            }
            assert!((w * s[p.nodes[0]] - p.value).abs() <= 1e-12 * f);
        }
    }
}
