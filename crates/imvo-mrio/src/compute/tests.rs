//! Unit tests of the computation on hand-made systems: agreement between solver paths, the
//! formulas on a system small enough to check by hand, and the typed errors.

use faer::Mat;

use super::*;
use crate::progress::NoProgress;
use crate::system::{Extension, Index, IoSystem, Labelled};

fn labels(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{prefix}{i}")).collect()
}

/// A deterministic system with `r` regions, `s` sectors, 2 categories and one extension of
/// `k` stressors; `density` of Z non-zero; column sums of A about `share`.
fn system(r: usize, s: usize, k: usize, density: f64, share: f64) -> IoSystem {
    let regions = labels("r", r);
    let sectors = labels("s", s);
    let ind = Index::product("region", &regions, "sector", &sectors);
    let fd = Index::product("region", &regions, "category", &labels("c", 2));
    let n = r * s;
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut rand = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let x: Vec<f64> = (0..n).map(|_| 100.0 + 900.0 * rand()).collect();
    let mut z = Mat::<f64>::zeros(n, n);
    for j in 0..n {
        let mut col = vec![0.0; n];
        let mut sum = 0.0;
        for (i, c) in col.iter_mut().enumerate() {
            if i == j || rand() < density {
                *c = rand();
                sum += *c;
            }
        }
        for (i, c) in col.iter().enumerate() {
            z[(i, j)] = c / sum * share * x[j];
        }
    }
    // Y so that x = Z·1 + Y·1 holds with positive final demand split over the categories.
    let zrow = kernels::row_sums(z.as_ref());
    let mut y = Mat::<f64>::zeros(n, 2 * r);
    for i in 0..n {
        let rest = (x[i] - zrow[i]).max(1.0);
        let mut w: Vec<f64> = (0..2 * r).map(|_| rand()).collect();
        let t: f64 = w.iter().sum();
        for (c, wc) in w.iter_mut().enumerate() {
            y[(i, c)] = *wc / t * rest;
        }
    }
    let f = Mat::from_fn(k, n, |_, _| 10.0 * rand());
    let fy = Mat::from_fn(k, 2 * r, |_, _| rand());
    let st = Index::single("stressor", labels("q", k));
    let mut ext = Extension::new(
        "air",
        "Air",
        Labelled::new(st.clone(), ind.clone(), f).unwrap(),
    );
    ext.f_y = Some(Labelled::new(st, fd.clone(), fy).unwrap());
    IoSystem {
        z: Some(Labelled::new(ind.clone(), ind.clone(), z).unwrap()),
        y: Some(Labelled::new(ind, fd, y).unwrap()),
        population: Some(
            Labelled::new(
                Index::single("", vec!["Population".into()]),
                Index::single("", regions),
                Mat::from_fn(1, r, |_, j| 1e6 * (j + 1) as f64),
            )
            .unwrap(),
        ),
        extensions: vec![ext],
        ..IoSystem::default()
    }
}

fn max_rel(a: &Labelled, b: &Labelled) -> f64 {
    let (a, b) = (a.data(), b.data());
    assert_eq!((a.nrows(), a.ncols()), (b.nrows(), b.ncols()));
    let scale = (0..a.ncols())
        .flat_map(|j| (0..a.nrows()).map(move |i| (i, j)))
        .fold(0.0f64, |m, (i, j)| m.max(a[(i, j)].abs()));
    let mut worst = 0.0f64;
    for j in 0..a.ncols() {
        for i in 0..a.nrows() {
            let d = (a[(i, j)] - b[(i, j)]).abs();
            worst = worst.max(d / scale.max(f64::MIN_POSITIVE));
        }
    }
    worst
}

fn run(sys: &IoSystem, opts: CalcOptions) -> (IoSystem, CalcReport) {
    let mut s = sys.clone();
    let r = calc_all(&mut s, &opts, &NoProgress).expect("calc_all");
    (s, r)
}

#[test]
fn solver_paths_agree_on_a_sparse_system() {
    let sys = system(6, 200, 3, 0.1, 0.6);
    let (full, rep) = run(&sys, CalcOptions::default());
    assert!(matches!(rep.solver, SolverUsed::Lu { inverse: true, .. }));
    let (lu, _) = run(
        &sys,
        CalcOptions {
            with_l: false,
            method: Method::Lu,
            ..CalcOptions::default()
        },
    );
    let (it, rep) = run(
        &sys,
        CalcOptions {
            with_l: false,
            method: Method::Iterative,
            ..CalcOptions::default()
        },
    );
    let SolverUsed::Iterative { error_bound, .. } = rep.solver else {
        panic!("expected the iteration, got {:?}", rep.solver);
    };
    assert!(error_bound <= 1e-13, "bound {error_bound}");
    let (fp, rep) = run(
        &sys,
        CalcOptions {
            with_l: false,
            scope: Scope::Footprints,
            ..CalcOptions::default()
        },
    );
    // Auto picks the iteration for footprints of a sparse system of order 1,200.
    assert!(
        matches!(rep.solver, SolverUsed::Iterative { .. }),
        "{rep:?}"
    );
    assert!(fp.a.is_none() && fp.extensions[0].d_imp.is_none());
    assert!(lu.l.is_none() && it.l.is_none());
    let e = |s: &IoSystem, name: &str| s.extensions[0].array(name).cloned().unwrap();
    for name in [
        "M",
        "D_cba",
        "D_pba",
        "D_imp",
        "D_exp",
        "D_cba_reg",
        "D_imp_cap",
    ] {
        assert!(max_rel(&e(&full, name), &e(&lu, name)) < 1e-12, "{name} LU");
        assert!(
            max_rel(&e(&full, name), &e(&it, name)) < 1e-11,
            "{name} iterative"
        );
    }
    for name in ["M", "D_cba", "D_pba", "D_cba_reg", "D_pba_cap"] {
        assert!(
            max_rel(&e(&full, name), &e(&fp, name)) < 1e-11,
            "{name} footprints"
        );
    }
}

#[test]
fn accounts_balance_as_the_model_says() {
    let sys = system(3, 4, 2, 0.5, 0.5);
    let (s, _) = run(&sys, CalcOptions::default());
    let ext = &s.extensions[0];
    let f = ext.f.as_ref().unwrap().data();
    let fy = ext.f_y.as_ref().unwrap().data();
    let cba = ext.d_cba_reg.as_ref().unwrap().data();
    let pba = ext.d_pba_reg.as_ref().unwrap().data();
    let imp = ext.d_imp_reg.as_ref().unwrap().data();
    let exp = ext.d_exp_reg.as_ref().unwrap().data();
    for q in 0..f.nrows() {
        // All stressors are attributed to some region's consumption and production.
        let total: f64 = (0..f.ncols()).map(|j| f[(q, j)]).sum::<f64>()
            + (0..fy.ncols()).map(|j| fy[(q, j)]).sum::<f64>();
        let c: f64 = (0..3).map(|r| cba[(q, r)]).sum();
        let p: f64 = (0..3).map(|r| pba[(q, r)]).sum();
        assert!((c - total).abs() <= 1e-10 * total, "cba {c} vs {total}");
        assert!((p - total).abs() <= 1e-10 * total, "pba {p} vs {total}");
        // cba − pba = imp − exp per region (the trade balance of embodied stressors).
        for r in 0..3 {
            let lhs = cba[(q, r)] - pba[(q, r)];
            let rhs = imp[(q, r)] - exp[(q, r)];
            assert!(
                (lhs - rhs).abs() <= 1e-9 * total,
                "region {r}: {lhs} vs {rhs}"
            );
        }
    }
    let cap = ext.d_cba_cap.as_ref().unwrap().data();
    assert!((cap[(0, 1)] * 2e6 - cba[(0, 1)]).abs() <= 1e-12 * cba[(0, 1)]);
}

#[test]
fn zero_output_industry_keeps_zero_columns() {
    let mut sys = system(2, 3, 1, 1.0, 0.4);
    let z = sys.z.as_mut().unwrap();
    let mut d = z.data_mut();
    for k in 0..6 {
        d[(k, 4)] = 0.0;
        d[(4, k)] = 0.0;
    }
    let y = sys.y.as_mut().unwrap();
    let mut d = y.data_mut();
    for c in 0..4 {
        d[(4, c)] = 0.0;
    }
    let (s, _) = run(&sys, CalcOptions::default());
    let a = s.a.as_ref().unwrap().data();
    assert!((0..6).all(|i| a[(i, 4)] == 0.0));
    let m = s.extensions[0].m.as_ref().unwrap().data();
    assert!((0..m.ncols()).all(|j| m[(0, j)].is_finite()));
}

fn single(n: usize, a: impl Fn(usize, usize) -> f64) -> IoSystem {
    let ind = Index::product("region", &["r".to_string()], "sector", &labels("s", n));
    let fd = Index::product("region", &["r".to_string()], "category", &["c".to_string()]);
    IoSystem {
        a: Some(Labelled::new(ind.clone(), ind.clone(), Mat::from_fn(n, n, a)).unwrap()),
        y: Some(Labelled::new(ind, fd, Mat::from_fn(n, 1, |_, _| 1.0)).unwrap()),
        ..IoSystem::default()
    }
}

#[test]
fn non_productive_and_singular_systems_are_errors() {
    // Every column sums to 1.2: no non-negative output can meet demand.
    let mut sys = single(4, |_, _| 0.3);
    let e = calc_all(&mut sys, &CalcOptions::default(), &NoProgress).unwrap_err();
    assert!(matches!(e, ComputeError::NonProductive { .. }), "{e}");
    // Column sums exactly 1: I − A is singular.
    let mut sys = single(4, |_, _| 0.25);
    let e = calc_all(&mut sys, &CalcOptions::default(), &NoProgress).unwrap_err();
    assert!(
        matches!(
            e,
            ComputeError::NonProductive { .. } | ComputeError::Singular { .. }
        ),
        "{e}"
    );
    // Some column sums above 1, others below, spectral radius above 1.
    let mut sys = single(3, |i, j| if i == j { 0.2 } else { 0.9 });
    let e = calc_all(&mut sys, &CalcOptions::default(), &NoProgress).unwrap_err();
    assert!(matches!(e, ComputeError::NonProductive { .. }), "{e}");
    // A singular I − A with mixed signs: two identical rows of I − A.
    let ia = [[1.0, -0.5, -0.2], [1.0, -0.5, -0.2], [-0.1, -0.1, 0.9]];
    let mut sys = single(3, |i, j| if i == j { 1.0 } else { 0.0 } - ia[i][j]);
    let e = calc_all(&mut sys, &CalcOptions::default(), &NoProgress).unwrap_err();
    assert!(
        matches!(
            e,
            ComputeError::Singular { .. } | ComputeError::Inaccurate { .. }
        ),
        "{e}"
    );
    // NaN in A.
    let mut sys = single(3, |i, j| if i == 1 && j == 2 { f64::NAN } else { 0.1 });
    let e = calc_all(&mut sys, &CalcOptions::default(), &NoProgress).unwrap_err();
    assert!(
        matches!(e, ComputeError::NonFinite { row: 1, col: 2, .. }),
        "{e}"
    );
}

#[test]
fn iteration_refuses_without_a_bound_and_falls_back() {
    // α ≥ 1 in one column but productive: the iteration has no bound, the LU takes over.
    let sys = single(3, |i, j| match (i, j) {
        (0, 0) => 0.1,
        (1, 0) => 0.6,
        (2, 0) => 0.5,
        _ => 0.05,
    });
    let mut s = sys.clone();
    let ind = s.industries().unwrap().clone();
    s.extensions.push(Extension::new(
        "air",
        "Air",
        Labelled::new(
            Index::single("stressor", vec!["CO2".into()]),
            ind,
            Mat::from_fn(1, 3, |_, j| 1.0 + j as f64),
        )
        .unwrap(),
    ));
    let r = calc_all(
        &mut s,
        &CalcOptions {
            with_l: false,
            method: Method::Iterative,
            ..CalcOptions::default()
        },
        &NoProgress,
    )
    .unwrap();
    assert!(matches!(r.solver, SolverUsed::Lu { .. }), "{r:?}");
    let x = s.x.as_ref().unwrap().data();
    assert!((0..3).all(|i| x[(i, 0)] > 1.0));
}
