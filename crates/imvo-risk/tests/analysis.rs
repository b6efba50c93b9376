//! The analysis on a small labelled system against a direct computation with the inverse.
#![allow(clippy::needless_range_loop)] // index loops mirror the formulas they check

mod common;

use common::{MRIO_SECTORS, REGIONS, inputs, small};
use faer::Mat;
use faer::linalg::solvers::DenseSolveCore;
use imvo_risk::{DenseLu, Options, analyse};

#[test]
fn embodied_risk_equals_intensity_times_inverse_times_group_demand() {
    let sys = small(&REGIONS, &MRIO_SECTORS, 11, 0.5);
    let view = sys.view();
    let inp = inputs();
    let lu = DenseLu::factor(sys.a.as_ref()).unwrap();
    let opts = Options {
        spa_themes: usize::MAX,
        ..Options::default()
    };
    let (an, arrays) = analyse(&inp, &view, &lu, &opts).unwrap();
    let n = sys.x.len();
    // explicit L
    let mut ima = Mat::<f64>::identity(n, n);
    for j in 0..n {
        for i in 0..n {
            ima[(i, j)] -= sys.a[(i, j)];
        }
    }
    let l = ima.partial_piv_lu().inverse();
    let groups = [0usize, 0, 1, 2]; // cotton, garments → textiel; ore → metaal; services → overig
    let sev = [1.0, 0.8, 0.5];
    let like = |t: usize, i: usize| -> f64 {
        let (r, s) = (i / 4, i % 4);
        match (t, REGIONS[r], MRIO_SECTORS[s]) {
            (0, "BD", "garments") => 0.95,
            (0, "BD", _) => 0.8,
            (0, _, _) => 0.1,
            (1, "CN", _) => 0.9,
            (1, _, _) => 0.3,
            (2, "CN", "ore") => 0.7,
            _ => 0.2,
        }
    };
    let expo = |t: usize, i: usize| {
        if t == 0 {
            sys.labour[i] / sys.x[i]
        } else {
            1.0
        }
    };
    let mut total_fd = 0.0;
    let mut fd = [0.0; 3];
    for i in 0..n {
        fd[groups[i % 4]] += sys.y[(i, 0)];
        total_fd += sys.y[(i, 0)];
    }
    for t in 0..3 {
        let mut tot = 0.0;
        let mut per = [0.0; 3];
        for g in 0..3 {
            let mut e = 0.0;
            for i in 0..n {
                for j in 0..n {
                    if groups[j % 4] == g {
                        e += expo(t, i) * like(t, i) * sev[t] * l[(i, j)] * sys.y[(j, 0)];
                    }
                }
            }
            per[g] = e;
            tot += e;
            let got = an.sectors[g].cells[t].embodied;
            assert!(((got - e) / e).abs() < 1e-12, "t {t} g {g}: {got} vs {e}");
            assert!((arrays.embodied[(t, g)] - got).abs() == 0.0);
        }
        for g in 0..3 {
            let ratio = (per[g] / fd[g]) / (tot / total_fd);
            assert!((an.sectors[g].cells[t].ratio - ratio).abs() < 1e-12);
        }
        // hotspots sum to at most the total and are sorted
        let hs = &an.sectors[0].cells[t].hotspots;
        let share: f64 = hs.iter().map(|h| h.share).sum();
        assert!(share <= 1.0 + 1e-12);
        assert!(hs.windows(2).all(|w| w[0].value >= w[1].value));
    }
    // every searched path set adds up
    for s in &an.sectors {
        for c in &s.cells {
            let p = c.paths.as_ref().expect("all themes searched by default");
            assert!(((p.accounted - c.embodied) / c.embodied).abs() < 1e-9);
        }
    }
    // ranking is a permutation sorted by score, the catch-all never flagged
    let mut r = an.ranking.clone();
    r.sort();
    assert_eq!(r, vec![0, 1, 2]);
    assert!(
        an.ranking
            .windows(2)
            .all(|w| an.sectors[w[0]].score >= an.sectors[w[1]].score)
    );
    assert!(!an.sectors[2].elevated);
    assert!(an.synthetic);
}

#[test]
fn analysis_json_reads_back_as_written_and_a_damaged_file_is_named() {
    let sys = small(&REGIONS, &MRIO_SECTORS, 5, 0.5);
    let view = sys.view();
    let lu = DenseLu::factor(sys.a.as_ref()).unwrap();
    let (an, _) = analyse(&inputs(), &view, &lu, &Options::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let staging = imvo_risk::output::Staging::new(&dir.path().join("out")).unwrap();
    imvo_risk::output::write_tables(&an, &staging).unwrap();
    let out = staging.commit().unwrap();
    let path = out.join("analysis.json");
    let back = imvo_risk::Analysis::read_json(&path).unwrap();
    assert_eq!(
        serde_json::to_value(&back).unwrap(),
        serde_json::to_value(&an).unwrap(),
        "every field survives the round trip"
    );

    // Cut short: the error names the file and the place.
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, &text[..text.len() / 2]).unwrap();
    let err = imvo_risk::Analysis::read_json(&path)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("analysis.json") && err.contains("line "),
        "{err}"
    );

    // Well-formed JSON whose ranking names a sector twice.
    let mut v = serde_json::to_value(&an).unwrap();
    v["ranking"][1] = v["ranking"][0].clone();
    std::fs::write(&path, v.to_string()).unwrap();
    let err = imvo_risk::Analysis::read_json(&path)
        .unwrap_err()
        .to_string();
    assert!(err.contains("ranking"), "{err}");
}

#[test]
fn the_flag_rule_explains_itself_in_both_languages() {
    let sys = small(&REGIONS, &MRIO_SECTORS, 5, 0.5);
    let view = sys.view();
    let lu = DenseLu::factor(sys.a.as_ref()).unwrap();
    let (an, _) = analyse(&inputs(), &view, &lu, &Options::default()).unwrap();
    for s in &an.sectors {
        let verdict = an.options.flag.judge(s);
        assert_eq!(verdict.elevated(), s.elevated);
        assert_eq!(verdict.text(imvo_risk::Lang::En), s.flag_reason);
    }
    use imvo_risk::analysis::Verdict;
    let below = Verdict::Below {
        score: 1.234,
        min: 1.25,
        above: 1,
        ratio: 1.5,
        needed: 3,
    };
    assert_eq!(
        below.text(imvo_risk::Lang::Nl),
        "score 1,23 < 1,25 en 1 thema met verhouding ≥ 1,50 (< 3)"
    );
    assert_eq!(
        below.text(imvo_risk::Lang::En),
        "score 1.23 < 1.25 and 1 theme with ratio ≥ 1.50 (< 3)"
    );
    assert_eq!(
        Verdict::Excluded.text(imvo_risk::Lang::Nl),
        "uitgezonderd door de regel (restgroep)"
    );
}
