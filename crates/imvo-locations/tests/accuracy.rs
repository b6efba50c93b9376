//! Accuracy of the batch matcher on generated lists with a known truth (see
//! `common/generate.rs` for the noise and the hard negatives). The goals are pairwise
//! precision ≥ 0.995 and recall ≥ 0.95; the measured values are printed.

mod common;

use std::collections::HashMap;

use common::generate::generate;
use imvo_locations::batch::{BatchConfig, match_lists_with};
use imvo_locations::id::{IdDate, LocationId};

fn measure(seed: u64, factories: usize, companies: usize) -> (f64, f64) {
    let g = generate(seed, factories, companies);
    let config = BatchConfig::on(IdDate::new(2024, 100).unwrap());
    let assignments = match_lists_with(&g.lists, &config);
    let rows: usize = g.lists.iter().map(|l| l.rows.len()).sum();
    assert_eq!(assignments.len(), rows, "one assignment per row");
    for a in &assignments {
        assert_eq!(LocationId::parse(a.location_id.as_str()), Ok(a.location_id));
    }
    let predicted: HashMap<(String, usize), String> = assignments
        .into_iter()
        .map(|a| ((a.company, a.row), a.location_id.to_string()))
        .collect();
    let (precision, recall) = common::pairwise(&g.truth, &predicted);
    eprintln!(
        "seed {seed}: {rows} rows, {factories} factories: precision {precision:.4}, recall {recall:.4}"
    );
    (precision, recall)
}

#[test]
fn precision_and_recall_reach_the_goals() {
    for seed in [1, 2] {
        let (precision, recall) = measure(seed, 2000, 80);
        assert!(
            precision >= 0.995,
            "seed {seed}: precision {precision:.4} < 0.995"
        );
        assert!(recall >= 0.95, "seed {seed}: recall {recall:.4} < 0.95");
    }
}
